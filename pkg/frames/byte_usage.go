package frames

import (
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/calendar"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// ByteUsage is one wide time series frame with playout and ingest bytes per
// bucket; a bucket the API did not answer stays null. An answer without
// points is a frame without rows, with a notice.
func ByteUsage(points []nanostream.BytesPoint, b calendar.Buckets) *data.Frame {
	if len(points) == 0 {
		return emptyTimeSeries("byteUsage",
			valueField("playout", "Playout", unitBytes, []*float64{}),
			valueField("ingest", "Ingest", unitBytes, []*float64{}))
	}
	playout := make([]*float64, b.Count())
	ingest := make([]*float64, b.Count())
	for _, p := range points {
		if i := b.Index(p.Timestamp); i >= 0 {
			playout[i], ingest[i] = p.Playout, p.Ingest
		}
	}
	frame := data.NewFrame("byteUsage",
		timeField(bucketTimes(b)),
		valueField("playout", "Playout", unitBytes, playout),
		valueField("ingest", "Ingest", unitBytes, ingest),
	)
	frame.Meta = newMeta(timeSeriesWide)
	return frame
}
