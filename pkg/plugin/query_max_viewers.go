package plugin

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/frames"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/models"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// queryMaxViewers answers the maximum concurrent H5Live viewers per bucket.
func (d *Datasource) queryMaxViewers(ctx context.Context, q models.Query) (data.Frames, nanostream.Call, error) {
	points, call, err := d.client.MaxViewers(ctx, q.Series(q.Buckets))
	if err != nil {
		return nil, call, err
	}
	return data.Frames{frames.MaxViewers(points, q.Buckets, q.Delta)}, call, nil
}
