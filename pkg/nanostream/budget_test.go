package nanostream

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/internal/fakeclock"
)

func TestBudgetBurstThenRate(t *testing.T) {
	clock := fakeclock.New(time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
	b := newMemoryBudget(2, 3, clock.Now)
	for range 3 {
		assert.True(t, b.TryTake())
	}
	assert.False(t, b.TryTake(), "the burst is spent")
	clock.Advance(500 * time.Millisecond)
	assert.True(t, b.TryTake(), "one token after 1/rate")
	assert.False(t, b.TryTake())
	clock.Advance(time.Hour)
	for range 3 {
		assert.True(t, b.TryTake())
	}
	assert.False(t, b.TryTake(), "never more than the burst")
}

func TestBudgetWaitGivesUpAtOnceWhenTheDeadlineIsTooNear(t *testing.T) {
	clock := fakeclock.New(time.Now())
	b := newMemoryBudget(0.1, 1, clock.Now) // one token, then one per 10 s
	require.NoError(t, waitTurn(context.Background(), b, time.Time{}, clock.Now))
	err := waitTurn(context.Background(), b, clock.Now().Add(time.Second), clock.Now)
	var nt *noTurn
	require.ErrorAs(t, err, &nt)
	assert.Equal(t, 10*time.Second, nt.retryAfter, "when the next token comes")
	assert.Equal(t, 10*time.Second, b.Next())
	clock.Advance(10 * time.Second)
	assert.True(t, b.TryTake(), "the refused reservation took nothing")
}

func TestReservationsQueueUpToTheDeadline(t *testing.T) {
	clock := fakeclock.New(time.Now())
	b := newMemoryBudget(1, 2, clock.Now)
	deadline := clock.Now().Add(3500 * time.Millisecond)
	var waits []time.Duration
	for range 6 {
		wait, ok := b.Reserve(deadline)
		if !ok {
			break
		}
		waits = append(waits, wait)
	}
	assert.Equal(t, []time.Duration{0, 0, time.Second, 2 * time.Second, 3 * time.Second}, waits,
		"the burst at once, then one a second, and none whose turn comes after the deadline")
	wait, ok := b.Reserve(deadline)
	assert.False(t, ok)
	assert.Equal(t, 4*time.Second, wait)
	b.Cancel()
	assert.Equal(t, 3*time.Second, b.Next(), "a reservation given back")
}

func TestTheNewestSettingsOfABudgetApply(t *testing.T) {
	clock := fakeclock.New(time.Now())
	b := newMemoryBudget(1, 30, clock.Now)
	for range 5 {
		require.True(t, b.TryTake())
	}
	b.Configure(0.5, 10)
	for range 10 {
		assert.True(t, b.TryTake())
	}
	assert.False(t, b.TryTake(), "a smaller burst caps what is left; a new configuration refills nothing")
	assert.Equal(t, 2*time.Second, b.Next(), "the new rate")
}

func TestThrottledAnswersPauseWithGrowingBackoff(t *testing.T) {
	clock := fakeclock.New(time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
	b := newMemoryBudget(100, 30, clock.Now)
	b.Throttled(clock.Now())
	first := b.pausedUntil.Sub(clock.Now())
	assert.InDelta(t, backoffBase.Seconds(), first.Seconds(), backoffBase.Seconds()*0.2+0.001)
	assert.False(t, b.TryTake(), "paused")
	clock.Advance(first)
	assert.True(t, b.TryTake(), "the pause is over")

	b.Throttled(clock.Now())
	second := b.pausedUntil.Sub(clock.Now())
	assert.InDelta(t, 2*backoffBase.Seconds(), second.Seconds(), 2*backoffBase.Seconds()*0.2+0.001, "doubled")
	for range 10 {
		b.Throttled(clock.Now())
	}
	assert.LessOrEqual(t, b.pausedUntil.Sub(clock.Now()), time.Duration(float64(backoffMax)*1.2), "capped")

	b.Answered()
	clock.Advance(2 * backoffMax)
	b.Throttled(clock.Now())
	assert.InDelta(t, backoffBase.Seconds(), b.pausedUntil.Sub(clock.Now()).Seconds(), backoffBase.Seconds()*0.2+0.001, "an answer resets the backoff")
}

func TestAnswersToRequestsSentBeforeThePauseDoNotLengthenIt(t *testing.T) {
	clock := fakeclock.New(time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
	b := newMemoryBudget(100, 30, clock.Now)
	sent := clock.Now()
	clock.Advance(100 * time.Millisecond)
	b.Throttled(sent) // five requests of one burst, all refused
	until := b.pausedUntil
	for range 4 {
		clock.Advance(10 * time.Millisecond)
		b.Throttled(sent)
	}
	assert.Equal(t, until, b.pausedUntil, "one episode, one pause")
	assert.Equal(t, 1, b.throttled)
}

func TestAPauseHoldsBackAWaiterThatAlreadyHasItsTurn(t *testing.T) {
	b := newMemoryBudget(20, 1, time.Now)
	require.NoError(t, waitTurn(context.Background(), b, time.Time{}, time.Now))
	done := make(chan time.Time, 1)
	start := time.Now()
	go func() {
		_ = waitTurn(context.Background(), b, time.Time{}, time.Now) // its turn comes after 50 ms
		done <- time.Now()
	}()
	time.Sleep(10 * time.Millisecond)
	b.Throttled(time.Now()) // a pause of about 2 s begins meanwhile
	b.mu.Lock()
	until := b.pausedUntil
	b.mu.Unlock()
	select {
	case at := <-done:
		assert.False(t, at.Before(until), "the waiter went at %v, inside the pause that ran to %v", at.Sub(start), until.Sub(start))
	case <-time.After(10 * time.Second):
		t.Fatal("the waiter never went")
	}
}
