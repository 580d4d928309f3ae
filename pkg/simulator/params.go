package simulator

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Limits of the simulated API.
const (
	// maxFilterValues is the most values one filter list may carry.
	maxFilterValues = 50
	// maxMinuteRange is the longest range a minute-interval series may cover.
	maxMinuteRange = 31 * 24 * time.Hour
	// defaultLimit is the number of rows of a breakdown unless limit says
	// otherwise; maxLimit bounds the limit of every route that takes one.
	defaultLimit = 100
	maxLimit     = 1000
)

// timeLayouts are the accepted forms of from and to, all read as UTC.
var timeLayouts = []string{
	"2006-01-02T15:04",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04Z",
	"2006-01-02T15:04:05Z",
}

// parseTime reads a required time parameter.
func parseTime(q url.Values, name string) (time.Time, *apiError) {
	raw := strings.TrimSpace(q.Get(name))
	if raw == "" {
		return time.Time{}, fail(codeParamRequired, "The parameter "+name+" is required.", "parameter", name)
	}
	for _, layout := range timeLayouts {
		if t, err := time.ParseInLocation(layout, raw, time.UTC); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fail(codeWrongType, "The parameter "+name+" must be a UTC time like 2026-01-31T13:00.",
		"parameter", name, "value", raw, "expected", "YYYY-MM-DDTHH:mm")
}

// parseWindow reads from and to and checks that to lies after from.
func parseWindow(q url.Values) (from, to time.Time, err *apiError) {
	if from, err = parseTime(q, paramFrom); err != nil {
		return
	}
	if to, err = parseTime(q, paramTo); err != nil {
		return
	}
	from, to = from.Truncate(time.Minute), to.Truncate(time.Minute)
	if !to.After(from) {
		err = fail(codeInvalidParam, "The time range is empty: to must lie after from.",
			"parameter", paramTo, paramFrom, q.Get(paramFrom), paramTo, q.Get(paramTo))
	}
	return
}

// parseInterval reads the required interval and checks it against allowed.
func parseInterval(q url.Values, allowed ...string) (string, *apiError) {
	v := q.Get(paramInterval)
	if v == "" {
		return "", fail(codeParamRequired, "The parameter interval is required.", "parameter", paramInterval, "allowed", allowed)
	}
	for _, a := range allowed {
		if v == a {
			return v, nil
		}
	}
	return "", fail(codeInvalidParam, "The interval "+strconv.Quote(v)+" is not supported here.",
		"parameter", paramInterval, "value", v, "allowed", allowed)
}

// checkMinuteRange refuses minute series longer than maxMinuteRange.
func checkMinuteRange(interval string, from, to time.Time) *apiError {
	if interval == intervalMinute && to.Sub(from) > maxMinuteRange {
		return fail(codeInvalidParam, "A minute series may cover at most 31 days; use interval=hour or day.",
			"parameter", paramInterval, "maxDays", 31)
	}
	return nil
}

// parseList reads a comma-separated (or repeated) list parameter.
func parseList(q url.Values, name string) ([]string, *apiError) {
	var out []string
	seen := map[string]bool{}
	count := 0
	for _, raw := range q[name] {
		for _, v := range strings.Split(raw, ",") {
			v = strings.TrimSpace(v)
			if v == "" {
				continue
			}
			count++
			if !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
	}
	if count > maxFilterValues {
		return nil, fail(codeTooManyValues, "The parameter "+name+" takes at most 50 values.",
			"parameter", name, "count", count, "max", maxFilterValues)
	}
	return out, nil
}

// parseFilter reads and checks streamNames, tags and countries.
func (d *Dataset) parseFilter(q url.Values) (Filter, *apiError) {
	var f Filter
	var err *apiError
	if f.StreamNames, err = parseList(q, paramStreamNames); err != nil {
		return f, err
	}
	if f.Tags, err = parseList(q, paramTags); err != nil {
		return f, err
	}
	if f.Countries, err = parseList(q, paramCountries); err != nil {
		return f, err
	}
	for _, name := range f.StreamNames {
		if d.byName[name] == nil {
			return f, fail(codeStreamNotFound, "The stream "+strconv.Quote(name)+" does not exist in this organisation.",
				"parameter", paramStreamNames, "value", name)
		}
	}
	for _, tag := range f.Tags {
		if !d.hasTag(tag) {
			return f, fail(codeTagNotFound, "No stream carries the tag "+strconv.Quote(tag)+".",
				"parameter", paramTags, "value", tag)
		}
	}
	for i, c := range f.Countries {
		code := strings.ToUpper(c)
		if len(code) != 2 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z' {
			return f, fail(codeInvalidParam, "Countries are ISO 3166-1 alpha-2 codes such as DE.",
				"parameter", paramCountries, "value", c)
		}
		if !d.known[code] {
			return f, fail(codeCountryNotFound, "There is no data for the country "+code+".",
				"parameter", paramCountries, "value", code)
		}
		f.Countries[i] = code
	}
	if len(f.Tags) > 1 && !d.tagsMeet(f.Tags) {
		return f, fail(codeEmptyTagSet, "No stream carries all of the tags "+strings.Join(f.Tags, ", ")+".",
			"parameter", paramTags, "value", f.Tags)
	}
	return f, nil
}

// hasTag reports whether some stream carries tag.
func (d *Dataset) hasTag(tag string) bool {
	for _, t := range d.tags {
		if t == tag {
			return true
		}
	}
	return false
}

// tagsMeet reports whether some stream carries every tag.
func (d *Dataset) tagsMeet(tags []string) bool {
	for _, s := range d.streams {
		all := true
		for _, t := range tags {
			all = all && s.hasTag(t)
		}
		if all {
			return true
		}
	}
	return false
}

// parseLimit reads the optional limit on rows or keys, def when absent.
func parseLimit(q url.Values, def int) (int, *apiError) {
	raw := q.Get(paramLimit)
	if raw == "" {
		return def, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil {
		return 0, fail(codeWrongType, "The parameter limit must be a whole number.", "parameter", paramLimit, "value", raw)
	}
	if n < 1 || n > maxLimit {
		return 0, fail(codeInvalidParam, "The parameter limit must lie between 1 and "+strconv.Itoa(maxLimit)+".",
			"parameter", paramLimit, "value", n, "max", maxLimit)
	}
	return n, nil
}

// rangeRequest is what every route over a time range takes.
type rangeRequest struct {
	from, to time.Time
	filter   Filter
}

// parseRange reads the range and the filters.
func (s *Simulator) parseRange(q url.Values) (rangeRequest, *apiError) {
	var req rangeRequest
	var err *apiError
	if req.from, req.to, err = parseWindow(q); err != nil {
		return req, err
	}
	req.filter, err = s.data.parseFilter(q)
	return req, err
}

// seriesRequest is what the per-minute series routes take.
type seriesRequest struct {
	rangeRequest
	interval string
	grid     grid
}

// parseSeries reads the range, interval and filters of a per-minute series
// route.
func (s *Simulator) parseSeries(q url.Values) (seriesRequest, *apiError) {
	var req seriesRequest
	var err *apiError
	if req.from, req.to, err = parseWindow(q); err != nil {
		return req, err
	}
	if req.interval, err = parseInterval(q, intervalMinute, intervalHour, intervalDay); err != nil {
		return req, err
	}
	req.grid = intervalGrids[req.interval]
	if err = checkMinuteRange(req.interval, req.from, req.to); err != nil {
		return req, err
	}
	req.filter, err = s.data.parseFilter(q)
	return req, err
}

// minutes is the range in minutes since the epoch.
func (r rangeRequest) minutes() (a, b int64) {
	return toMinute(r.from), toMinute(r.to)
}

// rangeRoute answers a route over a time range with what compute makes of
// the range and the filters.
func (s *Simulator) rangeRoute(compute func(from, to time.Time, f Filter) any) routeFunc {
	return func(r *http.Request) (any, *apiError) {
		req, err := s.parseRange(r.URL.Query())
		if err != nil {
			return nil, err
		}
		return compute(req.from, req.to, req.filter), nil
	}
}
