package coach

import (
	"strings"
)

// The one-tap red-flag check (issue 11): after a report that is not red,
// the runner is asked about each symptom flag in their own words. Words
// alone miss some red flags; a yes/no question about each does not.

// checkLabels are the flags the check asks about, with the button label in
// a runner's words. severe_pain is never asked: it comes from the score.
var checkLabels = []struct {
	flag  Flag
	label string
}{
	{FlagSwelling, "Swollen joint"},
	{FlagLocking, "Locks or catches"},
	{FlagGivingWay, "Gives way"},
	{FlagCannotBearWeight, "Can't take full weight / limping"},
	{FlagBonePain, "One sore spot on a bone, or hopping hurts"},
	{FlagNightPain, "Aches at night or at rest"},
	{FlagHotJoint, "Hot, red or feverish"},
	{FlagNumbness, "Numb, tingling or weak"},
	{FlagCalfSwelling, "Calf swollen, heavy or tender"},
	{FlagTrauma, "Started with a fall, twist or pop"},
	{FlagWorsening, "Getting worse over days or weeks"},
}

// CheckQuestion introduces the one-tap check under a reply.
const CheckQuestion = "Any of these? (tap all that apply)"

// CheckFlags returns the flags the one-tap check asks about, in order.
func CheckFlags() []Flag {
	out := make([]Flag, len(checkLabels))
	for i, c := range checkLabels {
		out[i] = c.flag
	}
	return out
}

// CheckLabel is the runner-words label of a flag in the one-tap check ("" for
// flags the check does not ask, like severe_pain).
func CheckLabel(f Flag) string {
	for _, c := range checkLabels {
		if c.flag == f {
			return c.label
		}
	}
	return ""
}

// flagWords maps what runners type after /redflag onto flags: the canonical
// names, and the words of the check's labels. One word per line of thought;
// a new synonym is one entry.
var flagWords = map[string]Flag{
	"swelling": FlagSwelling, "swollen": FlagSwelling, "swell": FlagSwelling, "puffy": FlagSwelling, "fluid": FlagSwelling,
	"locking": FlagLocking, "locks": FlagLocking, "lock": FlagLocking, "locked": FlagLocking, "catches": FlagLocking,
	"catching": FlagLocking, "stuck": FlagLocking,
	"giving_way": FlagGivingWay, "givingway": FlagGivingWay, "gives_way": FlagGivingWay, "giveway": FlagGivingWay,
	"buckles": FlagGivingWay, "buckling": FlagGivingWay, "unstable": FlagGivingWay, "instability": FlagGivingWay,
	"cannot_bear_weight": FlagCannotBearWeight, "cant_bear_weight": FlagCannotBearWeight, "weight": FlagCannotBearWeight,
	"limp": FlagCannotBearWeight, "limping": FlagCannotBearWeight,
	"bone_pain": FlagBonePain, "bone": FlagBonePain, "bony": FlagBonePain, "hop": FlagBonePain, "hopping": FlagBonePain,
	"spot":       FlagBonePain,
	"night_pain": FlagNightPain, "night": FlagNightPain, "nights": FlagNightPain, "rest": FlagNightPain,
	"resting": FlagNightPain, "sleep": FlagNightPain,
	"hot_joint": FlagHotJoint, "hot": FlagHotJoint, "red": FlagHotJoint, "redness": FlagHotJoint, "fever": FlagHotJoint,
	"feverish": FlagHotJoint, "warm": FlagHotJoint,
	"numbness": FlagNumbness, "numb": FlagNumbness, "tingling": FlagNumbness, "tingly": FlagNumbness,
	"weak": FlagNumbness, "weakness": FlagNumbness, "pins": FlagNumbness,
	"calf_swelling": FlagCalfSwelling, "calf": FlagCalfSwelling, "clot": FlagCalfSwelling, "heavy": FlagCalfSwelling,
	"trauma": FlagTrauma, "fall": FlagTrauma, "fell": FlagTrauma, "twist": FlagTrauma, "twisted": FlagTrauma,
	"pop": FlagTrauma, "popped": FlagTrauma, "injury": FlagTrauma,
	"worsening": FlagWorsening, "worse": FlagWorsening, "getting_worse": FlagWorsening,
}

// FlagAnswerNone is the answer that says none of the flags apply.
const FlagAnswerNone = "none"

// ParseFlagAnswer reads the answer words of /redflag: canonical flag names
// ("night_pain"), the runner's words ("swollen", "numb") or "none". It
// returns the flags named (canonical order, no duplicates), whether "none"
// was said, and the words it did not understand. Words are separated by
// spaces or commas; case and a leading '#' do not matter.
func ParseFlagAnswer(text string) (flags []Flag, none bool, unknown []string) {
	fields := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return r == ' ' || r == ',' || r == '\t' || r == '\n' || r == '·' })
	for _, w := range fields {
		w = strings.Trim(strings.TrimPrefix(w, "#"), ".!?;:\"'")
		w = strings.ReplaceAll(w, "-", "_")
		switch {
		case w == "":
		case w == FlagAnswerNone || w == "nothing" || w == "no" || w == "none_of_these":
			none = true
		default:
			if f, ok := flagWords[w]; ok {
				flags = append(flags, f)
			} else if f, ok := flagWords[correctWord(w)]; ok && len(w) >= 5 {
				flags = append(flags, f)
			} else {
				unknown = append(unknown, w)
			}
		}
	}
	return sortFlags(flags), none, unknown
}

// FlagAnswerHelp lists the valid /redflag answers for an error message.
func FlagAnswerHelp() string {
	var b strings.Builder
	for _, c := range checkLabels {
		b.WriteString("\n• ")
		b.WriteString(string(c.flag))
		b.WriteString(" — ")
		b.WriteString(strings.ToLower(c.label[:1]) + c.label[1:])
	}
	b.WriteString("\n• none — none of these")
	return b.String()
}

// StoredPlaces reads back the places of a stored report, written as
// "<side> <region>" joined by ", " (e.g. "left knee, itband"). Unknown
// regions are kept as they are so advice can still name them.
func StoredPlaces(where string) []Place {
	var out []Place
	for _, part := range strings.Split(where, ",") {
		f := strings.Fields(part)
		if len(f) == 0 {
			continue
		}
		p := Place{Score: -1}
		switch f[0] {
		case SideLeft, SideRight, SideBoth:
			p.Side, f = f[0], f[1:]
		}
		p.Region = strings.Join(f, " ")
		if p.Region == "" {
			continue
		}
		out = append(out, p)
	}
	return out
}

// Amend re-triages a stored report with flags the runner confirmed through
// the one-tap check: the report's score and places, its stored flags and
// the new ones (canonical order, no duplicates). severe_pain follows the
// score as in Triage.
func Amend(score int, where string, stored []Flag, added []Flag) Assessment {
	var flags []Flag
	for _, f := range append(append([]Flag(nil), stored...), added...) {
		if f != FlagSevere {
			flags = append(flags, f)
		}
	}
	return Triage(PainReport{Score: score, Places: StoredPlaces(where), Flags: sortFlags(flags)})
}
