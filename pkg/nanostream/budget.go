package nanostream

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"
)

// Defaults of the request budget: below the API's 1 request/s and burst of
// 30, so the vendor's own dashboard and other clients keep room.
const (
	DefaultRequestsPerSecond = 0.8
	DefaultBurst             = 20
)

// Backoff after the API throttled: doubled on every throttled answer in a
// row, capped, with jitter so that instances do not return in step.
const (
	backoffBase = 2 * time.Second
	backoffMax  = time.Minute
)

// Budget is an organisation's request budget: a token bucket over every
// request to the API, paused for a while after the API throttled. Every
// client of one organisation in a process shares it (see Orgs), so that no
// number of data source instances, nor any sequence of settings saves,
// raises the request rate. With a shared store (see SharedState) the
// bucket and the pause are those of every process of the organisation, and
// a local bucket at a fraction of the rate stands in while the store cannot
// be reached (see orgBudget).
type Budget interface {
	// Take takes one token, waiting for it while ctx allows; a pause that
	// begins meanwhile holds it back too. When the turn cannot come before
	// deadline (the zero time: no deadline) it gives up at once with a
	// *noTurn saying when it would have come; when ctx ends first, with
	// ctx's error. Either way it spends nothing.
	Take(ctx context.Context, deadline time.Time) error
	// Refund gives back a token taken for a request that was not sent,
	// where the bucket allows it.
	Refund()
	// TryTake takes a token only if one is free now.
	TryTake() bool
	// Next is how long until a newcomer would get a token, pause included:
	// when a request refused for want of budget may be retried.
	Next() time.Duration
	// Throttled pauses every request after the API throttled one that was
	// sent at sent. Refusals of requests sent before the current pause
	// began belong to the same episode and do not lengthen it.
	Throttled(sent time.Time)
	// Answered ends a run of throttled answers.
	Answered()
	// Configure applies a rate (tokens per second) and burst; 0 takes the
	// defaults. The newest settings of an organisation apply.
	Configure(rate float64, burst int)
}

// memoryBudget is the Budget of one process.
type memoryBudget struct {
	now func() time.Time

	mu           sync.Mutex
	rate         float64 // tokens per second
	burst        float64
	tokens       float64 // below zero: turns reserved ahead
	last         time.Time
	pauseStarted time.Time
	pausedUntil  time.Time
	throttled    int // throttling episodes in a row
}

var _ Budget = (*memoryBudget)(nil)

func newMemoryBudget(rate float64, burst int, now func() time.Time) *memoryBudget {
	b := &memoryBudget{now: now, last: now()}
	b.rate, b.burst = budgetLimits(rate, burst)
	b.tokens = b.burst
	return b
}

func budgetLimits(rate float64, burst int) (float64, float64) {
	if rate <= 0 {
		rate = DefaultRequestsPerSecond
	}
	if burst <= 0 {
		burst = DefaultBurst
	}
	return rate, float64(burst)
}

func (b *memoryBudget) Configure(rate float64, burst int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.refill(b.now())
	b.rate, b.burst = budgetLimits(rate, burst)
	b.tokens = min(b.tokens, b.burst)
}

// Take waits for a reserved turn (see waitTurn).
func (b *memoryBudget) Take(ctx context.Context, deadline time.Time) error {
	return waitTurn(ctx, b, deadline, b.now)
}

// Refund gives back a reserved or taken token.
func (b *memoryBudget) Refund() { b.Cancel() }

// empty spends every token now: a bucket that stands in for another one,
// whose state it does not know, starts empty.
func (b *memoryBudget) empty() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.refill(b.now())
	b.tokens = min(b.tokens, 0)
}

// Reserve takes the next token and says how long its holder waits before
// sending. When that turn comes after deadline (the zero time: no
// deadline) it takes nothing and says false, with the wait the turn would
// have had.
func (b *memoryBudget) Reserve(deadline time.Time) (time.Duration, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	b.refill(now)
	wait := b.turn(now)
	if !deadline.IsZero() && now.Add(wait).After(deadline) {
		return wait, false
	}
	b.tokens--
	return wait, true
}

// Cancel gives back a reserved token that was not used.
func (b *memoryBudget) Cancel() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.tokens = min(b.tokens+1, b.burst)
}

func (b *memoryBudget) TryTake() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	b.refill(now)
	if b.tokens < 1 || now.Before(b.pausedUntil) {
		return false
	}
	b.tokens--
	return true
}

// PauseLeft is what is left of the pause after throttling.
func (b *memoryBudget) PauseLeft() time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	return max(b.pausedUntil.Sub(b.now()), 0)
}

func (b *memoryBudget) Next() time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	b.refill(now)
	return b.turn(now)
}

// turn is how long until the next token is free and no pause holds it.
func (b *memoryBudget) turn(now time.Time) time.Duration {
	wait := time.Duration(0)
	if b.tokens < 1 {
		wait = time.Duration((1 - b.tokens) / b.rate * float64(time.Second))
	}
	return max(wait, b.pausedUntil.Sub(now))
}

func (b *memoryBudget) refill(now time.Time) {
	if elapsed := now.Sub(b.last).Seconds(); elapsed > 0 {
		b.tokens = min(b.burst, b.tokens+elapsed*b.rate)
		b.last = now
	}
}

// Throttled pauses every request for a while and empties the bucket: the
// API keeps refusing for a time after a burst.
func (b *memoryBudget) Throttled(sent time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if sent.Before(b.pauseStarted) {
		return
	}
	b.throttled++
	pause := backoffBase << min(b.throttled-1, 5)
	pause = min(pause, backoffMax)
	// #nosec G404 -- the jitter only spreads the return of several instances in time; it guards no secret and needs no unpredictability
	pause = time.Duration(float64(pause) * (0.8 + 0.4*rand.Float64()))
	now := b.now()
	b.pauseStarted, b.pausedUntil = now, now.Add(pause)
	b.tokens = min(b.tokens, 0)
}

func (b *memoryBudget) Answered() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.throttled = 0
}

// noTurn is the end of a wait for the budget whose turn would have come
// too late: after the request's deadline.
type noTurn struct{ retryAfter time.Duration }

func (e *noTurn) Error() string { return "no request budget before the deadline" }

// waitTurn takes one token of b, waiting for it while ctx allows; a pause
// that begins while it waits holds it back too. When its turn cannot come
// before deadline (zero: none) it gives up at once with a *noTurn, and
// when ctx ends first with ctx's error; either way it spends nothing.
func waitTurn(ctx context.Context, b *memoryBudget, deadline time.Time, now func() time.Time) error {
	wait, ok := b.Reserve(deadline)
	if !ok {
		return &noTurn{retryAfter: wait}
	}
	for wait > 0 {
		timer := time.NewTimer(wait)
		select {
		case <-timer.C:
		case <-ctx.Done():
			timer.Stop()
			b.Cancel()
			return ctx.Err()
		}
		wait = b.PauseLeft()
		if wait > 0 && !deadline.IsZero() && now().Add(wait).After(deadline) {
			b.Cancel()
			return &noTurn{retryAfter: wait}
		}
	}
	return nil
}
