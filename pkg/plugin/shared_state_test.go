package plugin

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/internal/fakeclock"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/internal/redisserver"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/frames"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/simulator"
)

func TestAColdMainDashboardCostsTwoCalls(t *testing.T) {
	f := newAPIKeyFixture(t)
	day := func(id, body string) backend.DataQuery { return query(id, body, testNow.Add(-24*time.Hour), testNow) }
	resp := f.queryData(t,
		day("summary", `{"queryType":"monthToDate","view":"summary"}`),
		day("trend", `{"queryType":"monthToDate","view":"trend"}`),
		day("table", `{"queryType":"monthToDate","view":"table"}`),
		day("viewers", `{"queryType":"maxViewers"}`),
		day("delta", `{"queryType":"maxViewers","delta":true}`),
		day("bytes", `{"queryType":"byteUsage"}`),
	)
	for refID, res := range resp.Responses {
		require.NoError(t, res.Error, refID)
	}
	stats := f.sim.Sim.Stats()
	assert.Equal(t, int64(2), stats.Requests, "hourly bytes and viewers: the last day's bytes are cut from the month-to-date answer: %v", stats.ByRoute)
	bytes := resp.Responses["bytes"].Frames[0]
	meta := bytes.Meta.Custom.(*frames.Custom)
	assert.Contains(t, meta.Cache.From, "from=2026-09-30T00%3A00", "the meta names the request it was cut from")
	assert.Contains(t, bytes.Meta.ExecutedQueryString, "from=2026-11-22T14%3A00", "and shows the one asked")
}

func TestAStaleAnswerShowsItsAgeAndANotice(t *testing.T) {
	sim, err := simulator.Listen("127.0.0.1:0", simulator.Options{APIKeys: []string{testAPIKey}})
	require.NoError(t, err)
	t.Cleanup(func() { _ = sim.Close() })
	clock := fakeclock.New(time.Now())
	ds := newDatasourceWithClock(context.Background(), backend.DataSourceInstanceSettings{UID: "stale", Type: PluginID, URL: sim.URL,
		JSONData: json.RawMessage(`{}`), DecryptedSecureJSONData: map[string]string{"apiKey": testAPIKey}}, testOrgs(t), clock.Now)
	t.Cleanup(ds.Dispose)
	q := query("A", `{"queryType":"maxViewers"}`, testNow.Add(-time.Hour), testNow) // ended days ago: fresh for 6 h
	ask := func(ctx context.Context, req *backend.QueryDataRequest) backend.DataResponse {
		req.Queries = []backend.DataQuery{q}
		resp, err := ds.QueryData(ctx, req)
		require.NoError(t, err)
		return resp.Responses["A"]
	}
	assert.Equal(t, "miss", cacheStatus(t, ask(context.Background(), &backend.QueryDataRequest{})))

	clock.Advance(6*time.Hour + 30*time.Minute)
	res := ask(context.Background(), &backend.QueryDataRequest{})
	assert.Equal(t, "stale", cacheStatus(t, res))
	meta := res.Frames[0].Meta
	cache := meta.Custom.(*frames.Custom).Cache
	assert.Equal(t, 6*3600+30*60, cache.AgeSeconds)
	assert.Equal(t, 6*3600, cache.LifetimeSeconds)
	require.NotEmpty(t, meta.Notices)
	notice := meta.Notices[len(meta.Notices)-1]
	assert.Equal(t, data.NoticeSeverityWarning, notice.Severity)
	assert.Equal(t, "This answer is 6 h 30 min old, older than its lifetime of 6 h 0 min: it is shown while a refresh waits for the nanoStream API's request budget.", notice.Text)
	assert.NotEmpty(t, res.Frames[0].Fields[1].Len(), "with its data")

	require.Eventually(t, func() bool { return cacheStatus(t, ask(context.Background(), &backend.QueryDataRequest{})) == "hit" },
		5*time.Second, time.Millisecond, "refreshed meanwhile")
	assert.Equal(t, int64(2), sim.Sim.Stats().Requests)
	clock.Advance(6*time.Hour + 30*time.Minute)
	alert := &backend.QueryDataRequest{Headers: map[string]string{backend.FromAlertHeaderName: "true"}}
	assert.Equal(t, "miss", cacheStatus(t, ask(context.Background(), alert)), "an alert rule waits for a fresh answer")
	assert.Equal(t, int64(3), sim.Sim.Stats().Requests)
}

func TestTheHealthCheckTellsTheSharedState(t *testing.T) {
	srv := redisserver.Run(t)
	f := newFixture(t, `{"redisUrl":"`+srv.URL+`","redisKeyPrefix":"health-test:"}`, map[string]string{"apiKey": testAPIKey})
	shared := func() sharedStateDetail {
		res, err := f.ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
		require.NoError(t, err)
		require.Equal(t, backend.HealthStatusOk, res.Status, res.Message)
		var details struct {
			SharedState    *sharedStateDetail `json:"sharedState"`
			VerboseMessage string             `json:"verboseMessage"`
		}
		require.NoError(t, json.Unmarshal(res.JSONDetails, &details))
		require.NotNil(t, details.SharedState)
		assert.Contains(t, details.VerboseMessage, "shared state: "+details.SharedState.Message)
		return *details.SharedState
	}
	st := shared()
	assert.True(t, st.Shared)
	assert.Equal(t, "Redis at "+srv.Addr+"/0 keeps the request budget, the throttling pause, the answers and the requests under way of every Grafana replica that uses it.", st.Message)

	srv.Kill()
	require.Eventually(t, func() bool { return !shared().Shared }, 10*time.Second, 20*time.Millisecond)
	st = shared()
	assert.True(t, strings.HasPrefix(st.Message, "Redis at "+srv.Addr+"/0 does not answer ("), st.Message)
	assert.Contains(t, st.Message, "this replica spends its own budget at 0.27 requests per second (a third of the configured rate) and answers from its own cache until it answers again.")
	assert.InDelta(t, 0.8/3, st.FallbackRequestsPerSecond, 1e-9)

	require.NoError(t, srv.Restart())
	require.Eventually(t, func() bool { return shared().Shared }, 10*time.Second, 20*time.Millisecond, "rejoined")

	plain := newAPIKeyFixture(t)
	res, err := plain.ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	require.NoError(t, err)
	assert.NotContains(t, string(res.JSONDetails), "sharedState", "nothing to tell without Redis")
}
