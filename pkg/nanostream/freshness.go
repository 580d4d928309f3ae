package nanostream

import "context"

// freshOnlyKey marks the calls of a context that never take a stale answer.
type freshOnlyKey struct{}

// FreshOnly returns a context whose calls take a cached answer only within
// its lifetime and never a stale one, waiting for the budget instead (within
// their deadline) or failing with the budget's sentence. Alert rule
// evaluations use it: Grafana does not send a rule's interval with its
// queries, so no stale answer can be known to be younger than it, while the
// lifetimes (30 s for the newest minutes, 1 minute for hourly data) stay
// within the usual evaluation intervals.
func FreshOnly(ctx context.Context) context.Context {
	return context.WithValue(ctx, freshOnlyKey{}, true)
}

// freshOnly reports whether ctx's calls refuse stale answers.
func freshOnly(ctx context.Context) bool {
	v, _ := ctx.Value(freshOnlyKey{}).(bool)
	return v
}

// staleAllowed reports whether ctx's calls may take a stale answer: not an
// alert rule's, and not one that bounds the age of what it takes.
func staleAllowed(ctx context.Context) bool {
	if freshOnly(ctx) {
		return false
	}
	_, limited := maxAge(ctx)
	return !limited
}
