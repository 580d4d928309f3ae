package models

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// Query types, as stored in dashboards and alert rules.
const (
	QueryMonthToDate = "monthToDate"
	QueryMaxViewers  = "maxViewers"
	QueryByteUsage   = "byteUsage"
)

// Intervals a query may ask for.
const (
	IntervalAuto   = "auto"
	IntervalMinute = "minute"
	IntervalHour   = "hour"
	IntervalDay    = "day"
)

// Views of the month-to-date query, one per panel type.
const (
	ViewSummary = "summary" // stat panels: previous and current window as two rows
	ViewTrend   = "trend"   // bar chart: one row per category, one column per window
	ViewTable   = "table"   // overview table with exact figures and the change
)

// MaxFilterValues is the API's limit of values per filter list.
const MaxFilterValues = 50

// Filter narrows a query to streams, tags (all must match) and countries.
type Filter struct {
	StreamNames []string `json:"streamNames,omitempty"`
	Tags        []string `json:"tags,omitempty"`
	Countries   []string `json:"countries,omitempty"`
}

// Query is one panel's or alert rule's query.
type Query struct {
	Filter
	QueryType string `json:"queryType"`
	Interval  string `json:"interval,omitempty"`
	Delta     bool   `json:"delta,omitempty"`
	View      string `json:"view,omitempty"`

	RefID         string            `json:"-"`
	TimeRange     backend.TimeRange `json:"-"`
	MaxDataPoints int64             `json:"-"`
}

// LoadQuery parses and validates one data query. Its errors are the user's
// to fix and read as one sentence.
func LoadQuery(dq backend.DataQuery) (Query, error) {
	q := Query{QueryType: dq.QueryType}
	if len(dq.JSON) > 0 {
		if err := json.Unmarshal(dq.JSON, &q); err != nil {
			return Query{}, fmt.Errorf("the query is not valid JSON: %v", err)
		}
	}
	if q.QueryType == "" {
		q.QueryType = dq.QueryType
	}
	q.RefID = dq.RefID
	q.TimeRange = dq.TimeRange
	q.MaxDataPoints = dq.MaxDataPoints
	q.Filter = q.Filter.normalised()
	if q.Interval == "" {
		q.Interval = IntervalAuto
	}
	if q.View == "" {
		q.View = ViewSummary
	}
	return q, q.validate()
}

func (q Query) validate() error {
	switch q.QueryType {
	case QueryMonthToDate, QueryMaxViewers, QueryByteUsage:
	case "":
		return fmt.Errorf("the query has no query type: choose %s, %s or %s", QueryMonthToDate, QueryMaxViewers, QueryByteUsage)
	default:
		return fmt.Errorf("unknown query type %q: choose %s, %s or %s", q.QueryType, QueryMonthToDate, QueryMaxViewers, QueryByteUsage)
	}
	switch q.Interval {
	case IntervalAuto, IntervalMinute, IntervalHour, IntervalDay:
	default:
		return fmt.Errorf("unknown interval %q: choose auto, minute, hour or day", q.Interval)
	}
	switch q.View {
	case ViewSummary, ViewTrend, ViewTable:
	default:
		return fmt.Errorf("unknown month-to-date view %q: choose summary, trend or table", q.View)
	}
	if q.QueryType != QueryMonthToDate {
		if err := validateRange(q.TimeRange); err != nil {
			return err
		}
	}
	return q.Filter.validate()
}

func validateRange(tr backend.TimeRange) error {
	switch {
	case tr.From.IsZero() || tr.To.IsZero():
		return fmt.Errorf("the query has no time range")
	case tr.From.After(tr.To):
		return fmt.Errorf("the time range is reversed: it starts at %s, after its end at %s",
			tr.From.UTC().Format(time.RFC3339), tr.To.UTC().Format(time.RFC3339))
	case tr.From.Equal(tr.To):
		return fmt.Errorf("the time range is empty: it starts and ends at %s", tr.From.UTC().Format(time.RFC3339))
	}
	return nil
}

func (f Filter) validate() error {
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

// normalised trims, drops empty values and duplicates, splits values that
// still carry commas (an interpolated multi-value variable), and sorts, so
// that the same filter always asks the same upstream request.
func (f Filter) normalised() Filter {
	return Filter{
		StreamNames: cleanList(f.StreamNames, false),
		Tags:        cleanList(f.Tags, false),
		Countries:   cleanList(f.Countries, true),
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
