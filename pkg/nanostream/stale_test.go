package nanostream

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/internal/fakeclock"
)

func TestAnExpiredAnswerIsServedStaleWhileOneRefreshIsQueued(t *testing.T) {
	var requests atomic.Int64
	var hold atomic.Bool
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		requests.Add(1)
		if hold.Load() {
			<-release // the refresh lands once every stale answer was given
		}
		writeData(w, []any{})
	}))
	t.Cleanup(srv.Close)
	clock := fakeclock.New(time.Now())
	c := newTestClient(t, srv.URL, Config{APIKey: testKey, Now: clock.Now})
	_, call, err := c.MaxViewers(context.Background(), lastHour)
	require.NoError(t, err)
	assert.Equal(t, CacheMiss, call.Served.Cache)
	assert.Equal(t, settledTTL, call.Served.Lifetime, "a range that ended long ago")

	clock.Advance(settledTTL + time.Minute)
	hold.Store(true)
	var wg sync.WaitGroup
	for range 20 { // ten screens, twice: all at once, none waits
		wg.Go(func() {
			_, call, err := c.MaxViewers(context.Background(), lastHour)
			assert.NoError(t, err)
			assert.Equal(t, CacheStale, call.Served.Cache)
			assert.Equal(t, settledTTL+time.Minute, call.Served.Age)
			assert.Contains(t, call.Served.Notice(), "This answer is 6 h 1 min old, older than its lifetime of 6 h 0 min: it is shown while a refresh waits for the nanoStream API's request budget.")
		})
	}
	wg.Wait()
	close(release)
	require.Eventually(t, func() bool {
		_, call, err := c.MaxViewers(context.Background(), lastHour)
		return err == nil && call.Served.Cache == CacheHit
	}, 5*time.Second, time.Millisecond, "the refresh lands")
	assert.Equal(t, int64(2), requests.Load(), "one refresh for twenty stale answers")
}

func TestAnAlertQueryNeverTakesAStaleAnswer(t *testing.T) {
	a, srv := newCountingAPI(t)
	clock := fakeclock.New(time.Now())
	c := newTestClient(t, srv.URL, Config{APIKey: testKey, Now: clock.Now})
	_, _, err := c.MaxViewers(context.Background(), lastHour)
	require.NoError(t, err)
	clock.Advance(settledTTL + time.Second)
	_, call, err := c.MaxViewers(FreshOnly(context.Background()), lastHour)
	require.NoError(t, err)
	assert.Equal(t, CacheMiss, call.Served.Cache, "it waited for a fresh answer")
	assert.Equal(t, int64(2), a.requests.Load())
	_, call, err = c.MaxViewers(FreshOnly(context.Background()), lastHour)
	require.NoError(t, err)
	assert.Equal(t, CacheHit, call.Served.Cache, "a fresh cached answer is fine")

	// with no budget before its deadline, it fails clearly instead
	b, srv2 := newCountingAPI(t)
	tight := newTestClient(t, srv2.URL, Config{APIKey: testKey, Now: clock.Now, RequestsPerSecond: 0.01, Burst: 1})
	_, _, err = tight.MaxViewers(context.Background(), lastHour)
	require.NoError(t, err)
	clock.Advance(settledTTL + time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, _, err = tight.MaxViewers(FreshOnly(ctx), lastHour)
	assert.Equal(t, KindBudget, KindOf(err))
	assert.Equal(t, int64(1), b.requests.Load())
}

func TestAPanelWhoseRangeMovedOnGetsItsPreviousAnswerAtOnce(t *testing.T) {
	a, srv := newCountingAPI(t)
	clock := fakeclock.New(time.Date(2026, 11, 23, 14, 37, 10, 0, time.UTC))
	c := newTestClient(t, srv.URL, Config{APIKey: testKey, Now: clock.Now, RequestsPerSecond: 0.01, Burst: 1})
	lastHourNow := func() Series { // a panel's "last hour", aligned to minutes as queries are
		to := clock.Now().Truncate(time.Minute).Add(time.Minute)
		return Series{Range: Range{From: to.Add(-61 * time.Minute), To: to}, Interval: intervalMinute}
	}
	_, call, err := c.MaxViewers(context.Background(), lastHourNow())
	require.NoError(t, err)
	assert.Equal(t, CacheMiss, call.Served.Cache)
	assert.Equal(t, minuteTTL, call.Served.Lifetime)

	clock.Advance(time.Minute) // the next refresh asks the next minute's window
	moved := lastHourNow()
	_, call, err = c.MaxViewers(context.Background(), moved)
	require.NoError(t, err, "no answer of this window yet, but one of the panel's: no wait for the budget, which is spent")
	assert.Equal(t, CacheStale, call.Served.Cache)
	assert.Equal(t, time.Minute, call.Served.Age)
	assert.NotEmpty(t, call.Served.Notice())
	assert.Equal(t, int64(1), a.requests.Load())

	other := moved
	other.Filter = Filter{StreamNames: []string{"another-panel"}}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_, _, err = c.MaxViewers(ctx, other)
	assert.Equal(t, KindBudget, KindOf(err), "a query with no answer at all waits for the budget")

	past := lastHour // a fixed range that ended long ago has no family
	past.From, past.To = moved.From.Add(-24*time.Hour), moved.To.Add(-24*time.Hour)
	assert.Empty(t, family(past.call(RouteMaxViewers), clock.Now()))
}

func TestAFailedRefreshIsToldWithTheStaleAnswer(t *testing.T) {
	var fail atomic.Bool
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		requests.Add(1)
		if fail.Load() {
			writeAPIError(w, http.StatusForbidden, 105002, "AccessLevelTooLow", "access level too low")
			return
		}
		writeData(w, []any{})
	}))
	t.Cleanup(srv.Close)
	clock := fakeclock.New(time.Now())
	c := newTestClient(t, srv.URL, Config{APIKey: testKey, Now: clock.Now})
	_, _, err := c.MaxViewers(context.Background(), lastHour)
	require.NoError(t, err)
	fail.Store(true)
	clock.Advance(settledTTL + time.Second)
	_, call, err := c.MaxViewers(context.Background(), lastHour)
	require.NoError(t, err)
	assert.Equal(t, CacheStale, call.Served.Cache)
	require.Eventually(t, func() bool { return requests.Load() == 2 && c.org.refresh.queued() == 0 }, 5*time.Second, time.Millisecond)
	require.Eventually(t, func() bool {
		_, call, err = c.MaxViewers(context.Background(), lastHour)
		return err == nil && call.Served.Problem != ""
	}, 5*time.Second, time.Millisecond)
	assert.Contains(t, call.Served.Notice(), "it is shown while a refresh waits for the nanoStream API's request budget. Its last refresh failed: the organisation's analytics access level is too low for this data (error 105002)")
}

func TestTheRefreshQueueServesTheMostAskedThenTheLongestWaitingFirst(t *testing.T) {
	clock := fakeclock.New(time.Now())
	r := newRefresher(clock.Now)
	call := func(name string) Call { return Call{Route: "/" + name} }
	r.enqueue(nil, call("once-early"), "", nil)
	clock.Advance(time.Second)
	for range 3 {
		r.enqueue(nil, call("thrice"), "", nil)
	}
	r.enqueue(nil, call("once-late"), "", nil)
	r.enqueue(nil, call("twice"), "", nil)
	r.enqueue(nil, call("twice"), "", nil)
	var order []string
	for it := r.next(); it != nil; it = r.next() {
		order = append(order, it.call.Route)
	}
	assert.Equal(t, []string{"/thrice", "/twice", "/once-early", "/once-late"}, order)

	// a family's refresh fetches the newest request asked of it
	r.enqueue(nil, call("minute-1"), "panel", nil)
	r.enqueue(nil, call("minute-2"), "panel", nil)
	it := r.next()
	require.NotNil(t, it)
	assert.Equal(t, "/minute-2", it.call.Route)
	assert.Equal(t, 2, it.demand)
	assert.Nil(t, r.next())
}

func TestARefreshWhoseRequestWasAnsweredSinceItWasQueuedIsDone(t *testing.T) {
	a, srv := newCountingAPI(t)
	clock := fakeclock.New(time.Now())
	c := newTestClient(t, srv.URL, Config{APIKey: testKey, Now: clock.Now})
	_, call, err := c.MaxViewers(context.Background(), lastHour)
	require.NoError(t, err)
	fetched := clock.Now()
	clock.Advance(settledTTL + time.Minute) // the answer is stale now
	decode := func(body []byte) (any, error) { return Decode[ViewersPoint](call.Route, body) }
	item := func(queued time.Time) *refreshItem {
		return &refreshItem{id: call.String(), client: c, call: Call{Route: call.Route, Params: call.Params}, decode: decode, demand: 1, queued: queued}
	}

	c.refreshNow(context.Background(), c.org.refresh, item(fetched.Add(-time.Second)))
	time.Sleep(100 * time.Millisecond) // a refresh, had one started, would have been sent by now
	assert.Equal(t, int64(1), a.requests.Load(), "answered after it was queued (by this process or another): done")

	c.refreshNow(context.Background(), c.org.refresh, item(fetched.Add(time.Second)))
	require.Eventually(t, func() bool { return a.requests.Load() == 2 }, 5*time.Second, time.Millisecond,
		"queued after its answer, which is stale: refreshed")
}

func TestAPanelAnotherProcessIsRefreshingIsNotRefreshedAgain(t *testing.T) {
	a, srv := newCountingAPI(t)
	store := newFakeShared()
	clock := fakeclock.New(time.Date(2026, 11, 23, 14, 37, 10, 0, time.UTC))
	c := newTestClient(t, srv.URL, Config{APIKey: testKey, Now: clock.Now, Shared: store})
	lastHourNow := func() Series {
		to := clock.Now().Truncate(time.Minute).Add(time.Minute)
		return Series{Range: Range{From: to.Add(-time.Hour), To: to}, Interval: intervalMinute}
	}
	_, first, err := c.MaxViewers(context.Background(), lastHourNow())
	require.NoError(t, err)
	clock.Advance(time.Minute) // stale, and the panel's range moved on
	call := lastHourNow().call(RouteMaxViewers)
	fam := family(call, clock.Now())
	require.NotEmpty(t, fam)
	decode := func(body []byte) (any, error) { return Decode[ViewersPoint](first.Route, body) }
	item := &refreshItem{id: fam, client: c, call: call, family: fam, decode: decode, demand: 1, queued: clock.Now()}

	store.hold("refresh "+fam, true) // another replica refreshes the panel now
	c.refreshNow(context.Background(), c.org.refresh, item)
	time.Sleep(100 * time.Millisecond) // a refresh, had one started, would have been sent by now
	assert.Equal(t, int64(1), a.requests.Load(), "left to the other replica")

	store.hold("refresh "+fam, false)
	c.refreshNow(context.Background(), c.org.refresh, item)
	require.Eventually(t, func() bool { return a.requests.Load() == 2 }, 5*time.Second, time.Millisecond, "nobody else refreshes it: this process does")
}

func TestAFreshAnswerOfThePanelStandsInWithoutQueueingARefresh(t *testing.T) {
	a, srv := newCountingAPI(t)
	clock := fakeclock.New(time.Date(2026, 11, 23, 14, 37, 50, 0, time.UTC))
	c := newTestClient(t, srv.URL, Config{APIKey: testKey, Now: clock.Now, RequestsPerSecond: 0.001, Burst: 2})
	panel := func(stream string) Series { // a panel's last hour at now
		to := clock.Now().Truncate(time.Minute).Add(time.Minute)
		return Series{Range: Range{From: to.Add(-time.Hour), To: to, Filter: Filter{StreamNames: []string{stream}}}, Interval: intervalMinute}
	}
	ask := func(stream string) Call {
		_, call, err := c.MaxViewers(context.Background(), panel(stream))
		require.NoError(t, err)
		return call
	}
	ask("x")                        // 14:37:50, the first token
	clock.Advance(65 * time.Second) // 14:38:55
	ask("p")                        // the second token: none is left
	clock.Advance(5 * time.Second)  // 14:39:00: both panels' ranges moved on

	stale := ask("x") // 70 s old: its refresh is queued and waits for the budget
	require.Equal(t, CacheStale, stale.Served.Cache)
	require.Eventually(t, func() bool { return c.org.refresh.queued() == 0 }, 5*time.Second, time.Millisecond, "the worker took it")

	standIn := ask("p") // 5 s old, of the panel's previous minute
	assert.Equal(t, 5*time.Second, standIn.Served.Age)
	assert.Empty(t, standIn.Served.Notice())
	assert.Zero(t, c.org.refresh.queued(), "nothing to refresh before it expires: queued now, it would wait ahead of older answers")
	assert.Equal(t, int64(2), a.requests.Load())
}
