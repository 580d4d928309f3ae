package plugin

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/frames"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/models"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// queryPlaybackStartSuccess answers the successful playback start ratio
// per bucket; split by stream, tag or country, one series per key from one
// request to the split route (never a request per key); or, in the worst
// view, the API's 100 worst streams over the range. The query's series
// comes first in each frame: the value alert rules read.
func (d *Datasource) queryPlaybackStartSuccess(ctx context.Context, q models.Query) (data.Frames, nanostream.Call, error) {
	switch {
	case q.View == frames.ViewWorst:
		totals, call, err := d.client.WorstStreams(ctx, q.Range())
		if err != nil {
			return nil, call, err
		}
		return data.Frames{frames.WorstStreams(totals)}, call, nil
	case q.SplitBy != models.SplitNone:
		series, call, err := d.client.PlaybackSuccessSplit(ctx, nanostream.PlaybackSplit{Series: q.Series(q.Buckets), Split: q.Split(), Limit: q.Limit})
		if err != nil {
			return nil, call, err
		}
		return frames.PlaybackSuccessSplit(series, q.Buckets, q.SplitBy, q.PlaybackSeries), call, nil
	}
	points, call, err := d.client.PlaybackSuccess(ctx, q.Series(q.Buckets))
	if err != nil {
		return nil, call, err
	}
	return data.Frames{frames.PlaybackSuccess(points, q.Buckets, q.PlaybackSeries)}, call, nil
}
