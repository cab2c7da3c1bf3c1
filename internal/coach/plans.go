package coach

import (
	"fmt"
	"strings"
)

// Plausible cadence range in steps per minute.
const (
	MinCadence = 100
	MaxCadence = 240
)

// ValidCadence reports whether spm is a plausible running cadence
// (MinCadence–MaxCadence steps per minute).
func ValidCadence(spm int) bool { return spm >= MinCadence && spm <= MaxCadence }

// CadenceTarget returns the suggested step-rate range: the current cadence
// raised by 5% and by 10%, rounded to whole steps (half steps round up).
func CadenceTarget(spm int) (lo, hi int) {
	return (spm*105 + 50) / 100, (spm*110 + 50) / 100
}

// CadenceAdvice explains the cadence target for a runner at spm steps per
// minute, or how to measure cadence when spm is implausible.
func CadenceAdvice(spm int) string {
	if !ValidCadence(spm) {
		return fmt.Sprintf("That doesn't look like a running cadence — most runners are somewhere between 150 and 190 steps per minute. Count your steps for 30 seconds on an easy run and double it, or read it off your watch, then send a number between %d and %d.", MinCadence, MaxCadence)
	}
	lo, hi := CadenceTarget(spm)
	var b strings.Builder
	fmt.Fprintf(&b, "👟 You're at %d steps/min. Aim for %d–%d: that's 5–10%% more steps at the same speed, so each stride is a little shorter and your foot lands closer under your body.\n", spm, lo, hi)
	fmt.Fprintf(&b, "• Set a metronome app or your watch's cadence alert to %d for a couple of easy runs a week; once that feels normal, nudge it towards %d over the next few weeks.\n", lo, hi)
	b.WriteString("• Keep the effort easy — quicker, lighter steps, not faster running.\n")
	if spm >= 180 {
		b.WriteString("• You're already quick on your feet, so there's no need to push this if your knees are happy.\n")
	}
	b.WriteString("• Why: in lab studies a 5–10% higher step rate lowered the load at the knee, so it may lighten the load on your knee. It's one tool among several, not a cure on its own.")
	return b.String()
}

// BalanceTarget is the single-leg stand time to aim for, in seconds.
const BalanceTarget = 30

// BalanceAdvice responds to a single-leg balance test: seconds held on the
// given side ("left", "right" or ""). Under 30 s calls for hip and ankle
// work; 30 s or more is well done.
func BalanceAdvice(seconds int, side string) string {
	leg := "one leg"
	switch strings.ToLower(strings.TrimSpace(side)) {
	case "left", "l":
		leg = "your left leg"
	case "right", "r":
		leg = "your right leg"
	}
	switch {
	case seconds < 0 || seconds > 3600:
		return "Send the number of seconds you could stand on one leg, e.g. 25."
	case seconds < BalanceTarget:
		return fmt.Sprintf("⚖️ %d s on %s — the goal is %d s without your hip dropping or your ankle wobbling. A few minutes most days will get you there:\n"+
			"• Hips: side-lying leg raises and band walks, 2–3 sets of 12–15, twice a week.\n"+
			"• Ankles: single-leg stands while you brush your teeth; when that's easy, close your eyes or stand on a cushion.\n"+
			"• Calf raises on one leg, slow and controlled.\n"+
			"Re-test in a couple of weeks.", seconds, leg, BalanceTarget)
	}
	return fmt.Sprintf("⚖️ %d s on %s — well done, that's the %d s mark with a steady hip and ankle. Keep single-leg work in your routine so it stays that way.", seconds, leg, BalanceTarget)
}

// WarmupLeadMinutes is how long before a club run the warm-up reminder goes
// by default: time to read it and do 5–10 minutes of moving warm-up.
const WarmupLeadMinutes = 30

// WarmupPlan is the pre-run warm-up, framed honestly: cheap preparation,
// not proven protection for runners.
func WarmupPlan() string {
	return `🔥 Warm-up (5–10 minutes, before you set off)
• Leg swings: 10 front-to-back and 10 side-to-side each leg.
• Banded monster walks: 10 steps each way to wake up your glutes.
• Walking lunges: 8 each leg, tall and controlled.
• High knees: 2 × 20 seconds.
• Easy strides: 3–4 × 15–20 seconds, building gently.
Touching your toes and holding it doesn't count — keep it moving.
Honest note: structured warm-ups cut injuries in team sports, but a study in runners found no clear effect. Treat it as cheap preparation that gets your hips and legs ready, not as a shield.`
}

// StrengthPlan is the twice-weekly heavy, slow strength routine.
func StrengthPlan() string {
	return `💪 Strength — twice a week, heavy and slow
3–4 sets of 6–15 reps; the last couple of reps in each set should feel genuinely hard. About 3 seconds down, 1–2 seconds up. Add weight when it gets easy.
• Split squats — each leg works on its own.
• Slow step-downs from a step — lower yourself over 3 seconds to build your quads for landing.
• Glute bridges — single-leg once two legs is easy.
• Squats or leg press.
• Calf raises — straight knee and bent knee.
• Side-lying leg raises or band walks for the hip abductors (good for IT band and knee tracking).
Why bother: strength training has better evidence than most injury-prevention ideas — in a large review it cut sports injuries substantially (not runner-specific), and hip plus knee strengthening is the first-line treatment for kneecap pain. Mild soreness the next day is normal; joint pain that lingers is not.`
}
