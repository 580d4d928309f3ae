package plugin

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/simulator"
)

func TestARequestsDeadlineReturnsWhatIsAnsweredAndBudgetsTheRest(t *testing.T) {
	f := newFixtureWith(t, simulator.Options{Throttle: true}, `{"requestsPerSecond":1,"requestBurst":2}`, map[string]string{"apiKey": testAPIKey})
	now := time.Now()
	var queries []backend.DataQuery
	for i := range 12 {
		queries = append(queries, query(fmt.Sprintf("Q%02d", i), `{"queryType":"maxViewers"}`, now.Add(-time.Duration(60+i)*time.Minute), now))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Second)
	defer cancel()
	resp, err := f.ds.QueryData(ctx, &backend.QueryDataRequest{Queries: queries})
	require.NoError(t, err)
	require.NoError(t, ctx.Err(), "the answer came before the request's deadline")
	answered, budgeted := countAnswers(t, resp)
	assert.GreaterOrEqual(t, answered, 2, "the burst at least")
	assert.GreaterOrEqual(t, budgeted, 1)
	assert.Equal(t, 12, answered+budgeted)
	assert.Zero(t, f.sim.Sim.Stats().Throttled)
}

// countAnswers counts the answered queries and those the budget refused,
// and checks that there is nothing else.
func countAnswers(t *testing.T, resp *backend.QueryDataResponse) (answered, budgeted int) {
	t.Helper()
	for refID, res := range resp.Responses {
		if res.Error == nil {
			answered++
			continue
		}
		budgeted++
		assert.Equal(t, backend.StatusTooManyRequests, res.Status, refID)
		assert.Equal(t, backend.ErrorSourceDownstream, res.ErrorSource, refID)
		assert.Contains(t, res.Error.Error(), "The nanoStream API's request budget is exhausted", refID)
		assert.Contains(t, res.Error.Error(), "; retry in about ", refID)
		assert.True(t, strings.HasSuffix(res.Error.Error(), "."), refID)
	}
	return answered, budgeted
}

func TestSavesInARowNeitherResetTheBudgetNorBypassTheCache(t *testing.T) {
	f := newFixtureWith(t, simulator.Options{Throttle: true}, `{}`, map[string]string{"apiKey": testAPIKey})
	for i := range 30 { // Save & test: a new instance with the changed settings each time, the old one disposed
		ds := newTestDatasource(t, f.sim.URL, fmt.Sprintf(`{"requestBurst":%d}`, 10+i%5), map[string]string{"apiKey": testAPIKey})
		res, _ := checkHealth(t, ds)
		require.Equal(t, backend.HealthStatusOk, res.Status, "save %d: %s", i, res.Message)
		ds.Dispose()
	}
	stats := f.sim.Sim.Stats()
	assert.LessOrEqual(t, stats.Requests, int64(12), "one health check's worth")
	assert.Zero(t, stats.Throttled)
	res := f.queryData(t, query("A", `{"queryType":"maxViewers"}`, testNow.Add(-time.Hour), testNow)).Responses["A"]
	assert.NoError(t, res.Error, "the dashboard right after answers")
}

func TestADisposedOrganisationKeepsItsPause(t *testing.T) {
	f := newAPIKeyFixture(t)
	f.sim.Sim.SetFaults(simulator.Faults{HTMLStatus: 502})
	res := f.queryData(t, query("A", `{"queryType":"maxViewers"}`, testNow.Add(-time.Hour), testNow)).Responses["A"]
	require.ErrorContains(t, res.Error, "throttling requests")
	f.ds.Dispose()
	f.sim.Sim.SetFaults(simulator.Faults{})

	next := newTestDatasource(t, f.sim.URL, `{"billingTimeZone":"Europe/Berlin"}`, map[string]string{"apiKey": testAPIKey})
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	resp, err := next.QueryData(ctx, &backend.QueryDataRequest{Queries: []backend.DataQuery{
		query("B", `{"queryType":"byteUsage"}`, testNow.Add(-time.Hour), testNow),
	}})
	require.NoError(t, err)
	assert.ErrorContains(t, resp.Responses["B"].Error, "request budget is exhausted", "the new instance waits out the old one's pause")
	assert.Equal(t, int64(1), f.sim.Sim.Stats().Requests)
}
