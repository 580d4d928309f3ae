package frames

import (
	"sort"
	"strconv"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/calendar"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

var timeSeriesMulti = &data.FrameMeta{Type: data.FrameTypeTimeSeriesMulti, TypeVersion: data.FrameTypeVersion{0, 1}}

var table = &data.FrameMeta{Type: data.FrameTypeTable, TypeVersion: data.FrameTypeVersion{0, 1}}

// Values of a playback start success series: the field names of its
// values, any of which may come first in the frame.
const (
	SeriesSuccessRatio   = "successRatio"
	SeriesPlaybackStarts = "playbackStarts"
	SeriesErrors         = "errors"
)

// PlaybackSuccess is the successful playback start ratio per bucket, with
// the starts and the failed starts: one frame of the time series multi
// format whose first value is the series, the ratio in percent unless first
// names another value (playbackStarts or errors); the values after it are
// the format's remainder data, shown by panels but left out by alert rules,
// which so see one series per frame. A bucket the API did not answer, or
// answered without starts, has no ratio (null). An answer without points is
// a frame without rows, with a notice.
func PlaybackSuccess(points []nanostream.PlaybackPoint, b calendar.Buckets, first string) *data.Frame {
	return playbackFrame("playbackStartSuccess", points, b, "", nil, first)
}

// PlaybackSuccessSplit is one PlaybackSuccess frame per key of a split, in
// the API's order (the most starts first), each labelled label=key (label
// is stream, tag or country), so that one alert rule watches every key.
// The values after the first of each key are hidden from the graph, which
// shows one line per key; the table view keeps them. An answer without
// keys is one frame without rows, with a notice.
func PlaybackSuccessSplit(series []nanostream.PlaybackKeySeries, b calendar.Buckets, label, first string) data.Frames {
	if len(series) == 0 {
		return data.Frames{PlaybackSuccess(nil, b, first)}
	}
	out := make(data.Frames, len(series))
	for i, s := range series {
		out[i] = playbackFrame("playbackStartSuccess", s.Timeseries, b, s.Key, data.Labels{label: s.Key}, first)
	}
	return out
}

// playbackFrame is the frame of one series; key names its fields in a
// split, first is the value that comes first.
func playbackFrame(name string, points []nanostream.PlaybackPoint, b calendar.Buckets, key string, labels data.Labels, first string) *data.Frame {
	if len(points) == 0 {
		b.To = b.From
	}
	ratio := make([]*float64, b.Count())
	starts := make([]*float64, b.Count())
	failed := make([]*float64, b.Count())
	for _, p := range points {
		if i := b.Index(p.Timestamp); i >= 0 {
			ratio[i], starts[i], failed[i] = p.SuccessRatio, p.PlaybackStarts, p.Errors
		}
	}
	ratioName, startsName, failedName := "Success ratio", "Playback starts", "Failed starts"
	if key != "" {
		ratioName, startsName, failedName = key, key+" starts", key+" failed starts"
	}
	fields := []*data.Field{
		data.NewField(SeriesSuccessRatio, labels, ratio).SetConfig(&data.FieldConfig{DisplayName: ratioName, Unit: unitPercent, Decimals: decimals(2)}),
		countField(SeriesPlaybackStarts, startsName, labels, starts),
		countField(SeriesErrors, failedName, labels, failed),
	}
	// first, then the others in their usual order
	values := make([]*data.Field, 0, len(fields))
	for _, f := range fields {
		if f.Name == first {
			values = append(values, f)
		}
	}
	for _, f := range fields {
		if f.Name != first {
			values = append(values, f)
		}
	}
	if key != "" {
		for _, f := range values[1:] {
			f.Config.Custom = hiddenFromGraph()
		}
	}
	frame := data.NewFrame(name, append([]*data.Field{timeField(bucketTimes(b))}, values...)...)
	frame.Meta = newMeta(timeSeriesMulti)
	if len(points) == 0 {
		frame.Meta.Notices = []data.Notice{noDataNotice}
	}
	return frame
}

// hiddenFromGraph is the custom field config that keeps a field out of a
// graph and its legend.
func hiddenFromGraph() map[string]any {
	return map[string]any{"hideFrom": map[string]any{"legend": true, "tooltip": false, "viz": true}}
}

// countField is a field of counts per bucket: exact, without decimals.
func countField(name, display string, labels data.Labels, values []*float64) *data.Field {
	return data.NewField(name, labels, values).SetConfig(&data.FieldConfig{DisplayName: display, Unit: unitCount, Decimals: decimals(0)})
}

// WorstStreams is the API's worst streams as a table, worst first: stream,
// starts, failed starts and the success ratio in percent.
func WorstStreams(totals []nanostream.PlaybackTotal) *data.Frame {
	n := len(totals)
	stream := make([]string, n)
	starts := make([]float64, n)
	failed := make([]float64, n)
	ratio := make([]*float64, n)
	for i, t := range totals {
		stream[i], starts[i], failed[i], ratio[i] = t.Key, t.PlaybackStarts, t.Errors, t.SuccessRatio
	}
	frame := data.NewFrame("worstStreams",
		data.NewField("stream", nil, stream).SetConfig(&data.FieldConfig{DisplayName: "Stream"}),
		data.NewField("playbackStarts", nil, starts).SetConfig(&data.FieldConfig{DisplayName: "Playback starts", Unit: unitCount, Decimals: decimals(0)}),
		data.NewField("errors", nil, failed).SetConfig(&data.FieldConfig{DisplayName: "Failed starts", Unit: unitCount, Decimals: decimals(0)}),
		data.NewField("successRatio", nil, ratio).SetConfig(&data.FieldConfig{DisplayName: "Success ratio", Unit: unitPercent,
			Decimals: decimals(2), Min: confFloat(0), Max: confFloat(100)}),
	)
	frame.Meta = newMeta(table)
	if n == 0 {
		frame.Meta.Notices = []data.Notice{noDataNotice}
	}
	return frame
}

// PlaybackErrors is the failed playback starts by error code, most
// frequent first (ties by code): the code as text, so that a bar chart
// takes it for its axis and the count for its bars, the message and the
// count.
func PlaybackErrors(errs []nanostream.PlaybackError) *data.Frame {
	errs = append([]nanostream.PlaybackError(nil), errs...)
	sort.SliceStable(errs, func(i, j int) bool {
		if errs[i].Count != errs[j].Count {
			return errs[i].Count > errs[j].Count
		}
		return errs[i].ErrorCode < errs[j].ErrorCode
	})
	n := len(errs)
	code := make([]string, n)
	message := make([]string, n)
	count := make([]float64, n)
	for i, e := range errs {
		code[i], message[i], count[i] = strconv.Itoa(e.ErrorCode), e.Message, e.Count
	}
	frame := data.NewFrame("playbackStartErrors",
		data.NewField("code", nil, code).SetConfig(&data.FieldConfig{DisplayName: "Error code"}),
		data.NewField("message", nil, message).SetConfig(&data.FieldConfig{DisplayName: "Message"}),
		data.NewField("count", nil, count).SetConfig(&data.FieldConfig{DisplayName: "Failed starts", Unit: unitCount, Decimals: decimals(0)}),
	)
	frame.Meta = newMeta(table)
	if n == 0 {
		frame.Meta.Notices = []data.Notice{noDataNotice}
	}
	return frame
}

// BufferingRatio is a time series of the percent of playing time spent
// buffering; a bucket the API left out (no viewers) is null.
func BufferingRatio(points []nanostream.BufferingPoint, b calendar.Buckets) *data.Frame {
	times := make([]int64, len(points))
	values := make([]*float64, len(points))
	for i, p := range points {
		times[i], values[i] = p.Timestamp, p.BufferingRatio
	}
	return oneSeries("bufferingRatio", "Buffering ratio", unitPercent, times, values, b)
}

// StartupTime is a time series of the median time to the first frame in
// seconds; a bucket the API left out (no starts) is null.
func StartupTime(points []nanostream.StartupPoint, b calendar.Buckets) *data.Frame {
	times := make([]int64, len(points))
	values := make([]*float64, len(points))
	for i, p := range points {
		times[i], values[i] = p.Timestamp, p.StartupTime
	}
	return oneSeries("startupTime", "Startup time", unitSeconds, times, values, b)
}

// oneSeries is a wide time series frame of one value per bucket. An answer
// without points is a frame without rows, with a notice.
func oneSeries(name, display, unit string, times []int64, values []*float64, b calendar.Buckets) *data.Frame {
	field := func(v []*float64) *data.Field {
		return data.NewField(name, nil, v).SetConfig(&data.FieldConfig{DisplayName: display, Unit: unit, Decimals: decimals(2)})
	}
	if len(values) == 0 {
		return emptyTimeSeries(name, field([]*float64{}))
	}
	column := make([]*float64, b.Count())
	for i, t := range times {
		if j := b.Index(t); j >= 0 {
			column[j] = values[i]
		}
	}
	frame := data.NewFrame(name, timeField(bucketTimes(b)), field(column))
	frame.Meta = newMeta(timeSeriesWide)
	return frame
}

// confFloat is a field config bound such as a minimum.
func confFloat(v float64) *data.ConfFloat64 {
	c := data.ConfFloat64(v)
	return &c
}
