package e2e

// Several Grafana replicas: plugin processes built with the race detector,
// sharing one Redis (Debian's redis-server on a free loopback port), over
// the plugin protocol.

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/internal/dashboards"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/internal/pluginhost"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/internal/redisserver"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/simulator"
)

// raceBinary is the plugin built with the race detector, so that the
// processes of these tests report any data race in their logs.
var raceBinary = sync.OnceValues(func() (string, error) {
	path := filepath.Join(buildDir, "gpx_nanostream_analytics_race")
	build := exec.Command("go", "build", "-race", "-o", path, "../../pkg")
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building the plugin with the race detector: %w\n%s", err, out)
	}
	return path, nil
})

// replicas are plugin processes of several Grafana replicas.
type replicas struct {
	plugins []*pluginhost.Plugin
	logs    []*syncBuffer
}

// startReplicas starts n replicas' plugin processes with env added to
// their environment.
func startReplicas(t *testing.T, n int, env ...string) *replicas {
	t.Helper()
	path, err := raceBinary()
	require.NoError(t, err)
	r := &replicas{}
	for range n {
		logs := &syncBuffer{}
		p, err := pluginhost.Start(path, logs, env...)
		require.NoError(t, err)
		t.Cleanup(p.Kill)
		r.plugins = append(r.plugins, p)
		r.logs = append(r.logs, logs)
	}
	t.Cleanup(func() {
		for i, l := range r.logs {
			assert.NotContains(t, l.String(), "DATA RACE", "replica %d", i)
			if t.Failed() {
				t.Logf("replica %d's log:\n%s", i, l.String())
			}
		}
	})
	return r
}

// sharedState is the sharedState part of a health check's details.
func sharedState(t *testing.T, p *pluginhost.Plugin, pc backend.PluginContext) map[string]any {
	t.Helper()
	// Grafana's deadline: without Redis, routes this replica has no answer
	// of wait for its local budget, and the check answers before it
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	res, err := p.CheckHealth(ctx, pc)
	require.NoError(t, err)
	var details struct {
		SharedState map[string]any `json:"sharedState"`
	}
	require.NoError(t, json.Unmarshal(res.JSONDetails, &details))
	require.NotNil(t, details.SharedState, string(res.JSONDetails))
	return details.SharedState
}

// sharedContext is the data source every replica has: the same settings,
// provisioned alike.
func sharedContext(simURL, redisURL, extra string) backend.PluginContext {
	return pluginContext(simURL, `{"authType":"apiKey","redisUrl":"`+redisURL+`"`+extra+`}`, map[string]string{"apiKey": apiKey})
}

func TestThreeReplicasLoadTheMainDashboardForTwoCalls(t *testing.T) {
	srv := redisserver.Run(t)
	sim := startSimulator(t, simulator.Options{Throttle: true})
	r := startReplicas(t, 3)
	pc := sharedContext(sim.URL, srv.URL, "")
	dash, err := dashboards.Read(filepath.Join("..", "..", "provisioning", "dashboards", "nanostream-analytics.json"))
	require.NoError(t, err)
	reqs, err := dash.Requests(time.Now())
	require.NoError(t, err)

	var wg sync.WaitGroup
	for _, p := range r.plugins { // three browsers open the dashboard at once, one per replica
		for _, req := range reqs {
			wg.Go(func() {
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				defer cancel()
				resp, err := p.QueryData(ctx, &backend.QueryDataRequest{PluginContext: pc, Queries: req.Queries})
				if assert.NoError(t, err, req.Title) {
					for refID, res := range resp.Responses {
						assert.NoError(t, res.Error, "%s %s", req.Title, refID)
					}
				}
			})
		}
	}
	wg.Wait()
	stats := sim.Sim.Stats()
	assert.Equal(t, int64(2), stats.Requests, "hourly bytes and viewers, once for the three replicas: %v", stats.ByRoute)
	assert.Zero(t, stats.Throttled)
}

func TestReplicasSpendOneBudgetTogether(t *testing.T) {
	srv := redisserver.Run(t)
	sim := startSimulator(t, simulator.Options{Throttle: true})
	r := startReplicas(t, 3)
	pc := sharedContext(sim.URL, srv.URL, `,"requestsPerSecond":0.01,"requestBurst":4`)
	now := time.Now()
	var wg sync.WaitGroup
	var mu sync.Mutex
	answered, budgeted := 0, 0
	for i, p := range r.plugins {
		wg.Go(func() {
			var queries []backend.DataQuery
			for j := range 4 { // twelve distinct requests, four per replica
				queries = append(queries, dataQuery(fmt.Sprintf("Q%d", j), `{"queryType":"maxViewers"}`, now.Add(-time.Duration(60+4*i+j)*time.Minute), now))
			}
			ctx, cancel := context.WithTimeout(context.Background(), 4*time.Second)
			defer cancel()
			resp, err := p.QueryData(ctx, &backend.QueryDataRequest{PluginContext: pc, Queries: queries})
			if !assert.NoError(t, err) {
				return
			}
			mu.Lock()
			defer mu.Unlock()
			for _, res := range resp.Responses {
				switch {
				case res.Error == nil:
					answered++
				case strings.HasPrefix(res.Error.Error(), budgetSentence):
					budgeted++
				default:
					t.Errorf("unexpected answer: %v", res.Error)
				}
			}
		})
	}
	wg.Wait()
	stats := sim.Sim.Stats()
	assert.Equal(t, int64(4), stats.Requests, "the burst once for three replicas")
	assert.Equal(t, 4, answered)
	assert.Equal(t, 8, budgeted)
	assert.Zero(t, stats.Throttled)
}

func TestReplicasCarryOnWhileRedisIsGoneAndRejoin(t *testing.T) {
	srv := redisserver.Run(t)
	sim := startSimulator(t, simulator.Options{Throttle: true})
	r := startReplicas(t, 2)
	pc := sharedContext(sim.URL, srv.URL, `,"requestsPerSecond":1,"requestBurst":20`)
	ask := func(p *pluginhost.Plugin, span time.Duration) backend.DataResponse {
		now := time.Now()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		resp, err := p.QueryData(ctx, &backend.QueryDataRequest{PluginContext: pc, Queries: []backend.DataQuery{
			dataQuery("A", `{"queryType":"maxViewers"}`, now.Add(-span), now)}})
		require.NoError(t, err)
		return resp.Responses["A"]
	}
	health := func(p *pluginhost.Plugin) map[string]any { return sharedState(t, p, pc) }
	require.NoError(t, ask(r.plugins[0], time.Hour).Error)
	for _, p := range r.plugins { // the routes' answers, which later checks take from each replica's own cache
		assert.Equal(t, true, health(p)["shared"])
	}

	// the episode begins here: a slow Redis under the race detector may have
	// tripped (and rejoined) once before, which is an episode of its own
	episodeStart := len(r.logs[0].String())
	srv.Kill()
	for i, p := range r.plugins {
		assert.NoError(t, ask(p, time.Hour).Error, "replica %d: answered without Redis", i)
		assert.NoError(t, ask(p, time.Duration(2+i)*time.Hour).Error, "replica %d: a new request, on the local budget", i)
	}
	require.Eventually(t, func() bool { return health(r.plugins[0])["shared"] == false }, 10*time.Second, 50*time.Millisecond)
	st := health(r.plugins[0])
	assert.Contains(t, st["message"], "does not answer")
	assert.Contains(t, st["message"], "this replica spends its own budget at 0.33 requests per second (a third of the configured rate)")
	assert.Contains(t, r.logs[0].String(), "does not answer", "said in the log")
	assert.Equal(t, 1, warnings(r.logs[0].String()[episodeStart:], "does not answer ("), "once per episode")

	require.NoError(t, srv.Restart())
	for i, p := range r.plugins {
		require.Eventually(t, func() bool { return health(p)["shared"] == true }, 10*time.Second, 50*time.Millisecond, "replica %d rejoins", i)
	}
	assert.Contains(t, r.logs[0].String(), "answers again")
	before := sim.Sim.Stats().Requests
	require.NoError(t, ask(r.plugins[0], 5*time.Hour).Error)
	res := ask(r.plugins[1], 5*time.Hour)
	require.NoError(t, res.Error)
	assert.Equal(t, before+1, sim.Sim.Stats().Requests, "shared again: one call for both")
	assert.Zero(t, sim.Sim.Stats().Throttled)

	rdb := redis.NewClient(&redis.Options{Addr: srv.Addr})
	defer rdb.Close()
	keys, err := rdb.Keys(context.Background(), "*").Result()
	require.NoError(t, err)
	require.NotEmpty(t, keys)
	for _, k := range keys {
		assert.NotContains(t, k, apiKey)
		if v, err := rdb.Get(context.Background(), k).Result(); err == nil {
			assert.NotContains(t, v, apiKey, k)
		}
	}
}

// startSimulator is a simulator for the tests' API key.
func startSimulator(t *testing.T, opts simulator.Options) *simulator.Server {
	t.Helper()
	opts.APIKeys = []string{apiKey}
	sim, err := simulator.Listen("127.0.0.1:0", opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = sim.Close() })
	return sim
}

// warnings counts the plugin's warning log lines that contain s (the SDK
// writes each line as JSON; the host repeats it in its own format).
func warnings(logs, s string) int {
	n := 0
	for _, line := range strings.Split(logs, "\n") {
		if strings.HasPrefix(line, `{"@level":"warn"`) && strings.Contains(line, s) {
			n++
		}
	}
	return n
}
