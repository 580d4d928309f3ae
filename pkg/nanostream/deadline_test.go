package nanostream

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/internal/fakeclock"
)

func TestMargin(t *testing.T) {
	for left, want := range map[time.Duration]time.Duration{
		time.Minute:            6 * time.Second,
		20 * time.Second:       2 * time.Second,
		5 * time.Second:        time.Second,
		2 * time.Second:        time.Second,
		500 * time.Millisecond: 250 * time.Millisecond,
		0:                      0,
		-time.Second:           0,
	} {
		assert.Equal(t, want, Margin(left), "of %v", left)
	}
}

func TestWithinDeadline(t *testing.T) {
	deadline := time.Now().Add(time.Minute)
	parent, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	ctx, stop := WithinDeadline(parent)
	defer stop()
	answerBy, ok := ctx.Deadline()
	require.True(t, ok)
	budgetBy := budgetDeadline(ctx)
	assert.True(t, budgetBy.Before(answerBy), "the budget's turn ends before the answers are due")
	assert.True(t, answerBy.Before(deadline), "the answers are due before the request's deadline")
	assert.InDelta(t, 6, deadline.Sub(budgetBy).Seconds(), 0.5)
	assert.InDelta(t, 3, deadline.Sub(answerBy).Seconds(), 0.5)

	detached := withBudgetDeadline(context.WithoutCancel(ctx), budgetDeadline(ctx))
	assert.Equal(t, budgetBy, budgetDeadline(detached), "a flight keeps its caller's turn deadline")

	plain, stop2 := WithinDeadline(context.Background())
	defer stop2()
	assert.True(t, budgetDeadline(plain).IsZero(), "no deadline, no limit")
}

func TestACallWhoseTurnComesTooLateEndsAtOnce(t *testing.T) {
	a, srv := newCountingAPI(t)
	c := newTestClient(t, srv.URL, Config{APIKey: testKey, RequestsPerSecond: 0.01, Burst: 1})
	_, _, err := c.MaxViewers(context.Background(), shifted(0)) // spends the only token
	require.NoError(t, err)

	parent, cancel := context.WithTimeout(context.Background(), time.Minute) // the next token comes in 100 s
	defer cancel()
	ctx, stop := WithinDeadline(parent)
	defer stop()
	_, _, err = c.MaxViewers(ctx, shifted(1))
	require.Error(t, err)
	assert.NoError(t, ctx.Err(), "the call gave up at once, not at its deadline")
	assert.Equal(t, KindBudget, KindOf(err))
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.InDelta(t, 100, e.RetryAfter.Seconds(), 1, "the budget knows when its next token comes")
	assert.Contains(t, err.Error(), "The nanoStream API's request budget is exhausted: the query could not be sent before its deadline without exceeding the API's rate limit; retry in about 10")
	assert.Equal(t, int64(1), a.requests.Load())
	assert.Zero(t, flightWaiters(c, shifted(1)), "no flight is left waiting")
}

func TestACallAfterTheDeadlineSendsNothingButTakesTheCache(t *testing.T) {
	a, srv := newCountingAPI(t)
	c := newTestClient(t, srv.URL, Config{APIKey: testKey})
	_, _, err := c.MaxViewers(context.Background(), shifted(0))
	require.NoError(t, err)
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	_, call, err := c.MaxViewers(ctx, shifted(0))
	require.NoError(t, err)
	assert.Equal(t, CacheHit, call.Served.Cache)
	_, _, err = c.MaxViewers(ctx, shifted(1))
	assert.Equal(t, KindBudget, KindOf(err))
	assert.Equal(t, int64(1), a.requests.Load())
}

func TestAnAnswerThatArrivesLateStillFillsTheCache(t *testing.T) {
	a, srv := newCountingAPI(t)
	a.release = make(chan struct{})
	c := newTestClient(t, srv.URL, Config{APIKey: testKey})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, _, err := c.MaxViewers(ctx, lastHour)
		done <- err
	}()
	require.Eventually(t, func() bool { return a.requests.Load() == 1 }, 5*time.Second, time.Millisecond)
	cancel() // the caller gives up while the request is under way
	assert.Equal(t, KindCanceled, KindOf(<-done))
	close(a.release)
	require.Eventually(t, func() bool { _, ok := c.org.cache.Lookup(lastHour.call(RouteMaxViewers).String()); return ok },
		5*time.Second, time.Millisecond, "the request sent ran to its end")
	_, call, err := c.MaxViewers(context.Background(), lastHour)
	require.NoError(t, err)
	assert.Equal(t, CacheHit, call.Served.Cache)
	assert.Equal(t, int64(1), a.requests.Load())
}

func TestMaxAgeLimitsTheCachedAnswersACallTakes(t *testing.T) {
	a, srv := newCountingAPI(t)
	clock := fakeclock.New(time.Now())
	c := newTestClient(t, srv.URL, Config{APIKey: testKey, Now: clock.Now})
	_, _, err := c.Countries(context.Background()) // fresh for an hour
	require.NoError(t, err)
	clock.Advance(10 * time.Minute)
	_, call, err := c.Countries(MaxAge(context.Background(), 15*time.Minute))
	require.NoError(t, err)
	assert.Equal(t, CacheHit, call.Served.Cache)
	_, call, err = c.Countries(MaxAge(context.Background(), 5*time.Minute))
	require.NoError(t, err)
	assert.Equal(t, CacheMiss, call.Served.Cache, "too old for this caller")
	assert.Equal(t, int64(2), a.requests.Load())
}
