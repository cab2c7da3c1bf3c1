package store

import (
	"reflect"
	"testing"
	"time"
)

// fill gives every field of v a value, and every slice two elements, all
// the way down, deterministically.
func fill(t *testing.T, v reflect.Value, path string) {
	t.Helper()
	switch v.Kind() {
	case reflect.String:
		v.SetString("s")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(7)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(t, v.Index(i), path+"[]")
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) {
			v.Set(reflect.ValueOf(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)))
			return
		}
		for i := range v.NumField() {
			fill(t, v.Field(i), path+"."+v.Type().Field(i).Name)
		}
	default:
		t.Fatalf("%s: a %s field: teach Member.Clone (and this test) to copy it", path, v.Kind())
	}
}

// scribble changes every element of every slice reachable from v.
func scribble(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		v.SetString("changed")
	case reflect.Bool:
		v.SetBool(false)
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(-1)
	case reflect.Slice:
		for i := range v.Len() {
			scribble(v.Index(i))
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) {
			v.Set(reflect.ValueOf(time.Time{}))
			return
		}
		for i := range v.NumField() {
			scribble(v.Field(i))
		}
	}
}

func TestMemberCloneSharesNothing(t *testing.T) {
	t.Parallel()
	var orig, want Member
	fill(t, reflect.ValueOf(&orig).Elem(), "Member")
	fill(t, reflect.ValueOf(&want).Elem(), "Member")
	c := orig.Clone()
	if !reflect.DeepEqual(c, orig) {
		t.Fatalf("clone differs from the original:\n%+v\n%+v", c, orig)
	}
	scribble(reflect.ValueOf(&c).Elem())
	if !reflect.DeepEqual(orig, want) {
		t.Errorf("changing the clone changed the original: a slice is shared\n%+v", orig)
	}
	var empty Member
	if got := empty.Clone(); !reflect.DeepEqual(got, empty) {
		t.Errorf("clone of an empty member = %+v, want nil slices kept nil", got)
	}
}
