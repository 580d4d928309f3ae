package redisstore

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/internal/redisserver"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/simulator"
)

// The replicas of these tests are what a plugin process holds: an
// organisations' registry and a store of its own, on one Redis.

const apiKey = "replica-test-key-31f0"

// replica is one plugin process.
type replica struct {
	orgs  *nanostream.Orgs
	store *Store
}

func newReplica(t *testing.T, srv *redisserver.Server) replica {
	t.Helper()
	store, _ := open(t, srv, Options{})
	return replica{orgs: nanostream.NewOrgs(), store: store}
}

// client is a data source instance of the replica.
func (r replica) client(t *testing.T, url string, cfg nanostream.Config) *nanostream.Client {
	t.Helper()
	hc, err := httpclient.New(httpclient.Options{})
	require.NoError(t, err)
	cfg.BaseURL, cfg.HTTPClient, cfg.Orgs, cfg.Shared = url, hc, r.orgs, r.store
	if cfg.Auth == "" {
		cfg.Auth, cfg.APIKey = nanostream.AuthAPIKey, apiKey
	}
	c, err := nanostream.New(cfg)
	require.NoError(t, err)
	t.Cleanup(c.Close)
	return c
}

func simulatorFor(t *testing.T, opts simulator.Options) *simulator.Server {
	t.Helper()
	opts.APIKeys = []string{apiKey}
	sim, err := simulator.Listen("127.0.0.1:0", opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = sim.Close() })
	return sim
}

// series is the hour that ended n hours before the start of this hour: a
// settled, distinct request for each n.
func series(n int) nanostream.Series {
	to := time.Now().UTC().Truncate(time.Hour).Add(-time.Duration(n) * time.Hour)
	return nanostream.Series{Range: nanostream.Range{From: to.Add(-time.Hour), To: to}, Interval: "minute"}
}

func TestReplicasFetchEachAnswerOnce(t *testing.T) {
	srv := redisserver.Run(t)
	sim := simulatorFor(t, simulator.Options{})
	sim.Sim.SetFaults(simulator.Faults{Latency: 200 * time.Millisecond}) // the first one is still under way when the others ask
	var replicas []replica
	for range 3 {
		replicas = append(replicas, newReplica(t, srv))
	}
	statuses := make(chan nanostream.CacheStatus, 30)
	lengths := make(chan int, 30)
	var wg sync.WaitGroup
	for i := range 30 {
		c := replicas[i%3].client(t, sim.URL, nanostream.Config{})
		wg.Go(func() {
			points, call, err := c.MaxViewers(context.Background(), series(2))
			if assert.NoError(t, err) {
				statuses <- call.Served.Cache
				lengths <- len(points)
			}
		})
	}
	wg.Wait()
	close(statuses)
	close(lengths)
	counts := map[nanostream.CacheStatus]int{}
	for s := range statuses {
		counts[s]++
	}
	assert.Equal(t, int64(1), sim.Sim.Stats().Requests, "one upstream call for three replicas: %v", counts)
	assert.Equal(t, 1, counts[nanostream.CacheMiss], "%v", counts)
	assert.Equal(t, 30, counts[nanostream.CacheMiss]+counts[nanostream.CacheShared]+counts[nanostream.CacheHit])
	first := <-lengths
	for n := range lengths {
		assert.Equal(t, first, n, "the same answer everywhere")
	}
}

func TestReplicasShareOneBudget(t *testing.T) {
	srv := redisserver.Run(t)
	sim := simulatorFor(t, simulator.Options{Throttle: true, Rate: 1, Burst: 30})
	var wg sync.WaitGroup
	var mu sync.Mutex
	kinds := map[nanostream.Kind]int{}
	for r := range 3 {
		rep := newReplica(t, srv)
		c := rep.client(t, sim.URL, nanostream.Config{RequestsPerSecond: 0.01, Burst: 4})
		for i := range 4 { // twelve distinct requests, four per replica
			wg.Go(func() {
				ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
				defer cancel()
				_, _, err := c.MaxViewers(ctx, series(1+4*r+i))
				mu.Lock()
				defer mu.Unlock()
				kinds[nanostream.KindOf(err)]++
			})
		}
	}
	wg.Wait()
	stats := sim.Sim.Stats()
	assert.Equal(t, int64(4), stats.Requests, "the burst of four once for the three replicas: %v", kinds)
	assert.Equal(t, 4, kinds[""], "answered")
	assert.Equal(t, 8, kinds[nanostream.KindBudget], "the rest ran out of budget before their deadline")
	assert.Zero(t, stats.Throttled)
}

func TestAThrottledAnswerPausesEveryReplica(t *testing.T) {
	srv := redisserver.Run(t)
	sim := simulatorFor(t, simulator.Options{})
	a := newReplica(t, srv).client(t, sim.URL, nanostream.Config{})
	b := newReplica(t, srv).client(t, sim.URL, nanostream.Config{})
	sim.Sim.SetFaults(simulator.Faults{HTMLStatus: 502})
	_, _, err := a.MaxViewers(context.Background(), series(1))
	require.Equal(t, nanostream.KindThrottled, nanostream.KindOf(err))
	sim.Sim.SetFaults(simulator.Faults{})

	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_, _, err = b.MaxViewers(ctx, series(2))
	assert.Equal(t, nanostream.KindBudget, nanostream.KindOf(err), "the other replica waits out the pause")
	assert.Equal(t, int64(1), sim.Sim.Stats().Requests, "nothing was sent during the pause")
}

func TestAStaleAnswerOfAnotherReplicaIsServedAndRefreshedOnce(t *testing.T) {
	srv := redisserver.Run(t)
	sim := simulatorFor(t, simulator.Options{})
	a := newReplica(t, srv)
	b := newReplica(t, srv)
	// a live window, whose answer lives 30 s: the second replica asks it 40 s later
	later := func() time.Time { return time.Now().Add(40 * time.Second) }
	to := time.Now().UTC().Truncate(time.Minute).Add(time.Minute)
	live := nanostream.Series{Range: nanostream.Range{From: to.Add(-time.Hour), To: to}, Interval: "minute"}
	_, call, err := a.client(t, sim.URL, nanostream.Config{}).MaxViewers(context.Background(), live)
	require.NoError(t, err)
	require.Equal(t, 30*time.Second, call.Served.Lifetime)

	cb := b.client(t, sim.URL, nanostream.Config{Now: later})
	sim.Sim.SetFaults(simulator.Faults{Latency: 300 * time.Millisecond}) // the refresh lands after every stale answer was given
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			_, call, err := cb.MaxViewers(context.Background(), live)
			assert.NoError(t, err)
			assert.Equal(t, nanostream.CacheStale, call.Served.Cache, "served at once from the other replica's answer")
		})
	}
	wg.Wait()
	require.Eventually(t, func() bool { return sim.Sim.Stats().Requests == 2 }, 10*time.Second, 5*time.Millisecond, "one refresh")
	require.Eventually(t, func() bool {
		_, call, err := cb.MaxViewers(context.Background(), live)
		return err == nil && call.Served.Cache == nanostream.CacheHit
	}, 10*time.Second, 5*time.Millisecond)
	assert.Equal(t, int64(2), sim.Sim.Stats().Requests)
}

func TestALivePanelAnotherReplicaAnsweredIsAHitWithoutARequest(t *testing.T) {
	srv := redisserver.Run(t)
	sim := simulatorFor(t, simulator.Options{})
	to := time.Now().UTC().Truncate(time.Minute).Add(time.Minute)
	live := nanostream.Series{Range: nanostream.Range{From: to.Add(-time.Hour), To: to}, Interval: "minute"}
	_, _, err := newReplica(t, srv).client(t, sim.URL, nanostream.Config{}).MaxViewers(context.Background(), live)
	require.NoError(t, err)

	b := newReplica(t, srv).client(t, sim.URL, nanostream.Config{})
	for range 3 {
		_, call, err := b.MaxViewers(context.Background(), live)
		require.NoError(t, err)
		assert.Equal(t, nanostream.CacheHit, call.Served.Cache, "the family's newest answer is this very request's, fresh")
	}
	time.Sleep(100 * time.Millisecond) // a refresh queued by mistake would have left by now
	assert.Equal(t, int64(1), sim.Sim.Stats().Requests)
}

func TestAFreshAnswerOfAnotherReplicaStandsInForAPanelWhoseMinuteMovedOn(t *testing.T) {
	srv := redisserver.Run(t)
	sim := simulatorFor(t, simulator.Options{})
	var ahead atomic.Int64 // both replicas' clock, moved on by the test
	now := func() time.Time { return time.Now().Add(time.Duration(ahead.Load())) }
	live := func() nanostream.Series { // the last hour, as a panel asks it at now
		to := now().UTC().Truncate(time.Minute).Add(time.Minute)
		return nanostream.Series{Range: nanostream.Range{From: to.Add(-time.Hour), To: to}, Interval: "minute"}
	}
	a := newReplica(t, srv).client(t, sim.URL, nanostream.Config{Now: now})
	b := newReplica(t, srv).client(t, sim.URL, nanostream.Config{Now: now})
	_, _, err := a.MaxViewers(context.Background(), live())
	require.NoError(t, err)

	// past the answer's lifetime, 5 s before a minute ends: A refreshes it
	start := time.Now()
	boundary := start.Truncate(time.Minute).Add(2 * time.Minute)
	ahead.Store(int64(boundary.Add(-5 * time.Second).Sub(start)))
	_, call, err := a.MaxViewers(context.Background(), live())
	require.NoError(t, err)
	require.Equal(t, nanostream.CacheStale, call.Served.Cache)
	require.Eventually(t, func() bool { return sim.Sim.Stats().Requests == 2 }, 10*time.Second, 5*time.Millisecond, "A's refresh")

	// 5 s into the next minute, within that refresh's lifetime, B's panel
	// asks the newer minute: A's fresh answer of the panel stands in, and
	// B's queued refresh finds it and sends nothing
	ahead.Store(int64(boundary.Add(5 * time.Second).Sub(start)))
	_, call, err = b.MaxViewers(context.Background(), live())
	require.NoError(t, err)
	assert.NotEqual(t, nanostream.CacheMiss, call.Served.Cache, "served at once")
	assert.Less(t, call.Served.Age, 30*time.Second)
	time.Sleep(200 * time.Millisecond) // B's refresh worker has run by now
	assert.Equal(t, int64(2), sim.Sim.Stats().Requests, "no second refresh of the same panel")
}

func TestReplicasCarryOnWithoutRedisAndRejoin(t *testing.T) {
	srv := redisserver.Run(t)
	sim := simulatorFor(t, simulator.Options{Throttle: true, Rate: 1, Burst: 30})
	a := newReplica(t, srv)
	b := newReplica(t, srv)
	ca := a.client(t, sim.URL, nanostream.Config{RequestsPerSecond: 3, Burst: 9})
	cb := b.client(t, sim.URL, nanostream.Config{RequestsPerSecond: 3, Burst: 9})
	_, _, err := ca.MaxViewers(context.Background(), series(1))
	require.NoError(t, err)

	srv.Kill()
	_, call, err := ca.MaxViewers(context.Background(), series(1))
	require.NoError(t, err, "an answer the replica holds still answers")
	assert.Equal(t, nanostream.CacheHit, call.Served.Cache)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for i := range 3 { // new requests wait for the fallback budget, a request a second
		_, _, err := cb.MaxViewers(ctx, series(10+i))
		require.NoError(t, err, "a query never fails because Redis is gone")
	}
	st, fallback, ok := cb.SharedStatus()
	require.True(t, ok)
	assert.False(t, st.Available)
	assert.InDelta(t, 1.0, fallback, 1e-9, "a third of the rate")
	assert.Zero(t, sim.Sim.Stats().Throttled)

	require.NoError(t, srv.Restart())
	require.Eventually(t, func() bool { st, _, _ := ca.SharedStatus(); return st.Available }, 10*time.Second, 10*time.Millisecond, "rejoined")
	require.Eventually(t, func() bool { st, _, _ := cb.SharedStatus(); return st.Available }, 10*time.Second, 10*time.Millisecond, "rejoined")
	requests := sim.Sim.Stats().Requests
	_, call, err = ca.MaxViewers(ctx, series(20))
	require.NoError(t, err)
	assert.Equal(t, nanostream.CacheMiss, call.Served.Cache)
	_, call, err = cb.MaxViewers(ctx, series(20))
	require.NoError(t, err)
	assert.Equal(t, nanostream.CacheHit, call.Served.Cache, "shared again")
	assert.Equal(t, requests+1, sim.Sim.Stats().Requests)
}

func TestNothingSecretIsStoredInRedis(t *testing.T) {
	const (
		email    = "ops@example.com"
		password = "account-password-77e1"
		token    = "session-token-5b9d0c"
	)
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == nanostream.RouteAuthenticate {
			_, _ = fmt.Fprintf(w, `{"token":%q}`, token)
			return
		}
		_, _ = w.Write([]byte(`{"statusCode":200,"statusInfo":"OK","data":[{"timestamp":1795438800,"maxConcurrentViewers":42}]}`))
	}))
	t.Cleanup(api.Close)
	srv := redisserver.Run(t)
	// what the processes publish to each other is read too
	listener := redis.NewClient(&redis.Options{Addr: srv.Addr})
	defer listener.Close()
	sub := listener.PSubscribe(context.Background(), "*")
	defer sub.Close()
	_, err := sub.Receive(context.Background())
	require.NoError(t, err)
	rep := newReplica(t, srv)
	withKey := rep.client(t, api.URL, nanostream.Config{})
	withAccount := rep.client(t, api.URL, nanostream.Config{Auth: nanostream.AuthAccount, Email: email, Password: password})
	for _, c := range []*nanostream.Client{withKey, withAccount} {
		_, _, err := c.MaxViewers(context.Background(), series(1))
		require.NoError(t, err)
	}

	rdb := redis.NewClient(&redis.Options{Addr: srv.Addr})
	defer rdb.Close()
	keys, err := rdb.Keys(context.Background(), "*").Result()
	require.NoError(t, err)
	require.NotEmpty(t, keys)
	var everything strings.Builder
	for _, k := range keys {
		everything.WriteString(k + "\n")
		if v, err := rdb.Get(context.Background(), k).Bytes(); err == nil {
			everything.Write(v)
			everything.WriteString("\n")
		}
	}
	published := 0
	for published < 2 { // a kept answer and a released claim at least
		select {
		case m := <-sub.Channel():
			everything.WriteString(m.Channel + " " + m.Payload + "\n")
			published++
		case <-time.After(5 * time.Second):
			t.Fatalf("only %d messages published", published)
		}
	}
	stored := everything.String()
	for _, secret := range []string{apiKey, password, token} {
		for _, form := range []string{secret, base64.StdEncoding.EncodeToString([]byte(secret)), strings.ToUpper(secret)} {
			assert.NotContains(t, stored, form)
		}
	}
	assert.NotContains(t, stored, email, "not even the account's address")
	assert.Contains(t, stored, "maxConcurrentViewers", "the answers are there")
}
