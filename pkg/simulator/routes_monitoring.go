package simulator

import "net/http"

// bufferingSeries answers /v2/monitoring/playout/bufferingRatio; buckets
// without viewers are left out.
func (s *Simulator) bufferingSeries(r *http.Request) (any, *apiError) {
	req, err := s.parseSeries(r.URL.Query())
	if err != nil {
		return nil, err
	}
	a, b := req.minutes()
	first, sums := s.data.qualitySeries(req.filter, a, b, req.grid)
	out := []bufferingPoint{}
	for i, q := range sums {
		if ratio, ok := bufferingRatio(q); ok {
			ts, label := stamp(req.grid.start(first + int64(i)))
			out = append(out, bufferingPoint{Timestamp: ts, TimestampAsString: label, BufferingRatio: ratio})
		}
	}
	return out, nil
}

// startupSeries answers /v2/monitoring/playout/startuptime; buckets without
// starts are left out.
func (s *Simulator) startupSeries(r *http.Request) (any, *apiError) {
	req, err := s.parseSeries(r.URL.Query())
	if err != nil {
		return nil, err
	}
	a, b := req.minutes()
	out := []startupPoint{}
	s.data.startupMedians(s.data.selectFilter(req.filter), a, b, req.grid, func(bucket, ms int64) {
		ts, label := stamp(req.grid.start(bucket))
		out = append(out, startupPoint{Timestamp: ts, TimestampAsString: label, StartupTime: float64(ms) / 1000})
	})
	return out, nil
}
