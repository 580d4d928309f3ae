package frames

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/experimental"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// someAlerts are alerts as the API answers them at 2026-11-23 10:05, in
// no particular order.
func someAlerts() []nanostream.Alert {
	conn := func(ip, server string) nanostream.AlertConnection {
		return nanostream.AlertConnection{IP: ip, Server: server, Protocol: "rtmp", CountryCode: "DE", ElapsedTime: 600, BitrateKbps: 2500}
	}
	return []nanostream.Alert{
		{ID: "a1", Name: "HIGH_INGEST_BITRATE", Code: 29001, Severity: "advice", Description: "The ingest bitrate is above 4 Mbit/s.",
			StreamName: "nS4kq-main", FirstDetection: at("2026-11-23 08:00").Unix(), ElapsedTime: 7500, CountryName: "Germany", CountryCode: "DE",
			Servers: []string{"ingest-de.example.org"}, ConnectionsDetails: []nanostream.AlertConnection{conn("203.0.113.5", "ingest-de.example.org")}},
		{ID: "a2", Name: "STREAM_TIME_RATIO_SUBOPTIMAL", Code: 23001, Severity: "minor", Description: "Media arrives slightly slower than real time.",
			StreamName: "nS4kq-news", FirstDetection: at("2026-11-23 10:01").Unix(), ElapsedTime: 240, CountryName: "Austria", CountryCode: "AT",
			Servers: []string{"ingest-at.example.org"}, ConnectionsDetails: []nanostream.AlertConnection{conn("203.0.113.6", "ingest-at.example.org")}},
		{ID: "a3", Name: "DUPLICATED_INGEST", Code: 24100, Severity: "critical", Description: "Two encoders publish to the same stream name.",
			StreamName: "nS4kq-main", FirstDetection: at("2026-11-23 10:02").Unix(), ElapsedTime: 180, CountryName: "Germany", CountryCode: "DE",
			Servers:            []string{"ingest-de.example.org", "ingest-2.example.org"},
			ConnectionsDetails: []nanostream.AlertConnection{conn("203.0.113.5", "ingest-de.example.org"), conn("203.0.113.105", "ingest-2.example.org")}},
		{ID: "a4", Name: "OFFLINE", Code: 21001, Severity: "critical", Description: "The stream is expected online, but no ingest arrives.",
			StreamName: "nS4kq-247", FirstDetection: at("2026-11-23 09:30").Unix(), ElapsedTime: 2100, CountryCode: "US",
			Servers: []string{}, ConnectionsDetails: []nanostream.AlertConnection{}},
		{ID: "a5", Name: "CONTINUOUS_RESTARTS", Code: 22000, Severity: "moderate", Description: "The ingest reconnected several times within a few minutes.",
			StreamName: "nS4kq-main", FirstDetection: at("2026-11-23 10:00").Unix(), ElapsedTime: 300, CountryName: "Germany", CountryCode: "DE",
			Servers: []string{"ingest-de.example.org"}, ConnectionsDetails: []nanostream.AlertConnection{conn("203.0.113.5", "ingest-de.example.org")}},
		{ID: "a6", Name: "INACTIVE_INGEST", Code: 22010, Severity: "critical", Description: "The ingest connection is open but no media arrives.",
			StreamName: "nS4kq-main", FirstDetection: at("2026-11-23 09:55").Unix(), ElapsedTime: 600, CountryName: "Germany", CountryCode: "DE",
			Servers: []string{"ingest-de.example.org"}, ConnectionsDetails: []nanostream.AlertConnection{conn("203.0.113.5", "ingest-de.example.org")}},
	}
}

func TestIngestAlertsTableFrame(t *testing.T) {
	frame := IngestAlertsTable(someAlerts(), 12*time.Second, nil)
	experimental.CheckGoldenJSONFrame(t, "testdata", "ingest_alerts_table", frame, *update)

	stream, _ := frame.FieldByName("stream")
	code, _ := frame.FieldByName("code")
	var order []int64
	for i := 0; i < frame.Rows(); i++ {
		order = append(order, code.At(i).(int64))
	}
	assert.Equal(t, []int64{21001, 22010, 24100, 22000, 23001, 29001}, order, "most severe first, then the longest running")
	assert.Equal(t, "nS4kq-247", stream.At(0))
	elapsed, _ := frame.FieldByName("elapsed")
	assert.Equal(t, 2112.0, elapsed.At(0), "the answer's age counts")
}

func TestIngestAlertsTableWithoutAlerts(t *testing.T) {
	frame := IngestAlertsTable([]nanostream.Alert{}, 0, nil)
	assert.Zero(t, frame.Rows())
	assert.Len(t, frame.Fields, 10)
	require.Len(t, frame.Meta.Notices, 1)
	assert.Contains(t, frame.Meta.Notices[0].Text, "every live ingest is healthy")
}

func TestIngestAlertsCountFrames(t *testing.T) {
	experimental.CheckGoldenJSONResponse(t, "testdata", "ingest_alerts_count",
		&backend.DataResponse{Frames: IngestAlertsCount(someAlerts(), nil)}, *update)
	got := map[string]float64{}
	labels := map[string]data.Labels{}
	for _, f := range IngestAlertsCount(someAlerts(), nil) {
		require.Len(t, f.Fields, 1, "one value per frame: numeric multi")
		require.Equal(t, 1, f.Rows())
		assert.Equal(t, data.FrameTypeNumericMulti, f.Meta.Type)
		assert.Equal(t, data.FieldTypeNullableFloat64, f.Fields[0].Type(), "what an alert rule's condition reads")
		l := f.Fields[0].Labels
		key := l[LabelStream] + "/" + l[LabelSeverity]
		got[key] = *f.Fields[0].At(0).(*float64)
		labels[key] = l
	}
	assert.Equal(t, map[string]float64{
		"nS4kq-247/critical":  1,
		"nS4kq-main/critical": 2,
		"nS4kq-main/moderate": 1,
		"nS4kq-news/minor":    1,
		"nS4kq-main/advice":   1,
	}, got, "one item per stream and severity")
	assert.Equal(t, data.Labels{"stream": "nS4kq-main", "severity": "critical",
		"name": "INACTIVE_INGEST, DUPLICATED_INGEST", "code": "22010, 24100",
		"description": "The ingest connection is open but no media arrives. Two encoders publish to the same stream name."},
		labels["nS4kq-main/critical"], "two alerts of a stream and severity: joined in the order of their codes")
	assert.Equal(t, data.Labels{"stream": "nS4kq-247", "severity": "critical", "name": "OFFLINE", "code": "21001",
		"description": "The stream is expected online, but no ingest arrives."}, labels["nS4kq-247/critical"])
}

func TestIngestAlertsCountLabelsAreStable(t *testing.T) {
	alerts := someAlerts()
	later := someAlerts()
	for i := range later {
		later[i].ElapsedTime += 60 // a minute on
		for j := range later[i].ConnectionsDetails {
			later[i].ConnectionsDetails[j].ElapsedTime += 60
		}
	}
	reversed := append([]nanostream.Alert(nil), later...)
	slices.Reverse(reversed)
	labelsOf := func(frames data.Frames) []string {
		var out []string
		for _, f := range frames {
			out = append(out, f.Fields[0].Labels.String())
		}
		return out
	}
	assert.Equal(t, labelsOf(IngestAlertsCount(alerts, nil)), labelsOf(IngestAlertsCount(reversed, nil)),
		"the same alerts a minute later, listed in another order: the same instances")

	twice := append(someAlerts(), someAlerts()[2]) // the same alert kind twice on a stream
	twice[len(twice)-1].ID = "a7"
	for _, f := range IngestAlertsCount(twice, nil) {
		l := f.Fields[0].Labels
		if l[LabelStream] == "nS4kq-main" && l[LabelSeverity] == "critical" {
			assert.Equal(t, "INACTIVE_INGEST, DUPLICATED_INGEST", l[LabelName], "each name once")
			assert.Equal(t, 3.0, *f.Fields[0].At(0).(*float64), "every alert counts")
		}
	}

	long := someAlerts()[:1]
	long[0].Description = strings.Repeat("Far too long.\n", 100)
	d := IngestAlertsCount(long, nil)[0].Fields[0].Labels[LabelDescription]
	assert.Equal(t, maxDescriptionLabel, utf8.RuneCountInString(d), "a description label is bounded")
	assert.True(t, strings.HasSuffix(d, "…"))
	assert.NotContains(t, d, "\n", "one line")
}

func TestTheNoticeOfNoAlertNamesTheSeveritiesKept(t *testing.T) {
	for severities, want := range map[string]string{
		"":                               "No ingest alert or advice is active: every live ingest is healthy.",
		"critical,moderate,minor,advice": "No ingest alert or advice is active: every live ingest is healthy.",
		"critical":                       "No critical ingest alert is active.",
		"critical,moderate":              "No critical or moderate ingest alert is active.",
		"moderate,minor,advice":          "No moderate or minor ingest alert or advice is active.",
		"advice":                         "No ingest advice is active.",
	} {
		var list []string
		if severities != "" {
			list = strings.Split(severities, ",")
		}
		for _, notices := range [][]data.Notice{
			IngestAlertsTable(nil, 0, list).Meta.Notices,
			IngestAlertsCount(nil, list)[0].Meta.Notices,
			IngestAlertAnnotations(nil, at("2026-11-23 10:05"), list).Meta.Notices,
		} {
			require.Len(t, notices, 1)
			assert.Equal(t, want, notices[0].Text, severities)
		}
	}
}

func TestNoAlertIsOneUnlabelledZeroNotNoData(t *testing.T) {
	frames := IngestAlertsCount(nil, nil)
	experimental.CheckGoldenJSONResponse(t, "testdata", "ingest_alerts_count_healthy", &backend.DataResponse{Frames: frames}, *update)
	require.Len(t, frames, 1)
	f := frames[0]
	require.Equal(t, 1, f.Rows(), "an item, so that Grafana evaluates Normal instead of No Data")
	assert.Empty(t, f.Fields[0].Labels)
	assert.Equal(t, 0.0, *f.Fields[0].At(0).(*float64))
}

func TestIngestAlertAnnotationsFrame(t *testing.T) {
	now := at("2026-11-23 10:05")
	frame := IngestAlertAnnotations(someAlerts(), now, nil)
	experimental.CheckGoldenJSONFrame(t, "testdata", "ingest_alert_annotations", frame, *update)
	for _, name := range []string{"time", "timeEnd", "title", "text", "tags"} {
		f, i := frame.FieldByName(name)
		require.GreaterOrEqual(t, i, 0, name)
		assert.Nil(t, f.Config, "%s: Grafana matches annotation fields by their displayed name", name)
	}
	end, _ := frame.FieldByName("timeEnd")
	for i := 0; i < frame.Rows(); i++ {
		assert.Equal(t, now, end.At(i))
	}
}

func TestPlaybackStartSuccessFrame(t *testing.T) {
	b := fiveMinutes()
	points := []nanostream.PlaybackPoint{
		{Timestamp: at("2026-11-23 10:00").Unix(), PlaybackStarts: f(200), Errors: f(4), SuccessRatio: f(98)},
		{Timestamp: at("2026-11-23 10:01").Unix(), PlaybackStarts: f(0), Errors: f(0)}, // no starts: no ratio
		{Timestamp: at("2026-11-23 10:02").Unix(), PlaybackStarts: f(150), Errors: f(15), SuccessRatio: f(90)},
		// 10:03 and 10:04 not final yet: gaps
	}
	experimental.CheckGoldenJSONFrame(t, "testdata", "playback_start_success", PlaybackSuccess(points, b, SeriesSuccessRatio), *update)
}

func TestPlaybackStartSuccessSplitFrames(t *testing.T) {
	b := fiveMinutes()
	series := []nanostream.PlaybackKeySeries{
		{Key: "nS4kq-main", Timeseries: []nanostream.PlaybackPoint{
			{Timestamp: at("2026-11-23 10:00").Unix(), PlaybackStarts: f(120), Errors: f(2), SuccessRatio: f(98.33)},
			{Timestamp: at("2026-11-23 10:01").Unix(), PlaybackStarts: f(100), Errors: f(20), SuccessRatio: f(80)}}},
		{Key: "nS4kq-news", Timeseries: []nanostream.PlaybackPoint{
			{Timestamp: at("2026-11-23 10:00").Unix(), PlaybackStarts: f(10), Errors: f(0), SuccessRatio: f(100)}}},
	}
	out := PlaybackSuccessSplit(series, b, "stream", SeriesSuccessRatio)
	experimental.CheckGoldenJSONResponse(t, "testdata", "playback_start_success_split", &backend.DataResponse{Frames: out}, *update)
	require.Len(t, out, 2)
	for i, fr := range out {
		assert.Equal(t, data.FrameTypeTimeSeriesMulti, fr.Meta.Type)
		assert.Equal(t, data.Labels{"stream": series[i].Key}, fr.Fields[1].Labels, "the key in the labels: one alert instance per stream")
		assert.Equal(t, "successRatio", fr.Fields[1].Name, "the first value field is the series")
	}
}

func TestPlaybackStartSuccessSeriesComesFirst(t *testing.T) {
	b := fiveMinutes()
	points := []nanostream.PlaybackPoint{{Timestamp: at("2026-11-23 10:00").Unix(), PlaybackStarts: f(200), Errors: f(4), SuccessRatio: f(98)}}
	names := func(fr *data.Frame) []string {
		var out []string
		for _, field := range fr.Fields[1:] {
			out = append(out, field.Name)
		}
		return out
	}
	assert.Equal(t, []string{"successRatio", "playbackStarts", "errors"}, names(PlaybackSuccess(points, b, SeriesSuccessRatio)))
	assert.Equal(t, []string{"playbackStarts", "successRatio", "errors"}, names(PlaybackSuccess(points, b, SeriesPlaybackStarts)))
	assert.Equal(t, []string{"errors", "successRatio", "playbackStarts"}, names(PlaybackSuccess(points, b, SeriesErrors)))

	split := PlaybackSuccessSplit([]nanostream.PlaybackKeySeries{{Key: "nS4kq-main", Timeseries: points}}, b, "stream", SeriesErrors)
	require.Len(t, split, 1)
	first := split[0].Fields[1]
	assert.Equal(t, "errors", first.Name, "what an alert rule reads")
	assert.Equal(t, data.Labels{"stream": "nS4kq-main"}, first.Labels)
	assert.Equal(t, 4.0, *first.At(0).(*float64))
	assert.Nil(t, first.Config.Custom, "the series the graph shows")
	for _, other := range split[0].Fields[2:] {
		assert.Equal(t, hiddenFromGraph(), other.Config.Custom, "%s: remainder data, kept out of the graph", other.Name)
	}
}

func TestPlaybackStartSuccessWithoutData(t *testing.T) {
	for name, frames := range map[string]data.Frames{
		"whole": {PlaybackSuccess(nil, fiveMinutes(), SeriesSuccessRatio)},
		"split": PlaybackSuccessSplit([]nanostream.PlaybackKeySeries{}, fiveMinutes(), "tag", SeriesErrors),
	} {
		require.Len(t, frames, 1, name)
		assert.Zero(t, frames[0].Rows(), name)
		assert.Len(t, frames[0].Fields, 4, name)
		require.Len(t, frames[0].Meta.Notices, 1, name)
	}
}

func TestWorstStreamsFrame(t *testing.T) {
	totals := []nanostream.PlaybackTotal{
		{Key: "nS4kq-main", PlaybackStarts: 5000, Errors: 900, SuccessRatio: f(82)},
		{Key: "nS4kq-news", PlaybackStarts: 300, Errors: 12, SuccessRatio: f(96)},
	}
	experimental.CheckGoldenJSONFrame(t, "testdata", "worst_streams", WorstStreams(totals), *update)
}

func TestPlaybackStartErrorsFrame(t *testing.T) {
	errs := []nanostream.PlaybackError{
		{ErrorCode: 4006, Message: "The stream was not found on the server.", Count: 40},
		{ErrorCode: 2004, Message: "The source request was aborted by timeout.", Count: 120},
		{ErrorCode: 2001, Message: "Network error while opening the stream.", Count: 40},
	}
	frame := PlaybackErrors(errs)
	experimental.CheckGoldenJSONFrame(t, "testdata", "playback_start_errors", frame, *update)
	code, _ := frame.FieldByName("code")
	assert.Equal(t, []string{"2004", "2001", "4006"}, []string{code.At(0).(string), code.At(1).(string), code.At(2).(string)},
		"most frequent first, ties by code")
	assert.Equal(t, 4006, errs[0].ErrorCode, "the answer, which the cache shares, is left as it was")
}

func TestMonitoringFrames(t *testing.T) {
	b := fiveMinutes()
	buffering := []nanostream.BufferingPoint{
		{Timestamp: at("2026-11-23 10:00").Unix(), BufferingRatio: f(0.42)},
		{Timestamp: at("2026-11-23 10:02").Unix(), BufferingRatio: f(1.25)}, // 10:01 without viewers
	}
	startup := []nanostream.StartupPoint{
		{Timestamp: at("2026-11-23 10:00").Unix(), StartupTime: f(0.84)},
		{Timestamp: at("2026-11-23 10:01").Unix(), StartupTime: f(1.2)},
	}
	experimental.CheckGoldenJSONFrame(t, "testdata", "buffering_ratio", BufferingRatio(buffering, b), *update)
	experimental.CheckGoldenJSONFrame(t, "testdata", "startup_time", StartupTime(startup, b), *update)
	for _, empty := range []*data.Frame{BufferingRatio(nil, b), StartupTime([]nanostream.StartupPoint{}, b)} {
		assert.Zero(t, empty.Rows())
		assert.Equal(t, data.FrameTypeTimeSeriesWide, empty.Meta.Type)
		require.Len(t, empty.Meta.Notices, 1)
	}
}
