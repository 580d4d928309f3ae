package models

import (
	"encoding/json"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/calendar"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/frames"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// Query types, as stored in dashboards and alert rules.
const (
	QueryMonthToDate = "monthToDate"
	QueryMaxViewers  = "maxViewers"
	QueryByteUsage   = "byteUsage"
)

// maxBuckets bounds the points one query may ask for.
const maxBuckets = 50_000

// Query is one panel's or alert rule's query.
type Query struct {
	nanostream.Filter
	QueryType string      `json:"queryType"`
	Interval  string      `json:"interval,omitempty"` // calendar.IntervalAuto, …
	Delta     bool        `json:"delta,omitempty"`
	View      frames.View `json:"view,omitempty"`

	RefID         string            `json:"-"`
	TimeRange     backend.TimeRange `json:"-"`
	MaxDataPoints int64             `json:"-"`
	// Buckets is the time range cut into buckets of the interval; month to
	// date, which ignores the dashboard's range, has none.
	Buckets calendar.Buckets `json:"-"`
}

// LoadQuery parses, defaults and validates one data query and cuts its time
// range into buckets: a loaded query is a valid one. Its errors are the
// user's to fix, read as one sentence, and quote at most the start of a
// value.
func LoadQuery(dq backend.DataQuery) (Query, error) {
	q := Query{QueryType: dq.QueryType}
	if len(dq.JSON) > 0 {
		if err := json.Unmarshal(dq.JSON, &q); err != nil {
			return Query{}, nanostream.Sentencef("The query is not valid JSON: %v", err)
		}
	}
	if q.QueryType == "" {
		q.QueryType = dq.QueryType
	}
	q.RefID = dq.RefID
	q.TimeRange = dq.TimeRange
	q.MaxDataPoints = dq.MaxDataPoints
	q.Filter = q.Filter.Normalised()
	if q.Interval == "" {
		q.Interval = calendar.IntervalAuto
	}
	if q.View == "" {
		q.View = frames.ViewSummary
	}
	if q.QueryType != QueryMonthToDate {
		q.Buckets = calendar.NewBuckets(q.TimeRange.From, q.TimeRange.To, q.Interval, q.MaxDataPoints)
	}
	return q, q.Validate()
}

// Series is the upstream request for buckets b with the query's filter.
func (q Query) Series(b calendar.Buckets) nanostream.Series {
	return nanostream.Series{Range: nanostream.Range{From: b.From, To: b.To, Filter: q.Filter}, Interval: b.Interval}
}

// Validate reports the first problem of a loaded query: its type,
// interval, view, time range, filter, and the number of its buckets.
func (q Query) Validate() error {
	switch q.QueryType {
	case QueryMonthToDate, QueryMaxViewers, QueryByteUsage:
	case "":
		return nanostream.Sentencef("The query has no query type: choose %s, %s or %s", QueryMonthToDate, QueryMaxViewers, QueryByteUsage)
	default:
		return nanostream.Sentencef("Unknown query type %s: choose %s, %s or %s", nanostream.Excerpt(q.QueryType), QueryMonthToDate, QueryMaxViewers, QueryByteUsage)
	}
	switch q.Interval {
	case calendar.IntervalAuto, calendar.IntervalMinute, calendar.IntervalHour, calendar.IntervalDay:
	default:
		return nanostream.Sentencef("Unknown interval %s: choose auto, minute, hour or day", nanostream.Excerpt(q.Interval))
	}
	switch q.View {
	case frames.ViewSummary, frames.ViewTrend, frames.ViewTable:
	default:
		return nanostream.Sentencef("Unknown month-to-date view %s: choose summary, trend or table", nanostream.Excerpt(string(q.View)))
	}
	if q.QueryType != QueryMonthToDate {
		if err := validateRange(q.TimeRange); err != nil {
			return err
		}
	}
	if err := q.Filter.Validate(); err != nil {
		return err
	}
	return validateBuckets(q.Buckets)
}

func validateRange(tr backend.TimeRange) error {
	switch {
	case tr.From.IsZero() || tr.To.IsZero():
		return nanostream.Sentencef("The query has no time range")
	case tr.From.After(tr.To):
		return nanostream.Sentencef("The time range is reversed: it starts at %s, after its end at %s",
			tr.From.UTC().Format(time.RFC3339), tr.To.UTC().Format(time.RFC3339))
	case tr.From.Equal(tr.To):
		return nanostream.Sentencef("The time range is empty: it starts and ends at %s", tr.From.UTC().Format(time.RFC3339))
	}
	return nil
}

func validateBuckets(b calendar.Buckets) error {
	if b.Step > 0 && b.Count() > maxBuckets {
		return nanostream.Sentencef("The time range holds %d %s buckets, more than the %d one query may ask for: choose a coarser interval or a shorter range",
			b.Count(), b.Interval, maxBuckets)
	}
	return nil
}
