package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/simulator"
)

// expectedBreakdown is a breakdown table as the simulator's own rows give
// it: the limit largest keys, then Other with the rest of the total, every
// share of that total.
type expectedBreakdown struct {
	keys          []string
	bytes, shares []float64
}

func expectBreakdown(rows []simulator.BreakdownRow, limit int) expectedBreakdown {
	var e expectedBreakdown
	var total, shown int64
	for _, r := range rows {
		total += r.Bytes
	}
	for _, r := range rows[:min(limit, len(rows))] {
		e.keys = append(e.keys, r.Key)
		e.bytes = append(e.bytes, float64(r.Bytes))
		shown += r.Bytes
	}
	if total > shown {
		e.keys = append(e.keys, "Other")
		e.bytes = append(e.bytes, float64(total-shown))
	}
	for _, b := range e.bytes {
		e.shares = append(e.shares, b/float64(total)*100)
	}
	return e
}

// summed adds the rows of both directions per key, largest first.
func summed(a, b []simulator.BreakdownRow) []simulator.BreakdownRow {
	sums := map[string]int64{}
	for _, r := range append(append([]simulator.BreakdownRow(nil), a...), b...) {
		sums[r.Key] += r.Bytes
	}
	out := make([]simulator.BreakdownRow, 0, len(sums))
	for k, v := range sums {
		out = append(out, simulator.BreakdownRow{Key: k, Bytes: v})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Bytes != out[j].Bytes {
			return out[i].Bytes > out[j].Bytes
		}
		return out[i].Key < out[j].Key
	})
	return out
}

func TestUsageBreakdownsOverThePluginProtocol(t *testing.T) {
	f := start(t)
	ds := f.sim.Sim.Dataset()
	now := time.Now()
	from, to := now.Add(-26*time.Hour), now.Add(-3*time.Hour) // past whole hours: the numbers are final
	wFrom, wTo := from.Truncate(time.Hour), to.Truncate(time.Hour).Add(time.Hour)
	sports := simulator.Filter{Tags: []string{"sports"}}
	resp := f.query(t, f.apiKeyContext(),
		dataQuery("stream", `{"queryType":"usageBreakdown","limit":5}`, from, to),
		dataQuery("country", `{"queryType":"usageBreakdown","term":"country","direction":"total","limit":3}`, from, to),
		dataQuery("city", `{"queryType":"usageBreakdown","term":"city","direction":"ingest","limit":2,"tags":["sports"]}`, from, to),
		dataQuery("referrer", `{"queryType":"usageBreakdown","term":"referrer","limit":6}`, from, to),
		dataQuery("ip", `{"queryType":"usageBreakdown","term":"ip","direction":"playout","limit":1000}`, from, to),
		dataQuery("bytes", `{"queryType":"byteUsage"}`, from, to),
	)
	cases := map[string]expectedBreakdown{
		"stream":   expectBreakdown(ds.Breakdown(simulator.TermStream, simulator.DirectionPlayout, wFrom, wTo, simulator.Filter{}), 5),
		"country":  expectBreakdown(summed(ds.Breakdown(simulator.TermCountry, simulator.DirectionPlayout, wFrom, wTo, simulator.Filter{}), ds.Breakdown(simulator.TermCountry, simulator.DirectionIngest, wFrom, wTo, simulator.Filter{})), 3),
		"city":     expectBreakdown(ds.Breakdown(simulator.TermCity, simulator.DirectionIngest, wFrom, wTo, sports), 2),
		"referrer": expectBreakdown(ds.Breakdown(simulator.TermReferrer, simulator.DirectionPlayout, wFrom, wTo, simulator.Filter{}), 6),
		"ip":       expectBreakdown(ds.Breakdown(simulator.TermIP, simulator.DirectionPlayout, wFrom, wTo, simulator.Filter{}), 1000),
	}
	for refID, want := range cases {
		t.Run(refID, func(t *testing.T) {
			res := resp.Responses[refID]
			require.NoError(t, res.Error)
			require.Len(t, res.Frames, 1)
			fr := res.Frames[0]
			require.Equal(t, len(want.keys), fr.Rows())
			keys := fieldValues(t, fr, refID)
			bytes, shares := fieldValues(t, fr, "bytes"), fieldValues(t, fr, "share")
			var sum float64
			for i := range want.keys {
				key := want.keys[i]
				if refID == "country" && key == "Other" {
					key = "" // no country code for the rest: the Geomap places nothing there
				}
				assert.Equal(t, key, keys[i], "row %d", i)
				assert.Equal(t, want.bytes[i], bytes[i], "row %d: %s", i, key)
				assert.InDelta(t, want.shares[i], *shares[i].(*float64), 1e-9, "row %d: %s", i, key)
				sum += *shares[i].(*float64)
			}
			assert.InDelta(t, 100, sum, 1e-9, "the shares add up to 100 %%")
			assert.Equal(t, "decbytes", fr.Fields[len(fr.Fields)-2].Config.Unit)
			assert.Equal(t, "percent", fr.Fields[len(fr.Fields)-1].Config.Unit)
		})
	}

	t.Run("country names", func(t *testing.T) {
		names := map[string]string{}
		for _, c := range ds.Countries() {
			names[c.Code] = c.Name
		}
		fr := resp.Responses["country"].Frames[0]
		codes, got := fieldValues(t, fr, "country"), fieldValues(t, fr, "name")
		for i := range codes[:3] {
			assert.Equal(t, names[codes[i].(string)], got[i])
		}
		assert.Equal(t, "Other", got[3])
	})

	t.Run("the heavy address and the range's total", func(t *testing.T) {
		fr := resp.Responses["ip"].Frames[0]
		assert.Equal(t, simulator.HeavyAddress, fieldValues(t, fr, "ip")[0])
		playout, _ := ds.Bytes(wFrom, wTo, simulator.Filter{})
		var sum float64
		for _, b := range fieldValues(t, fr, "bytes") {
			sum += b.(float64)
		}
		assert.Equal(t, float64(playout), sum, "1000 addresses and Other: the range's playout")
	})

	t.Run("requests", func(t *testing.T) {
		byRoute := f.sim.Sim.Stats().ByRoute
		for _, route := range []string{"/v2/usage/stream/playout/bytes", "/v2/usage/country/playout/bytes", "/v2/usage/country/ingest/bytes",
			"/v2/usage/city/ingest/bytes", "/v2/usage/referrer/playout/bytes", "/v2/usage/ip/playout/bytes"} {
			assert.Equal(t, int64(1), byRoute[route], "one request per term and direction: %s", route)
		}
		// the ip breakdown lists more than 1000 addresses: its total is the byte usage the panel beside it asks
		assert.Equal(t, int64(1), byRoute["/v2/usage/hourly/bytes/timeseries"], "the byteUsage panel's request serves the Other row too")
		assert.Equal(t, int64(1), byRoute["/v2/filters/countries"], "the countries' names")
		assert.Equal(t, int64(8), f.sim.Sim.Stats().Requests)
	})

	t.Run("a term the API does not know", func(t *testing.T) {
		res := f.query(t, f.apiKeyContext(), dataQuery("A", `{"queryType":"usageBreakdown","term":"browser"}`, from, to)).Responses["A"]
		require.Error(t, res.Error)
		assert.Equal(t, `Unknown breakdown term "browser": choose stream, country, city, referrer or ip.`, res.Error.Error())
	})
}

func TestTopKeysResourceOverThePluginProtocol(t *testing.T) {
	f := start(t)
	ds := f.sim.Sim.Dataset()
	now := time.Now()
	from, to := now.Add(-26*time.Hour), now.Add(-3*time.Hour) // past whole hours: the numbers are final
	wFrom, wTo := from.Truncate(time.Hour), to.Truncate(time.Hour).Add(time.Hour)
	bounds := fmt.Sprintf("&from=%d&to=%d", from.UnixMilli(), to.UnixMilli())
	type key struct {
		Key, Name string
		Bytes     float64
	}
	keys := func(t *testing.T, resource string) []key {
		t.Helper()
		res, err := f.plugin.CallResource(context.Background(), f.apiKeyContext(), resource)
		require.NoError(t, err)
		require.Equal(t, 200, res.Status, "%s: %s", resource, res.Body)
		var body struct{ Keys []key }
		require.NoError(t, json.Unmarshal(res.Body, &body))
		return body.Keys
	}
	names := map[string]string{}
	for _, c := range ds.Countries() {
		names[c.Code] = c.Name
	}

	t.Run("countries by playout", func(t *testing.T) {
		got := keys(t, "keys?term=country&direction=playout&limit=5"+bounds)
		want := ds.Breakdown(simulator.TermCountry, simulator.DirectionPlayout, wFrom, wTo, simulator.Filter{})
		require.Len(t, got, 5)
		for i, k := range got {
			assert.Equal(t, want[i].Key, k.Key, "key %d", i)
			assert.Equal(t, float64(want[i].Bytes), k.Bytes, "%s", k.Key)
			assert.Equal(t, names[k.Key], k.Name, "the country's name")
		}
		// the variable and a breakdown panel over the same range share their request
		resp := f.query(t, f.apiKeyContext(), dataQuery("A", `{"queryType":"usageBreakdown","term":"country","limit":3}`, from, to))
		require.NoError(t, resp.Responses["A"].Error)
		assert.Equal(t, int64(1), f.sim.Sim.Stats().ByRoute["/v2/usage/country/playout/bytes"], "one request for the variable and the panel")
	})

	t.Run("streams by total, the default limit", func(t *testing.T) {
		got := keys(t, "keys?term=stream&direction=total"+bounds)
		want := summed(ds.Breakdown(simulator.TermStream, simulator.DirectionPlayout, wFrom, wTo, simulator.Filter{}),
			ds.Breakdown(simulator.TermStream, simulator.DirectionIngest, wFrom, wTo, simulator.Filter{}))
		require.Len(t, got, min(20, len(want)))
		for i, k := range got {
			assert.Equal(t, want[i].Key, k.Key, "key %d", i)
			assert.Equal(t, float64(want[i].Bytes), k.Bytes, "%s", k.Key)
			assert.Empty(t, k.Name, "names are for countries")
		}
	})

	t.Run("parameters checked as a query's", func(t *testing.T) {
		for resource, want := range map[string]string{
			"keys?term=browser" + bounds:           `Unknown breakdown term \"browser\": choose stream, country, city, referrer or ip.`,
			"keys?term=city&limit=1001" + bounds:   "The limit 1001 is out of range",
			"keys?term=city&from=yesterday&to=now": "is not two epoch times in milliseconds",
		} {
			res, err := f.plugin.CallResource(context.Background(), f.apiKeyContext(), resource)
			require.NoError(t, err)
			assert.Equal(t, 400, res.Status, resource)
			assert.Contains(t, string(res.Body), want, resource)
		}
	})
}
