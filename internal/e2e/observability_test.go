package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/simulator"
)

// TestMetricsAndLogsAfterAKnownLoad runs a known load through the built
// plugin (two identical queries, one other, one the API throttles) and
// reads the plugin's metrics over the plugin protocol, as Grafana's
// /api/plugins/<id>/metrics does.
func TestMetricsAndLogsAfterAKnownLoad(t *testing.T) {
	f := start(t)
	pc := f.apiKeyContext()
	hour := time.Now().UTC().Truncate(time.Hour).Add(-3 * time.Hour) // past, whole hours: the same request each time
	viewers := func(from time.Time) {                                // one query of one past hour of the viewer route
		resp := f.query(t, pc, dataQuery("A", `{"queryType":"maxViewers"}`, from, from.Add(time.Hour)))
		require.NoError(t, resp.Responses["A"].Error)
	}
	viewers(hour)
	viewers(hour)
	viewers(hour.Add(-time.Hour))
	f.sim.Sim.SetFaults(simulator.Faults{HTMLStatus: 502})
	resp := f.query(t, pc, dataQuery("A", `{"queryType":"maxViewers"}`, hour.Add(-2*time.Hour), hour.Add(-time.Hour)))
	require.Error(t, resp.Responses["A"].Error)
	assert.Contains(t, resp.Responses["A"].Error.Error(), "throttling")

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	text, err := f.plugin.CollectMetrics(ctx)
	require.NoError(t, err)
	metrics := string(text)
	const route = `route="/v2/viewer/concurrent/max/timeseries"`

	for _, c := range []struct {
		name   string
		labels []string
		want   float64
	}{
		{"nanostream_upstream_requests_total", []string{route, `outcome="ok"`}, 2},
		{"nanostream_upstream_requests_total", []string{route, `outcome="throttled"`}, 1},
		{"nanostream_upstream_request_duration_seconds_count", []string{route}, 3},
		{"nanostream_calls_total", []string{route, `cache="miss"`, `outcome="ok"`}, 2},
		{"nanostream_calls_total", []string{route, `cache="hit"`, `outcome="ok"`}, 1},
		{"nanostream_calls_total", []string{route, `cache="miss"`, `outcome="throttled"`}, 1},
		{"nanostream_budget_wait_seconds_count", []string{`outcome="turn"`}, 3},
		{"nanostream_throttling_pauses_total", nil, 1},
	} {
		got, ok := sample(metrics, c.name, c.labels...)
		if assert.True(t, ok, "%s %v missing in\n%s", c.name, c.labels, metrics) {
			assert.Equal(t, c.want, got, "%s %v", c.name, c.labels)
		}
	}
	paused, ok := sample(metrics, "nanostream_throttling_pause_seconds_total")
	assert.True(t, ok)
	assert.Greater(t, paused, 1.0, "a throttling pause lasts about 2 s")
	_, ok = sample(metrics, "nanostream_calls_total", `cache="shared"`)
	assert.False(t, ok, "no call was shared")
	assert.NotContains(t, metrics, apiKey)

	logs := f.logs.String()
	assert.NotContains(t, logs, apiKey)
	assert.Equal(t, 1, strings.Count(logs, `"@message":"The nanoStream API is throttling: the request budget pauses"`), "logged once")
}

// sample is the value of the sample of metric name whose labels include
// every one given, in the text exposition format.
func sample(metrics, name string, labels ...string) (float64, bool) {
	for _, line := range strings.Split(metrics, "\n") {
		rest, ok := strings.CutPrefix(line, name)
		if !ok || (rest != "" && rest[0] != '{' && rest[0] != ' ') {
			continue
		}
		all := true
		for _, l := range labels {
			all = all && strings.Contains(rest, l)
		}
		if !all {
			continue
		}
		v, err := strconv.ParseFloat(rest[strings.LastIndexByte(rest, ' ')+1:], 64)
		return v, err == nil
	}
	return 0, false
}
