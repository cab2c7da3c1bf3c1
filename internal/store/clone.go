package store

import "slices"

// Clone returns a copy of m that shares no slice with it, so a decoded
// member a store keeps can be handed out and changed freely. A field added
// to Member that holds a slice, map or pointer must be copied here
// (TestMemberCloneSharesNothing fails until it is).
func (m Member) Clone() Member {
	c := m
	c.StrengthDays = slices.Clone(m.StrengthDays)
	c.RunDays = slices.Clone(m.RunDays)
	c.Clubs = slices.Clone(m.Clubs)
	c.Challenges = slices.Clone(m.Challenges)
	c.Boards = slices.Clone(m.Boards)
	if m.Shared != nil {
		c.Shared = make([]ShareLog, len(m.Shared))
		for i, s := range m.Shared {
			s.To = slices.Clone(s.To)
			c.Shared[i] = s
		}
	}
	if m.Places != nil {
		c.Places = make([]PlaceState, len(m.Places))
		for i, p := range m.Places {
			p.Flags = slices.Clone(p.Flags)
			c.Places[i] = p
		}
	}
	return c
}
