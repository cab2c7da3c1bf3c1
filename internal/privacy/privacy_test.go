package privacy

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clubcoach/clubcoach/internal/challenge"
	"github.com/clubcoach/clubcoach/internal/ids"
	"github.com/clubcoach/clubcoach/internal/store"
	"github.com/clubcoach/clubcoach/internal/store/teststores"
)

const (
	clubA ids.ClubID   = "telegram:-500"
	clubB ids.ClubID   = "telegram:-600"
	ann   ids.MemberID = "telegram:1"
	ben   ids.MemberID = "telegram:12" // ann's id is a prefix of his: he must survive her
	coach ids.MemberID = "telegram:9"
)

type env struct {
	t          *testing.T
	ctx        context.Context
	st         store.Store
	svc        *Service
	challenges *challenge.Service
	now        time.Time

	mu        sync.Mutex
	replans   []store.Member
	forgotten []ids.MemberID
}

func onEveryStore(t *testing.T, scenario func(t *testing.T, e *env)) {
	t.Helper()
	for _, b := range teststores.All() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			e := &env{t: t, ctx: context.Background(), now: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)}
			e.st = b.Open(t, func() time.Time { return e.now })
			log := slog.New(slog.DiscardHandler)
			e.challenges = challenge.New(e.st, log, func() time.Time { return e.now })
			e.svc = New(Deps{
				Store: e.st, Challenges: e.challenges, Log: log,
				Replan: func(_ context.Context, m store.Member) {
					e.mu.Lock()
					defer e.mu.Unlock()
					e.replans = append(e.replans, m)
				},
				Forgotten: []func(ids.MemberID){func(id ids.MemberID) {
					e.mu.Lock()
					defer e.mu.Unlock()
					e.forgotten = append(e.forgotten, id)
				}},
			})
			scenario(t, e)
		})
	}
}

func (e *env) must(err error) {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) member(id ids.MemberID) store.Member {
	e.t.Helper()
	m, err := e.st.Member(e.ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return store.Member{ID: id}
	}
	e.must(err)
	m.ID = id
	return m
}

// populate stores one of everything about id, in two clubs: settings, a
// challenge joined (its board entry and a run credited on it), a pain
// report, cadence and balance records, a kept message, a mark, a queued
// reminder and a report shared with a coach.
func (e *env) populate(id ids.MemberID, name string) {
	e.t.Helper()
	today := e.now.Format("2006-01-02")
	_, err := e.st.UpdateMember(e.ctx, id, func(m *store.Member) error {
		m.Name, m.Created, m.RemindAt, m.TZ = name, e.now, "07:00", "Europe/London"
		m.Clubs = []ids.ClubID{clubA, clubB}
		return nil
	})
	e.must(err)
	for _, cl := range []ids.ClubID{clubA, clubB} {
		_, err := e.st.UpdateClub(e.ctx, cl, func(c *store.Club) error {
			if !slices.Contains(c.Members, id) {
				c.Members = append(c.Members, id)
			}
			c.Coaches = []ids.MemberID{coach}
			return nil
		})
		e.must(err)
	}
	cl, err := e.st.Club(e.ctx, clubA)
	e.must(err)
	var ch store.Challenge
	if len(cl.Challenges) == 0 {
		ch, err = e.challenges.Create(e.ctx, clubA, store.Challenge{Name: "Winter Miles", GoalM: 100000, Start: today, End: "2026-12-31", Created: e.now, Creator: id}, today)
		e.must(err)
	} else {
		ch = cl.Challenges[0]
	}
	_, err = e.challenges.Join(e.ctx, clubA, ch, e.member(id), today)
	e.must(err)
	m := e.member(id)
	run, err := e.st.AddRun(e.ctx, id, store.Run{Date: today, Meters: 8200, Seconds: 2700})
	e.must(err)
	_, _, err = e.challenges.Credit(e.ctx, m, []string{challenge.BoardName(clubA, ch.ID)}, run.Meters, int64(run.Seconds))
	e.must(err)
	_, err = e.st.AddPain(e.ctx, id, store.Pain{At: e.now, Score: 3, Where: "knee", Level: "green"})
	e.must(err)
	e.must(e.st.AddCadence(e.ctx, id, store.Cadence{At: e.now, SPM: 170}))
	e.must(e.st.AddBalance(e.ctx, id, store.Balance{At: e.now, Seconds: 25, Side: "left"}))
	e.must(e.st.Keep(e.ctx, id, store.Kept{At: e.now, Text: "your reminder"}))
	_, err = e.st.Mark(e.ctx, string(id), "nudge|2026-11-25", time.Hour)
	e.must(err)
	e.must(e.st.Schedule(e.ctx, id.Platform(), "remind|"+string(id), e.now.Add(time.Hour)))
	_, err = e.st.AddShare(e.ctx, store.Share{Club: clubB, Member: id, Name: name, Report: "p1", ReportAt: e.now,
		Score: 7, Where: "knee", To: []ids.MemberID{coach}, At: e.now})
	e.must(err)
}

// TestExportReadable: /mydata's JSON keeps the stored field names, names
// challenges instead of keys, and leaves out board bookkeeping and
// never-set times; the counts are what is stored.
func TestExportReadable(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(t *testing.T, e *env) {
		e.populate(ann, "Ann")
		e.populate(ben, "Ben")
		d, err := e.svc.Export(e.ctx, e.member(ann))
		e.must(err)
		if d.Empty || d.Runs != 1 || d.Pains != 1 || d.Cadences != 1 || d.Balances != 1 {
			t.Fatalf("export = empty %v, %d runs, %d pains, %d cadences, %d balances; want one of each",
				d.Empty, d.Runs, d.Pains, d.Cadences, d.Balances)
		}
		var v struct {
			Member   map[string]any   `json:"member"`
			Runs     []map[string]any `json:"runs"`
			Pains    []map[string]any `json:"pains"`
			Cadences []map[string]any `json:"cadences"`
			Balances []map[string]any `json:"balances"`
			Kept     []map[string]any `json:"kept"`
		}
		if err := json.Unmarshal(d.JSON, &v); err != nil {
			t.Fatalf("export is not JSON: %v\n%s", err, d.JSON)
		}
		if v.Member["id"] != string(ann) || v.Member["name"] != "Ann" || v.Member["remind_at"] != "07:00" || v.Member["tz"] != "Europe/London" {
			t.Errorf("member = %v", v.Member)
		}
		if got, _ := json.Marshal(v.Member["challenges"]); string(got) != `["Winter Miles"]` {
			t.Errorf("challenges = %s, want the name", got)
		}
		if _, ok := v.Member["boards"]; ok {
			t.Errorf("member shows board bookkeeping: %v", v.Member)
		}
		if _, ok := v.Member["forget_asked"]; ok {
			t.Errorf("member shows a never-set time: %v", v.Member)
		}
		if len(v.Runs) != 1 || v.Runs[0]["meters"] != 8200.0 || v.Runs[0]["date"] != "2026-11-25" {
			t.Errorf("runs = %v", v.Runs)
		} else if _, ok := v.Runs[0]["boards"]; ok {
			t.Errorf("run shows board bookkeeping: %v", v.Runs[0])
		}
		if len(v.Pains) != 1 || v.Pains[0]["where"] != "knee" || v.Pains[0]["score"] != 3.0 {
			t.Errorf("pains = %v", v.Pains)
		}
		if len(v.Cadences) != 1 || v.Cadences[0]["spm"] != 170.0 || len(v.Balances) != 1 || len(v.Kept) != 1 {
			t.Errorf("cadences %v, balances %v, kept %v", v.Cadences, v.Balances, v.Kept)
		}
		if strings.Contains(string(d.JSON), "0001-01-01") {
			t.Errorf("a never-set time is shown:\n%s", d.JSON)
		}
		if strings.Contains(string(d.JSON), string(ben)) || strings.Contains(string(d.JSON), "Ben") {
			t.Errorf("another member is in ann's export:\n%s", d.JSON)
		}
	})
}

// TestExportEmpty: a member never stored has nothing to export; one who
// wrote once (a member document, no records) has their settings.
func TestExportEmpty(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(t *testing.T, e *env) {
		d, err := e.svc.Export(e.ctx, store.Member{ID: ann})
		e.must(err)
		if !d.Empty || d.JSON != nil {
			t.Errorf("a stranger's export = %+v, want empty", d)
		}
		_, err = e.st.UpdateMember(e.ctx, ann, func(m *store.Member) error { m.Created, m.Name = e.now, "Ann"; return nil })
		e.must(err)
		d, err = e.svc.Export(e.ctx, e.member(ann))
		e.must(err)
		if d.Empty || !strings.Contains(string(d.JSON), `"name": "Ann"`) {
			t.Errorf("a new member's export = empty %v\n%s", d.Empty, d.JSON)
		}
	})
}

// TestForgetNeedsAsking: a confirm with no ask, or after the window,
// deletes nothing; an ask is stored without re-planning (it is no plan
// input).
func TestForgetNeedsAsking(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(t *testing.T, e *env) {
		e.populate(ann, "Ann")
		if err := e.svc.Forget(e.ctx, e.member(ann), e.now); !errors.Is(err, ErrNotAsked) {
			t.Fatalf("Forget without asking = %v, want ErrNotAsked", err)
		}
		e.must(e.svc.AskForget(e.ctx, ann, e.now))
		if m := e.member(ann); !m.ForgetAsked.Equal(e.now) || m.Name != "Ann" {
			t.Errorf("after the ask the member is %+v", m)
		}
		late := e.now.Add(ForgetWindow + time.Second)
		if err := e.svc.Forget(e.ctx, e.member(ann), late); !errors.Is(err, ErrNotAsked) {
			t.Fatalf("Forget after the window = %v, want ErrNotAsked", err)
		}
		exp, err := e.st.Export(e.ctx, ann)
		e.must(err)
		if len(exp.Runs) != 1 || len(exp.Pains) != 1 || exp.Member.Name != "Ann" {
			t.Errorf("a refused forget deleted data: %+v", exp)
		}
		if _, err := e.st.When(e.ctx, "telegram", "remind|"+string(ann)); err != nil {
			t.Errorf("a refused forget dropped the reminder: %v", err)
		}
		e.mu.Lock()
		defer e.mu.Unlock()
		if len(e.replans) != 0 || len(e.forgotten) != 0 {
			t.Errorf("refused forget / ask fired events: replans %v, forgotten %v", e.replans, e.forgotten)
		}
	})
}

// TestForgetLeavesNothing: a confirmed forget within the window deletes
// the member's documents and records, their board entries, their place in
// every club and challenge, their shared reports and queued reminders;
// caches drop them and the re-plan event cancels their reminders. Another
// member, whose id the forgotten one prefixes, keeps everything.
func TestForgetLeavesNothing(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(t *testing.T, e *env) {
		e.populate(ann, "Ann")
		e.populate(ben, "Ben")
		benBefore, err := e.st.Export(e.ctx, ben)
		e.must(err)
		e.must(e.svc.AskForget(e.ctx, ann, e.now))
		e.must(e.svc.Forget(e.ctx, e.member(ann), e.now.Add(ForgetWindow)))

		if _, err := e.st.Member(e.ctx, ann); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("member after forget: %v", err)
		}
		exp, err := e.st.Export(e.ctx, ann)
		e.must(err)
		if len(exp.Runs)+len(exp.Pains)+len(exp.Cadences)+len(exp.Balances)+len(exp.Kept) != 0 {
			t.Errorf("export after forget = %+v", exp)
		}
		if d, err := e.svc.Export(e.ctx, store.Member{ID: ann}); err != nil || !d.Empty {
			t.Errorf("/mydata after forget = %+v, %v; want nothing stored", d, err)
		}
		board := challenge.BoardName(clubA, "c1")
		if _, err := e.st.BoardScore(e.ctx, board, ann); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("board entry after forget: %v", err)
		}
		if ok, err := e.st.Marked(e.ctx, string(ann), "nudge|2026-11-25"); err != nil || ok {
			t.Errorf("mark after forget = %v, %v", ok, err)
		}
		if _, err := e.st.When(e.ctx, "telegram", "remind|"+string(ann)); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("queued reminder after forget: %v", err)
		}
		for _, id := range []ids.ClubID{clubA, clubB} {
			cl, err := e.st.Club(e.ctx, id)
			e.must(err)
			js, _ := json.Marshal(cl)
			if strings.Contains(string(js), `"`+string(ann)+`"`) {
				t.Errorf("club %s still names the forgotten member: %s", id, js)
			}
			if !slices.Contains(cl.Members, ben) {
				t.Errorf("club %s lost ben: %+v", id, cl.Members)
			}
		}
		shares, err := e.st.Shares(e.ctx, clubB, time.Time{})
		e.must(err)
		if len(shares) != 1 || shares[0].Member != ben {
			t.Errorf("shares after forget = %+v, want only ben's", shares)
		}

		benAfter, err := e.st.Export(e.ctx, ben)
		e.must(err)
		a, _ := json.Marshal(benAfter)
		b, _ := json.Marshal(benBefore)
		if string(a) != string(b) {
			t.Errorf("ben's data changed:\n%s\nwant\n%s", a, b)
		}
		if sc, err := e.st.BoardScore(e.ctx, board, ben); err != nil || sc.Value != 8200 {
			t.Errorf("ben's board entry = %+v, %v", sc, err)
		}
		if _, err := e.st.When(e.ctx, "telegram", "remind|"+string(ben)); err != nil {
			t.Errorf("ben's reminder went: %v", err)
		}

		e.mu.Lock()
		defer e.mu.Unlock()
		if !slices.Equal(e.forgotten, []ids.MemberID{ann}) {
			t.Errorf("caches told %v, want ann", e.forgotten)
		}
		// The re-plan event gets the member as now stored: nothing, so no
		// reminder is planned.
		if len(e.replans) != 1 || e.replans[0].ID != ann || e.replans[0].RemindAt != "" || !e.replans[0].Created.IsZero() {
			t.Errorf("re-plan events %+v, want one for ann with nothing stored", e.replans)
		}
	})
}

// TestForgetFailureKeepsAsking: a store that fails to forget reports it
// and fires no event, so the member can confirm again.
func TestForgetFailureKeepsAsking(t *testing.T) {
	t.Parallel()
	onEveryStore(t, func(t *testing.T, e *env) {
		e.populate(ann, "Ann")
		e.must(e.svc.AskForget(e.ctx, ann, e.now))
		boom := errors.New("storage down")
		svc := New(Deps{Store: failingForget{Store: e.st, err: boom}, Challenges: e.challenges,
			Replan: func(context.Context, store.Member) { t.Error("re-plan after a failed forget") }})
		if err := svc.Forget(e.ctx, e.member(ann), e.now); !errors.Is(err, boom) {
			t.Fatalf("Forget = %v, want the store's error", err)
		}
		if m := e.member(ann); !m.ForgetAsked.Equal(e.now) {
			t.Errorf("the ask went with the failure: %+v", m)
		}
		e.must(e.svc.Forget(e.ctx, e.member(ann), e.now))
		if _, err := e.st.Member(e.ctx, ann); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("member after the second confirm: %v", err)
		}
	})
}

type failingForget struct {
	store.Store
	err error
}

func (f failingForget) Forget(context.Context, ids.MemberID) error { return f.err }
