package store

// SendRead is what a scheduled send reads about a member in one step, the
// stores' MemberForSend: the member, their runs and pain reports in the
// windows asked for, the keys of their live marks as they were before the
// claim, and whether the call took the claim (a mark set only when absent
// or expired, as Mark sets it).
type SendRead struct {
	Member  Member
	Runs    []Run
	Pains   []Pain
	Marks   []string
	Claimed bool
}
