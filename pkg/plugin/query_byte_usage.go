package plugin

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/frames"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/models"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// queryByteUsage answers playout and ingest bytes per bucket, from the
// pre-aggregated hourly route where the buckets and the filter allow it.
func (d *Datasource) queryByteUsage(ctx context.Context, q models.Query) (data.Frames, nanostream.Call, error) {
	b, err := buckets(q)
	if err != nil {
		return nil, nanostream.Call{}, err
	}
	fetch := d.client.Bytes
	if useHourlyRoute(b.Interval, q.Filter) {
		fetch = d.client.HourlyBytes
	}
	points, call, err := fetch(ctx, series(b, q.Filter))
	if err != nil {
		return nil, call, err
	}
	return data.Frames{frames.ByteUsage(points, b)}, call, nil
}

// useHourlyRoute: the hourly route serves whole hours and no stream filter.
func useHourlyRoute(interval string, f models.Filter) bool {
	return interval != models.IntervalMinute && len(f.StreamNames) == 0
}
