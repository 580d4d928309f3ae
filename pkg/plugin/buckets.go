package plugin

import (
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/calendar"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/models"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// maxBuckets bounds the points one query may ask for.
const maxBuckets = 50_000

// buckets cuts the query's range into aligned buckets of its interval.
func buckets(q models.Query) (calendar.Buckets, error) {
	b := calendar.NewBuckets(q.TimeRange.From, q.TimeRange.To, q.Interval, q.MaxDataPoints)
	if b.Count() > maxBuckets {
		return b, backend.DownstreamError(fmt.Errorf(
			"the time range holds %d %s buckets, more than the %d one query may ask for: choose a coarser interval or a shorter range",
			b.Count(), b.Interval, maxBuckets))
	}
	return b, nil
}

func series(b calendar.Buckets, f models.Filter) nanostream.Series {
	return nanostream.Series{Range: nanostream.Range{From: b.From, To: b.To, Filter: f}, Interval: b.Interval}
}
