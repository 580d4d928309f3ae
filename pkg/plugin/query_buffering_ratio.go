package plugin

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/frames"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/models"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// queryBufferingRatio answers the share of playing time spent buffering
// per bucket.
func (d *Datasource) queryBufferingRatio(ctx context.Context, q models.Query) (data.Frames, nanostream.Call, error) {
	points, call, err := d.client.BufferingRatio(ctx, q.Series(q.Buckets))
	if err != nil {
		return nil, call, err
	}
	return data.Frames{frames.BufferingRatio(points, q.Buckets)}, call, nil
}
