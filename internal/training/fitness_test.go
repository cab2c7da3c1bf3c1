package training

import (
	"errors"
	"testing"
	"time"
)

// Cadence and balance records: stored, the latest read back, each capped
// per 24 hours with nothing saved past the cap.
func TestCadenceRecords(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(t *testing.T, e *env) {
		if _, ok, err := e.s.LatestCadence(e.ctx, ann); err != nil || ok {
			t.Errorf("latest cadence with none: %v, %v", ok, err)
		}
		for i := 0; i < MaxCadencePerDay; i++ {
			if err := e.s.RecordCadence(e.ctx, ann, t0.Add(time.Duration(i)*time.Minute), 160+i); err != nil {
				t.Fatal(err)
			}
		}
		c, ok, err := e.s.LatestCadence(e.ctx, ann)
		if err != nil || !ok || c.SPM != 160+MaxCadencePerDay-1 || !c.At.Equal(t0.Add(time.Duration(MaxCadencePerDay-1)*time.Minute)) {
			t.Errorf("latest cadence: %+v, %v, %v", c, ok, err)
		}
		err = e.s.RecordCadence(e.ctx, ann, t0.Add(time.Hour), 170)
		var ce *CapError
		if !errors.As(err, &ce) || ce.N != MaxCadencePerDay || ce.What != "cadence records" {
			t.Fatalf("cadence past the cap: %v", err)
		}
		if c, _, _ := e.s.LatestCadence(e.ctx, ann); c.SPM == 170 {
			t.Error("the capped record was saved")
		}
		// A day after the first, the window has room again.
		if err := e.s.RecordCadence(e.ctx, ann, t0.Add(CapWindow), 171); err != nil {
			t.Errorf("cadence after the window: %v", err)
		}
	})
}

func TestBalanceRecords(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(t *testing.T, e *env) {
		for i := 0; i < MaxBalancesPerDay; i++ {
			if err := e.s.RecordBalance(e.ctx, ann, t0.Add(time.Duration(i)*time.Minute), 20+i, "left"); err != nil {
				t.Fatal(err)
			}
		}
		err := e.s.RecordBalance(e.ctx, ann, t0.Add(time.Hour), 45, "right")
		var ce *CapError
		if !errors.As(err, &ce) || ce.N != MaxBalancesPerDay || ce.What != "balance tests" {
			t.Fatalf("balance past the cap: %v", err)
		}
		bs, err := e.st.Balances(e.ctx, ann, 100)
		if err != nil || len(bs) != MaxBalancesPerDay || bs[0].Side != "left" {
			t.Errorf("balance records: %d, %v", len(bs), err)
		}
		if err := e.s.RecordBalance(e.ctx, ann, t0.Add(CapWindow), 45, ""); err != nil {
			t.Errorf("balance after the window: %v", err)
		}
	})
}
