package nanostream

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits of a filter. The API takes at most MaxFilterValues values per
// list. nginx in front of it refuses a request line longer than 8 KB (its
// default large_client_header_buffers), and the three lists of 50 values
// travel in that line with the route, the time range and the interval
// (about 150 bytes, more with a path prefix such as the legacy /api). So
// each value has at most MaxFilterValueLength characters, which is far
// more than a stream name ("orgHash-suffix"), a tag or a country code
// needs, and all the values together, URL-encoded as they are sent, at
// most MaxFilterQueryBytes bytes, which keeps 2 KB of the 8 KB for the rest
// of the request line. 50 stream names of 60 characters and 50 tags of 40
// pass; two full lists of 128-character values do not.
const (
	MaxFilterValues      = 50
	MaxFilterValueLength = 128
	MaxFilterQueryBytes  = 6000
)

// Filter narrows a request to streams, tags (all must match) and countries.
// Its JSON form is the one dashboards and alert rules store.
type Filter struct {
	StreamNames []string `json:"streamNames,omitempty"`
	Tags        []string `json:"tags,omitempty"`
	Countries   []string `json:"countries,omitempty"`
}

// Normalised trims, drops empty values and duplicates, splits values that
// still carry commas (an interpolated multi-value variable), upper-cases
// countries and sorts, so that the same filter always asks the same
// upstream request.
func (f Filter) Normalised() Filter {
	return Filter{
		StreamNames: cleanList(f.StreamNames, false),
		Tags:        cleanList(f.Tags, false),
		Countries:   cleanList(f.Countries, true),
	}
}

// Validate checks the filter against the API's limits (see
// MaxFilterValues, MaxFilterValueLength, MaxFilterQueryBytes) and countries
// as two-letter codes. Its errors read as one sentence and quote at most
// the start of a value.
func (f Filter) Validate() error {
	lists := []struct {
		name, value string
		values      []string
	}{{"stream", "A stream name", f.StreamNames}, {"tag", "A tag", f.Tags}, {"country", "A country", f.Countries}}
	for _, l := range lists {
		if len(l.values) > MaxFilterValues {
			return Sentencef("The %s filter has %d values; the nanoStream API accepts at most %d", l.name, len(l.values), MaxFilterValues)
		}
		for _, v := range l.values {
			if n := utf8.RuneCountInString(v); n > MaxFilterValueLength {
				return Sentencef("%s is %d characters long, more than the %d the nanoStream API accepts per value: %s",
					l.value, n, MaxFilterValueLength, Excerpt(v))
			}
		}
	}
	if n := f.queryBytes(); n > MaxFilterQueryBytes {
		return Sentencef("The filter values take %d bytes of the request together, more than the %d a request to the nanoStream API can carry: choose fewer or shorter values",
			n, MaxFilterQueryBytes)
	}
	for _, c := range f.Countries {
		if len(c) != 2 {
			return Sentencef("The country %s is not a two-letter ISO 3166 code such as DE", Excerpt(c))
		}
	}
	return nil
}

// queryBytes is the length of the filter's values as they are sent:
// URL-encoded, comma-separated.
func (f Filter) queryBytes() int {
	n := 0
	for _, values := range [][]string{f.StreamNames, f.Tags, f.Countries} {
		if len(values) > 0 {
			n += len(url.QueryEscape(strings.Join(values, ",")))
		}
	}
	return n
}

// Range is a half-open UTC time range [From, To) with a filter.
type Range struct {
	From, To time.Time
	Filter   Filter
}

func (r Range) params() url.Values {
	v := url.Values{}
	v.Set(paramFrom, r.From.UTC().Format(timeLayout))
	v.Set(paramTo, r.To.UTC().Format(timeLayout))
	setList(v, paramStreamNames, r.Filter.StreamNames)
	setList(v, paramTags, r.Filter.Tags)
	setList(v, paramCountries, r.Filter.Countries)
	return v
}

// Series is a time series request: a range cut into buckets of Interval
// (minute, hour or day).
type Series struct {
	Range
	Interval string
}

func (s Series) call(route string) Call {
	v := s.params()
	v.Set(paramInterval, s.Interval)
	return Call{Route: route, Params: v}
}

// Breakdown is a usage breakdown request: the largest Limit keys of a term.
type Breakdown struct {
	Range
	Term      string // stream, country, city, referrer, ip
	Direction string // playout or ingest
	Limit     int
}

func (b Breakdown) call() Call {
	v := b.params()
	if b.Limit > 0 {
		v.Set(paramLimit, strconv.Itoa(b.Limit))
	}
	return Call{Route: RouteBreakdown(b.Term, b.Direction), Params: v}
}

func setList(v url.Values, name string, values []string) {
	if len(values) > 0 {
		v.Set(name, strings.Join(values, ","))
	}
}

func cleanList(in []string, upper bool) []string {
	var out []string
	seen := map[string]bool{}
	for _, raw := range in {
		for _, v := range strings.Split(raw, ",") {
			v = strings.TrimSpace(v)
			if upper {
				v = strings.ToUpper(v)
			}
			if v == "" || seen[v] {
				continue
			}
			seen[v] = true
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out
}
