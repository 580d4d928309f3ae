package simulator

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func requireThrottled(t *testing.T, rec *httptest.ResponseRecorder) {
	t.Helper()
	require.Equal(t, http.StatusBadGateway, rec.Code)
	assert.Equal(t, "text/html", rec.Header().Get("Content-Type"))
	assert.Empty(t, rec.Header().Get("Retry-After"))
	body := rec.Body.String()
	assert.Contains(t, body, "<html>")
	assert.Contains(t, body, "502 Bad Gateway")
	assert.Contains(t, body, "nginx")
}

func TestThrottleBurstAndDrain(t *testing.T) {
	sim, clock := newTestSim(t, Options{Throttle: true, Admin: true})
	for i := 0; i < 30; i++ {
		dataOf[countryItem](t, get(sim, countriesPath))
	}
	requireThrottled(t, get(sim, countriesPath))
	requireThrottled(t, get(sim, "/v2/does/not/exist"))
	requireThrottled(t, do(sim, http.MethodPost, "/authenticate", nil, demoLogin))

	clock.Advance(999 * time.Millisecond)
	requireThrottled(t, get(sim, countriesPath))
	clock.Advance(time.Millisecond)
	dataOf[countryItem](t, get(sim, countriesPath))
	requireThrottled(t, get(sim, countriesPath))

	clock.Advance(10 * time.Second)
	for i := 0; i < 10; i++ {
		dataOf[countryItem](t, get(sim, countriesPath))
	}
	requireThrottled(t, get(sim, countriesPath))

	stats := sim.Stats()
	assert.Equal(t, int64(6), stats.Throttled)
	assert.Equal(t, int64(47), stats.Requests, "throttled requests are counted too")

	// admin routes are neither throttled nor counted
	rec := do(sim, http.MethodGet, "/_simulator/stats", nil, "")
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, int64(47), sim.Stats().Requests)

	sim.ResetThrottle()
	dataOf[countryItem](t, get(sim, countriesPath))
}

func TestThrottleSustainedRate(t *testing.T) {
	sim, clock := newTestSim(t, Options{Throttle: true, Rate: 2, Burst: 3})
	passed := 0
	for i := 0; i < 40; i++ { // 10 s at 4 requests per second
		if get(sim, countriesPath).Code == http.StatusOK {
			passed++
		}
		clock.Advance(250 * time.Millisecond)
	}
	assert.InDelta(t, 3+2*10, passed, 1, "burst plus the rate over ten seconds")
}

func TestThrottleOff(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	for i := 0; i < 100; i++ {
		require.Equal(t, http.StatusOK, get(sim, countriesPath).Code)
	}
	assert.Zero(t, sim.Stats().Throttled)
}

func TestLimiterClockBackwards(t *testing.T) {
	l := newLimiter(1, 2)
	now := testNow
	assert.True(t, l.allow(now))
	assert.True(t, l.allow(now))
	assert.False(t, l.allow(now.Add(-time.Hour)), "a clock going back drains nothing")
	assert.True(t, l.allow(now.Add(time.Second)))
}
