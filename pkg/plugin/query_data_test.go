package plugin

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/calendar"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/simulator"
)

func TestMaxViewersMatchesTheSimulatorsData(t *testing.T) {
	f := newAPIKeyFixture(t)
	from, to := testNow.Add(-6*time.Hour), testNow
	resp := f.queryData(t, query("A", `{"queryType":"maxViewers","tags":["sports"]}`, from, to))
	res := resp.Responses["A"]
	values := floats(t, res, 1)
	times := res.Frames[0].Fields[0]
	require.Equal(t, 361, len(values), "six hours of minutes, aligned")

	filter := simulator.Filter{Tags: []string{"sports"}}
	seen := 0
	for i, v := range values {
		start := times.At(i).(time.Time)
		want := f.sim.Sim.Dataset().MaxViewers(start, start.Add(time.Minute), filter)
		if v == nil {
			assert.True(t, want == 0 || !start.Before(testNow.Truncate(time.Minute)), "a gap only where the simulator has nothing, at %s", start)
			continue
		}
		seen++
		assert.Equal(t, float64(want), *v, "bucket %s", start)
	}
	assert.Greater(t, seen, 300)

	meta := res.Frames[0].Meta
	assert.Equal(t, data.FrameTypeTimeSeriesWide, meta.Type)
	assert.Contains(t, meta.ExecutedQueryString, "GET "+nanostream.RouteMaxViewers+"?")
	assert.Contains(t, meta.ExecutedQueryString, "interval=minute")
	assert.Contains(t, meta.ExecutedQueryString, "tags=sports")
	assert.Equal(t, "Concurrent viewers", res.Frames[0].Fields[1].Config.DisplayName)
}

func TestMaxViewersDelta(t *testing.T) {
	f := newAPIKeyFixture(t)
	from, to := testNow.Add(-3*time.Hour), testNow.Add(-time.Hour)
	resp := f.queryData(t,
		query("abs", `{"queryType":"maxViewers","interval":"hour"}`, from, to),
		query("delta", `{"queryType":"maxViewers","interval":"hour","delta":true}`, from, to))
	abs, delta := floats(t, resp.Responses["abs"], 1), floats(t, resp.Responses["delta"], 1)
	require.Len(t, delta, len(abs))
	assert.Nil(t, delta[0])
	for i := 1; i < len(abs); i++ {
		assert.Equal(t, *abs[i]-*abs[i-1], *delta[i])
	}
}

func TestByteUsageUsesTheHourlyRouteWhereItCan(t *testing.T) {
	f := newAPIKeyFixture(t)
	from, to := testNow.Add(-24*time.Hour), testNow
	stream := f.sim.Sim.Dataset().Streams()[0].Name
	resp := f.queryData(t,
		query("org", `{"queryType":"byteUsage"}`, from, to),
		query("stream", `{"queryType":"byteUsage","streamNames":["`+stream+`"]}`, from, to))

	for refID, filter := range map[string]simulator.Filter{"org": {}, "stream": {StreamNames: []string{stream}}} {
		res := resp.Responses[refID]
		playout, ingest := floats(t, res, 1), floats(t, res, 2)
		times := res.Frames[0].Fields[0]
		require.Len(t, playout, 25)
		for i := range playout {
			start := times.At(i).(time.Time)
			wantPlayout, wantIngest := f.sim.Sim.Dataset().Bytes(start, start.Add(time.Hour), filter)
			if playout[i] == nil {
				assert.Zero(t, wantPlayout+wantIngest, "%s bucket %s", refID, start)
				continue
			}
			assert.Equal(t, float64(wantPlayout), *playout[i], "%s playout %s", refID, start)
			assert.Equal(t, float64(wantIngest), *ingest[i], "%s ingest %s", refID, start)
		}
		assert.Equal(t, "decbytes", res.Frames[0].Fields[1].Config.Unit)
	}
	assert.Contains(t, resp.Responses["org"].Frames[0].Meta.ExecutedQueryString, nanostream.RouteHourlyBytes)
	assert.Contains(t, resp.Responses["stream"].Frames[0].Meta.ExecutedQueryString, nanostream.RouteBytes+"?")
}

func TestMonthToDateMatchesTheSimulatorsData(t *testing.T) {
	f := newAPIKeyFixture(t)
	resp := f.queryData(t,
		query("summary", `{"queryType":"monthToDate"}`, testNow.Add(-time.Hour), testNow),
		query("trend", `{"queryType":"monthToDate","view":"trend"}`, testNow.Add(-time.Hour), testNow),
		query("table", `{"queryType":"monthToDate","view":"table","countries":["DE"]}`, testNow.Add(-time.Hour), testNow))

	w := calendar.NewMonthToDate(testNow, time.UTC)
	ds := f.sim.Sim.Dataset()
	prevPlayout, prevIngest := ds.Bytes(w.Previous.From, w.Previous.To, simulator.Filter{})
	curPlayout, curIngest := ds.Bytes(w.Current.From, w.Current.To, simulator.Filter{})
	require.NotZero(t, curPlayout)

	summary := resp.Responses["summary"]
	require.NoError(t, summary.Error)
	fr := summary.Frames[0]
	assert.Equal(t, []float64{float64(prevIngest), float64(curIngest)}, column(fr, "ingest"))
	assert.Equal(t, []float64{float64(prevPlayout), float64(curPlayout)}, column(fr, "playout"))
	assert.Equal(t, []float64{float64(prevPlayout + prevIngest), float64(curPlayout + curIngest)}, column(fr, "usage"))
	assert.Equal(t, w.Current.To, fr.Fields[0].At(1))
	assert.Contains(t, fr.Meta.ExecutedQueryString, nanostream.RouteHourlyBytes)
	assert.Contains(t, fr.Meta.ExecutedQueryString, "from=2026-10-01T00%3A00")
	assert.Contains(t, fr.Meta.ExecutedQueryString, "to=2026-11-23T14%3A00")

	trend := resp.Responses["trend"].Frames[0]
	assert.Equal(t, "1–23 Oct 2026", trend.Fields[1].Config.DisplayName)
	assert.Equal(t, "1–23 Nov 2026", trend.Fields[2].Config.DisplayName)
	assert.Equal(t, float64(curPlayout+curIngest), column(trend, "current")[2])

	table := resp.Responses["table"]
	require.NoError(t, table.Error)
	de := simulator.Filter{Countries: []string{"DE"}}
	pp, pi := ds.Bytes(w.Previous.From, w.Previous.To, de)
	cp, ci := ds.Bytes(w.Current.From, w.Current.To, de)
	change, ok := calendar.Change(float64(pp+pi), float64(cp+ci))
	require.True(t, ok)
	got, _ := table.Frames[0].FieldByName("change")
	assert.InDelta(t, change, *got.At(2).(*float64), 1e-9)
}

func column(f *data.Frame, name string) []float64 {
	field, _ := f.FieldByName(name)
	out := make([]float64, field.Len())
	for i := range out {
		out[i] = field.At(i).(float64)
	}
	return out
}

func TestBadQueriesFailAloneWithAReadableSentence(t *testing.T) {
	f := newAPIKeyFixture(t)
	from, to := testNow.Add(-time.Hour), testNow
	resp := f.queryData(t,
		query("good", `{"queryType":"maxViewers"}`, from, to),
		query("unknown", `{"queryType":"viewerHeatmap"}`, from, to),
		query("reversed", `{"queryType":"byteUsage"}`, to, from),
		query("broken", `{"queryType":`, from, to),
		query("tooFine", `{"queryType":"byteUsage","interval":"minute"}`, to.AddDate(-1, 0, 0), to),
		query("unknownStream", `{"queryType":"byteUsage","streamNames":["nope-nope"]}`, from, to),
	)
	assert.NoError(t, resp.Responses["good"].Error)
	assert.NotEmpty(t, floats(t, resp.Responses["good"], 1))

	for refID, want := range map[string]string{
		"unknown":       `Unknown query type "viewerHeatmap": choose monthToDate, maxViewers, byteUsage, usageBreakdown, ingestAlerts, playbackStartSuccess, playbackStartErrors, bufferingRatio or startupTime.`,
		"reversed":      "The time range is reversed",
		"broken":        "The query is not valid JSON",
		"tooFine":       "more than the 50000 one query may ask for",
		"unknownStream": "A selected stream name is unknown to the nanoStream API (error 103001)",
	} {
		res := resp.Responses[refID]
		require.Error(t, res.Error, refID)
		assert.Contains(t, res.Error.Error(), want, refID)
		assert.Equal(t, backend.ErrorSourceDownstream, res.ErrorSource, refID)
	}
	assert.Equal(t, backend.StatusNotFound, resp.Responses["unknownStream"].Status)
	assert.Contains(t, resp.Responses["unknownStream"].Frames[0].Meta.ExecutedQueryString, "streamNames=nope-nope",
		"the executed request stays visible on failure")
}

func TestOneFailingRouteDoesNotTouchTheOtherQueries(t *testing.T) {
	f := newAPIKeyFixture(t)
	f.sim.Sim.SetFaults(simulator.Faults{RouteStatus: map[string]int{nanostream.RouteMaxViewers: 105002}})
	from, to := testNow.Add(-time.Hour), testNow
	resp := f.queryData(t,
		query("viewers", `{"queryType":"maxViewers"}`, from, to),
		query("bytes", `{"queryType":"byteUsage"}`, from, to))
	assert.NoError(t, resp.Responses["bytes"].Error)
	res := resp.Responses["viewers"]
	require.Error(t, res.Error)
	assert.Contains(t, res.Error.Error(), "access level is too low for this data (error 105002)")
	assert.Equal(t, backend.ErrorSourceDownstream, res.ErrorSource)
	assert.Equal(t, backend.StatusForbidden, res.Status)
}

func TestUpstreamFailuresBecomeOneSentenceEach(t *testing.T) {
	tests := []struct {
		name     string
		faults   simulator.Faults
		want     string
		status   backend.Status
		requests int64
	}{
		{"throttled", simulator.Faults{HTMLStatus: 502}, "The nanoStream API is throttling requests (HTTP 502", backend.StatusTooManyRequests, 1},
		{"gateway timeout page", simulator.Faults{HTMLStatus: 504}, "throttling requests (HTTP 504", backend.StatusTooManyRequests, 1},
		{"server error, retried once", simulator.Faults{Status: 500}, "The nanoStream API failed with HTTP 500", backend.StatusBadGateway, 2},
		{"malformed", simulator.Faults{Malformed: true}, "sent an answer that cannot be read", backend.StatusBadGateway, 1},
		{"truncated", simulator.Faults{Truncated: true}, "unexpected end of JSON input", backend.StatusBadGateway, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newAPIKeyFixture(t)
			f.sim.Sim.SetFaults(tt.faults)
			resp := f.queryData(t, query("A", `{"queryType":"byteUsage"}`, testNow.Add(-time.Hour), testNow))
			res := resp.Responses["A"]
			require.Error(t, res.Error)
			assert.Contains(t, res.Error.Error(), tt.want)
			assert.NotContains(t, res.Error.Error(), "<html")
			assert.Equal(t, backend.ErrorSourceDownstream, res.ErrorSource)
			assert.Equal(t, tt.status, res.Status)
			assert.Equal(t, tt.requests, f.sim.Sim.Stats().Requests, "no retry loop")
		})
	}
}

func TestAccountModeSurvivesAnExpiredToken(t *testing.T) {
	f := newFixture(t, `{"authType":"account","email":"`+testEmail+`"}`, map[string]string{"password": testPassword})
	q := query("A", `{"queryType":"maxViewers"}`, testNow.Add(-time.Hour), testNow)
	assert.NoError(t, f.queryData(t, q).Responses["A"].Error)
	f.sim.Sim.ExpireTokens()
	q = query("A", `{"queryType":"maxViewers"}`, testNow.Add(-2*time.Hour), testNow) // not in the cache
	assert.NoError(t, f.queryData(t, q).Responses["A"].Error)
	assert.Equal(t, int64(2), f.sim.Sim.Stats().Logins, "one login, one more after the expiry, none per query")
}

func TestExpiredCredentialsAreOneSentence(t *testing.T) {
	f := newFixture(t, `{"authType":"account","email":"`+testEmail+`"}`, map[string]string{"password": "last-years-password"})
	res := f.queryData(t, query("A", `{"queryType":"maxViewers"}`, testNow.Add(-time.Hour), testNow)).Responses["A"]
	require.Error(t, res.Error)
	assert.Contains(t, res.Error.Error(), "rejected the email address or password (error 102002)")
	assert.Equal(t, backend.ErrorSourceDownstream, res.ErrorSource)
	assert.Equal(t, backend.StatusForbidden, res.Status)
}

func TestACancelledRequestStopsWaiting(t *testing.T) {
	f := newAPIKeyFixture(t)
	f.sim.Sim.SetFaults(simulator.Faults{Latency: time.Minute})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	started := time.Now()
	resp, err := f.ds.QueryData(ctx, &backend.QueryDataRequest{Queries: []backend.DataQuery{
		query("A", `{"queryType":"maxViewers"}`, testNow.Add(-time.Hour), testNow),
		query("B", `{"queryType":"monthToDate"}`, testNow.Add(-time.Hour), testNow),
	}})
	require.NoError(t, err)
	require.Less(t, time.Since(started), 30*time.Second, "the request's context reaches every HTTP call")
	for _, res := range resp.Responses {
		require.Error(t, res.Error)
		assert.Contains(t, res.Error.Error(), "did not answer in time")
		assert.Equal(t, backend.ErrorSourceDownstream, res.ErrorSource)
	}
}

func TestTheBuiltInSimulatorAnswersWithoutCredentials(t *testing.T) {
	ds := newTestDatasource(t, "", `{}`, nil)
	require.NotNil(t, ds.simulator)
	resp, err := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{
		query("A", `{"queryType":"byteUsage"}`, testNow.Add(-2*time.Hour), testNow),
	}})
	require.NoError(t, err)
	assert.NotEmpty(t, floats(t, resp.Responses["A"], 1))

	tr := ds.simulator
	ds.Dispose()
	req, err := http.NewRequest(http.MethodGet, tr.URL+"/v2/filters/countries", nil)
	require.NoError(t, err)
	_, err = tr.RoundTrip(req)
	assert.ErrorIs(t, err, simulator.ErrTransportClosed, "Dispose stops the built-in simulator")
}

func TestASettingsProblemIsTheAnswerToEveryQuery(t *testing.T) {
	ds := newTestDatasource(t, "", `{"authType":"account"}`, map[string]string{"password": "pw-secret"})
	resp, err := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{
		query("A", `{"queryType":"byteUsage"}`, testNow.Add(-2*time.Hour), testNow),
	}})
	require.NoError(t, err)
	res := resp.Responses["A"]
	require.Error(t, res.Error)
	assert.Equal(t, "Account authentication needs both an email address and a password.", res.Error.Error())
	assert.Equal(t, backend.ErrorSourceDownstream, res.ErrorSource)
}

func TestEveryFrameOfTheSimulatorSaysSo(t *testing.T) {
	ds := newTestDatasource(t, "", `{}`, nil)
	resp, err := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{
		query("A", `{"queryType":"maxViewers"}`, testNow.Add(-time.Hour), testNow),
	}})
	require.NoError(t, err)
	notices := resp.Responses["A"].Frames[0].Meta.Notices
	require.Len(t, notices, 1)
	assert.Contains(t, notices[0].Text, "Simulated demo data")
}

func TestTheFirstHourOfAMonthAsksNothing(t *testing.T) {
	f := newAPIKeyFixture(t)
	f.ds.now = func() time.Time { return time.Date(2026, 12, 1, 0, 20, 0, 0, time.UTC) }
	res := f.queryData(t, query("A", `{"queryType":"monthToDate"}`, testNow.Add(-time.Hour), testNow)).Responses["A"]
	require.NoError(t, res.Error)
	assert.Empty(t, res.Frames[0].Meta.ExecutedQueryString)
	assert.Zero(t, f.sim.Sim.Stats().Requests)
}

func TestAPanickingQueryFailsAloneWithASentence(t *testing.T) {
	d := &Datasource{} // no client: a maxViewers query panics on it
	from, to := testNow.Add(-time.Hour), testNow
	resp, err := d.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{
		query("A", `{"queryType":"maxViewers"}`, from, to),
		query("B", `{"queryType":"noSuchType"}`, from, to),
	}})
	require.NoError(t, err)
	a, b := resp.Responses["A"], resp.Responses["B"]
	require.Error(t, a.Error)
	assert.Equal(t, backend.StatusInternal, a.Status)
	assert.Equal(t, backend.ErrorSourcePlugin, a.ErrorSource)
	assert.Contains(t, a.Error.Error(), "The plugin failed on this query")
	assert.Contains(t, a.Error.Error(), "its log has the details.")
	require.Error(t, b.Error)
	assert.Equal(t, backend.StatusBadRequest, b.Status, "the other query keeps its own answer")
}
