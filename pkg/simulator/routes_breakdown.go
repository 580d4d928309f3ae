package simulator

import (
	"math/bits"
	"net/http"
	"sort"
	"time"
)

// breakdownRoute answers /v2/usage/{term}/{direction}/bytes.
func (s *Simulator) breakdownRoute(term, direction string) routeFunc {
	return func(r *http.Request) (any, *apiError) {
		q := r.URL.Query()
		req, err := s.parseRange(q)
		if err != nil {
			return nil, err
		}
		limit, err := parseLimit(q, defaultLimit)
		if err != nil {
			return nil, err
		}
		rows := s.data.Breakdown(term, direction, req.from, req.to, req.filter)
		return rows[:min(limit, len(rows))], nil
	}
}

// Breakdown is the whole usage breakdown of the playout or ingest bytes f
// keeps over the whole minutes of [from, to) by term (TermStream,
// TermCountry, TermCity, TermReferrer or TermIP): every key with bytes,
// largest first, ties by key. The route answers its first limit rows. The
// bytes of all rows add up exactly to what Bytes reports for the same
// range and filter.
//
// Playout bytes follow the viewers: each country's are split over its cities
// and its viewer addresses by fixed weights, each stream's over the sites
// that embed its player. Ingest bytes belong to the stream's ingest country,
// city and encoder address; browser (WebRTC) ingests have the Webcaster as
// referrer, the others none.
func (d *Dataset) Breakdown(term, direction string, from, to time.Time, f Filter) []BreakdownRow {
	sel := d.selectFilter(f)
	totals := d.totals(sel, toMinute(from), toMinute(to))
	sums := map[string]int64{}
	add := func(key string, b int64) {
		if b > 0 {
			sums[key] += b
		}
	}
	byCountry := map[string]int64{}
	for j, it := range sel.items {
		s, t := it.s, totals[j]
		switch direction {
		case DirectionIngest:
			add(s.ingestKey(term), t.ingest)
		case DirectionPlayout:
			var all int64
			for k, sl := range s.slots {
				byCountry[sl.country] += t.slots[k]
				all += t.slots[k]
			}
			switch term {
			case TermStream:
				add(s.name, all)
			case TermReferrer:
				spreadKeys(all, s.referrers, add)
			}
		}
	}
	for country, b := range byCountry {
		switch term {
		case TermCountry:
			add(country, b)
		case TermCity:
			spreadKeys(b, cityShares[country], add)
		case TermIP:
			spreadKeys(b, addressShares[country], add)
		}
	}
	rows := make([]BreakdownRow, 0, len(sums))
	for k, v := range sums {
		rows = append(rows, BreakdownRow{Key: k, Bytes: v})
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].Bytes != rows[j].Bytes {
			return rows[i].Bytes > rows[j].Bytes
		}
		return rows[i].Key < rows[j].Key
	})
	return rows
}

// ingestKey is the breakdown key of a stream's ingest for term.
func (s *stream) ingestKey(term string) string {
	switch term {
	case TermCountry:
		return s.country
	case TermCity:
		return s.city
	case TermReferrer:
		if s.protocol == "webrtc" {
			return webcasterReferrer
		}
		return noReferrer
	case TermIP:
		return s.encoderIP
	}
	return s.name
}

// spreadKeys splits total over the keys of w by their weights.
func spreadKeys(total int64, w weighted, add func(key string, part int64)) {
	split(total, w.weights, func(i int, part int64) { add(w.keys[i], part) })
}

// split divides total over weights exactly: every index gets the floor of
// its share, and the first of the largest weights also takes what rounding
// left over. Totals and weights are counts: a negative one counts as 0.
func split(total int64, weights []int64, add func(i int, part int64)) {
	var sum uint64
	largest := 0
	for i, w := range weights {
		sum += uint64(max(w, 0)) // #nosec G115 -- clamped to zero or more
		if w > weights[largest] {
			largest = i
		}
	}
	if sum == 0 || total <= 0 {
		return
	}
	rest := total
	for i, w := range weights {
		if i == largest {
			continue
		}
		hi, lo := bits.Mul64(uint64(total), uint64(max(w, 0))) // #nosec G115 -- clamped to zero or more; the total is a byte count
		q, _ := bits.Div64(hi, lo, sum)
		part := int64(q) // #nosec G115 -- at most total, as no weight exceeds the sum
		add(i, part)
		rest -= part
	}
	add(largest, rest)
}
