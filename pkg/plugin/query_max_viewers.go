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
	b, err := buckets(q)
	if err != nil {
		return nil, nanostream.Call{}, err
	}
	points, call, err := d.client.MaxViewers(ctx, series(b, q.Filter))
	if err != nil {
		return nil, call, err
	}
	return data.Frames{frames.MaxViewers(points, b, q.Delta)}, call, nil
}
