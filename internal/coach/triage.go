package coach

import (
	"fmt"
	"regexp"
	"strings"
)

// Score thresholds from coach-rules §1.
const (
	AmberFrom = 3 // scores 3–6 are amber
	RedFrom   = 7 // scores 7–10 are red (severe_pain)
	// RelativeRestFraction of the pain-onset distance is the suggested run
	// length while amber ("pain at 2 miles → run 1.5 miles").
	RelativeRestFraction = 0.75
)

// Disclaimer closes every piece of health advice.
const Disclaimer = "ℹ️ I'm a coach, not a clinician: this is training advice, not a diagnosis. If you're worried, see a physio or doctor."

// Assessment is the triage of one pain report.
type Assessment struct {
	Level       Level
	Flags       []Flag  // canonical order; includes severe_pain for 7+
	Score       int     // the report's (worst) score
	Places      []Place // as reported
	OnsetMeters float64 // where the pain started, 0 if unknown
	RestMeters  float64 // RelativeRestFraction × onset, when amber and the onset is known
}

// Triage applies the traffic-light table of coach-rules §1: red for a score
// of 7 or more or any red flag, amber for 3–6, green for 0–2.
func Triage(r PainReport) Assessment {
	flags := append([]Flag(nil), r.Flags...)
	if r.Score >= RedFrom {
		flags = append(flags, FlagSevere)
	}
	a := Assessment{Flags: sortFlags(flags), Score: r.Score, Places: append([]Place(nil), r.Places...), OnsetMeters: r.OnsetMeters}
	switch {
	case len(a.Flags) > 0:
		a.Level = Red
	case r.Score >= AmberFrom:
		a.Level = Amber
	default:
		a.Level = Green
	}
	if a.Level == Amber && r.OnsetMeters > 0 {
		a.RestMeters = RelativeRest(r.OnsetMeters)
	}
	return a
}

// RelativeRest returns the suggested run length for a runner whose pain
// reached the amber edge at onsetMeters (three quarters of it).
func RelativeRest(onsetMeters float64) float64 { return onsetMeters * RelativeRestFraction }

// Urgent reports whether any flag needs urgent assessment.
func (a Assessment) Urgent() bool {
	for _, f := range a.Flags {
		if f.Urgent() {
			return true
		}
	}
	return false
}

// Summary is one short line safe to show in a public channel: the marker and
// the level word, with no symptom or body part.
func (a Assessment) Summary() string {
	switch a.Level {
	case Green:
		return "🟢 Noted — green."
	case Amber:
		return "🟡 Noted — amber."
	}
	return "🔴 Noted — red."
}

// Advice is the full multi-line advice for the member, to be sent privately.
// The first line starts with the level marker; red advice names every flag
// that fired, amber advice gives the relative-rest distance in the member's
// units when the onset is known, and every reply ends with Disclaimer.
func (a Assessment) Advice(u Units) string {
	var b strings.Builder
	line := func(format string, args ...any) {
		fmt.Fprintf(&b, format, args...)
		b.WriteByte('\n')
	}
	where := placesLabel(a.Places)
	switch a.Level {
	case Red:
		names := make([]string, len(a.Flags))
		for i, f := range a.Flags {
			names[i] = f.Plain()
		}
		noun := "Red flag"
		if len(names) > 1 {
			noun = "Red flags"
		}
		line("🔴 %s: %s — please stop running on it and get it checked by a physio or doctor.", noun, strings.Join(names, ", "))
		var urgent []string
		for _, f := range a.Flags {
			if f.Urgent() {
				urgent = append(urgent, f.Plain())
			}
		}
		if len(urgent) > 0 {
			line("⚠️ Please get %s seen urgently — today if you can (urgent care or A&E if you can't reach your doctor).", strings.Join(urgent, " and "))
		}
		for _, f := range a.Flags {
			why := f.Why()
			if f == FlagSevere {
				why = fmt.Sprintf("you rated it %d/10 — %s", a.Score, why)
			}
			line("• %s: %s.", capitalize(f.Plain()), why)
		}
		line("Until it's been looked at: no running on it. Walking, cycling or swimming are fine only if they don't hurt.")
	case Amber:
		if where != "" {
			line("🟡 Amber — %d/10 (%s). Keep moving, but stay below the pain edge.", a.Score, where)
		} else {
			line("🟡 Amber — %d/10. Keep moving, but stay below the pain edge.", a.Score)
		}
		if a.RestMeters > 0 {
			line("• Pain showed up at %s → keep runs to about %s for now (three quarters of that).", FormatDistance(a.OnsetMeters, u), FormatDistance(a.RestMeters, u))
		} else {
			line("• Note where the pain starts on your next run and keep runs to about three quarters of that distance.")
		}
		for _, l := range edgeLines(a.Places) {
			line("• %s", l)
		}
		line("• Stop or shorten a run if the pain goes past that edge, builds, turns sharp or makes you limp.")
		line("• Keep your fitness with pain-free cross-training (bike, pool, elliptical) and keep up the strength work.")
		line("• Tomorrow morning, tell me how it feels: settled, same or worse.")
	default:
		if where != "" {
			line("🟢 Green — %d/10 (%s). Keep training.", a.Score, where)
		} else {
			line("🟢 Green — %d/10. Keep training.", a.Score)
		}
		line("• Mild pain is OK if it stays low while you run, settles within the hour and isn't worse next morning.")
		line("• Stop or shorten a run if pain builds as you go, turns from an ache to sharp, or changes how you run.")
	}
	if a.Level != Red {
		for _, t := range placeTweaks(a.Places) {
			line("• %s", t)
		}
	}
	b.WriteString(Disclaimer)
	return b.String()
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func placesLabel(ps []Place) string {
	var parts []string
	for _, p := range ps {
		l := p.Label()
		if p.Score >= 0 {
			l = fmt.Sprintf("%s %d/10", l, p.Score)
		}
		parts = append(parts, l)
	}
	return strings.Join(parts, ", ")
}

// placeTweaks returns the place-specific coaching tips, one per kind.
func placeTweaks(ps []Place) []string {
	var out []string
	seen := map[string]bool{}
	add := func(key, tip string) {
		if !seen[key] {
			seen[key] = true
			out = append(out, tip)
		}
	}
	for _, p := range ps {
		switch p.Region {
		case RegionKnee, RegionKneecap:
			add("kneecap", "Knee: a slightly quicker cadence (5–10% more steps) may lighten the load on your knee; build quads and glutes twice a week; take hills and stairs down slowly.")
		case RegionPatellarTendon:
			add("kneecap", "Knee: a slightly quicker cadence (5–10% more steps) may lighten the load on your knee; build quads and glutes twice a week; take hills and stairs down slowly.")
			add("tendon", "Tendon: heavy, slow strength work (e.g. slow split squats and step-downs) is what tendons respond to.")
		case RegionITBand:
			add("itband", "Outside of the knee: strengthen your hip abductors (side-lying leg raises, band walks). Don't foam-roll the IT band harder — the band itself doesn't stretch, and pressing on the sore spot underneath usually keeps it irritated.")
		case RegionShin:
			add("shin", "Shin: this is mostly about load — hold your distance steady rather than adding more, and keep runs on softer ground for now. If one spot on the bone gets sharp or tender to touch, or hopping hurts, stop and get it checked: that can be a stress fracture.")
		case RegionAchilles, RegionCalf:
			add("calf", "Calf/Achilles: calf raises, heavy and slow — both straight-knee and bent-knee, 3 sets of 15 on a step, adding weight as it gets easy. Avoid hill sprints and fast work until it settles.")
		case RegionFoot, RegionAnkle:
			add("foot", "Foot/ankle: calf raises and single-leg balance work help; build up slowly, and avoid big jumps in distance or sudden switches to very different shoes.")
		case RegionHip, RegionGroin:
			add("hip", "Hip/groin: if it's a deep ache that hurts when you hop on that leg, stop running and get it checked the same day — that can be a stress fracture. Otherwise glute bridges and side-lying leg raises twice a week.")
		case RegionHamstring, RegionGlute:
			add("hamstring", "Hamstring/glute: glute bridges and slow hamstring work twice a week; go easy on speed work and steep hills until it settles.")
		case RegionQuad:
			add("quad", "Thigh: slow split squats and step-downs build tolerance; ease off downhill running for now.")
		case RegionLegs:
			add("legs", "Legs: heavy or tired legs after hard work usually mean you need an easy day or two and good food and sleep; if one leg feels different from the other, or weak or numb, get it checked.")
		case RegionLowerBack:
			add("back", "Lower back: keep moving gently and keep runs easy; glute bridges and core work help. Numbness or weakness in a leg is a reason to get checked.")
		}
	}
	return out
}

// MorningAnswer is the member's reply to the next-morning check.
type MorningAnswer int

// The next-morning answers.
const (
	MorningUnknown MorningAnswer = iota
	MorningSettled
	MorningSame
	MorningWorse
)

var (
	morningWorseRE    = regexp.MustCompile(`\b(?:worse|worsening|worsened|bad|terrible|awful|awfull|horrible)\b`)
	morningNotRE      = regexp.MustCompile(`\b(?:not|no|never|hasn't|hasnt|isn't|isnt|didn't|didnt)\s+(?:\w+\s+)?(?:settled|better|gone|fine|good|great|normal|ok|okay|baseline|improved)\b`)
	morningSettledRE  = regexp.MustCompile(`\b(?:settled|fine|good|great|better|gone|normal|ok|okay|baseline|back to normal|no pain|pain free|painfree|all good|grand|perfect|nothing)\b`)
	morningNotWorseRE = regexp.MustCompile(`\b(?:not|no|isn't|isnt)\s+(?:any\s+)?worse\b`)
	morningSameRE     = regexp.MustCompile(`\b(?:same|unchanged|still|meh|similar|no change|not settled|bit sore|sore|achy|so so|so-so)\b`)
)

// ParseMorning reads a next-morning check answer ("settled", "same",
// "worse" and everyday variants). It reports false when it can't tell.
func ParseMorning(answer string) (MorningAnswer, bool) {
	s := strings.ToLower(strings.TrimSpace(answer))
	s = strings.NewReplacer("’", "'", "‘", "'").Replace(s)
	switch {
	case morningWorseRE.MatchString(s) && !morningNotWorseRE.MatchString(s):
		return MorningWorse, true
	case morningNotRE.MatchString(s):
		return MorningSame, true
	case morningSameRE.MatchString(s):
		return MorningSame, true
	case morningSettledRE.MatchString(s):
		return MorningSettled, true
	}
	return MorningUnknown, false
}

// NextMorning turns the answer to the next-morning check ("settled", "same",
// "worse") into a level and a short reply. Back to baseline is green (stay
// the course); not settled is amber (relative rest today); worse is red. A
// red flag named in the answer makes it red too. An answer it can't read is
// treated as not settled (amber) and the reply says how to answer.
func NextMorning(answer string) (Level, string) {
	// "not better" is the member's "same", not a red flag: the answer
	// itself says whether it got worse.
	var flags []Flag
	for _, f := range DetectFlags(answer) {
		if f != FlagWorsening {
			flags = append(flags, f)
		}
	}
	kind, _ := ParseMorning(answer)
	if len(flags) > 0 {
		a := Assessment{Level: Red, Flags: flags}
		return Red, a.Advice(KM)
	}
	switch {
	case kind == MorningWorse:
		return Red, "🔴 Worse than yesterday means it's time to stop running on it and get it checked by a physio or doctor. Walking, cycling or swimming only if they're pain-free.\n" + Disclaimer
	case kind == MorningSettled:
		return Green, "🟢 Back to baseline — great, stay the course: same plan, same pain rules, and keep up the strength work."
	case kind == MorningSame:
		return Amber, "🟡 Not settled yet, so treat today as amber: a shorter, easier run well below your pain edge (about three quarters of where it started hurting) or pain-free cross-training instead, and check again tomorrow.\n" + Disclaimer
	}
	return Amber, "🟡 I didn't quite catch that — reply settled, same or worse. Until then, treat today as amber: easy, short and below the pain edge.\n" + Disclaimer
}
