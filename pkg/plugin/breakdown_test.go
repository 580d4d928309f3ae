package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/simulator"
)

// breakdownRows reads a usage breakdown frame: key, bytes and share per
// row.
func breakdownRows(t *testing.T, res backend.DataResponse) (keys []string, bytes, shares []float64) {
	t.Helper()
	require.NoError(t, res.Error)
	require.Len(t, res.Frames, 1)
	fr := res.Frames[0]
	b, _ := fr.FieldByName("bytes")
	s, _ := fr.FieldByName("share")
	for i := 0; i < fr.Rows(); i++ {
		keys = append(keys, fr.Fields[0].At(i).(string))
		bytes = append(bytes, b.At(i).(float64))
		shares = append(shares, *s.At(i).(*float64))
	}
	return keys, bytes, shares
}

// wantBreakdown is what a breakdown of the simulator's rows should show:
// the limit largest, then Other, and every share of the total.
func wantBreakdown(rows []simulator.BreakdownRow, limit int) (keys []string, bytes, shares []float64) {
	var total, shown int64
	for _, r := range rows {
		total += r.Bytes
	}
	for _, r := range rows[:min(limit, len(rows))] {
		keys = append(keys, r.Key)
		bytes = append(bytes, float64(r.Bytes))
		shown += r.Bytes
	}
	if total > shown {
		keys = append(keys, "Other")
		bytes = append(bytes, float64(total-shown))
	}
	for _, b := range bytes {
		shares = append(shares, b/float64(total)*100)
	}
	return keys, bytes, shares
}

func TestUsageBreakdownMatchesTheSimulator(t *testing.T) {
	f := newAPIKeyFixture(t)
	ds := f.sim.Sim.Dataset()
	from, to := testNow.Add(-26*time.Hour), testNow.Add(-2*time.Hour) // hourly buckets: 12:00 to 13:00 a day later
	wFrom, wTo := from.Truncate(time.Hour), to.Truncate(time.Hour).Add(time.Hour)
	resp := f.queryData(t,
		query("streams", `{"queryType":"usageBreakdown","limit":5}`, from, to),
		query("cities", `{"queryType":"usageBreakdown","term":"city","direction":"ingest","limit":3,"tags":["sports"]}`, from, to))

	for refID, c := range map[string]struct {
		term, dir string
		limit     int
		filter    simulator.Filter
	}{
		"streams": {simulator.TermStream, simulator.DirectionPlayout, 5, simulator.Filter{}},
		"cities":  {simulator.TermCity, simulator.DirectionIngest, 3, simulator.Filter{Tags: []string{"sports"}}},
	} {
		keys, bytes, shares := breakdownRows(t, resp.Responses[refID])
		wantKeys, wantBytes, wantShares := wantBreakdown(ds.Breakdown(c.term, c.dir, wFrom, wTo, c.filter), c.limit)
		assert.Equal(t, wantKeys, keys, refID)
		assert.Equal(t, wantBytes, bytes, refID)
		assert.InDeltaSlice(t, wantShares, shares, 1e-9, refID)
		var sum float64
		for _, s := range shares {
			sum += s
		}
		assert.InDelta(t, 100, sum, 1e-9, "%s: the shares add up", refID)
	}
	stats := f.sim.Sim.Stats()
	assert.Equal(t, int64(2), stats.Requests, "one request per term and direction; complete answers need no total")
	assert.Contains(t, resp.Responses["streams"].Frames[0].Meta.ExecutedQueryString, "limit=1000", "the largest list, shared by every limit")
}

func TestUsageBreakdownTotalAddsBothDirections(t *testing.T) {
	f := newAPIKeyFixture(t)
	ds := f.sim.Sim.Dataset()
	from, to := testNow.Add(-26*time.Hour), testNow.Add(-2*time.Hour)
	wFrom, wTo := from.Truncate(time.Hour), to.Truncate(time.Hour).Add(time.Hour)
	res := f.queryData(t, query("A", `{"queryType":"usageBreakdown","term":"country","direction":"total","limit":4}`, from, to)).Responses["A"]
	keys, bytes, shares := breakdownRows(t, res)

	sums := map[string]int64{}
	for _, dir := range []string{simulator.DirectionPlayout, simulator.DirectionIngest} {
		for _, r := range ds.Breakdown(simulator.TermCountry, dir, wFrom, wTo, simulator.Filter{}) {
			sums[r.Key] += r.Bytes
		}
	}
	var rows []simulator.BreakdownRow
	for k, v := range sums {
		rows = append(rows, simulator.BreakdownRow{Key: k, Bytes: v})
	}
	sortRows(rows)
	wantKeys, wantBytes, wantShares := wantBreakdown(rows, 4)
	wantKeys[len(wantKeys)-1] = "" // a country breakdown's Other row has no code
	assert.Equal(t, wantKeys, keys)
	assert.Equal(t, wantBytes, bytes)
	assert.InDeltaSlice(t, wantShares, shares, 1e-9)
	playout, ingest := ds.Bytes(wFrom, wTo, simulator.Filter{})
	var sum float64
	for _, b := range bytes {
		sum += b
	}
	assert.Equal(t, float64(playout+ingest), sum, "the rows add up to the range's byte usage")

	names := map[string]string{}
	for _, c := range ds.Countries() {
		names[c.Code] = c.Name
	}
	name, _ := res.Frames[0].FieldByName("name")
	for i, k := range keys[:4] {
		assert.Equal(t, names[k], name.At(i), k)
	}
	byRoute := f.sim.Sim.Stats().ByRoute
	assert.Equal(t, int64(1), byRoute[nanostream.RouteBreakdown("country", "playout")])
	assert.Equal(t, int64(1), byRoute[nanostream.RouteBreakdown("country", "ingest")])
	assert.Equal(t, int64(1), byRoute[nanostream.RouteCountries], "the names, an answer kept for an hour")
	assert.Equal(t, int64(3), f.sim.Sim.Stats().Requests)
}

// callKeys calls a resource whose path carries a query, as Grafana sends
// it: the path without the query, the URL with it.
func callKeys(t *testing.T, ds *Datasource, pathAndQuery string) (int, string, map[string]any) {
	t.Helper()
	var status int
	var body []byte
	path, _, _ := strings.Cut(pathAndQuery, "?")
	err := ds.CallResource(context.Background(), &backend.CallResourceRequest{Path: path, Method: "GET", URL: pathAndQuery},
		backend.CallResourceResponseSenderFunc(func(res *backend.CallResourceResponse) error {
			status = res.Status
			body = append(body, res.Body...)
			return nil
		}))
	require.NoError(t, err)
	var parsed map[string]any
	require.NoError(t, json.Unmarshal(body, &parsed), string(body))
	return status, "", parsed
}

func sortRows(rows []simulator.BreakdownRow) {
	for i := range rows {
		for j := i + 1; j < len(rows); j++ {
			if rows[j].Bytes > rows[i].Bytes || (rows[j].Bytes == rows[i].Bytes && rows[j].Key < rows[i].Key) {
				rows[i], rows[j] = rows[j], rows[i]
			}
		}
	}
}

func TestAnIncompleteBreakdownTakesItsTotalFromTheByteUsage(t *testing.T) {
	f := newAPIKeyFixture(t)
	ds := f.sim.Sim.Dataset()
	from, to := testNow.Add(-26*time.Hour), testNow.Add(-2*time.Hour)
	wFrom, wTo := from.Truncate(time.Hour), to.Truncate(time.Hour).Add(time.Hour)
	require.Greater(t, len(ds.Breakdown(simulator.TermIP, simulator.DirectionPlayout, wFrom, wTo, simulator.Filter{})), nanostream.MaxLimit,
		"more addresses than the API lists")

	// the dashboard's byte usage panel over the same range first: the breakdown's total comes from its answer
	bytesPanel := f.queryData(t, query("bytes", `{"queryType":"byteUsage"}`, from, to)).Responses["bytes"]
	require.NoError(t, bytesPanel.Error)
	before := f.sim.Sim.Stats().Requests

	res := f.queryData(t, query("A", `{"queryType":"usageBreakdown","term":"ip","limit":10}`, from, to)).Responses["A"]
	keys, bytes, shares := breakdownRows(t, res)
	wantKeys, wantBytes, wantShares := wantBreakdown(ds.Breakdown(simulator.TermIP, simulator.DirectionPlayout, wFrom, wTo, simulator.Filter{}), 10)
	assert.Equal(t, wantKeys, keys)
	assert.Equal(t, wantBytes, bytes, "the Other row holds every address beyond the ten, listed or not")
	assert.InDeltaSlice(t, wantShares, shares, 1e-9)
	assert.Equal(t, simulator.HeavyAddress, keys[0])
	assert.Equal(t, before+1, f.sim.Sim.Stats().Requests, "the breakdown alone: the total was in the cache")
	assert.Contains(t, res.Frames[0].Meta.ExecutedQueryString, "\nGET "+nanostream.RouteHourlyBytes, "both requests are shown")
}

func TestTheBreakdownsTotalCostsOneRequestWhenNotCached(t *testing.T) {
	f := newAPIKeyFixture(t)
	res := f.queryData(t, query("A", `{"queryType":"usageBreakdown","term":"ip"}`, testNow.Add(-26*time.Hour), testNow.Add(-2*time.Hour))).Responses["A"]
	require.NoError(t, res.Error)
	assert.Equal(t, int64(2), f.sim.Sim.Stats().Requests, "the breakdown and the range's byte usage")
	assert.Equal(t, 11, res.Frames[0].Rows())
}

func TestABreakdownWithoutItsTotalSaysSo(t *testing.T) {
	f := newAPIKeyFixture(t)
	f.sim.Sim.SetFaults(simulator.Faults{RouteStatus: map[string]int{nanostream.RouteHourlyBytes: 105002}})
	res := f.queryData(t, query("A", `{"queryType":"usageBreakdown","term":"ip"}`, testNow.Add(-26*time.Hour), testNow.Add(-2*time.Hour))).Responses["A"]
	require.NoError(t, res.Error, "the keys answer")
	notices := res.Frames[0].Meta.Notices
	require.NotEmpty(t, notices)
	assert.Equal(t, data.NoticeSeverityWarning, notices[0].Severity)
	assert.Contains(t, notices[0].Text, "The range's total could not be read, so the shares are of the 1000 keys the API listed, which may not be all: ")
}

func TestUsageBreakdownBadInput(t *testing.T) {
	f := newAPIKeyFixture(t)
	resp := f.queryData(t,
		query("term", `{"queryType":"usageBreakdown","term":"browser"}`, testNow.Add(-time.Hour), testNow),
		query("view", `{"queryType":"ingestAlerts","view":"graph"}`, testNow.Add(-time.Hour), testNow),
		query("split", `{"queryType":"playbackStartSuccess","splitBy":"city"}`, testNow.Add(-time.Hour), testNow))
	for refID, want := range map[string]string{
		"term":  `Unknown breakdown term "browser": choose stream, country, city, referrer or ip.`,
		"view":  `Unknown ingest alerts view "graph": choose table, count or annotations.`,
		"split": `Unknown split "city": choose stream, tag or country, or none for one series of everything.`,
	} {
		res := resp.Responses[refID]
		require.Error(t, res.Error, refID)
		assert.Equal(t, want, res.Error.Error())
		assert.Equal(t, backend.ErrorSourceDownstream, res.ErrorSource)
		assert.Equal(t, backend.StatusBadRequest, res.Status)
	}
	assert.Zero(t, f.sim.Sim.Stats().Requests, "nothing is sent for a query the plugin refuses")
}

func TestKeysResourceListsTheTopKeys(t *testing.T) {
	f := newAPIKeyFixture(t)
	ds := f.sim.Sim.Dataset()
	from, to := testNow.Add(-26*time.Hour), testNow.Add(-2*time.Hour)
	path := fmt.Sprintf("keys?term=country&direction=playout&limit=3&from=%d&to=%d", from.UnixMilli(), to.UnixMilli())
	status, _, body := callKeys(t, f.ds, path)
	require.Equal(t, 200, status, body)
	rows := ds.Breakdown(simulator.TermCountry, simulator.DirectionPlayout, from.Truncate(time.Hour), to.Truncate(time.Hour).Add(time.Hour), simulator.Filter{})
	keys := body["keys"].([]any)
	require.Len(t, keys, 3)
	names := map[string]string{}
	for _, c := range ds.Countries() {
		names[c.Code] = c.Name
	}
	for i, k := range keys {
		item := k.(map[string]any)
		assert.Equal(t, rows[i].Key, item["key"])
		assert.Equal(t, names[rows[i].Key], item["name"])
		assert.Equal(t, float64(rows[i].Bytes), item["bytes"])
	}

	// the breakdown panel over the same range asks nothing more
	before := f.sim.Sim.Stats().Requests
	res := f.queryData(t, query("A", `{"queryType":"usageBreakdown","term":"country"}`, from, to)).Responses["A"]
	require.NoError(t, res.Error)
	assert.Equal(t, before, f.sim.Sim.Stats().Requests, "the variable and the panel share their requests")

	status, _, body = callKeys(t, f.ds, "keys?term=stream")
	require.Equal(t, 200, status, body)
	assert.Len(t, body["keys"], 20, "20 keys of the last 30 days by default")

	for q, want := range map[string]string{
		"keys?term=browser":                               `Unknown breakdown term "browser": choose stream, country, city, referrer or ip.`,
		"keys?direction=up":                               `Unknown direction "up": choose playout, ingest or total.`,
		"keys?limit=5000":                                 "The limit 5000 is out of range: choose a whole number from 1 to 1000.",
		"keys?from=yesterday&to=now":                      `The time range from "yesterday" to "now" is not two epoch times in milliseconds.`,
		"keys?from=2000&to=1000":                          "The time range is reversed",
		"keys?term=" + url.QueryEscape("ip") + "&limit=x": `The limit "x" is not a whole number.`,
	} {
		status, _, body := callKeys(t, f.ds, q)
		assert.Equal(t, 400, status, q)
		assert.Contains(t, body["error"], want, q)
	}
}
