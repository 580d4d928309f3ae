package simulator

import (
	"net/http"
	"time"
)

// viewersSeries answers /v2/viewer/concurrent/max/timeseries.
func (s *Simulator) viewersSeries(r *http.Request) (any, *apiError) {
	req, err := s.parseSeries(r.URL.Query())
	if err != nil {
		return nil, err
	}
	return s.data.viewersPoints(req.filter, req.from, req.to, req.interval), nil
}

// viewersPoints computes the peak viewers series; buckets without viewers are left out.
func (d *Dataset) viewersPoints(f Filter, from, to time.Time, interval string) []viewersPoint {
	buckets := d.series(d.selectFilter(f), toMinute(from), toMinute(to), intervalGrids[interval], modeViewers)
	out := make([]viewersPoint, 0, len(buckets))
	for _, b := range buckets {
		if b.empty() {
			continue
		}
		ts, label := stamp(b.start)
		out = append(out, viewersPoint{Timestamp: ts, TimestampAsString: label, MaxConcurrentViewers: b.viewers})
	}
	return out
}
