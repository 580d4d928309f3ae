package nanostream

import (
	"context"
	"time"
)

// minMargin is the least time a request keeps before its deadline.
const minMargin = time.Second

// Margin is the part of a request's time kept before its deadline: the
// larger of 1 s and 10 % of the time left when the request arrives, but at
// most half of that time. 20 s left keep 2 s, 5 s keep 1 s, 500 ms keep
// 250 ms.
//
// A request that Grafana gives a deadline (an alert evaluation, the data
// proxy's timeout) must answer before it, or the answers already made are
// lost with it. Its calls therefore wait for the request budget only until
// the margin before the deadline: a call whose turn would come later ends
// at once with the budget's answer, "exhausted", and when to retry. Calls
// already sent are awaited until half the margin before the deadline; the
// other half carries the answers back to Grafana. A call sent runs to its
// end all the same, and its answer fills the cache for the next refresh.
func Margin(left time.Duration) time.Duration {
	if left <= 0 {
		return 0
	}
	return min(max(minMargin, left/10), left/2)
}

// budgetByKey carries the time until which the calls of a context wait for
// the budget.
type budgetByKey struct{}

// WithinDeadline prepares the context of a request that has a deadline (see
// Margin): its calls wait for the budget until the margin before the
// deadline and for answers until half the margin before it, which is the
// returned context's deadline. A context without a deadline is returned as
// it is.
func WithinDeadline(ctx context.Context) (context.Context, context.CancelFunc) {
	deadline, ok := ctx.Deadline()
	if !ok {
		return ctx, func() {}
	}
	margin := Margin(time.Until(deadline))
	ctx = context.WithValue(ctx, budgetByKey{}, deadline.Add(-margin))
	return context.WithDeadline(ctx, deadline.Add(-margin/2))
}

// budgetDeadline is when the calls of ctx stop waiting for the budget: the
// time WithinDeadline set, else ctx's deadline; zero for never.
func budgetDeadline(ctx context.Context) time.Time {
	if by, ok := ctx.Value(budgetByKey{}).(time.Time); ok {
		return by
	}
	deadline, _ := ctx.Deadline()
	return deadline
}

// withBudgetDeadline carries by into a context that has lost its deadline.
func withBudgetDeadline(ctx context.Context, by time.Time) context.Context {
	if by.IsZero() {
		return ctx
	}
	return context.WithValue(ctx, budgetByKey{}, by)
}

// maxAgeKey carries the oldest cached answer the calls of a context take.
type maxAgeKey struct{}

// MaxAge returns a context whose calls take a cached answer only while it
// is fresh and at most age old, as a health check does: a recent answer of
// the same organisation shows that the route answers, an old one does not.
func MaxAge(ctx context.Context, age time.Duration) context.Context {
	return context.WithValue(ctx, maxAgeKey{}, age)
}

// maxAge is the oldest cached answer ctx takes; false for any fresh one.
func maxAge(ctx context.Context) (time.Duration, bool) {
	age, ok := ctx.Value(maxAgeKey{}).(time.Duration)
	return age, ok
}
