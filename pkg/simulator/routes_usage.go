package simulator

import (
	"net/http"
	"strings"
	"time"
)

// usageSeries answers /v2/usage/bytes/timeseries.
func (s *Simulator) usageSeries(r *http.Request) (any, *apiError) {
	req, err := s.parseSeries(r.URL.Query())
	if err != nil {
		return nil, err
	}
	return s.data.bytesPoints(req.filter, req.from, req.to, req.interval), nil
}

// hourlyUsageSeries answers /v2/usage/hourly/bytes/timeseries: whole hours
// only and no stream filter.
func (s *Simulator) hourlyUsageSeries(r *http.Request) (any, *apiError) {
	q := r.URL.Query()
	from, to, err := parseWindow(q)
	if err != nil {
		return nil, err
	}
	for i, t := range []time.Time{from, to} {
		if name := [2]string{paramFrom, paramTo}[i]; !t.Equal(t.Truncate(time.Hour)) {
			return nil, fail(codeInvalidParam, "The hourly route needs from and to on whole hours, like 2026-01-31T13:00.",
				"parameter", name, "value", q.Get(name))
		}
	}
	interval, err := parseInterval(q, intervalHour, intervalDay)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(strings.Join(q[paramStreamNames], "")) != "" {
		return nil, fail(codeInvalidParam, "The hourly route cannot filter by stream; use "+pathBytes+".",
			"parameter", paramStreamNames)
	}
	f, err := s.data.parseFilter(q)
	if err != nil {
		return nil, err
	}
	return s.data.bytesPoints(f, from, to, interval), nil
}

// bytesPoints computes the byte usage series; buckets without traffic are left out.
func (d *Dataset) bytesPoints(f Filter, from, to time.Time, interval string) []bytesPoint {
	buckets := d.series(d.selectFilter(f), toMinute(from), toMinute(to), intervalGrids[interval], modeBytes)
	out := make([]bytesPoint, 0, len(buckets))
	for _, b := range buckets {
		if b.empty() {
			continue
		}
		ts, label := stamp(b.start)
		out = append(out, bytesPoint{Timestamp: ts, TimestampAsString: label, Playout: b.playout, Ingest: b.ingest})
	}
	return out
}

// stamp renders a bucket start (minutes since the epoch) as unix seconds and text.
func stamp(minute int64) (int64, string) {
	sec := minute * 60
	return sec, time.Unix(sec, 0).UTC().Format(time.RFC3339)
}
