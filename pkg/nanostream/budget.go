package nanostream

import (
	"context"
	"errors"
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

// errBudgetExhausted: no token before the caller's deadline.
var errBudgetExhausted = errors.New("no request budget before the deadline")

// budget is a token bucket over every request of one client, with a pause
// after the API throttled.
type budget struct {
	rate  float64 // tokens per second
	burst float64
	now   func() time.Time

	mu           sync.Mutex
	tokens       float64
	last         time.Time
	pauseStarted time.Time
	pausedUntil  time.Time
	throttled    int // throttling episodes in a row
}

func newBudget(rate float64, burst int, now func() time.Time) *budget {
	if rate <= 0 {
		rate = DefaultRequestsPerSecond
	}
	if burst <= 0 {
		burst = DefaultBurst
	}
	return &budget{rate: rate, burst: float64(burst), tokens: float64(burst), now: now, last: now()}
}

// wait takes one token, waiting for it while ctx allows; a pause that
// begins while it waits holds it back too. When its turn cannot come before
// ctx's deadline it gives up at once.
func (b *budget) wait(ctx context.Context) error {
	delay, ok := b.reserve(ctx)
	for ok && delay > 0 {
		timer := time.NewTimer(delay)
		select {
		case <-timer.C:
			delay, ok = b.pauseLeft(ctx)
		case <-ctx.Done():
			timer.Stop()
			ok = false
		}
		if !ok {
			b.cancel()
		}
	}
	if !ok {
		return errBudgetExhausted
	}
	return nil
}

// pauseLeft is what remains of a pause, and whether ctx can wait for it.
func (b *budget) pauseLeft(ctx context.Context) (time.Duration, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	left := b.pausedUntil.Sub(now)
	if deadline, ok := ctx.Deadline(); ok && left > 0 && now.Add(left).After(deadline) {
		return 0, false
	}
	return left, true
}

// tryTake takes a token only if one is there now.
func (b *budget) tryTake() bool {
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

func (b *budget) reserve(ctx context.Context) (time.Duration, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	b.refill(now)
	delay := time.Duration(0)
	if b.tokens < 1 {
		delay = time.Duration((1 - b.tokens) / b.rate * float64(time.Second))
	}
	if pause := b.pausedUntil.Sub(now); pause > delay {
		delay = pause
	}
	if deadline, ok := ctx.Deadline(); ok && now.Add(delay).After(deadline) {
		return 0, false
	}
	b.tokens--
	return delay, true
}

// cancel returns a reserved token that was not used.
func (b *budget) cancel() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.tokens = min(b.tokens+1, b.burst)
}

func (b *budget) refill(now time.Time) {
	if elapsed := now.Sub(b.last).Seconds(); elapsed > 0 {
		b.tokens = min(b.burst, b.tokens+elapsed*b.rate)
		b.last = now
	}
}

// throttledAnswer pauses every request for a while and empties the bucket:
// the API keeps refusing for a time after a burst. Answers to requests sent
// before the current pause began belong to the same episode and do not
// lengthen it.
func (b *budget) throttledAnswer(sent time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if sent.Before(b.pauseStarted) {
		return
	}
	b.throttled++
	pause := backoffBase << min(b.throttled-1, 5)
	pause = min(pause, backoffMax)
	pause = time.Duration(float64(pause) * (0.8 + 0.4*rand.Float64()))
	now := b.now()
	b.pauseStarted, b.pausedUntil = now, now.Add(pause)
	b.tokens = min(b.tokens, 0)
}

// answered ends a run of throttled answers.
func (b *budget) answered() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.throttled = 0
}
