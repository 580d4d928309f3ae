package simulator

import (
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
	// defaultLimit and maxLimit bound the rows of a breakdown.
	defaultLimit = 100
	maxLimit     = 10000
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
	if from, err = parseTime(q, "from"); err != nil {
		return
	}
	if to, err = parseTime(q, "to"); err != nil {
		return
	}
	from, to = from.Truncate(time.Minute), to.Truncate(time.Minute)
	if !to.After(from) {
		err = fail(codeInvalidParam, "The time range is empty: to must lie after from.",
			"parameter", "to", "from", q.Get("from"), "to", q.Get("to"))
	}
	return
}

// parseInterval reads the required interval and checks it against allowed.
func parseInterval(q url.Values, allowed ...string) (string, *apiError) {
	v := q.Get("interval")
	if v == "" {
		return "", fail(codeParamRequired, "The parameter interval is required.", "parameter", "interval", "allowed", allowed)
	}
	for _, a := range allowed {
		if v == a {
			return v, nil
		}
	}
	return "", fail(codeInvalidParam, "The interval "+strconv.Quote(v)+" is not supported here.",
		"parameter", "interval", "value", v, "allowed", allowed)
}

// checkMinuteRange refuses minute series longer than maxMinuteRange.
func checkMinuteRange(interval string, from, to time.Time) *apiError {
	if interval == "minute" && to.Sub(from) > maxMinuteRange {
		return fail(codeInvalidParam, "A minute series may cover at most 31 days; use interval=hour or day.",
			"parameter", "interval", "maxDays", 31)
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
	if f.StreamNames, err = parseList(q, "streamNames"); err != nil {
		return f, err
	}
	if f.Tags, err = parseList(q, "tags"); err != nil {
		return f, err
	}
	if f.Countries, err = parseList(q, "countries"); err != nil {
		return f, err
	}
	for _, name := range f.StreamNames {
		if d.byName[name] == nil {
			return f, fail(codeStreamNotFound, "The stream "+strconv.Quote(name)+" does not exist in this organisation.",
				"parameter", "streamNames", "value", name)
		}
	}
	for _, tag := range f.Tags {
		if !d.hasTag(tag) {
			return f, fail(codeTagNotFound, "No stream carries the tag "+strconv.Quote(tag)+".",
				"parameter", "tags", "value", tag)
		}
	}
	for i, c := range f.Countries {
		code := strings.ToUpper(c)
		if len(code) != 2 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z' {
			return f, fail(codeInvalidParam, "Countries are ISO 3166-1 alpha-2 codes such as DE.",
				"parameter", "countries", "value", c)
		}
		if !d.known[code] {
			return f, fail(codeCountryNotFound, "There is no data for the country "+code+".",
				"parameter", "countries", "value", code)
		}
		f.Countries[i] = code
	}
	if len(f.Tags) > 1 && !d.tagsMeet(f.Tags) {
		return f, fail(codeEmptyTagSet, "No stream carries all of the tags "+strings.Join(f.Tags, ", ")+".",
			"parameter", "tags", "value", f.Tags)
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

// parseLimit reads the optional row limit of a breakdown.
func parseLimit(q url.Values) (int, *apiError) {
	raw := q.Get("limit")
	if raw == "" {
		return defaultLimit, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil {
		return 0, fail(codeWrongType, "The parameter limit must be a whole number.", "parameter", "limit", "value", raw)
	}
	if n < 1 || n > maxLimit {
		return 0, fail(codeInvalidParam, "The parameter limit must lie between 1 and 10000.",
			"parameter", "limit", "value", n)
	}
	return n, nil
}

// seriesRequest is what the per-minute series routes take.
type seriesRequest struct {
	from, to time.Time
	interval string
	filter   Filter
}

// parseSeries reads the range, interval and filters of a per-minute series
// route.
func (s *Simulator) parseSeries(q url.Values) (seriesRequest, *apiError) {
	var req seriesRequest
	var err *apiError
	if req.from, req.to, err = parseWindow(q); err != nil {
		return req, err
	}
	if req.interval, err = parseInterval(q, "minute", "hour", "day"); err != nil {
		return req, err
	}
	if err = checkMinuteRange(req.interval, req.from, req.to); err != nil {
		return req, err
	}
	req.filter, err = s.data.parseFilter(q)
	return req, err
}
