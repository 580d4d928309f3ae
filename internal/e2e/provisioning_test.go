package e2e

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"text/template"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/internal/dashboards"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/simulator"
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

// provisionedUIDs are the dashboards the provisioning holds.
var provisionedUIDs = []string{"nanostream-analytics", "nanostream-wall", "nanostream-stream-health", "nanostream-breakdown"}

// filterVariables are the variables every query of a dashboard that has
// them honours, by the filter each one fills.
var filterVariables = map[string]string{"streamNames": "$stream", "tags": "$tag", "countries": "$country"}

func TestEveryProvisionedPanelAnswersWithTheShapeItsPanelNeeds(t *testing.T) {
	f := start(t)
	pc, uid := provisionedDataSource(t, f.sim.URL)
	var uids []string
	for _, d := range readDashboards(t) {
		uids = append(uids, d.UID)
		panels := map[string]dashboards.Panel{}
		for _, p := range d.Leaves() {
			panels[p.Title] = p
			require.NotEmpty(t, p.Targets, "%s: panel %q has a query", d.Title, p.Title)
			assert.NotEmpty(t, p.Description, "%s: panel %q has a description", d.Title, p.Title)
			assert.Equal(t, uid, p.Datasource["uid"], "%s: panel %q uses the provisioned data source", d.Title, p.Title)
			for _, target := range p.Targets {
				assert.Equal(t, uid, target["datasource"].(map[string]any)["uid"], "%s: panel %q", d.Title, p.Title)
				honoursFilters(t, d, p.Title, target)
			}
		}
		requests, err := d.Requests(time.Now()) // as Grafana sends them, the variables at their defaults
		require.NoError(t, err)
		require.Len(t, requests, len(d.Leaves()))
		for _, req := range requests {
			p := panels[req.Title]
			t.Run(d.Title+"/"+req.Title, func(t *testing.T) {
				resp := f.query(t, pc, req.Queries...)
				for _, q := range req.Queries {
					res := resp.Responses[q.RefID]
					require.NoError(t, res.Error)
					require.NotEmpty(t, res.Frames)
					shown, err := transform(res.Frames, p.Transformations)
					require.NoError(t, err, "the panel's transformations")
					checkReferences(t, p, shown)
					checkShape(t, p, queryType(q.JSON), shown)
				}
			})
		}
	}
	assert.ElementsMatch(t, provisionedUIDs, uids)
}

// honoursFilters checks that a query of a dashboard with the stream, tag
// and country variables filters by each.
func honoursFilters(t *testing.T, d *dashboards.Dashboard, title string, target map[string]any) {
	t.Helper()
	defined := map[string]bool{}
	for _, v := range d.Templating.List {
		defined["$"+v.Name] = true
	}
	for field, variable := range filterVariables {
		if defined[variable] {
			assert.Equal(t, []any{variable}, target[field], "%s: %q filters %s by %s", d.Title, title, field, variable)
		}
	}
}

func queryType(body json.RawMessage) string {
	var q struct{ QueryType string }
	_ = json.Unmarshal(body, &q)
	return q.QueryType
}

// checkReferences checks that every field a panel's settings name is a
// field of the data it shows.
func checkReferences(t *testing.T, p dashboards.Panel, frames data.Frames) {
	t.Helper()
	names, patterns := references(p.FieldConfig, p.Options)
	for name, where := range names {
		found := false
		for _, fr := range frames {
			found = found || findField(fr, name) != nil
		}
		assert.True(t, found, "%q (%s) names a field of the panel's data", name, where)
	}
	for pattern, where := range patterns {
		re, err := fieldPattern(pattern)
		require.NoError(t, err, where)
		found := false
		for _, fr := range frames {
			for _, f := range fr.Fields {
				found = found || re.MatchString(displayName(f))
			}
		}
		assert.True(t, found, "%s (%s) selects a field of the panel's data", pattern, where)
	}
}

// isoCountry is an ISO 3166 alpha-2 code as Grafana's countries gazetteer
// keys them.
var isoCountry = regexp.MustCompile(`^[A-Z]{2}$`)

// checkShape checks what each panel type needs of its data: a number for
// a stat, time and numbers for a time series, a category and numbers for a
// bar chart, a name and a number per row for a bar gauge and a pie chart,
// places for a map, columns for a table.
func checkShape(t *testing.T, p dashboards.Panel, qt string, frames data.Frames) {
	t.Helper()
	fr := frames[0]
	numbers := fieldsOf(fr, func(f *data.Field) bool { return f.Type().Numeric() })
	require.NotEmpty(t, numbers, "numeric fields")
	strs := fieldsOf(fr, func(f *data.Field) bool { return f.Type() == data.FieldTypeString })
	switch p.Type {
	case "stat":
		shown := selected(t, p, numbers)
		require.NotEmpty(t, shown, "the field the stat shows")
		if !counts(p) { // a count is a number even of no rows: 0
			assert.True(t, anyValue(shown), "a number to show")
		}
		withinBounds(t, p, shown)
	case "timeseries":
		for _, fr := range frames {
			assert.NotEmpty(t, fieldsOf(fr, func(f *data.Field) bool { return f.Type().Time() }), "a time field")
			assert.Contains(t, []data.FrameType{data.FrameTypeTimeSeriesWide, data.FrameTypeTimeSeriesMulti}, fr.Meta.Type)
		}
		assert.True(t, anyValue(numbers), "at least one point")
	case "barchart":
		xField, _ := p.Options["xField"].(string)
		if qt == "monthToDate" {
			require.Len(t, strs, 1, "one category field")
			assert.Equal(t, []string{"Total Ingest", "Total Playout", "Total Usage"}, []string{strs[0].At(0).(string), strs[0].At(1).(string), strs[0].At(2).(string)})
			assert.Len(t, numbers, 2, "previous and current window")
			return
		}
		x := findField(fr, xField)
		require.NotNil(t, x, "the x axis field %q", xField)
		assert.Equal(t, data.FieldTypeString, x.Type(), "categories on the x axis")
		assert.Positive(t, fr.Rows())
	case "bargauge", "piechart":
		require.NotEmpty(t, strs, "a name per row")
		assert.Positive(t, fr.Rows())
		assert.True(t, anyValue(selected(t, p, numbers)), "the bytes of each row")
	case "geomap":
		layer := p.Options["layers"].([]any)[0].(map[string]any)
		lookup := findField(fr, layer["location"].(map[string]any)["lookup"].(string))
		require.NotNil(t, lookup)
		placed := 0
		for i := 0; i < lookup.Len(); i++ {
			code := lookup.At(i).(string)
			assert.True(t, code == "" || isoCountry.MatchString(code), "%q is an ISO code the gazetteer knows, or empty for Other", code)
			if code != "" {
				placed++
			}
		}
		assert.Positive(t, placed, "countries on the map")
	case "table":
		assert.NotEmpty(t, fr.Fields, "columns")
		if qt != "ingestAlerts" { // no row is good news there: nothing is wrong
			assert.Positive(t, fr.Rows())
		}
	default:
		t.Fatalf("no shape check for panel type %q", p.Type)
	}
}

// withinBounds checks that the values a panel shows lie within the
// minimum and maximum it sets.
func withinBounds(t *testing.T, p dashboards.Panel, fields []*data.Field) {
	t.Helper()
	defaults, _ := p.FieldConfig["defaults"].(map[string]any)
	low, hasLow := defaults["min"].(float64)
	high, hasHigh := defaults["max"].(float64)
	for _, f := range fields {
		for i := 0; i < f.Len(); i++ {
			if v := valueAt(f, i); v != nil {
				assert.False(t, hasLow && *v < low || hasHigh && *v > high, "%s: %v within [%v, %v]", displayName(f), *v, low, high)
				if len(p.Transformations) > 0 {
					t.Logf("%s: %v", displayName(f), *v)
				}
			}
		}
	}
}

// counts tells whether a stat panel counts values.
func counts(p dashboards.Panel) bool {
	reduce, _ := p.Options["reduceOptions"].(map[string]any)
	calcs, _ := reduce["calcs"].([]any)
	return len(calcs) == 1 && calcs[0] == "count"
}

// selected are the numeric fields a panel's reduce options show.
func selected(t *testing.T, p dashboards.Panel, numbers []*data.Field) []*data.Field {
	reduce, _ := p.Options["reduceOptions"].(map[string]any)
	pattern, _ := reduce["fields"].(string)
	if pattern == "" {
		return numbers
	}
	re, err := fieldPattern(pattern)
	require.NoError(t, err)
	return fieldsOf(data.NewFrame("", numbers...), func(f *data.Field) bool { return re.MatchString(displayName(f)) })
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

func TestEveryAnnotationAnswersWithTheFieldsGrafanaReads(t *testing.T) {
	f := start(t)
	pc, uid := provisionedDataSource(t, f.sim.URL)
	annotations := 0
	for _, d := range readDashboards(t) {
		ids := map[int]string{}
		for _, p := range d.Leaves() {
			ids[p.ID] = p.Type
		}
		for _, a := range d.Annotations.List {
			assert.Equal(t, uid, a.Datasource["uid"], "%s: annotation %q uses the provisioned data source", d.Title, a.Name)
			honoursFilters(t, d, a.Name, a.Target)
			if a.Filter != nil {
				for _, id := range a.Filter.IDs {
					assert.Equal(t, "timeseries", ids[id], "%s: annotation %q is drawn on the time series, panel %d is one", d.Title, a.Name, id)
				}
			}
		}
		requests, err := d.AnnotationRequests(time.Now())
		require.NoError(t, err)
		for _, req := range requests {
			annotations++
			resp := f.query(t, pc, req.Queries...)
			res := resp.Responses[req.Queries[0].RefID]
			require.NoError(t, res.Error)
			require.Len(t, res.Frames, 1)
			fr := res.Frames[0]
			for name, kind := range map[string]data.FieldType{"time": data.FieldTypeTime, "timeEnd": data.FieldTypeTime,
				"title": data.FieldTypeString, "text": data.FieldTypeString, "tags": data.FieldTypeString} {
				field := findField(fr, name)
				require.NotNil(t, field, "%s: annotation %q has the field %s", d.Title, req.Title, name)
				assert.Equal(t, kind, field.Type(), name)
			}
			t.Logf("%s: annotation %q: %d regions", d.Title, req.Title, fr.Rows())
		}
	}
	assert.Positive(t, annotations)
}

// rule is a Grafana-managed alert rule of the provisioning.
type rule struct {
	UID, Title, Condition string
	Labels                map[string]string
	Annotations           map[string]string
	Data                  []alertQuery
}

type alertQuery struct {
	RefID             string                   `yaml:"refId"`
	DatasourceUID     string                   `yaml:"datasourceUid"`
	RelativeTimeRange struct{ From, To int64 } `yaml:"relativeTimeRange"`
	Model             map[string]any           `yaml:"model"`
}

// readRules reads every alert rule of the provisioning, by title.
func readRules(t *testing.T) map[string]rule {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(provisioningDir, "alerting", "*.yaml"))
	require.NoError(t, err)
	out := map[string]rule{}
	for _, file := range files {
		raw, err := os.ReadFile(file)
		require.NoError(t, err)
		var content struct {
			Groups []struct {
				Name, Folder string
				Rules        []rule
			}
		}
		require.NoError(t, yaml.Unmarshal(raw, &content), file)
		for _, g := range content.Groups {
			assert.Equal(t, "nanoStream alerts", g.Folder, "%s: the rules' own folder", file)
			for _, r := range g.Rules {
				out[r.Title] = r
			}
		}
	}
	return out
}

// evaluate runs a rule as Grafana's alerting does: the plugin's queries
// over their relative time ranges, then the expressions, and returns the
// condition's instances and every expression's results.
func evaluate(t *testing.T, f *fixture, pc backend.PluginContext, uid string, r rule) ([]instance, map[string]sseResults) {
	t.Helper()
	results := map[string]sseResults{}
	now := time.Now()
	var queries []backend.DataQuery
	for _, q := range r.Data {
		if q.DatasourceUID != uid {
			continue
		}
		body, err := json.Marshal(q.Model)
		require.NoError(t, err)
		queries = append(queries, backend.DataQuery{RefID: q.RefID, JSON: body, MaxDataPoints: 43200, Interval: time.Minute,
			TimeRange: backend.TimeRange{From: now.Add(-time.Duration(q.RelativeTimeRange.From) * time.Second),
				To: now.Add(-time.Duration(q.RelativeTimeRange.To) * time.Second)}})
	}
	require.NotEmpty(t, queries, "%s queries the plugin", r.Title)
	resp := f.query(t, pc, queries...)
	for _, q := range queries {
		res := resp.Responses[q.RefID]
		require.NoError(t, res.Error, "%s: query %s", r.Title, q.RefID)
		v, err := fromFrames(res.Frames)
		require.NoError(t, err, "%s: server-side expressions read query %s", r.Title, q.RefID)
		results[q.RefID] = v
	}
	for _, q := range r.Data {
		if q.DatasourceUID == uid {
			continue
		}
		require.Equal(t, "__expr__", q.DatasourceUID, "%s: %s is a query of the plugin or an expression", r.Title, q.RefID)
		var v sseResults
		var err error
		in := func() sseResults {
			expr, _ := q.Model["expression"].(string)
			input, ok := results[expr]
			require.True(t, ok, "%s: %s reads %s, an earlier query or expression", r.Title, q.RefID, expr)
			return input
		}
		switch q.Model["type"] {
		case "reduce":
			settings, _ := q.Model["settings"].(map[string]any)
			mode, _ := settings["mode"].(string)
			replacement, _ := settings["replaceWithValue"].(float64)
			v, err = reduce(in(), q.Model["reducer"].(string), mode, replacement)
		case "threshold":
			evaluator := q.Model["conditions"].([]any)[0].(map[string]any)["evaluator"].(map[string]any)
			var params []float64
			for _, p := range evaluator["params"].([]any) {
				params = append(params, toFloat(t, p))
			}
			v, err = threshold(in(), evaluator["type"].(string), params)
		case "math":
			v, err = mathExpr(q.Model["expression"].(string), results)
		default:
			t.Fatalf("%s: expression type %v is not known here", r.Title, q.Model["type"])
		}
		require.NoError(t, err, "%s: expression %s", r.Title, q.RefID)
		results[q.RefID] = v
	}
	cond, ok := results[r.Condition]
	require.True(t, ok, "%s: the condition %s is one of its queries or expressions", r.Title, r.Condition)
	inst, err := instances(cond)
	require.NoError(t, err, r.Title)
	return inst, results
}

// thresholdParam is the first parameter of a rule's threshold expression.
func thresholdParam(t *testing.T, r rule) float64 {
	for _, q := range r.Data {
		if q.Model["type"] == "threshold" {
			evaluator := q.Model["conditions"].([]any)[0].(map[string]any)["evaluator"].(map[string]any)
			return toFloat(t, evaluator["params"].([]any)[0])
		}
	}
	t.Fatalf("%s has no threshold", r.Title)
	return 0
}

func TestEveryProvisionedAlertRuleEvaluatesInTheBackend(t *testing.T) {
	rules := readRules(t)
	var titles []string
	for title := range rules {
		titles = append(titles, title)
	}
	assert.ElementsMatch(t, []string{"Viewer peak", "Ingest alert", "Playback start success"}, titles)
	f := start(t)
	pc, uid := provisionedDataSource(t, f.sim.URL)
	for _, r := range rules {
		inst, _ := evaluate(t, f, pc, uid, r)
		firing := 0
		for _, i := range inst {
			if i.firing {
				firing++
			}
		}
		t.Logf("%s: %d instances, %d firing", r.Title, len(inst), firing)
		assert.NotEmpty(t, r.Annotations["summary"], r.Title)
		assert.NotEmpty(t, r.Annotations["__dashboardUid__"], r.Title)
		assert.Contains(t, provisionedUIDs, r.Annotations["__dashboardUid__"], r.Title)
	}
}

func TestTheViewerPeakRuleReadsTheViewersOfTheLast15Minutes(t *testing.T) {
	r := readRules(t)["Viewer peak"]
	f := start(t)
	pc, uid := provisionedDataSource(t, f.sim.URL)
	inst, results := evaluate(t, f, pc, uid, r)
	require.Len(t, inst, 1, "one instance: the organisation")
	peak := results["B"][0].number
	require.NotNil(t, peak)
	assert.Positive(t, *peak)
	limit := thresholdParam(t, r)
	assert.Equal(t, *peak > limit, inst[0].firing)
	t.Logf("viewer peak of the last 15 minutes: %.0f (threshold %.0f, firing: %v)", *peak, limit, inst[0].firing)
}

func TestTheIngestAlertRuleFiresPerStreamForCriticalAndModerateAlerts(t *testing.T) {
	r := readRules(t)["Ingest alert"]
	f := start(t)
	pc, uid := provisionedDataSource(t, f.sim.URL)
	inst, results := evaluate(t, f, pc, uid, r)

	// what is active, as the alerts table shows it: per stream and severity,
	// the alerts' names, codes and descriptions in the order of their codes
	now := time.Now()
	resp := f.query(t, pc, dataQuery("A", `{"queryType":"ingestAlerts","view":"table"}`, now.Add(-5*time.Minute), now))
	require.NoError(t, resp.Responses["A"].Error)
	table := resp.Responses["A"].Frames[0]
	type row struct {
		code              int64
		name, description string
	}
	groups := map[string][]row{}
	for i := 0; i < table.Rows(); i++ {
		severity := findField(table, "severity").At(i).(string)
		if severity == "critical" || severity == "moderate" {
			key := data.Labels{"stream": findField(table, "stream").At(i).(string), "severity": severity}.String()
			groups[key] = append(groups[key], row{findField(table, "code").At(i).(int64),
				findField(table, "name").At(i).(string), findField(table, "description").At(i).(string)})
		}
	}
	want := map[string]data.Labels{}
	for key, rows := range groups {
		sort.Slice(rows, func(i, j int) bool { return rows[i].code < rows[j].code })
		var names, codes, descriptions []string
		for _, r := range rows {
			names = appendNew(names, r.name)
			codes = appendNew(codes, strconv.FormatInt(r.code, 10))
			descriptions = appendNew(descriptions, r.description)
		}
		labels, err := data.LabelsFromString(key)
		require.NoError(t, err)
		labels["name"], labels["code"], labels["description"] = strings.Join(names, ", "), strings.Join(codes, ", "), strings.Join(descriptions, " ")
		want[key] = labels
	}

	got := map[string]data.Labels{}
	for _, i := range inst {
		if !i.firing {
			continue
		}
		assert.Contains(t, []string{"critical", "moderate"}, i.labels["severity"], "only critical and moderate alerts fire")
		assert.NotEmpty(t, i.labels["stream"], "an instance per stream")
		assert.NotEmpty(t, i.labels["name"], "the alert's name reaches the notification")
		assert.NotEmpty(t, i.labels["description"], "the alert's description reaches the notification")
		got[data.Labels{"stream": i.labels["stream"], "severity": i.labels["severity"]}.String()] = i.labels
		summary := renderAnnotation(t, r.Annotations["summary"], i.labels, nil)
		assert.Equal(t, fmt.Sprintf("%s ingest alert on %s: %s (%s)", strings.ToUpper(i.labels["severity"][:1])+i.labels["severity"][1:],
			i.labels["stream"], i.labels["name"], i.labels["code"]), summary)
		assert.Equal(t, i.labels["description"], renderAnnotation(t, r.Annotations["description"], i.labels, nil))
		t.Logf("%s", summary)
	}
	assert.Equal(t, want, got, "one firing instance per stream and severity with critical or moderate alerts, labelled with what they are")
	if len(want) == 0 {
		require.Len(t, inst, 1, "no such alert: one unlabelled instance")
		assert.False(t, inst[0].firing, "Normal")
		assert.Empty(t, inst[0].labels)
	}
	for _, v := range results["alerts"] {
		assert.Contains(t, []string{"", "critical", "moderate"}, v.labels["severity"], "the query keeps the severities the rule fires for")
	}
	t.Logf("ingest alert: %d firing instances", len(got))
}

func TestTheIngestAlertRuleIsNormalWhileEveryStreamIsHealthy(t *testing.T) {
	rules := readRules(t)
	f := start(t)
	pc, uid := provisionedDataSource(t, f.sim.URL)
	ds := f.sim.Sim.Dataset()
	tried := 0
	for _, s := range ds.Streams() {
		if len(ds.Alerts(simulator.Filter{StreamNames: []string{s.Name}})) > 0 {
			continue
		}
		// the rule, watching this healthy stream only
		r := rules["Ingest alert"]
		r.Data = append([]alertQuery(nil), r.Data...)
		for i, q := range r.Data {
			if q.DatasourceUID == uid {
				model := map[string]any{"streamNames": []string{s.Name}}
				for k, v := range q.Model {
					model[k] = v
				}
				r.Data[i].Model = model
			}
		}
		inst, _ := evaluate(t, f, pc, uid, r)
		// the same request's answer, as a table: still healthy, unless an
		// alert began in the meantime; then the next healthy stream
		now := time.Now()
		resp := f.query(t, pc, dataQuery("A", `{"queryType":"ingestAlerts","severities":["critical","moderate"],"streamNames":["`+s.Name+`"]}`, now, now))
		require.NoError(t, resp.Responses["A"].Error)
		if resp.Responses["A"].Frames[0].Rows() > 0 {
			if tried++; tried < 3 {
				continue
			}
		}
		require.Len(t, inst, 1, "one instance, not No Data")
		assert.Empty(t, inst[0].labels)
		assert.False(t, inst[0].firing, "Normal")
		return
	}
	t.Fatal("no stream is healthy")
}

// appendNew appends v unless it is already there.
func appendNew(values []string, v string) []string {
	for _, w := range values {
		if w == v {
			return values
		}
	}
	return append(values, v)
}

// renderAnnotation renders an annotation of a rule the way Grafana's
// alerting does: the template sees $labels and $values ($values.B.Value)
// and Grafana's functions, title among them.
func renderAnnotation(t *testing.T, text string, labels data.Labels, values map[string]float64) string {
	t.Helper()
	type value struct {
		Labels data.Labels
		Value  float64
	}
	vals := map[string]value{}
	for k, v := range values {
		vals[k] = value{Labels: labels, Value: v}
	}
	funcs := template.FuncMap{"title": func(s string) string {
		words := strings.Fields(s)
		for i, w := range words {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
		return strings.Join(words, " ")
	}}
	tmpl, err := template.New("annotation").Option("missingkey=error").Funcs(funcs).
		Parse("{{- $labels := .Labels -}}{{- $values := .Values -}}" + text)
	require.NoError(t, err, text)
	var out strings.Builder
	require.NoError(t, tmpl.Execute(&out, map[string]any{"Labels": map[string]string(labels), "Values": vals}), text)
	return out.String()
}

func TestThePlaybackStartSuccessRuleFiresPerStreamBelowTheRatioWithEnoughStarts(t *testing.T) {
	r := readRules(t)["Playback start success"]
	f := start(t)
	pc, uid := provisionedDataSource(t, f.sim.URL)
	inst, results := evaluate(t, f, pc, uid, r)

	// the same window's starts and failed starts per stream, as a panel reads them
	var window alertQuery
	for _, q := range r.Data {
		if q.DatasourceUID == uid {
			window = q
		}
	}
	now := time.Now()
	body := `{"queryType":"playbackStartSuccess","splitBy":"stream","limit":100,"interval":"minute"}`
	resp := f.query(t, pc, dataQuery("A", body, now.Add(-time.Duration(window.RelativeTimeRange.From)*time.Second),
		now.Add(-time.Duration(window.RelativeTimeRange.To)*time.Second)))
	require.NoError(t, resp.Responses["A"].Error)
	type totals struct{ starts, failed float64 }
	byStream := map[string]totals{}
	for _, fr := range resp.Responses["A"].Frames {
		starts, failed := fr.Fields[2], fr.Fields[3]
		require.Equal(t, "playbackStarts", starts.Name)
		require.Equal(t, "errors", failed.Name)
		var tot totals
		for i := 0; i < fr.Rows(); i++ {
			if v := valueAt(starts, i); v != nil {
				tot.starts += *v
			}
			if v := valueAt(failed, i); v != nil {
				tot.failed += *v
			}
		}
		byStream[starts.Labels["stream"]] = tot
	}
	require.NotEmpty(t, byStream)
	firing := 0
	for _, i := range inst {
		stream := i.labels["stream"]
		tot, ok := byStream[stream]
		require.True(t, ok, "instance %s is a stream of the split", i.labels)
		ratio := 100 * (tot.starts - tot.failed) / tot.starts
		want := tot.starts >= 20 && ratio < 95
		assert.Equal(t, want, i.firing, "%s: %.0f starts, %.2f %% successful", stream, tot.starts, ratio)
		if i.firing {
			firing++
			values := map[string]float64{}
			for _, ref := range []string{"ratio", "starts", "failed"} {
				for _, v := range results[ref] {
					if v.labels.Equals(i.labels) && v.number != nil {
						values[ref] = *v.number
					}
				}
			}
			summary := renderAnnotation(t, r.Annotations["summary"], i.labels, values)
			assert.Equal(t, fmt.Sprintf("Playback start success of %s is %.1f %% over 15 minutes (%.0f starts, %.0f failed)",
				stream, ratio, tot.starts, tot.failed), summary)
			t.Logf("%s", summary)
		}
	}
	for _, v := range results["ratio"] {
		if v.number != nil && !math.IsNaN(*v.number) {
			assert.InDelta(t, 100*(byStream[v.labels["stream"]].starts-byStream[v.labels["stream"]].failed)/byStream[v.labels["stream"]].starts, *v.number, 1e-9)
		}
	}
	t.Logf("playback start success: %d streams watched, %d firing", len(inst), firing)
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
