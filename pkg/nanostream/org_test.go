package nanostream

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// countingAPI answers every request with an empty data list, or a login
// token, and counts what it got.
type countingAPI struct {
	requests, logins atomic.Int64
	release          chan struct{} // when set, data answers wait for it
}

func (a *countingAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == RouteAuthenticate {
		a.logins.Add(1)
		_, _ = w.Write([]byte(`{"token":"shared-session-token"}`))
		return
	}
	a.requests.Add(1)
	if a.release != nil {
		<-a.release
	}
	writeData(w, []any{})
}

func newCountingAPI(t *testing.T) (*countingAPI, *httptest.Server) {
	t.Helper()
	a := &countingAPI{}
	srv := httptest.NewServer(a)
	t.Cleanup(srv.Close)
	return a, srv
}

func TestClientsOfOneOrganisationShareTheBudget(t *testing.T) {
	a, srv := newCountingAPI(t)
	orgs := NewOrgs()
	cfg := Config{APIKey: testKey, Orgs: orgs, RequestsPerSecond: 0.01, Burst: 2}
	for i := range 4 { // Save & test after Save & test: a new instance each time
		c := newTestClient(t, srv.URL, cfg)
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		_, _, err := c.MaxViewers(ctx, shifted(i))
		cancel()
		if i < 2 {
			require.NoError(t, err)
			continue
		}
		require.Error(t, err, "instance %d", i)
		assert.Equal(t, KindBudget, KindOf(err), "the burst was spent by the instances before")
		c.Close()
	}
	assert.Equal(t, int64(2), a.requests.Load(), "no sequence of instances raises the request rate")
	assert.Equal(t, 1, orgs.len())

	other := newTestClient(t, srv.URL, Config{APIKey: testKey + "-other", Orgs: orgs, RequestsPerSecond: 0.01, Burst: 2})
	_, _, err := other.MaxViewers(context.Background(), shifted(9))
	require.NoError(t, err, "another credential is another organisation, with a budget of its own")
	assert.Equal(t, 2, orgs.len())
}

func TestClientsOfOneOrganisationShareTheCacheAndTheSession(t *testing.T) {
	a, srv := newCountingAPI(t)
	orgs := NewOrgs()
	cfg := Config{Email: "ops@example.com", Password: "pw-secret-2", Orgs: orgs}
	first := newTestClient(t, srv.URL, cfg)
	_, call, err := first.MaxViewers(context.Background(), lastHour)
	require.NoError(t, err)
	assert.Equal(t, CacheMiss, call.Served.Cache)
	first.Close()

	cfg.Email = " OPS@example.com" // the same account
	second := newTestClient(t, srv.URL, cfg)
	_, call, err = second.MaxViewers(context.Background(), lastHour)
	require.NoError(t, err)
	assert.Equal(t, CacheHit, call.Served.Cache, "the answer outlives the instance that fetched it")
	_, _, err = second.MaxViewers(context.Background(), shifted(1))
	require.NoError(t, err)
	assert.Equal(t, int64(1), a.logins.Load(), "the session token too")
	assert.Equal(t, int64(2), a.requests.Load())
}

func TestClosingOneClientKeepsTheFlightsOthersWaitFor(t *testing.T) {
	a, srv := newCountingAPI(t)
	a.release = make(chan struct{})
	orgs := NewOrgs()
	old := newTestClient(t, srv.URL, Config{APIKey: testKey, Orgs: orgs})
	replacement := newTestClient(t, srv.URL, Config{APIKey: testKey, Orgs: orgs})
	done := make(chan error, 1)
	go func() {
		_, _, err := old.MaxViewers(context.Background(), lastHour)
		done <- err
	}()
	require.Eventually(t, func() bool { return a.requests.Load() == 1 }, 5*time.Second, time.Millisecond)
	shared := make(chan Call, 1)
	go func() {
		_, call, err := replacement.MaxViewers(context.Background(), lastHour)
		assert.NoError(t, err)
		shared <- call
	}()
	require.Eventually(t, func() bool { return flightWaiters(replacement, lastHour) == 2 }, 5*time.Second, time.Millisecond)
	old.Close() // Grafana disposes of the old instance
	close(a.release)
	call := <-shared
	assert.Equal(t, CacheShared, call.Served.Cache)
	assert.NoError(t, <-done)
	assert.Equal(t, int64(1), a.requests.Load())
}

// flightWaiters is how many callers wait for the flight of a series.
func flightWaiters(c *Client, s Series) int {
	fs := &c.org.flights
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if f, ok := fs.m[s.call(RouteMaxViewers).String()]; ok {
		return f.waiters
	}
	return 0
}

func TestAnOrganisationsStateLingersAfterItsLastClient(t *testing.T) {
	a, srv := newCountingAPI(t)
	orgs := newOrgs(time.Hour)
	c := newTestClient(t, srv.URL, Config{APIKey: testKey, Orgs: orgs})
	_, _, err := c.MaxViewers(context.Background(), lastHour)
	require.NoError(t, err)
	c.Close()
	c.Close() // twice is once
	assert.Equal(t, 1, orgs.len(), "kept after the last client")
	c = newTestClient(t, srv.URL+"/", Config{APIKey: testKey, Orgs: orgs})
	_, call, err := c.MaxViewers(context.Background(), lastHour)
	require.NoError(t, err)
	assert.Equal(t, CacheHit, call.Served.Cache)
	assert.Equal(t, int64(1), a.requests.Load())

	brief := newOrgs(time.Millisecond)
	c = newTestClient(t, srv.URL, Config{APIKey: testKey, Orgs: brief})
	c.Close()
	assert.Eventually(t, func() bool { return brief.len() == 0 }, 5*time.Second, time.Millisecond, "forgotten after the linger time")
}

func TestTheOrganisationKeyHoldsNoSecret(t *testing.T) {
	base := "https://metrics-api.nanostream.cloud"
	key := orgKey(Config{Auth: AuthAPIKey, APIKey: testKey}, base)
	account := orgKey(Config{Auth: AuthAccount, Email: "ops@example.com", Password: "pw-secret-3"}, base)
	assert.True(t, strings.HasPrefix(key, base+" "))
	for _, k := range []string{key, account} {
		assert.NotContains(t, k, testKey)
		assert.NotContains(t, k, "pw-secret-3")
	}
	assert.NotEqual(t, key, orgKey(Config{Auth: AuthAPIKey, APIKey: testKey + "x"}, base))
	assert.NotEqual(t, account, orgKey(Config{Auth: AuthAccount, Email: "ops@example.com", Password: "pw-secret-4"}, base))
	assert.NotEqual(t, account, orgKey(Config{Auth: AuthAccount, Email: "ops@example.co", Password: "mpw-secret-3"}, base), "fields do not run into each other")
	assert.NotEqual(t, key, orgKey(Config{Auth: AuthAPIKey, APIKey: testKey}, "https://metrics.nanocosmos.de/api"))
	assert.Equal(t, key, orgKey(Config{Auth: AuthAPIKey, APIKey: testKey, Email: "ignored@example.com", Password: "ignored"}, base))
}
