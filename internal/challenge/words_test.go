package challenge

import (
	"testing"

	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/web"
)

func TestPublicName(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		m    store.Member
		want string
	}{
		{store.Member{Name: "Samantha Jones"}, "Samantha J."},
		{store.Member{Name: "  maría josé  pérez "}, "maría P."},
		{store.Member{Name: "Kim"}, "Kim"},
		{store.Member{Name: "Sam 🏃"}, "Sam"},
		{store.Member{Name: "مريم علي"}, "مريم ع."},
		{store.Member{Name: "@sam_runs"}, web.HiddenName},
		{store.Member{Name: ""}, web.HiddenName},
		{store.Member{Name: "Samantha Jones", HidePublic: true}, web.HiddenName},
		{store.Member{Name: "Bartholomew-Maximilian-Alexander Jones"}, "Bartholomew-Maximili… J."},
	} {
		if got := PublicName(tc.m); got != tc.want {
			t.Errorf("PublicName(%q, hide=%v) = %q, want %q", tc.m.Name, tc.m.HidePublic, got, tc.want)
		}
	}
}
