package plugin

import (
	"context"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/frames"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/simulator"
)

func cacheStatus(t *testing.T, res backend.DataResponse) string {
	t.Helper()
	require.NoError(t, res.Error)
	custom := res.Frames[0].Meta.Custom.(*frames.Custom)
	return string(custom.Cache.Status)
}

func TestASecondIdenticalQueryMakesNoUpstreamCall(t *testing.T) {
	f := newAPIKeyFixture(t)
	q := query("A", `{"queryType":"maxViewers"}`, testNow.Add(-6*time.Hour), testNow)
	first := f.queryData(t, q).Responses["A"]
	assert.Equal(t, "miss", cacheStatus(t, first))
	requests := f.sim.Sim.Stats().Requests
	assert.Equal(t, int64(1), requests)

	second := f.queryData(t, q).Responses["A"]
	assert.Equal(t, "hit", cacheStatus(t, second))
	assert.Equal(t, requests, f.sim.Sim.Stats().Requests, "the second identical query is answered from the cache")
	assert.Equal(t, first.Frames[0].Fields[1].Len(), second.Frames[0].Fields[1].Len())
}

func TestTheMonthToDateViewsShareOneUpstreamAnswer(t *testing.T) {
	f := newAPIKeyFixture(t)
	resp := f.queryData(t,
		query("summary", `{"queryType":"monthToDate","view":"summary"}`, testNow.Add(-time.Hour), testNow),
		query("trend", `{"queryType":"monthToDate","view":"trend"}`, testNow.Add(-time.Hour), testNow),
		query("table", `{"queryType":"monthToDate","view":"table"}`, testNow.Add(-time.Hour), testNow),
		query("viewers", `{"queryType":"maxViewers"}`, testNow.Add(-time.Hour), testNow),
		query("delta", `{"queryType":"maxViewers","delta":true}`, testNow.Add(-time.Hour), testNow),
	)
	for _, res := range resp.Responses {
		require.NoError(t, res.Error)
	}
	assert.Equal(t, int64(2), f.sim.Sim.Stats().Requests, "three views and two viewer panels: one month-to-date call, one viewers call")
}

func TestConcurrentIdenticalQueriesMakeOneUpstreamCall(t *testing.T) {
	f := newAPIKeyFixture(t)
	f.sim.Sim.SetFaults(simulator.Faults{Latency: 100 * time.Millisecond}) // keep the first one in flight
	q := query("A", `{"queryType":"byteUsage","interval":"minute"}`, testNow.Add(-3*time.Hour), testNow)
	var wg sync.WaitGroup
	statuses := make(chan string, 20)
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := f.ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{q}})
			if assert.NoError(t, err) && assert.NoError(t, resp.Responses["A"].Error) {
				statuses <- cacheStatus(t, resp.Responses["A"])
			}
		}()
	}
	wg.Wait()
	close(statuses)
	counts := map[string]int{}
	for s := range statuses {
		counts[s]++
	}
	assert.Equal(t, int64(1), f.sim.Sim.Stats().Requests)
	assert.Equal(t, 1, counts["miss"], "one query went upstream: %v", counts)
	assert.Equal(t, 20, counts["miss"]+counts["shared"]+counts["hit"])
}

func TestThrottlingPausesTheBudgetInsteadOfRetrying(t *testing.T) {
	f := newAPIKeyFixture(t)
	f.sim.Sim.SetFaults(simulator.Faults{HTMLStatus: 502})
	res := f.queryData(t, query("A", `{"queryType":"maxViewers"}`, testNow.Add(-time.Hour), testNow)).Responses["A"]
	require.Error(t, res.Error)
	assert.Contains(t, res.Error.Error(), "throttling requests (HTTP 502")
	assert.Equal(t, int64(1), f.sim.Sim.Stats().Requests)

	// while the pause lasts, a query with a short deadline ends at its deadline with
	// the budget's sentence and sends nothing
	f.sim.Sim.SetFaults(simulator.Faults{})
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	resp, err := f.ds.QueryData(ctx, &backend.QueryDataRequest{Queries: []backend.DataQuery{
		query("B", `{"queryType":"byteUsage"}`, testNow.Add(-time.Hour), testNow),
	}})
	require.NoError(t, err)
	res = resp.Responses["B"]
	require.Error(t, res.Error)
	assert.Contains(t, res.Error.Error(), "The nanoStream API's request budget is exhausted")
	assert.Equal(t, backend.ErrorSourceDownstream, res.ErrorSource)
	assert.Equal(t, backend.StatusTooManyRequests, res.Status)
	assert.Equal(t, int64(1), f.sim.Sim.Stats().Requests, "nothing was sent while paused")
}

func TestTheBudgetKeepsAThrottlingAPIQuiet(t *testing.T) {
	// an API that throttles beyond 1 request/s with a burst of 5, and a data
	// source allowed the full rate with a burst of 4: no answer may be throttled
	f := newFixtureWith(t, simulator.Options{Throttle: true, Rate: 1, Burst: 5},
		`{"requestsPerSecond":1,"requestBurst":4}`, map[string]string{"apiKey": testAPIKey})
	now := time.Now()
	var queries []backend.DataQuery
	for i := range 8 {
		queries = append(queries, query(string(rune('A'+i)), `{"queryType":"maxViewers"}`, now.Add(-time.Duration(60+i)*time.Minute), now))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	resp, err := f.ds.QueryData(ctx, &backend.QueryDataRequest{Queries: queries})
	require.NoError(t, err)
	for refID, res := range resp.Responses {
		assert.NoError(t, res.Error, refID)
	}
	stats := f.sim.Sim.Stats()
	assert.Equal(t, int64(8), stats.Requests)
	assert.Zero(t, stats.Throttled)
}

func TestACancelledQueryStopsWaitingForBudgetAndSpendsNone(t *testing.T) {
	f := newFixtureWith(t, simulator.Options{}, `{"requestsPerSecond":0.01,"requestBurst":1}`, map[string]string{"apiKey": testAPIKey})
	now := time.Now()
	f.queryData(t, query("A", `{"queryType":"maxViewers"}`, now.Add(-time.Hour), now)) // spends the only token
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan backend.DataResponse, 1)
	go func() {
		resp, err := f.ds.QueryData(ctx, &backend.QueryDataRequest{Queries: []backend.DataQuery{
			query("B", `{"queryType":"maxViewers"}`, now.Add(-2*time.Hour), now),
		}})
		assert.NoError(t, err)
		done <- resp.Responses["B"]
	}()
	time.Sleep(50 * time.Millisecond)
	cancel()
	select {
	case res := <-done:
		require.Error(t, res.Error)
		assert.Contains(t, res.Error.Error(), "cancelled")
	case <-time.After(10 * time.Second):
		t.Fatal("the cancelled query kept waiting")
	}
	assert.Equal(t, int64(1), f.sim.Sim.Stats().Requests, "the abandoned request was never sent")
}

func TestDisposeStopsEverything(t *testing.T) {
	before := runtime.NumGoroutine()
	sim, err := simulator.Listen("127.0.0.1:0", simulator.Options{APIKeys: []string{testAPIKey}})
	require.NoError(t, err)
	defer func() { _ = sim.Close() }()
	inst, err := NewDatasource(context.Background(), backend.DataSourceInstanceSettings{UID: "dispose", Type: PluginID, URL: sim.URL,
		JSONData: []byte(`{"requestsPerSecond":0.01,"requestBurst":1}`), DecryptedSecureJSONData: map[string]string{"apiKey": testAPIKey}})
	require.NoError(t, err)
	ds := inst.(*Datasource)
	now := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	for i := range 5 { // one answered, four flights waiting for budget past their callers
		_, _ = ds.QueryData(ctx, &backend.QueryDataRequest{Queries: []backend.DataQuery{
			query("A", `{"queryType":"maxViewers"}`, now.Add(-time.Duration(60+i)*time.Minute), now),
		}})
	}
	ds.Dispose()
	require.NoError(t, sim.Close())
	assert.Eventually(t, func() bool { return runtime.NumGoroutine() <= before+2 }, 5*time.Second, 20*time.Millisecond,
		"goroutines left behind: %d before, %d after", before, runtime.NumGoroutine())
}

func TestConcurrentLoadIsRaceFree(t *testing.T) {
	f := newAPIKeyFixture(t)
	bodies := []string{`{"queryType":"maxViewers"}`, `{"queryType":"maxViewers","delta":true}`, `{"queryType":"byteUsage"}`,
		`{"queryType":"monthToDate"}`, `{"queryType":"monthToDate","view":"table"}`, `{"queryType":"byteUsage","tags":["sports"]}`}
	var wg sync.WaitGroup
	for screen := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for refresh := range 10 {
				var queries []backend.DataQuery
				for i, body := range bodies {
					queries = append(queries, query(string(rune('A'+i)), body, testNow.Add(-time.Duration(1+(screen+refresh)%3)*time.Hour), testNow))
				}
				resp, err := f.ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: queries})
				if assert.NoError(t, err) {
					for refID, res := range resp.Responses {
						assert.NoError(t, res.Error, refID)
					}
				}
			}
		}()
	}
	wg.Wait()
	assert.LessOrEqual(t, f.sim.Sim.Stats().Requests, int64(3*len(bodies)), "three distinct ranges, one call each at most")
}

func TestAMalformedAnswerIsNotCached(t *testing.T) {
	f := newAPIKeyFixture(t)
	f.sim.Sim.SetFaults(simulator.Faults{Truncated: true})
	q := query("A", `{"queryType":"maxViewers"}`, testNow.Add(-time.Hour), testNow)
	require.Error(t, f.queryData(t, q).Responses["A"].Error)
	f.sim.Sim.SetFaults(simulator.Faults{})
	res := f.queryData(t, q).Responses["A"]
	assert.Equal(t, "miss", cacheStatus(t, res))
	assert.Equal(t, int64(2), f.sim.Sim.Stats().Requests)
}

func TestTheCacheCanBeSwitchedOff(t *testing.T) {
	f := newFixture(t, `{"disableCache":true}`, map[string]string{"apiKey": testAPIKey})
	q := query("A", `{"queryType":"maxViewers"}`, testNow.Add(-time.Hour), testNow)
	f.queryData(t, q)
	assert.Equal(t, "off", cacheStatus(t, f.queryData(t, q).Responses["A"]))
	assert.Equal(t, int64(2), f.sim.Sim.Stats().Requests)
}
