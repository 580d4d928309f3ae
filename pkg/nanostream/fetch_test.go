package nanostream

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAPIKeyModeSendsTheKeyAndTheContractParameters(t *testing.T) {
	var got *http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		writeData(w, []map[string]any{{"timestamp": 1795438800, "maxConcurrentViewers": 42}})
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, Config{APIKey: testKey})

	s := lastHour
	s.Filter = Filter{StreamNames: []string{"a-1", "a-2"}, Tags: []string{"sports"}, Countries: []string{"DE", "AT"}}
	points, call, err := c.MaxViewers(context.Background(), s)
	require.NoError(t, err)
	require.Len(t, points, 1)
	assert.Equal(t, 42.0, *points[0].MaxConcurrentViewers)

	assert.Equal(t, RouteMaxViewers, got.URL.Path)
	assert.Equal(t, testKey, got.Header.Get("X-BINTU-APIKEY"))
	q := got.URL.Query()
	assert.Equal(t, "2026-11-23T13:00", q.Get("from"))
	assert.Equal(t, "2026-11-23T14:00", q.Get("to"))
	assert.Equal(t, "minute", q.Get("interval"))
	assert.Equal(t, "a-1,a-2", q.Get("streamNames"))
	assert.Equal(t, "sports", q.Get("tags"))
	assert.Equal(t, "DE,AT", q.Get("countries"))
	assert.Contains(t, got.URL.RawQuery, "from=2026-11-23T13%3A00")
	assert.Equal(t, "GET "+RouteMaxViewers+"?countries=DE%2CAT&from=2026-11-23T13%3A00&interval=minute&streamNames=a-1%2Ca-2&tags=sports&to=2026-11-23T14%3A00", call.String())
	assert.NotContains(t, call.String(), testKey)
}

func TestByteUsageAsksTheHourlyRouteWhereItCan(t *testing.T) {
	srv, last := recorder(t)
	c := newTestClient(t, srv.URL, Config{APIKey: testKey, CacheDisabled: true})
	tests := []struct {
		name     string
		interval string
		filter   Filter
		route    string
	}{
		{"per minute", "minute", Filter{}, RouteBytes},
		{"hourly", "hour", Filter{}, RouteHourlyBytes},
		{"daily with tags and countries", "day", Filter{Tags: []string{"sports"}, Countries: []string{"DE"}}, RouteHourlyBytes},
		{"hourly with a stream filter, which the hourly route refuses", "hour", Filter{StreamNames: []string{"a-1"}}, RouteBytes},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := lastHour
			s.Interval, s.Filter = tt.interval, tt.filter
			_, call, err := c.ByteUsage(context.Background(), s)
			require.NoError(t, err)
			assert.Equal(t, tt.route, call.Route)
			assert.Equal(t, tt.route, last().URL.Path)
		})
	}
}

func TestLegacyBaseURLKeepsItsPrefix(t *testing.T) {
	srv, last := recorder(t)
	c := newTestClient(t, srv.URL+"/api/", Config{APIKey: testKey})
	_, _, err := c.Countries(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "/api"+RouteCountries, last().URL.Path)
}

func TestMissingValuesDecodeAsNil(t *testing.T) {
	srv := httptest.NewServer(answer(bytesAnswer))
	defer srv.Close()
	c := newTestClient(t, srv.URL, Config{APIKey: testKey})
	points, _, err := c.Bytes(context.Background(), lastHour)
	require.NoError(t, err)
	require.Len(t, points, 2)
	assert.Equal(t, 1.5e9, *points[0].Playout)
	assert.Nil(t, points[0].Ingest)
	assert.Nil(t, points[1].Playout)
	assert.Equal(t, 7.0, *points[1].Ingest)
}

func TestANewcomerDoesNotJoinAnAbandonedRequest(t *testing.T) {
	srv, _ := recorder(t)
	c := newTestClient(t, srv.URL, Config{APIKey: testKey, RequestsPerSecond: 5, Burst: 1})
	_, _, err := c.Countries(context.Background()) // spends the only token
	require.NoError(t, err)
	for i := range 10 { // a refresh cancels the query just as the next identical one arrives
		s := shifted(10 + i)
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			time.Sleep(time.Millisecond)
			cancel()
		}()
		_, _, _ = c.MaxViewers(ctx, s)
		_, _, err := c.MaxViewers(context.Background(), s)
		require.NoError(t, err, "the newcomer's own context is alive")
	}
}

func TestANullDataListIsAnEmptyAnswer(t *testing.T) {
	srv := httptest.NewServer(answer(nullDataAnswer))
	defer srv.Close()
	c := newTestClient(t, srv.URL, Config{APIKey: testKey})
	points, _, err := c.MaxViewers(context.Background(), lastHour)
	require.NoError(t, err, "a period without rows")
	assert.Empty(t, points)
	bytes, _, err := c.Bytes(context.Background(), lastHour)
	require.NoError(t, err)
	assert.Empty(t, bytes)
}

func TestTheAuthenticationModeAloneDecides(t *testing.T) {
	var keys, tokens atomic.Int64
	a := &countingAPI{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get(DefaultAPIKeyHeader) != "" {
			keys.Add(1)
		}
		if r.Header.Get(headerAccessToken) != "" {
			tokens.Add(1)
		}
		a.ServeHTTP(w, r)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, Config{Auth: AuthAccount, APIKey: "an-old-key-still-stored", Email: "ops@example.com", Password: "pw-secret-5"})
	_, _, err := c.Countries(context.Background())
	require.NoError(t, err)
	assert.Equal(t, int64(1), a.logins.Load(), "account mode logs in")
	assert.Zero(t, keys.Load(), "and never sends the old API key")
	assert.Equal(t, int64(1), tokens.Load())

	c = newTestClient(t, srv.URL, Config{Auth: AuthAPIKey, APIKey: testKey, Email: "ops@example.com", Password: "pw-secret-5"})
	_, _, err = c.Countries(context.Background())
	require.NoError(t, err)
	assert.Equal(t, int64(1), a.logins.Load(), "API-key mode never logs in")
	assert.Equal(t, int64(1), keys.Load())

	for _, cfg := range []Config{{Auth: "", APIKey: testKey}, {Auth: AuthAPIKey, Email: "ops@example.com", Password: "pw"}, {Auth: AuthAccount, APIKey: testKey}} {
		_, err := New(Config{BaseURL: srv.URL, HTTPClient: sdkHTTPClient(t), Auth: cfg.Auth, APIKey: cfg.APIKey, Email: cfg.Email, Password: cfg.Password})
		require.Error(t, err, "%+v", cfg.Auth)
		assertSentence(t, err.Error())
		assert.NotContains(t, err.Error(), testKey)
	}
}
