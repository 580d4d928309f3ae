package plugin

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/frames"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/models"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// queryByteUsage answers playout and ingest bytes per bucket.
func (d *Datasource) queryByteUsage(ctx context.Context, q models.Query) (data.Frames, nanostream.Call, error) {
	points, call, err := d.client.ByteUsage(ctx, q.Series(q.Buckets))
	if err != nil {
		return nil, call, err
	}
	return data.Frames{frames.ByteUsage(points, q.Buckets)}, call, nil
}
