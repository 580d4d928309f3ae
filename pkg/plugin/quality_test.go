package plugin

import (
	"strconv"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/simulator"
)

func TestIngestAlertsMatchTheSimulatorsAlerts(t *testing.T) {
	f := newAPIKeyFixture(t)
	want := f.sim.Sim.Dataset().Alerts(simulator.Filter{})
	require.NotEmpty(t, want, "the simulator has alerts at the test's time")
	resp := f.queryData(t,
		query("table", `{"queryType":"ingestAlerts"}`, testNow.Add(-time.Hour), testNow),
		query("count", `{"queryType":"ingestAlerts","view":"count"}`, testNow.Add(-time.Hour), testNow),
		query("Anno", `{"queryType":"ingestAlerts","view":"annotations"}`, testNow.Add(-6*time.Hour), testNow))
	assert.Equal(t, int64(1), f.sim.Sim.Stats().ByRoute[nanostream.RouteIngestAlerts], "one request serves every view")

	table := resp.Responses["table"]
	require.NoError(t, table.Error)
	fr := table.Frames[0]
	require.Equal(t, len(want), fr.Rows())
	byID := map[string]simulator.Alert{}
	for _, a := range want {
		byID[a.StreamName+"/"+a.Name] = a
	}
	for i := 0; i < fr.Rows(); i++ {
		row := map[string]any{}
		for _, field := range fr.Fields {
			row[field.Name] = field.At(i)
		}
		a, ok := byID[row["stream"].(string)+"/"+row["name"].(string)]
		require.True(t, ok, "row %d is one of the simulator's alerts", i)
		assert.Equal(t, a.Severity, row["severity"])
		assert.Equal(t, int64(a.Code), row["code"])
		assert.Equal(t, a.Description, row["description"])
		assert.Equal(t, a.CountryName, row["country"])
		assert.Equal(t, time.Unix(a.FirstDetection, 0).UTC(), row["firstDetection"])
		assert.Equal(t, float64(a.ElapsedTime), row["elapsed"])
		assert.Equal(t, int64(len(a.ConnectionsDetails)), row["connections"])
	}
	severity, _ := fr.FieldByName("severity")
	for i := 1; i < fr.Rows(); i++ {
		assert.LessOrEqual(t, nanostream.SeverityRank(severity.At(i-1).(string)), nanostream.SeverityRank(severity.At(i).(string)), "most severe first")
	}

	count := resp.Responses["count"]
	require.NoError(t, count.Error)
	wantCounts := map[string]float64{}
	for _, a := range want {
		wantCounts[a.StreamName+"/"+a.Severity]++
	}
	gotCounts := map[string]float64{}
	for _, fr := range count.Frames {
		assert.Equal(t, data.FrameTypeNumericMulti, fr.Meta.Type)
		labels := fr.Fields[0].Labels
		gotCounts[labels["stream"]+"/"+labels["severity"]] = *fr.Fields[0].At(0).(*float64)
		for _, a := range want {
			if a.StreamName == labels["stream"] && a.Severity == labels["severity"] {
				assert.Contains(t, labels["name"], a.Name, "the alert's name for the notification")
				assert.Contains(t, labels["code"], strconv.Itoa(a.Code))
				assert.Contains(t, labels["description"], a.Description, "the alert's description for the notification")
			}
		}
	}
	assert.Equal(t, wantCounts, gotCounts, "one item per stream and severity")

	anno := resp.Responses["Anno"]
	require.NoError(t, anno.Error)
	fr = anno.Frames[0]
	assert.Equal(t, len(want), fr.Rows())
	end, _ := fr.FieldByName("timeEnd")
	assert.Equal(t, testNow, end.At(0), "regions up to now")
	assert.Equal(t, "GET "+nanostream.RouteIngestAlerts, fr.Meta.ExecutedQueryString)
}

func TestTheSeverityFilterAppliesToEveryViewFromOneRequest(t *testing.T) {
	f := newAPIKeyFixture(t)
	all := f.sim.Sim.Dataset().Alerts(simulator.Filter{})
	want := 0
	for _, a := range all {
		if a.Severity == "critical" || a.Severity == "moderate" {
			want++
		}
	}
	require.Positive(t, want, "the simulator has critical or moderate alerts at the test's time")
	require.Greater(t, len(all), want, "and others")
	severities := `"severities":["critical","moderate"]`
	resp := f.queryData(t,
		query("table", `{"queryType":"ingestAlerts",`+severities+`}`, testNow.Add(-time.Hour), testNow),
		query("count", `{"queryType":"ingestAlerts","view":"count",`+severities+`}`, testNow.Add(-time.Hour), testNow),
		query("Anno", `{"queryType":"ingestAlerts","view":"annotations",`+severities+`}`, testNow.Add(-time.Hour), testNow),
		query("all", `{"queryType":"ingestAlerts"}`, testNow.Add(-time.Hour), testNow),
		query("bad", `{"queryType":"ingestAlerts","severities":["warning"]}`, testNow.Add(-time.Hour), testNow))
	assert.Equal(t, int64(1), f.sim.Sim.Stats().ByRoute[nanostream.RouteIngestAlerts], "one request serves every severity")

	table := resp.Responses["table"]
	require.NoError(t, table.Error)
	assert.Equal(t, want, table.Frames[0].Rows())
	severity, _ := table.Frames[0].FieldByName("severity")
	for i := 0; i < severity.Len(); i++ {
		assert.Contains(t, []string{"critical", "moderate"}, severity.At(i))
	}
	counted := 0.0
	for _, fr := range resp.Responses["count"].Frames {
		assert.Contains(t, []string{"critical", "moderate"}, fr.Fields[0].Labels["severity"])
		counted += *fr.Fields[0].At(0).(*float64)
	}
	assert.Equal(t, float64(want), counted)
	assert.Equal(t, want, resp.Responses["Anno"].Frames[0].Rows())
	assert.Equal(t, len(all), resp.Responses["all"].Frames[0].Rows(), "the cached answer is left whole for the others")

	bad := resp.Responses["bad"]
	require.Error(t, bad.Error)
	assert.Equal(t, `Unknown severity "warning": choose critical, moderate, minor or advice.`, bad.Error.Error())
	assert.Equal(t, backend.ErrorSourceDownstream, bad.ErrorSource)
}

func TestNoActiveAlertIsANormalZeroForAlertRules(t *testing.T) {
	f := newAPIKeyFixture(t)
	resp := f.queryData(t, query("A", `{"queryType":"ingestAlerts","view":"count","streamNames":["`+quietStream(t, f)+`"]}`, testNow.Add(-time.Hour), testNow))
	res := resp.Responses["A"]
	require.NoError(t, res.Error)
	require.Len(t, res.Frames, 1)
	assert.Empty(t, res.Frames[0].Fields[0].Labels)
	assert.Equal(t, 0.0, *res.Frames[0].Fields[0].At(0).(*float64))
}

// quietStream is a stream without an active alert at the test's time.
func quietStream(t *testing.T, f *fixture) string {
	t.Helper()
	ds := f.sim.Sim.Dataset()
	for _, s := range ds.Streams() {
		if len(ds.Alerts(simulator.Filter{StreamNames: []string{s.Name}})) == 0 {
			return s.Name
		}
	}
	t.Fatal("every stream has an alert")
	return ""
}

func TestPlaybackStartSuccessMatchesTheSimulator(t *testing.T) {
	f := newAPIKeyFixture(t)
	ds := f.sim.Sim.Dataset()
	from, to := testNow.Add(-6*time.Hour), testNow.Add(-time.Hour) // final minutes only
	resp := f.queryData(t,
		query("whole", `{"queryType":"playbackStartSuccess","interval":"hour","tags":["sports"]}`, from, to),
		query("split", `{"queryType":"playbackStartSuccess","interval":"hour","splitBy":"country","limit":3}`, from, to),
		query("worst", `{"queryType":"playbackStartSuccess","view":"worst","interval":"hour"}`, from, to))

	whole := resp.Responses["whole"]
	require.NoError(t, whole.Error)
	fr := whole.Frames[0]
	assert.Equal(t, data.FrameTypeTimeSeriesMulti, fr.Meta.Type)
	require.Equal(t, 6, fr.Rows(), "08:00 to 14:00")
	filter := simulator.Filter{Tags: []string{"sports"}}
	for i := 0; i < fr.Rows(); i++ {
		start := fr.Fields[0].At(i).(time.Time)
		starts, failed := ds.PlaybackStarts(start, start.Add(time.Hour), filter)
		ratio, _ := simulator.SuccessRatio(starts, failed)
		assert.Equal(t, float64(starts), *fr.Fields[2].At(i).(*float64), "starts at %s", start)
		assert.Equal(t, float64(failed), *fr.Fields[3].At(i).(*float64), "failed starts at %s", start)
		assert.Equal(t, ratio, *fr.Fields[1].At(i).(*float64), "ratio at %s", start)
	}

	split := resp.Responses["split"]
	require.NoError(t, split.Error)
	top := ds.PlaybackByKey(simulator.SplitCountries, from.Truncate(time.Hour), to.Truncate(time.Hour).Add(time.Hour), simulator.Filter{})
	require.Len(t, split.Frames, 3, "the limit: three series")
	for i, fr := range split.Frames {
		key := top[i].Key
		assert.Equal(t, data.Labels{"country": key}, fr.Fields[1].Labels)
		start := fr.Fields[0].At(2).(time.Time)
		starts, failed := ds.PlaybackStarts(start, start.Add(time.Hour), simulator.Filter{Countries: []string{key}})
		ratio, _ := simulator.SuccessRatio(starts, failed)
		assert.Equal(t, ratio, *fr.Fields[1].At(2).(*float64), "%s at %s", key, start)
	}
	assert.Equal(t, int64(1), f.sim.Sim.Stats().ByRoute[nanostream.RoutePlaybackRatioSplit(nanostream.SplitCountries)], "one request for every key")
	assert.Contains(t, split.Frames[0].Meta.ExecutedQueryString, "limit=3")

	t.Run("each value as the series an alert rule reads", func(t *testing.T) {
		resp := f.queryData(t,
			query("starts", `{"queryType":"playbackStartSuccess","interval":"hour","splitBy":"country","limit":3,"series":"playbackStarts"}`, from, to),
			query("errors", `{"queryType":"playbackStartSuccess","interval":"hour","splitBy":"country","limit":3,"series":"errors"}`, from, to),
			query("bad", `{"queryType":"playbackStartSuccess","series":"starts"}`, from, to))
		for refID, name := range map[string]string{"starts": "playbackStarts", "errors": "errors"} {
			res := resp.Responses[refID]
			require.NoError(t, res.Error)
			require.Len(t, res.Frames, 3)
			for i, fr := range res.Frames {
				assert.Equal(t, name, fr.Fields[1].Name, "%s comes first", name)
				assert.Equal(t, data.Labels{"country": top[i].Key}, fr.Fields[1].Labels)
				other, _ := split.Frames[i].FieldByName(name)
				assert.Equal(t, other.At(2), fr.Fields[1].At(2), "the same values as the default's %s", name)
			}
		}
		assert.Equal(t, int64(1), f.sim.Sim.Stats().ByRoute[nanostream.RoutePlaybackRatioSplit(nanostream.SplitCountries)], "the series share the split's request")
		require.Error(t, resp.Responses["bad"].Error)
		assert.Equal(t, `Unknown series "starts": choose successRatio, playbackStarts or errors.`, resp.Responses["bad"].Error.Error())
	})

	worst := resp.Responses["worst"]
	require.NoError(t, worst.Error)
	fr = worst.Frames[0]
	wantWorst := ds.WorstStreams(from.Truncate(time.Hour), to.Truncate(time.Hour).Add(time.Hour), simulator.Filter{})
	require.Equal(t, len(wantWorst), fr.Rows())
	for i, w := range wantWorst {
		assert.Equal(t, w.Key, fr.Fields[0].At(i))
		assert.Equal(t, float64(w.PlaybackStarts), fr.Fields[1].At(i))
		assert.Equal(t, float64(w.Errors), fr.Fields[2].At(i))
		assert.Equal(t, w.SuccessRatio, *fr.Fields[3].At(i).(*float64))
	}
}

func TestPlaybackErrorsAndMonitoringMatchTheSimulator(t *testing.T) {
	f := newAPIKeyFixture(t)
	ds := f.sim.Sim.Dataset()
	from, to := testNow.Add(-4*time.Hour), testNow.Add(-2*time.Hour)
	resp := f.queryData(t,
		query("errors", `{"queryType":"playbackStartErrors","countries":["IN"]}`, from, to),
		query("buffering", `{"queryType":"bufferingRatio","interval":"hour"}`, from, to),
		query("startup", `{"queryType":"startupTime","interval":"hour"}`, from, to))

	errs := resp.Responses["errors"]
	require.NoError(t, errs.Error)
	fr := errs.Frames[0]
	// the range of a query without an interval is widened as its series would be: auto gives minutes here
	want := ds.PlaybackErrors(from.Truncate(time.Minute), to.Truncate(time.Minute).Add(time.Minute), simulator.Filter{Countries: []string{"IN"}})
	require.Equal(t, len(want), fr.Rows())
	for i, e := range want {
		assert.Equal(t, e.Message, fr.Fields[1].At(i))
		assert.Equal(t, float64(e.Count), fr.Fields[2].At(i))
	}

	for refID, value := range map[string]func(from, to time.Time) (float64, bool){
		"buffering": func(from, to time.Time) (float64, bool) { return ds.BufferingRatio(from, to, simulator.Filter{}) },
		"startup":   func(from, to time.Time) (float64, bool) { return ds.StartupTime(from, to, simulator.Filter{}) },
	} {
		res := resp.Responses[refID]
		values := floats(t, res, 1)
		require.Len(t, values, 3, refID) // 10:00 to 13:00
		for i, v := range values {
			start := res.Frames[0].Fields[0].At(i).(time.Time)
			w, ok := value(start, start.Add(time.Hour))
			require.True(t, ok)
			require.NotNil(t, v, "%s at %s", refID, start)
			assert.Equal(t, w, *v, "%s at %s", refID, start)
		}
	}
	assert.Equal(t, "percent", resp.Responses["buffering"].Frames[0].Fields[1].Config.Unit)
	assert.Equal(t, "s", resp.Responses["startup"].Frames[0].Fields[1].Config.Unit)
}

func TestALevelTooLowAnswersTheQueryAndWarnsInTheHealthCheck(t *testing.T) {
	f := newAPIKeyFixture(t)
	f.sim.Sim.SetFaults(simulator.Faults{LevelTooLow: true})
	resp := f.queryData(t,
		query("alerts", `{"queryType":"ingestAlerts"}`, testNow.Add(-time.Hour), testNow),
		query("bytes", `{"queryType":"byteUsage"}`, testNow.Add(-time.Hour), testNow))
	require.NoError(t, resp.Responses["bytes"].Error)
	res := resp.Responses["alerts"]
	require.Error(t, res.Error)
	assert.Contains(t, res.Error.Error(), "The organisation's analytics access level is too low for this data (error 105002)")
	assert.Equal(t, backend.ErrorSourceDownstream, res.ErrorSource)
	assert.Equal(t, backend.StatusForbidden, res.Status)

	health, details := checkHealth(t, f.ds)
	assert.Equal(t, backend.HealthStatusOk, health.Status, "a missing level never fails Save & test")
	assert.Equal(t, "Connected to the nanoStream Analytics API at "+f.sim.URL+" with the API key: the 5 routes every query type needs answered, "+
		"but ingestAlerts, playbackStartSuccess, playbackStartErrors, bufferingRatio and startupTime are unavailable: "+
		"the organisation's analytics access level is too low for this data (error 105002).", health.Message)
	unavailable := details["unavailable"].([]any)
	require.Len(t, unavailable, 7)
	first := unavailable[0].(map[string]any)
	assert.Equal(t, "ingestAlerts", first["queryType"])
	assert.Contains(t, first["reason"], "(error 105002")
	assert.Contains(t, details["verboseMessage"], "unavailable: playbackStartSuccess split by stream, tag or country (the playback start success by stream route)")
}

func TestADashboardOnlyRouteMakesOneViewUnavailable(t *testing.T) {
	f := newAPIKeyFixture(t)
	f.sim.Sim.SetFaults(simulator.Faults{RouteStatus: map[string]int{nanostream.RouteWorstStreams: 105003}})
	health, _ := checkHealth(t, f.ds)
	assert.Equal(t, backend.HealthStatusOk, health.Status)
	assert.Contains(t, health.Message, "needs answered, but playbackStartSuccess worst streams is unavailable: this data is only available in the nanoStream dashboard, not through the API (error 105003).")
}
