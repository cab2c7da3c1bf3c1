package platforms

import "context"

// Adapter is one platform connection as cmd/bot runs it: it sends (the
// scheduler's Sender), runs until ctx ends, and says whether it can reach
// its platform now (/readyz). main loops over adapters instead of
// branching per platform.
type Adapter interface {
	Sender
	// Name is the platform's name (Telegram, Discord, Console).
	Name() string
	// Run serves the platform until ctx ends; an outage is waited out, a
	// refused token ends it with ErrTokenRefused.
	Run(ctx context.Context) error
	// Ready reports nil when the platform is reachable now.
	Ready(ctx context.Context) error
}
