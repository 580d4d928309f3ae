// Package frames turns API answers into Grafana data frames and their meta.
// It is pure: no network, no clock.
package frames

import (
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/calendar"
)

// Units Grafana knows.
const (
	unitBytes   = "decbytes"
	unitPercent = "percent"
	unitCount   = "locale" // exact counts with thousands separators: 56,808, not 57 K
)

var timeSeriesWide = &data.FrameMeta{Type: data.FrameTypeTimeSeriesWide, TypeVersion: data.FrameTypeVersion{0, 1}}

// bucketTimes is the start of every bucket.
func bucketTimes(b calendar.Buckets) []time.Time {
	times := make([]time.Time, b.Count())
	for i := range times {
		times[i] = b.From.Add(time.Duration(i) * b.Step)
	}
	return times
}

func timeField(times []time.Time) *data.Field {
	return data.NewField("time", nil, times).SetConfig(&data.FieldConfig{DisplayName: "Time"})
}

func valueField(name, display, unit string, values []*float64) *data.Field {
	return data.NewField(name, nil, values).SetConfig(&data.FieldConfig{DisplayName: display, Unit: unit})
}

func newMeta(base *data.FrameMeta) *data.FrameMeta {
	m := *base
	return &m
}

// noDataNotice marks a time series the API answered without a single
// point: an empty data list, or null, which the API sends for a period
// without rows.
var noDataNotice = data.Notice{Severity: data.NoticeSeverityInfo,
	Text: "The nanoStream API has no data for this time range and filter."}

// emptyTimeSeries is a time series frame with its fields and no rows.
func emptyTimeSeries(name string, fields ...*data.Field) *data.Frame {
	frame := data.NewFrame(name, append([]*data.Field{timeField([]time.Time{})}, fields...)...)
	frame.Meta = newMeta(timeSeriesWide)
	frame.Meta.Notices = []data.Notice{noDataNotice}
	return frame
}
