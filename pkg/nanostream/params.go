package nanostream

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/models"
)

// Range is a half-open UTC time range [From, To) with a filter.
type Range struct {
	From, To time.Time
	Filter   models.Filter
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
