package nanostream

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// MaxFilterValues is the API's limit of values per filter list.
const MaxFilterValues = 50

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

// Validate checks the filter against the API's limits: at most
// MaxFilterValues per list, countries as two-letter codes. Its errors read
// as one sentence.
func (f Filter) Validate() error {
	lists := []struct {
		name   string
		values []string
	}{{"stream", f.StreamNames}, {"tag", f.Tags}, {"country", f.Countries}}
	for _, l := range lists {
		if len(l.values) > MaxFilterValues {
			return fmt.Errorf("the %s filter has %d values; the nanoStream API accepts at most %d", l.name, len(l.values), MaxFilterValues)
		}
	}
	for _, c := range f.Countries {
		if len(c) != 2 {
			return fmt.Errorf("the country %q is not a two-letter ISO 3166 code such as DE", c)
		}
	}
	return nil
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
