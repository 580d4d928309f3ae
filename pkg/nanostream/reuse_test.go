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

// hourlyAPI answers every byte usage request with one point per hour of
// its range up to now, playout = the hour's unix time / 3600, ingest 1
// (none at 03:00), and records the requests.
type hourlyAPI struct {
	now      func() time.Time
	mu       sync.Mutex
	requests []string
	count    atomic.Int64
}

func (a *hourlyAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.count.Add(1)
	a.mu.Lock()
	a.requests = append(a.requests, r.URL.Path+"?"+r.URL.RawQuery)
	a.mu.Unlock()
	from, _ := time.Parse(timeLayout, r.URL.Query().Get(paramFrom))
	to, _ := time.Parse(timeLayout, r.URL.Query().Get(paramTo))
	var points []map[string]any
	for h := from; h.Before(to) && h.Before(a.now()); h = h.Add(time.Hour) {
		p := map[string]any{"timestamp": h.Unix(), "playout": float64(h.Unix() / 3600)}
		if h.Hour() != 3 {
			p["ingest"] = 1.0
		}
		points = append(points, p)
	}
	writeData(w, points)
}

func TestRecentHourlyRequestsAreCutFromOneRequest(t *testing.T) {
	clock := fakeclock.New(time.Date(2026, 11, 23, 14, 37, 0, 0, time.UTC))
	api := &hourlyAPI{now: clock.Now}
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	c := newTestClient(t, srv.URL, Config{APIKey: testKey, Now: clock.Now})
	at := func(s string) time.Time { v, _ := time.Parse(timeLayout, s); return v }
	monthToDate := Series{Range: Range{From: at("2026-10-01T00:00"), To: at("2026-11-23T14:00")}, Interval: intervalHour}
	lastDay := Series{Range: Range{From: at("2026-11-22T14:00"), To: at("2026-11-23T15:00")}, Interval: intervalHour}
	lastWeek := Series{Range: Range{From: at("2026-11-16T00:00"), To: at("2026-11-24T00:00")}, Interval: intervalDay}

	var wg sync.WaitGroup
	results := make([][]BytesPoint, 3)
	calls := make([]Call, 3)
	for i, s := range []Series{monthToDate, lastDay, lastWeek} {
		wg.Go(func() { // a cold dashboard load: every panel at once
			var err error
			results[i], calls[i], err = c.ByteUsage(context.Background(), s)
			assert.NoError(t, err)
		})
	}
	wg.Wait()
	require.Equal(t, int64(1), api.count.Load(), "one upstream call: %v", api.requests)
	assert.Equal(t, RouteHourlyBytes+"?from=2026-09-30T00%3A00&interval=hour&to=2026-11-23T15%3A00", api.requests[0],
		"from a day before the first of last month to the end of the current hour")

	assert.Len(t, results[0], (23+31)*24-10, "month to date: 1 October up to 14:00 today")
	assert.Equal(t, at("2026-10-01T00:00").Unix(), results[0][0].Timestamp)
	assert.Equal(t, at("2026-11-23T13:00").Unix(), results[0][len(results[0])-1].Timestamp)
	assert.Len(t, results[1], 25, "the last day with the current hour")
	assert.Equal(t, lastDay.call(RouteHourlyBytes).String(), calls[1].String(), "the executed request is the one asked")
	assert.Contains(t, calls[1].Served.From, "from=2026-09-30T00%3A00", "the request it was cut from")

	week := results[2]
	require.Len(t, week, 8, "seven whole days and today so far")
	monday := at("2026-11-16T00:00")
	var playout, ingest float64
	for h := monday; h.Before(monday.Add(24 * time.Hour)); h = h.Add(time.Hour) {
		playout += float64(h.Unix() / 3600)
		if h.Hour() != 3 {
			ingest++
		}
	}
	assert.Equal(t, monday.Unix(), week[0].Timestamp)
	assert.Equal(t, playout, *week[0].Playout, "a day is the sum of its hours")
	assert.Equal(t, ingest, *week[0].Ingest, "an hour without ingest adds nothing")
	assert.Equal(t, at("2026-11-23T00:00").Unix(), week[7].Timestamp)
	assert.Equal(t, 14.0, *week[7].Ingest, "today up to now: fifteen hours, one without ingest")

	// a month-to-date of the same organisation with a country filter is another request
	filtered := monthToDate
	filtered.Filter = Filter{Countries: []string{"DE"}}
	_, _, err := c.ByteUsage(context.Background(), filtered)
	require.NoError(t, err)
	assert.Equal(t, int64(2), api.count.Load())
}

func TestOtherRequestsAreSentAsTheyAre(t *testing.T) {
	clock := fakeclock.New(time.Date(2026, 11, 23, 14, 37, 0, 0, time.UTC))
	api := &hourlyAPI{now: clock.Now}
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	at := func(s string) time.Time { v, _ := time.Parse(timeLayout, s); return v }
	old := Series{Range: Range{From: at("2026-08-01T00:00"), To: at("2026-08-02T00:00")}, Interval: intervalHour}
	perStream := Series{Range: Range{From: at("2026-11-22T14:00"), To: at("2026-11-23T15:00"), Filter: Filter{StreamNames: []string{"a-1"}}}, Interval: intervalHour}

	c := newTestClient(t, srv.URL, Config{APIKey: testKey, Now: clock.Now})
	for _, s := range []Series{old, perStream} {
		_, call, err := c.ByteUsage(context.Background(), s)
		require.NoError(t, err)
		assert.Empty(t, call.Served.From)
	}
	off := newTestClient(t, srv.URL, Config{APIKey: testKey + "-off", Now: clock.Now, CacheDisabled: true})
	recent := Series{Range: Range{From: at("2026-11-22T14:00"), To: at("2026-11-23T15:00")}, Interval: intervalHour}
	_, call, err := off.ByteUsage(context.Background(), recent)
	require.NoError(t, err)
	assert.Empty(t, call.Served.From, "without the cache every request goes upstream as asked")
	assert.Equal(t, []string{
		RouteHourlyBytes + "?from=2026-08-01T00%3A00&interval=hour&to=2026-08-02T00%3A00",
		RouteBytes + "?from=2026-11-22T14%3A00&interval=hour&streamNames=a-1&to=2026-11-23T15%3A00",
		RouteHourlyBytes + "?from=2026-11-22T14%3A00&interval=hour&to=2026-11-23T15%3A00",
	}, api.requests)
}

func TestTheRecentWindowHoldsEveryBillingMonth(t *testing.T) {
	for _, now := range []time.Time{
		time.Date(2026, 11, 1, 0, 30, 0, 0, time.UTC),   // still October in New York
		time.Date(2026, 10, 31, 11, 0, 0, 0, time.UTC),  // already November at UTC+14
		time.Date(2026, 3, 31, 23, 0, 0, 0, time.UTC),   // a long month after a short one
		time.Date(2027, 1, 1, 5, 0, 0, 0, time.UTC),     // a new year
		time.Date(2026, 11, 23, 14, 37, 0, 0, time.UTC), // an ordinary day
	} {
		from, to := recentWindow(now)
		for _, zone := range []string{"Pacific/Kiritimati", "Pacific/Pago_Pago", "America/New_York", "Asia/Kolkata", "UTC"} {
			loc, err := time.LoadLocation(zone)
			require.NoError(t, err)
			local := now.In(loc)
			previous := time.Date(local.Year(), local.Month()-1, 1, 0, 0, 0, 0, loc)
			assert.False(t, previous.Before(from), "%s in %s: last month begins %s, the window %s", now, zone, previous.UTC(), from)
		}
		assert.True(t, to.After(now))
		assert.Equal(t, now.Truncate(time.Hour).Add(time.Hour), to)
	}
}

func TestShapeTakesTheMaximumOfHoursForDailyViewers(t *testing.T) {
	v := func(f float64) *float64 { return &f }
	day := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	hours := []ViewersPoint{
		{Timestamp: day.Add(-time.Hour).Unix(), MaxConcurrentViewers: v(99)},
		{Timestamp: day.Unix(), MaxConcurrentViewers: v(3)},
		{Timestamp: day.Add(5 * time.Hour).Unix(), MaxConcurrentViewers: nil},
		{Timestamp: day.Add(20 * time.Hour).Unix(), MaxConcurrentViewers: v(7)},
		{Timestamp: day.Add(25 * time.Hour).Unix(), MaxConcurrentViewers: v(2)},
	}
	want := Series{Range: Range{From: day, To: day.Add(48 * time.Hour)}, Interval: intervalDay}.call(RouteMaxViewers)
	got := shape(hours, intervalHour, want).([]ViewersPoint)
	require.Len(t, got, 2)
	assert.Equal(t, 7.0, *got[0].MaxConcurrentViewers)
	assert.Equal(t, 2.0, *got[1].MaxConcurrentViewers)
	assert.Equal(t, day.Add(24*time.Hour).Unix(), got[1].Timestamp)
	assert.Equal(t, 3.0, *hours[1].MaxConcurrentViewers, "the cached answer is left as it was")
}
