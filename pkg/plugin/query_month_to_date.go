package plugin

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/calendar"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/frames"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/models"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/usage"
)

// queryMonthToDate compares this month so far with last month up to the
// same day and time. One upstream request, hourly buckets from the start of
// last month, serves every view.
func (d *Datasource) queryMonthToDate(ctx context.Context, q models.Query) (data.Frames, nanostream.Call, error) {
	windows := calendar.NewMonthToDate(d.now(), d.settings.Location)
	var points []nanostream.BytesPoint
	var call nanostream.Call
	if !windows.Current.Empty() {
		span := windows.Span()
		fetch := d.client.Bytes
		if useHourlyRoute(models.IntervalHour, q.Filter) {
			fetch = d.client.HourlyBytes
		}
		var err error
		points, call, err = fetch(ctx, nanostream.Series{
			Range:    nanostream.Range{From: span.From, To: span.To, Filter: q.Filter},
			Interval: models.IntervalHour,
		})
		if err != nil {
			return nil, call, err
		}
	}
	return data.Frames{frames.MonthToDate(usage.SumMonthToDate(points, windows), q.View)}, call, nil
}
