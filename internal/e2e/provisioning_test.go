package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/internal/dashboards"
)

const provisioningDir = "../../provisioning"

// provisionedDataSource is the data source file, with the environment of a
// demo without credentials: the simulator at simulatorURL.
func provisionedDataSource(t *testing.T, simulatorURL string) (backend.PluginContext, string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(provisioningDir, "datasources", "nanostream.yaml"))
	require.NoError(t, err)
	env := map[string]string{"NANOSTREAM_SIMULATOR_URL": simulatorURL}
	expanded := os.Expand(string(raw), func(name string) string { return env[name] })
	var file struct {
		Datasources []struct {
			UID, Type, URL string
			JSONData       map[string]any    `yaml:"jsonData"`
			SecureJSONData map[string]string `yaml:"secureJsonData"`
		}
	}
	require.NoError(t, yaml.Unmarshal([]byte(expanded), &file))
	require.Len(t, file.Datasources, 1)
	ds := file.Datasources[0]
	assert.Equal(t, "nanostream-analytics-datasource", ds.Type)
	for key, value := range ds.SecureJSONData {
		assert.Regexp(t, `^\$[A-Z_]+$`, valueIn(string(raw), key), "secret %s comes from the environment only", key)
		assert.Empty(t, value)
	}
	jsonData, err := json.Marshal(ds.JSONData)
	require.NoError(t, err)
	pc := pluginContext(ds.URL, string(jsonData), ds.SecureJSONData)
	return pc, ds.UID
}

// valueIn is the raw text after "key:" in a YAML file.
func valueIn(raw, key string) string {
	for _, line := range strings.Split(raw, "\n") {
		if k, v, ok := strings.Cut(strings.TrimSpace(line), ":"); ok && k == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

func readDashboards(t *testing.T) []*dashboards.Dashboard {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(provisioningDir, "dashboards", "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	var out []*dashboards.Dashboard
	for _, f := range files {
		d, err := dashboards.Read(f)
		require.NoError(t, err)
		out = append(out, d)
	}
	return out
}

func TestEveryProvisionedPanelAnswersWithTheShapeItsPanelNeeds(t *testing.T) {
	f := start(t)
	pc, uid := provisionedDataSource(t, f.sim.URL)
	panels := 0
	for _, d := range readDashboards(t) {
		for _, p := range d.Leaves() {
			require.NotEmpty(t, p.Targets, "panel %q has a query", p.Title)
			assert.Equal(t, uid, p.Datasource["uid"], "panel %q uses the provisioned data source", p.Title)
			for _, target := range p.Targets {
				assert.Equal(t, uid, target["datasource"].(map[string]any)["uid"], "panel %q", p.Title)
			}
		}
		requests, err := d.Requests(time.Now()) // as Grafana sends them, the variables at All
		require.NoError(t, err)
		require.Len(t, requests, len(d.Leaves()))
		for _, req := range requests {
			panels++
			t.Run(d.Title+"/"+req.Title, func(t *testing.T) {
				resp := f.query(t, pc, req.Queries...)
				for _, q := range req.Queries {
					res := resp.Responses[q.RefID]
					require.NoError(t, res.Error)
					require.NotEmpty(t, res.Frames)
					checkShape(t, req.Type, res.Frames)
				}
			})
		}
	}
	assert.GreaterOrEqual(t, panels, 9)
}

// checkShape: a number for a stat, time and numbers for a time series, a
// category and numbers for a bar chart, rows for a table.
func checkShape(t *testing.T, panelType string, frames data.Frames) {
	t.Helper()
	fr := frames[0]
	numbers := fieldsOf(fr, func(f *data.Field) bool { return f.Type().Numeric() })
	require.NotEmpty(t, numbers, "numeric fields")
	switch panelType {
	case "stat":
		assert.True(t, anyValue(numbers), "a number to show")
	case "timeseries":
		assert.NotEmpty(t, fieldsOf(fr, func(f *data.Field) bool { return f.Type().Time() }), "a time field")
		assert.True(t, anyValue(numbers), "at least one point")
		assert.Equal(t, data.FrameTypeTimeSeriesWide, fr.Meta.Type)
	case "barchart":
		strs := fieldsOf(fr, func(f *data.Field) bool { return f.Type() == data.FieldTypeString })
		require.Len(t, strs, 1, "one category field")
		assert.Equal(t, []string{"Total Ingest", "Total Playout", "Total Usage"}, []string{strs[0].At(0).(string), strs[0].At(1).(string), strs[0].At(2).(string)})
		assert.Len(t, numbers, 2, "previous and current window")
	case "table":
		assert.Positive(t, fr.Rows())
	default:
		t.Fatalf("no shape check for panel type %q", panelType)
	}
}

func fieldsOf(fr *data.Frame, keep func(*data.Field) bool) []*data.Field {
	var out []*data.Field
	for _, f := range fr.Fields {
		if keep(f) {
			out = append(out, f)
		}
	}
	return out
}

func anyValue(fields []*data.Field) bool {
	for _, f := range fields {
		for i := 0; i < f.Len(); i++ {
			if v, ok := f.ConcreteAt(i); ok && v != nil {
				return true
			}
		}
	}
	return false
}

type alertQuery struct {
	RefID             string                   `yaml:"refId"`
	DatasourceUID     string                   `yaml:"datasourceUid"`
	RelativeTimeRange struct{ From, To int64 } `yaml:"relativeTimeRange"`
	Model             map[string]any           `yaml:"model"`
}

func TestTheViewerPeakRuleQueriesThePluginInTheBackend(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(provisioningDir, "alerting", "viewer-peak.yaml"))
	require.NoError(t, err)
	var file struct {
		Groups []struct {
			Rules []struct {
				UID, Title, Condition string
				Data                  []alertQuery
			}
		}
	}
	require.NoError(t, yaml.Unmarshal(raw, &file))
	rule := file.Groups[0].Rules[0]
	assert.Equal(t, "Viewer peak", rule.Title)

	f := start(t)
	pc, uid := provisionedDataSource(t, f.sim.URL)
	var threshold float64
	var pluginQuery *alertQuery
	for i, q := range rule.Data {
		switch q.DatasourceUID {
		case uid:
			pluginQuery = &rule.Data[i]
		case "__expr__":
			if q.Model["type"] == "threshold" {
				assert.Equal(t, rule.Condition, q.RefID)
				conds := q.Model["conditions"].([]any)
				params := conds[0].(map[string]any)["evaluator"].(map[string]any)["params"].([]any)
				threshold = toFloat(t, params[0])
			}
		default:
			t.Fatalf("unknown data source %q", q.DatasourceUID)
		}
	}
	require.NotNil(t, pluginQuery, "the rule queries the plugin")
	assert.Equal(t, "maxViewers", pluginQuery.Model["queryType"])
	assert.Positive(t, threshold)

	body, err := json.Marshal(pluginQuery.Model)
	require.NoError(t, err)
	now := time.Now()
	resp := f.query(t, pc, backend.DataQuery{RefID: pluginQuery.RefID, JSON: body, MaxDataPoints: 43200, Interval: time.Minute,
		TimeRange: backend.TimeRange{From: now.Add(-time.Duration(pluginQuery.RelativeTimeRange.From) * time.Second), To: now}})
	res := resp.Responses[pluginQuery.RefID]
	require.NoError(t, res.Error)
	fr := res.Frames[0]
	assert.Equal(t, data.FrameTypeTimeSeriesWide, fr.Meta.Type, "server-side expressions read it as a time series")
	var peak float64
	for i := 0; i < fr.Rows(); i++ {
		if v := fr.Fields[1].At(i).(*float64); v != nil && *v > peak {
			peak = *v
		}
	}
	assert.Positive(t, peak)
	t.Logf("viewer peak of the last 15 minutes: %.0f (threshold %.0f, firing: %v)", peak, threshold, peak > threshold)
}

func toFloat(t *testing.T, v any) float64 {
	switch n := v.(type) {
	case int:
		return float64(n)
	case float64:
		return n
	}
	t.Fatalf("threshold %v is not a number", v)
	return 0
}
