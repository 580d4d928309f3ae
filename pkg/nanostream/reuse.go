package nanostream

import (
	"net/url"
	"slices"
	"time"
)

// Reuse of wider answers. The pre-aggregated hourly route answers every
// hour of an organisation's recent months in one request: the month-to-date
// figures ask it from the first of last month, and the byte usage of the
// last day or week asks a part of that. So every request of that route for
// hourly or daily buckets that start within the recent window (the first of
// last month, a day's margin for billing time zones, up to the end of the
// current hour) is sent as one canonical request for the whole window, and
// each caller's answer is cut from it, daily buckets summed from hours. A
// cold load of the main dashboard then costs one hourly call, not two, and
// every such request of an organisation hits the same cache entry and the
// same flight, across replicas too. Other routes are asked as they are: the
// per-minute route aggregates per stream on the API's side, and widening it
// would cost the API more than it saves.

// recentWindow is the canonical window at now: from a day before the first
// of last month (of the UTC month 14 hours ago, so that a billing time zone
// up to 14 hours from UTC still finds its month inside) to the end of the
// current hour.
func recentWindow(now time.Time) (from, to time.Time) {
	early := now.UTC().Add(-14 * time.Hour)
	from = time.Date(early.Year(), early.Month()-1, 0, 0, 0, 0, 0, time.UTC)
	to = now.UTC().Truncate(time.Hour).Add(time.Hour)
	return from, to
}

// canonical is the request call is served from, the family of that request,
// and the interval of the buckets its answer holds: the canonical window
// for a recent hourly-route request (see above), otherwise call itself.
func canonical(call Call, now time.Time) (target Call, fam string, sourceInterval string) {
	interval := call.Params.Get(paramInterval)
	if call.Route != RouteHourlyBytes || (interval != intervalHour && interval != intervalDay) {
		return call, family(call, now), interval
	}
	from, err1 := time.Parse(timeLayout, call.Params.Get(paramFrom))
	_, err2 := time.Parse(timeLayout, call.Params.Get(paramTo))
	wFrom, wTo := recentWindow(now)
	if err1 != nil || err2 != nil || from.Before(wFrom) || !from.Before(wTo) {
		return call, family(call, now), interval
	}
	filter := url.Values{}
	for k, v := range call.Params {
		if k != paramFrom && k != paramTo {
			filter[k] = slices.Clone(v)
		}
	}
	filter.Set(paramInterval, intervalHour)
	// the window moves on every hour: its family is the route and the filter
	fam = "recent " + Call{Route: call.Route, Params: filter}.String()
	params := url.Values{}
	for k, v := range filter {
		params[k] = v
	}
	params.Set(paramFrom, wFrom.Format(timeLayout))
	params.Set(paramTo, wTo.Format(timeLayout))
	return Call{Route: call.Route, Params: params}, fam, intervalHour
}

// family names the requests that one panel with a relative time range
// ("the last hour") sends as time goes on: the route, the parameters but
// the range, and the range's length. An answer of the family stands in,
// stale, for a newer request of it (see refresh.go). Only live ranges, which
// reach the present, have a family; any other request has none ("").
func family(call Call, now time.Time) string {
	from, err1 := time.Parse(timeLayout, call.Params.Get(paramFrom))
	to, err2 := time.Parse(timeLayout, call.Params.Get(paramTo))
	if err1 != nil || err2 != nil || to.Before(now.UTC().Truncate(time.Minute)) {
		return ""
	}
	params := url.Values{}
	for k, v := range call.Params {
		if k != paramFrom && k != paramTo {
			params[k] = v
		}
	}
	return Call{Route: call.Route, Params: params}.String() + " span " + to.Sub(from).String()
}

// shape cuts an answer whose buckets are of sourceInterval to the range of
// want, and sums (bytes) or takes the maximum of (viewers) hours into days
// when want asks daily buckets. Answers of other types pass as they are.
func shape(value any, sourceInterval string, want Call) any {
	from, err1 := time.Parse(timeLayout, want.Params.Get(paramFrom))
	to, err2 := time.Parse(timeLayout, want.Params.Get(paramTo))
	if err1 != nil || err2 != nil {
		return value
	}
	lo, hi := from.Unix(), to.Unix()
	daily := want.Params.Get(paramInterval) == intervalDay && sourceInterval != intervalDay
	switch points := value.(type) {
	case []BytesPoint:
		return cut(points, lo, hi, daily, func(p *BytesPoint) *int64 { return &p.Timestamp }, func(into *BytesPoint, p BytesPoint) {
			into.Playout = addBytes(into.Playout, p.Playout)
			into.Ingest = addBytes(into.Ingest, p.Ingest)
		})
	case []ViewersPoint:
		return cut(points, lo, hi, daily, func(p *ViewersPoint) *int64 { return &p.Timestamp }, func(into *ViewersPoint, p ViewersPoint) {
			into.MaxConcurrentViewers = maxViewers(into.MaxConcurrentViewers, p.MaxConcurrentViewers)
		})
	}
	return value
}

// cut keeps the points whose timestamp lies in [lo, hi) and, when daily,
// merges the hours of each UTC day into one point stamped with the day.
func cut[P any](points []P, lo, hi int64, daily bool, stamp func(*P) *int64, merge func(into *P, p P)) []P {
	out := make([]P, 0, len(points))
	for _, p := range points {
		ts := stamp(&p)
		if *ts < lo || *ts >= hi {
			continue
		}
		if daily {
			*ts = dayStart(*ts)
			if n := len(out); n > 0 && *stamp(&out[n-1]) == *ts {
				merge(&out[n-1], p)
				continue
			}
		}
		out = append(out, p)
	}
	return out
}

// dayStart is the start of the UTC day of a unix-second timestamp.
func dayStart(unix int64) int64 {
	const day = 24 * 60 * 60
	return unix - ((unix%day)+day)%day
}

// addBytes sums two values of which either may be missing; the sum is
// missing only when both are.
func addBytes(a, b *float64) *float64 {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	s := *a + *b
	return &s
}

// maxViewers is the larger of two values of which either may be missing.
func maxViewers(a, b *float64) *float64 {
	if a == nil || (b != nil && *b > *a) {
		return b
	}
	return a
}
