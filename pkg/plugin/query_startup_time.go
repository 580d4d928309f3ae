package plugin

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/frames"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/models"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// queryStartupTime answers the median time to the first frame per bucket.
func (d *Datasource) queryStartupTime(ctx context.Context, q models.Query) (data.Frames, nanostream.Call, error) {
	points, call, err := d.client.StartupTime(ctx, q.Series(q.Buckets))
	if err != nil {
		return nil, call, err
	}
	return data.Frames{frames.StartupTime(points, q.Buckets)}, call, nil
}
