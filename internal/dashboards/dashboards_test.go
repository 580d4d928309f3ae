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
  "panels": [
    {"type": "row", "title": "r", "panels": []},
    {"id": 1, "type": "stat", "title": "Usage",
     "targets": [{"refId": "A", "datasource": {"type": "nanostream-analytics-datasource", "uid": "x"},
                  "queryType": "monthToDate", "streamNames": ["$stream"], "tags": ["$tag", "sports"], "countries": ["$country"]}]},
    {"type": "row", "title": "collapsed", "collapsed": true, "panels": [
      {"id": 2, "type": "timeseries", "title": "Viewers", "timeFrom": "1h", "maxDataPoints": 300,
       "targets": [{"refId": "A", "queryType": "maxViewers"},
                   {"refId": "B", "datasource": {"type": "prometheus"}, "expr": "up"}]}
    ]},
    {"id": 3, "type": "text", "title": "Notes"}
  ]
}`

func TestRequestsOnePerPanelWithVariablesAtAll(t *testing.T) {
	d, err := Parse([]byte(sampleDashboard))
	require.NoError(t, err)
	assert.Len(t, d.Leaves(), 3, "rows are flattened, collapsed ones included")

	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	reqs, err := d.Requests(now)
	require.NoError(t, err)
	require.Len(t, reqs, 2, "the text panel has no query")

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
	assert.Equal(t, now.Add(-time.Hour), viewers.Queries[0].TimeRange.From, "the panel's own time range")
	assert.EqualValues(t, 300, viewers.Queries[0].MaxDataPoints)
}

func TestTheProvisionedDashboardHasItsPanels(t *testing.T) {
	d, err := Read(filepath.Join("..", "..", "provisioning", "dashboards", "nanostream-analytics.json"))
	require.NoError(t, err)
	assert.Equal(t, "now-24h", d.Time.From)
	reqs, err := d.Requests(time.Now())
	require.NoError(t, err)
	assert.GreaterOrEqual(t, len(reqs), 6)
	for _, r := range reqs {
		for _, q := range r.Queries {
			assert.NotContains(t, string(q.JSON), `"$`, "%s: every variable is interpolated", r.Title)
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
