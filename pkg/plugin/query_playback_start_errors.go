package plugin

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/frames"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/models"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// queryPlaybackStartErrors answers the failed playback starts over the
// range by error code.
func (d *Datasource) queryPlaybackStartErrors(ctx context.Context, q models.Query) (data.Frames, nanostream.Call, error) {
	errs, call, err := d.client.PlaybackErrors(ctx, q.Range())
	if err != nil {
		return nil, call, err
	}
	return data.Frames{frames.PlaybackErrors(errs)}, call, nil
}
