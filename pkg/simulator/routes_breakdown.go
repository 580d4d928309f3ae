package simulator

import (
	"math/bits"
	"net/http"
	"sort"
	"time"
)

// breakdownTerms are the keys a usage breakdown can group by.
var breakdownTerms = []string{"stream", "country", "city", "referrer", "ip"}

// breakdownRow is one item of a usage breakdown.
type breakdownRow struct {
	Key   string `json:"key"`
	Bytes int64  `json:"bytes"`
}

// breakdownRoute answers /v2/usage/{term}/{direction}/bytes.
func (s *Simulator) breakdownRoute(term, direction string) func(*http.Request) (any, *apiError) {
	return func(r *http.Request) (any, *apiError) {
		q := r.URL.Query()
		from, to, err := parseWindow(q)
		if err != nil {
			return nil, err
		}
		f, err := s.data.parseFilter(q)
		if err != nil {
			return nil, err
		}
		limit, err := parseLimit(q)
		if err != nil {
			return nil, err
		}
		rows := s.data.breakdown(term, direction, f, from, to)
		return rows[:min(limit, len(rows))], nil
	}
}

// breakdown groups the playout or ingest bytes of [from, to) by term,
// largest first; the rows add up to what Bytes reports.
func (d *Dataset) breakdown(term, direction string, f Filter, from, to time.Time) []breakdownRow {
	sel := d.selectFilter(f)
	totals := d.totals(sel, toMinute(from), toMinute(to))
	sums := map[string]int64{}
	for j, it := range sel.items {
		s, t := it.s, totals[j]
		if direction == "ingest" {
			if t.ingest > 0 {
				sums[s.ingestKey(term)] += t.ingest
			}
			continue
		}
		for k, sl := range s.slots {
			b := t.slots[k]
			if b == 0 {
				continue
			}
			switch term {
			case "stream":
				sums[s.name] += b
			case "country":
				sums[sl.country] += b
			case "city":
				ci := countryByCode[sl.country]
				spread(sums, b, ci.cities, ci.cityShares)
			case "referrer":
				spread(sums, b, s.referrers, s.refShares)
			case "ip":
				spread(sums, b, sl.ips, sl.ipShares)
			}
		}
	}
	rows := make([]breakdownRow, 0, len(sums))
	for k, v := range sums {
		rows = append(rows, breakdownRow{Key: k, Bytes: v})
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
	case "country":
		return s.country
	case "city":
		return s.city
	case "referrer":
		if s.protocol == "webrtc" {
			return webcasterReferrer
		}
		return noReferrer
	case "ip":
		return s.encoderIP
	}
	return s.name
}

// spread splits total over keys by weight exactly: the first key takes the
// rounding remainder.
func spread(sums map[string]int64, total int64, keys []string, weights []int64) {
	var sum uint64
	for _, w := range weights {
		sum += uint64(w)
	}
	rest := total
	for i := 1; i < len(keys); i++ {
		hi, lo := bits.Mul64(uint64(total), uint64(weights[i]))
		part, _ := bits.Div64(hi, lo, sum)
		sums[keys[i]] += int64(part)
		rest -= int64(part)
	}
	sums[keys[0]] += rest
}
