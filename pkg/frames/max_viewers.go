package frames

import (
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/calendar"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// MaxViewers is a time series frame of the maximum concurrent viewers per
// bucket, or with delta of its change against the previous bucket. An
// answer without points is a frame without rows, with a notice.
func MaxViewers(points []nanostream.ViewersPoint, b calendar.Buckets, delta bool) *data.Frame {
	if len(points) == 0 {
		b.To = b.From
	}
	values := make([]*float64, b.Count())
	for _, p := range points {
		if i := b.Index(p.Timestamp); i >= 0 {
			values[i] = p.MaxConcurrentViewers
		}
	}
	field := valueField("viewers", "Concurrent viewers", unitCount, values)
	if delta {
		field = valueField("viewersDelta", "Change in concurrent viewers", unitCount, deltas(values))
	}
	field.Config.Decimals = new(uint16)
	if len(points) == 0 {
		return emptyTimeSeries("maxViewers", field)
	}
	frame := data.NewFrame("maxViewers", timeField(bucketTimes(b)), field)
	frame.Meta = newMeta(timeSeriesWide)
	return frame
}

// deltas is v[i] - v[i-1]; null where either side is null.
func deltas(values []*float64) []*float64 {
	out := make([]*float64, len(values))
	for i := 1; i < len(values); i++ {
		if values[i] != nil && values[i-1] != nil {
			d := *values[i] - *values[i-1]
			out[i] = &d
		}
	}
	return out
}
