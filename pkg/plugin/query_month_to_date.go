package plugin

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/calendar"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/frames"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/models"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// queryMonthToDate compares this month so far with last month up to the
// same day and time. One upstream request, hourly buckets from the start of
// last month, serves every view.
func (d *Datasource) queryMonthToDate(ctx context.Context, q models.Query) (data.Frames, nanostream.Call, error) {
	windows := calendar.NewMonthToDate(d.now(), d.settings.Location)
	if windows.Current.Empty() { // the first hour of a month: both windows are empty, nothing to ask
		return data.Frames{frames.MonthToDate(nil, windows, q.View)}, nanostream.Call{}, nil
	}
	points, call, err := d.client.ByteUsage(ctx, q.Series(windows.Hours()))
	if err != nil {
		return nil, call, err
	}
	return data.Frames{frames.MonthToDate(points, windows, q.View)}, call, nil
}
