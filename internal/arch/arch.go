// Package arch holds no code: its test checks that the import graph keeps
// one direction (design.md): adapters know only the neutral platform types
// and the command vocabulary; the router knows services, the coach and the
// store but never the scheduler; the scheduler the services (the challenge
// service, the member rules) but never the router; services (member,
// challenge, training, escalation, club, privacy) neither, nor ops or an
// adapter; the coach nothing at all.
package arch
