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
	b := newBudget(2, 3, clock.Now)
	for range 3 {
		assert.True(t, b.tryTake())
	}
	assert.False(t, b.tryTake(), "the burst is spent")
	clock.Advance(500 * time.Millisecond)
	assert.True(t, b.tryTake(), "one token after 1/rate")
	assert.False(t, b.tryTake())
	clock.Advance(time.Hour)
	for range 3 {
		assert.True(t, b.tryTake())
	}
	assert.False(t, b.tryTake(), "never more than the burst")
}

func TestBudgetWaitGivesUpAtOnceWhenTheDeadlineIsTooNear(t *testing.T) {
	clock := fakeclock.New(time.Now())
	b := newBudget(0.1, 1, clock.Now) // one token, then one per 10 s
	require.NoError(t, b.wait(context.Background()))
	ctx, cancel := context.WithDeadline(context.Background(), clock.Now().Add(time.Second))
	defer cancel()
	assert.ErrorIs(t, b.wait(ctx), errBudgetExhausted)
	clock.Advance(10 * time.Second)
	assert.True(t, b.tryTake(), "the refused reservation took nothing")
}

func TestThrottledAnswersPauseWithGrowingBackoff(t *testing.T) {
	clock := fakeclock.New(time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
	b := newBudget(100, 30, clock.Now)
	b.throttledAnswer(clock.Now())
	first := b.pausedUntil.Sub(clock.Now())
	assert.InDelta(t, backoffBase.Seconds(), first.Seconds(), backoffBase.Seconds()*0.2+0.001)
	assert.False(t, b.tryTake(), "paused")
	clock.Advance(first)
	assert.True(t, b.tryTake(), "the pause is over")

	b.throttledAnswer(clock.Now())
	second := b.pausedUntil.Sub(clock.Now())
	assert.InDelta(t, 2*backoffBase.Seconds(), second.Seconds(), 2*backoffBase.Seconds()*0.2+0.001, "doubled")
	for range 10 {
		b.throttledAnswer(clock.Now())
	}
	assert.LessOrEqual(t, b.pausedUntil.Sub(clock.Now()), time.Duration(float64(backoffMax)*1.2), "capped")

	b.answered()
	clock.Advance(2 * backoffMax)
	b.throttledAnswer(clock.Now())
	assert.InDelta(t, backoffBase.Seconds(), b.pausedUntil.Sub(clock.Now()).Seconds(), backoffBase.Seconds()*0.2+0.001, "an answer resets the backoff")
}

func TestAnswersToRequestsSentBeforeThePauseDoNotLengthenIt(t *testing.T) {
	clock := fakeclock.New(time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
	b := newBudget(100, 30, clock.Now)
	sent := clock.Now()
	clock.Advance(100 * time.Millisecond)
	b.throttledAnswer(sent) // five requests of one burst, all refused
	until := b.pausedUntil
	for range 4 {
		clock.Advance(10 * time.Millisecond)
		b.throttledAnswer(sent)
	}
	assert.Equal(t, until, b.pausedUntil, "one episode, one pause")
	assert.Equal(t, 1, b.throttled)
}

func TestAPauseHoldsBackAWaiterThatAlreadyHasItsTurn(t *testing.T) {
	b := newBudget(20, 1, time.Now)
	require.NoError(t, b.wait(context.Background()))
	done := make(chan time.Time, 1)
	start := time.Now()
	go func() {
		_ = b.wait(context.Background()) // its turn comes after 50 ms
		done <- time.Now()
	}()
	time.Sleep(10 * time.Millisecond)
	b.throttledAnswer(time.Now()) // a pause of about 2 s begins meanwhile
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
