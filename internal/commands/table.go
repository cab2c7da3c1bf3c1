package commands

// table lists every command family. A new command is one file with its
// family function plus one line here; adapters need no change.
func table(r *Router) []*Command {
	var cs []*Command
	for _, family := range []func() []*Command{
		r.helpCommands,
		r.painCommands,
		r.runCommands,
		r.weekCommands,
		r.fitnessCommands,
		r.settingsCommands,
		r.privacyCommands,
		r.challengeCommands,
		r.clubCommands,
		r.checkinCommands,
		r.redflagCommands,
		r.shareCommands,
		r.coachCommands,
	} {
		cs = append(cs, family()...)
	}
	return cs
}

func ptr(f float64) *float64 { return &f }
