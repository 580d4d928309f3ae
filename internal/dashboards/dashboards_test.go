package dashboards

import (
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const sampleDashboard = `{
  "title": "Sample",
  "time": {"from": "now-24h", "to": "now"},
  "templating": {"list": [
    {"type": "custom", "name": "direction", "query": "ingest,playout", "multi": false, "current": {"value": "playout"}},
    {"type": "custom", "name": "term", "query": "city, ip", "multi": false},
    {"type": "query", "name": "stream", "multi": true, "current": {"value": ["$__all"]}}
  ]},
  "annotations": {"list": [
    {"name": "Grafana", "builtIn": 1, "enable": true, "datasource": {"type": "grafana", "uid": "-- Grafana --"}},
    {"name": "Alerts", "enable": true, "iconColor": "red", "datasource": {"type": "nanostream-analytics-datasource", "uid": "x"},
     "target": {"refId": "Anno", "queryType": "ingestAlerts", "view": "annotations", "streamNames": ["$stream"]}},
    {"name": "Off", "enable": false, "datasource": {"type": "nanostream-analytics-datasource", "uid": "x"}, "target": {"queryType": "ingestAlerts"}}
  ]},
  "panels": [
    {"type": "row", "title": "r", "panels": []},
    {"id": 1, "type": "stat", "title": "Usage",
     "targets": [{"refId": "A", "datasource": {"type": "nanostream-analytics-datasource", "uid": "x"},
                  "queryType": "monthToDate", "streamNames": ["$stream"], "tags": ["$tag", "sports"], "countries": ["$country"]}]},
    {"type": "row", "title": "collapsed", "collapsed": true, "panels": [
      {"id": 2, "type": "timeseries", "title": "Viewers", "timeFrom": "1h", "timeShift": "5m", "maxDataPoints": 300,
       "targets": [{"refId": "A", "queryType": "maxViewers"},
                   {"refId": "B", "datasource": {"type": "prometheus"}, "expr": "up"}]}
    ]},
    {"id": 3, "type": "text", "title": "Notes"},
    {"id": 4, "type": "table", "title": "Breakdown",
     "targets": [{"refId": "A", "queryType": "usageBreakdown", "direction": "$direction", "term": "${term}", "view": "$missing"}]}
  ]
}`

func TestRequestsOnePerPanelWithVariablesAtAll(t *testing.T) {
	d, err := Parse([]byte(sampleDashboard))
	require.NoError(t, err)
	assert.Len(t, d.Leaves(), 4, "rows are flattened, collapsed ones included")

	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	reqs, err := d.Requests(now)
	require.NoError(t, err)
	require.Len(t, reqs, 3, "the text panel has no query")

	usage := reqs[0]
	assert.Equal(t, "Usage", usage.Title)
	require.Len(t, usage.Queries, 1)
	q := usage.Queries[0]
	assert.Equal(t, now.Add(-24*time.Hour), q.TimeRange.From)
	assert.Equal(t, now, q.TimeRange.To)
	assert.EqualValues(t, DefaultMaxDataPoints, q.MaxDataPoints)
	var body map[string]any
	require.NoError(t, json.Unmarshal(q.JSON, &body))
	assert.Equal(t, []any{}, body["streamNames"])
	assert.Equal(t, []any{"sports"}, body["tags"])
	assert.Equal(t, "monthToDate", body["queryType"])

	viewers := reqs[1]
	require.Len(t, viewers.Queries, 1, "another data source's target is not sent")
	assert.Equal(t, now.Add(-65*time.Minute), viewers.Queries[0].TimeRange.From, "the panel's own time range, shifted")
	assert.Equal(t, now.Add(-5*time.Minute), viewers.Queries[0].TimeRange.To)
	assert.EqualValues(t, 300, viewers.Queries[0].MaxDataPoints)
}

func TestSingleValueVariablesTakeTheirDefault(t *testing.T) {
	d, err := Parse([]byte(sampleDashboard))
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"direction": "playout", "term": "city"}, d.Values(),
		"the current value, else a custom variable's first option; a multi-value variable has none")
	reqs, err := d.Requests(time.Now())
	require.NoError(t, err)
	var body map[string]any
	require.NoError(t, json.Unmarshal(reqs[2].Queries[0].JSON, &body))
	assert.Equal(t, "playout", body["direction"])
	assert.Equal(t, "city", body["term"])
	assert.Equal(t, "$missing", body["view"], "an unknown variable stays as it is")
}

func TestAnnotationRequestsAreTheEnabledAnnotationsOfThisPlugin(t *testing.T) {
	d, err := Parse([]byte(sampleDashboard))
	require.NoError(t, err)
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	reqs, err := d.AnnotationRequests(now)
	require.NoError(t, err)
	require.Len(t, reqs, 1, "Grafana's own annotations and a disabled one are not sent")
	assert.Equal(t, "Alerts", reqs[0].Title)
	q := reqs[0].Queries[0]
	assert.Equal(t, "Anno", q.RefID)
	assert.Equal(t, now.Add(-24*time.Hour), q.TimeRange.From, "the dashboard's time range")
	var body map[string]any
	require.NoError(t, json.Unmarshal(q.JSON, &body))
	assert.Equal(t, []any{}, body["streamNames"])
	assert.Equal(t, "annotations", body["view"])
}

func TestTheProvisionedDashboardsHaveTheirPanels(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "provisioning", "dashboards", "*.json"))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 4)
	for _, file := range files {
		d, err := Read(file)
		require.NoError(t, err)
		reqs, err := d.Requests(time.Now())
		require.NoError(t, err)
		annos, err := d.AnnotationRequests(time.Now())
		require.NoError(t, err)
		assert.GreaterOrEqual(t, len(reqs), 6, d.Title)
		for _, r := range append(reqs, annos...) {
			for _, q := range r.Queries {
				assert.NotContains(t, string(q.JSON), `"$`, "%s, %s: every variable is interpolated", d.Title, r.Title)
			}
		}
	}
}

func TestRelative(t *testing.T) {
	for expr, want := range map[string]time.Duration{
		"now": 0, "now-24h": 24 * time.Hour, "15m": 15 * time.Minute, "now-7d": 7 * 24 * time.Hour, "now-2w": 14 * 24 * time.Hour,
	} {
		got, err := Relative(expr)
		require.NoError(t, err, expr)
		assert.Equal(t, want, got, expr)
	}
	for _, bad := range []string{"", "now/d", "now-x", "now-5q", "yesterday"} {
		_, err := Relative(bad)
		assert.Error(t, err, bad)
	}
}
