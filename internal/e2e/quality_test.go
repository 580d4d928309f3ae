package e2e

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/simulator"
)

// alertIDs names a list of alerts, to tell whether two lists are the same.
func alertIDs(alerts []simulator.Alert) []string {
	ids := make([]string, len(alerts))
	for i, a := range alerts {
		ids[i] = a.ID + "/" + a.Severity
	}
	slices.Sort(ids)
	return ids
}

// fieldValues reads a frame's field by name.
func fieldValues(t *testing.T, fr *data.Frame, name string) []any {
	t.Helper()
	f, i := fr.FieldByName(name)
	require.GreaterOrEqual(t, i, 0, "the frame has the field %s", name)
	out := make([]any, f.Len())
	for j := range out {
		out[j] = f.At(j)
	}
	return out
}

func TestIngestAlertsOverThePluginProtocol(t *testing.T) {
	f := start(t)
	ds := f.sim.Sim.Dataset()
	var before, after []simulator.Alert
	var resp *backend.QueryDataResponse
	var asked, answered time.Time
	for attempt := 0; ; attempt++ { // an alert may begin or end as a minute turns: ask again if one did meanwhile
		require.Less(t, attempt, 5, "the simulator's alerts kept changing")
		before = ds.Alerts(simulator.Filter{})
		asked = time.Now()
		now := time.Now()
		resp = f.query(t, f.apiKeyContext(),
			dataQuery("table", `{"queryType":"ingestAlerts"}`, now.Add(-time.Hour), now),
			dataQuery("count", `{"queryType":"ingestAlerts","view":"count"}`, now.Add(-time.Hour), now),
			dataQuery("Anno", `{"queryType":"ingestAlerts","view":"annotations"}`, now.Add(-6*time.Hour), now))
		answered = time.Now()
		after = ds.Alerts(simulator.Filter{})
		if slices.Equal(alertIDs(before), alertIDs(after)) {
			break
		}
	}
	t.Logf("%d active alerts", len(before))
	byKey := map[string]int{}
	for i, a := range before {
		byKey[a.ID] = i
	}

	t.Run("table", func(t *testing.T) {
		res := resp.Responses["table"]
		require.NoError(t, res.Error)
		fr := res.Frames[0]
		require.Equal(t, len(before), fr.Rows())
		streams, names, codes := fieldValues(t, fr, "stream"), fieldValues(t, fr, "name"), fieldValues(t, fr, "code")
		severities, firsts, elapsed := fieldValues(t, fr, "severity"), fieldValues(t, fr, "firstDetection"), fieldValues(t, fr, "elapsed")
		connections := fieldValues(t, fr, "connections")
		for row := 0; row < fr.Rows(); row++ {
			i := slices.IndexFunc(before, func(a simulator.Alert) bool {
				return a.StreamName == streams[row] && a.Name == names[row]
			})
			require.GreaterOrEqual(t, i, 0, "row %d is one of the simulator's alerts", row)
			a, b := before[i], after[i]
			assert.Equal(t, int64(a.Code), codes[row])
			assert.Equal(t, a.Severity, severities[row])
			assert.Equal(t, time.Unix(a.FirstDetection, 0).UTC(), firsts[row].(time.Time).UTC())
			assert.GreaterOrEqual(t, elapsed[row], float64(a.ElapsedTime))
			assert.LessOrEqual(t, elapsed[row], float64(b.ElapsedTime))
			assert.Equal(t, int64(len(a.ConnectionsDetails)), connections[row])
			if row > 0 {
				assert.LessOrEqual(t, severityRank(severities[row-1].(string)), severityRank(a.Severity), "most severe first")
			}
		}
		if fr.Rows() == 0 {
			require.NotEmpty(t, fr.Meta.Notices, "no alert says so")
			assert.Contains(t, fr.Meta.Notices[0].Text, "every live ingest is healthy")
		}
		severity, _ := fr.FieldByName("severity")
		require.NotNil(t, severity.Config)
		assert.Len(t, severity.Config.Mappings, 1, "severities mapped to colours and symbols")
	})

	t.Run("count for alert rules", func(t *testing.T) {
		res := resp.Responses["count"]
		require.NoError(t, res.Error)
		want := map[string]float64{}
		for _, a := range before {
			want[data.Labels{"stream": a.StreamName, "severity": a.Severity}.String()]++
		}
		if len(before) == 0 {
			want[data.Labels{}.String()] = 0 // all healthy: one unlabelled 0, never No Data
		}
		got := map[string]float64{}
		for _, fr := range res.Frames {
			assert.Equal(t, data.FrameTypeNumericMulti, fr.Meta.Type)
			require.Len(t, fr.Fields, 1)
			require.Equal(t, 1, fr.Rows())
			labels := fr.Fields[0].Labels
			key := data.Labels{}
			if len(labels) > 0 {
				key = data.Labels{"stream": labels["stream"], "severity": labels["severity"]}
				// what the alerts are, for the notification
				for _, a := range before {
					if a.StreamName == labels["stream"] && a.Severity == labels["severity"] {
						assert.Contains(t, strings.Split(labels["name"], ", "), a.Name)
						assert.Contains(t, strings.Split(labels["code"], ", "), strconv.Itoa(a.Code))
						assert.Contains(t, labels["description"], a.Description)
					}
				}
			}
			got[key.String()] = *fr.Fields[0].At(0).(*float64)
		}
		assert.Equal(t, want, got, "one item per stream and severity")

		// the way an alert rule reads it: one instance per stream and severity, firing above 0
		numbers, err := fromFrames(res.Frames)
		require.NoError(t, err)
		fired, err := threshold(numbers, "gt", []float64{0})
		require.NoError(t, err)
		insts, err := instances(fired)
		require.NoError(t, err)
		require.NotEmpty(t, insts, "never No Data")
		for _, in := range insts {
			assert.Equal(t, len(before) > 0, in.firing, "%s", in.labels)
		}
	})

	t.Run("annotations", func(t *testing.T) {
		res := resp.Responses["Anno"]
		require.NoError(t, res.Error)
		fr := res.Frames[0]
		require.Equal(t, len(before), fr.Rows())
		for _, name := range []string{"time", "timeEnd", "title", "text", "tags"} {
			_, i := fr.FieldByName(name)
			assert.GreaterOrEqual(t, i, 0, "Grafana's annotation support reads %s", name)
		}
		times, ends, tags := fieldValues(t, fr, "time"), fieldValues(t, fr, "timeEnd"), fieldValues(t, fr, "tags")
		ids := fieldValues(t, fr, "id")
		for row := range times {
			i, ok := byKey[ids[row].(string)]
			require.True(t, ok, "row %d is one of the simulator's alerts", row)
			a := before[i]
			assert.Equal(t, time.Unix(a.FirstDetection, 0).UTC(), times[row].(time.Time).UTC(), "the region starts at the first detection")
			end := ends[row].(time.Time)
			assert.False(t, end.Before(asked.Truncate(time.Second)) || end.After(answered), "the region ends now")
			assert.Equal(t, []string{a.Severity, strconv.Itoa(a.Code), a.StreamName}, strings.Split(tags[row].(string), ","))
		}
	})
}

func severityRank(s string) int {
	return slices.Index([]string{"critical", "moderate", "minor", "advice"}, s)
}

func TestPlaybackAndMonitoringOverThePluginProtocol(t *testing.T) {
	f := start(t)
	ds := f.sim.Sim.Dataset()
	now := time.Now()
	from, to := now.Add(-7*time.Hour), now.Add(-3*time.Hour) // whole hours, all of them final
	wFrom, wTo := from.Truncate(time.Hour), to.Truncate(time.Hour).Add(time.Hour)
	resp := f.query(t, f.apiKeyContext(),
		dataQuery("ratio", `{"queryType":"playbackStartSuccess","interval":"hour"}`, from, to),
		dataQuery("split", `{"queryType":"playbackStartSuccess","interval":"hour","splitBy":"stream","limit":5}`, from, to),
		dataQuery("tags", `{"queryType":"playbackStartSuccess","interval":"hour","splitBy":"tag"}`, from, to),
		dataQuery("worst", `{"queryType":"playbackStartSuccess","view":"worst","interval":"hour"}`, from, to),
		dataQuery("errors", `{"queryType":"playbackStartErrors","interval":"hour"}`, from, to),
		dataQuery("buffering", `{"queryType":"bufferingRatio","interval":"hour"}`, from, to),
		dataQuery("startup", `{"queryType":"startupTime","interval":"hour"}`, from, to),
	)

	t.Run("success ratio", func(t *testing.T) {
		res := resp.Responses["ratio"]
		require.NoError(t, res.Error)
		fr := res.Frames[0]
		assert.Equal(t, data.FrameTypeTimeSeriesMulti, fr.Meta.Type)
		require.Equal(t, int(wTo.Sub(wFrom)/time.Hour), fr.Rows())
		for i := 0; i < fr.Rows(); i++ {
			start := fr.Fields[0].At(i).(time.Time)
			starts, failed := ds.PlaybackStarts(start, start.Add(time.Hour), simulator.Filter{})
			ratio, ok := simulator.SuccessRatio(starts, failed)
			require.True(t, ok)
			assert.Equal(t, ratio, *fr.Fields[1].At(i).(*float64), "ratio at %s", start)
			assert.Equal(t, float64(starts), *fr.Fields[2].At(i).(*float64), "starts at %s", start)
			assert.Equal(t, float64(failed), *fr.Fields[3].At(i).(*float64), "failed starts at %s", start)
		}
		assert.Equal(t, "percent", fr.Fields[1].Config.Unit)
	})

	t.Run("split by stream and by tag", func(t *testing.T) {
		for refID, c := range map[string]struct {
			split, label string
			limit        int
		}{"split": {simulator.SplitStreams, "stream", 5}, "tags": {simulator.SplitTags, "tag", 10}} {
			res := resp.Responses[refID]
			require.NoError(t, res.Error)
			top := ds.PlaybackByKey(c.split, wFrom, wTo, simulator.Filter{})
			require.Len(t, res.Frames, min(c.limit, len(top)), refID)
			for i, fr := range res.Frames {
				key := top[i].Key
				assert.Equal(t, data.Labels{c.label: key}, fr.Fields[1].Labels, "%s: one series per key, the key in the labels", refID)
				filter := simulator.Filter{StreamNames: []string{key}}
				if c.label == "tag" {
					filter = simulator.Filter{Tags: []string{key}}
				}
				var starts int64
				for row := 0; row < fr.Rows(); row++ {
					start := fr.Fields[0].At(row).(time.Time)
					s, failed := ds.PlaybackStarts(start, start.Add(time.Hour), filter)
					starts += s
					if ratio, ok := simulator.SuccessRatio(s, failed); ok {
						assert.Equal(t, ratio, *fr.Fields[1].At(row).(*float64), "%s %s at %s", refID, key, start)
					}
				}
				assert.Equal(t, top[i].PlaybackStarts, starts, "%s %s", refID, key)
			}
			// one alert rule over the split: one instance per key
			series, err := fromFrames(res.Frames)
			require.NoError(t, err)
			reduced, err := reduce(series, "last", "dropNN", 0)
			require.NoError(t, err)
			insts, err := instances(reduced)
			require.NoError(t, err, "every key's labels are its own")
			assert.Len(t, insts, len(res.Frames))
		}
		byRoute := f.sim.Sim.Stats().ByRoute
		assert.Equal(t, int64(1), byRoute["/v2/playback/start/success/ratio/streams/timeseries"], "one request for every stream")
		assert.Equal(t, int64(1), byRoute["/v2/playback/start/success/ratio/tags/timeseries"])
	})

	t.Run("worst streams", func(t *testing.T) {
		res := resp.Responses["worst"]
		require.NoError(t, res.Error)
		fr := res.Frames[0]
		want := ds.WorstStreams(wFrom, wTo, simulator.Filter{})
		require.Equal(t, len(want), fr.Rows())
		streams, ratios := fieldValues(t, fr, "stream"), fieldValues(t, fr, "successRatio")
		for i, w := range want {
			assert.Equal(t, w.Key, streams[i])
			assert.Equal(t, w.SuccessRatio, *ratios[i].(*float64))
		}
	})

	t.Run("playback start errors", func(t *testing.T) {
		res := resp.Responses["errors"]
		require.NoError(t, res.Error)
		fr := res.Frames[0]
		want := ds.PlaybackErrors(wFrom, wTo, simulator.Filter{})
		require.Equal(t, len(want), fr.Rows())
		codes, counts := fieldValues(t, fr, "code"), fieldValues(t, fr, "count")
		for i, e := range want {
			assert.Equal(t, strconv.Itoa(e.ErrorCode), codes[i])
			assert.Equal(t, float64(e.Count), counts[i])
		}
	})

	t.Run("buffering ratio and startup time", func(t *testing.T) {
		for refID, value := range map[string]func(from, to time.Time) (float64, bool){
			"buffering": func(from, to time.Time) (float64, bool) { return ds.BufferingRatio(from, to, simulator.Filter{}) },
			"startup":   func(from, to time.Time) (float64, bool) { return ds.StartupTime(from, to, simulator.Filter{}) },
		} {
			res := resp.Responses[refID]
			require.NoError(t, res.Error)
			fr := res.Frames[0]
			require.Equal(t, int(wTo.Sub(wFrom)/time.Hour), fr.Rows())
			for i := 0; i < fr.Rows(); i++ {
				start := fr.Fields[0].At(i).(time.Time)
				w, ok := value(start, start.Add(time.Hour))
				got := fr.Fields[1].At(i).(*float64)
				if !ok {
					assert.Nil(t, got, "%s at %s", refID, start)
					continue
				}
				require.NotNil(t, got, "%s at %s", refID, start)
				assert.Equal(t, w, *got, "%s at %s", refID, start)
			}
		}
	})
}

func TestStreamHealthBadInputAndAccessLevel(t *testing.T) {
	f := start(t)
	now := time.Now()
	resp := f.query(t, f.apiKeyContext(),
		dataQuery("view", `{"queryType":"ingestAlerts","view":"heatmap"}`, now.Add(-time.Hour), now),
		dataQuery("split", `{"queryType":"playbackStartSuccess","splitBy":"browser"}`, now.Add(-time.Hour), now),
		dataQuery("limit", `{"queryType":"playbackStartSuccess","splitBy":"stream","limit":500}`, now.Add(-time.Hour), now))
	for refID, want := range map[string]string{
		"view":  `Unknown ingest alerts view "heatmap": choose table, count or annotations.`,
		"split": `Unknown split "browser": choose stream, tag or country, or none for one series of everything.`,
		"limit": "The limit 500 is out of range: choose a whole number from 1 to 100.",
	} {
		res := resp.Responses[refID]
		require.Error(t, res.Error, refID)
		assert.Equal(t, want, res.Error.Error())
		assert.Equal(t, backend.ErrorSourceDownstream, res.ErrorSource, refID)
	}
	assert.Zero(t, f.sim.Sim.Stats().Requests, "nothing is sent for a query the plugin refuses")

	f.sim.Sim.SetFaults(simulator.Faults{LevelTooLow: true})
	resp = f.query(t, f.apiKeyContext(),
		dataQuery("alerts", `{"queryType":"ingestAlerts","view":"count"}`, now.Add(-time.Hour), now),
		dataQuery("viewers", `{"queryType":"maxViewers"}`, now.Add(-time.Hour), now))
	require.NoError(t, resp.Responses["viewers"].Error)
	res := resp.Responses["alerts"]
	require.Error(t, res.Error)
	assert.True(t, strings.HasPrefix(res.Error.Error(), "The organisation's analytics access level is too low for this data (error 105002)"), res.Error.Error())
	assert.Equal(t, backend.ErrorSourceDownstream, res.ErrorSource)

	health, err := f.plugin.CheckHealth(context.Background(), f.apiKeyContext())
	require.NoError(t, err)
	assert.Equal(t, backend.HealthStatusOk, health.Status, "never a failed Save & test")
	assert.Contains(t, health.Message, "but ingestAlerts, playbackStartSuccess, playbackStartErrors, bufferingRatio and startupTime are unavailable: "+
		"the organisation's analytics access level is too low for this data (error 105002).")
	assert.Contains(t, string(health.JSONDetails), `"unavailable":[{"queryType":"ingestAlerts","route":"ingest alerts"`)
}
