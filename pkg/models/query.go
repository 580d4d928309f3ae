package models

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/calendar"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/frames"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// Query types, as stored in dashboards and alert rules.
const (
	QueryMonthToDate          = "monthToDate"
	QueryMaxViewers           = "maxViewers"
	QueryByteUsage            = "byteUsage"
	QueryUsageBreakdown       = "usageBreakdown"
	QueryIngestAlerts         = "ingestAlerts"
	QueryPlaybackStartSuccess = "playbackStartSuccess"
	QueryPlaybackStartErrors  = "playbackStartErrors"
	QueryBufferingRatio       = "bufferingRatio"
	QueryStartupTime          = "startupTime"
)

// queryTypes are the query types in the order the editor offers them.
var queryTypes = []string{QueryMonthToDate, QueryMaxViewers, QueryByteUsage, QueryUsageBreakdown, QueryIngestAlerts,
	QueryPlaybackStartSuccess, QueryPlaybackStartErrors, QueryBufferingRatio, QueryStartupTime}

// Values of splitBy: one series per stream, tag or country; empty for one
// series of everything the filter keeps.
const (
	SplitNone    = ""
	SplitStream  = "stream"
	SplitTag     = "tag"
	SplitCountry = "country"
)

// Values of direction: which bytes a usage breakdown counts; total adds
// playout and ingest per key.
const (
	DirectionPlayout = nanostream.DirectionPlayout
	DirectionIngest  = nanostream.DirectionIngest
	DirectionTotal   = "total"
)

// Values of series: which value of a playback start success series comes
// first in its frame, the one an alert rule reads.
const (
	SeriesSuccessRatio   = frames.SeriesSuccessRatio
	SeriesPlaybackStarts = frames.SeriesPlaybackStarts
	SeriesErrors         = frames.SeriesErrors
)

// playbackSeries are the values of series, the default first.
var playbackSeries = []string{SeriesSuccessRatio, SeriesPlaybackStarts, SeriesErrors}

// terms are the keys a usage breakdown groups by.
var terms = []string{nanostream.TermStream, nanostream.TermCountry, nanostream.TermCity, nanostream.TermReferrer, nanostream.TermIP}

// views are the views of each query type that has views, its default
// first, and the name its error message gives the type.
var views = map[string]struct {
	name  string
	views []frames.View
}{
	QueryMonthToDate:          {"month-to-date", []frames.View{frames.ViewSummary, frames.ViewTrend, frames.ViewTable}},
	QueryIngestAlerts:         {"ingest alerts", []frames.View{frames.ViewTable, frames.ViewCount, frames.ViewAnnotations}},
	QueryPlaybackStartSuccess: {"playback start success", []frames.View{frames.ViewTimeSeries, frames.ViewWorst}},
}

// limitBounds are the default and the largest limit of each query type
// that has one.
var limitBounds = map[string]struct{ def, max int }{
	QueryPlaybackStartSuccess: {10, 100},                 // series of a split
	QueryUsageBreakdown:       {10, nanostream.MaxLimit}, // rows before the Other row
}

// maxBuckets bounds the points one query may ask for.
const maxBuckets = 50_000

// Query is one panel's or alert rule's query.
type Query struct {
	nanostream.Filter
	QueryType string      `json:"queryType"`
	Interval  string      `json:"interval,omitempty"` // calendar.IntervalAuto, …
	Delta     bool        `json:"delta,omitempty"`
	View      frames.View `json:"view,omitempty"`
	SplitBy   string      `json:"splitBy,omitempty"`   // playbackStartSuccess: "", stream, tag or country
	Term      string      `json:"term,omitempty"`      // usageBreakdown: stream, country, city, referrer or ip
	Direction string      `json:"direction,omitempty"` // usageBreakdown: playout, ingest or total
	// Severities keeps the ingest alerts of these severities only (critical,
	// moderate, minor, advice); empty keeps every one.
	Severities []string `json:"severities,omitempty"`
	// PlaybackSeries is the value of a playback start success time series
	// that comes first in its frame: successRatio, playbackStarts or errors.
	PlaybackSeries string `json:"series,omitempty"`
	// RawLimit is the stored limit: a number, or a string holding one
	// (an interpolated variable); Limit is its value once loaded.
	RawLimit json.RawMessage `json:"limit,omitempty"`
	Limit    int             `json:"-"`

	RefID         string            `json:"-"`
	TimeRange     backend.TimeRange `json:"-"`
	MaxDataPoints int64             `json:"-"`
	// Buckets is the time range cut into buckets of the interval; month to
	// date, which ignores the dashboard's range, and the ingest alerts,
	// which have none, have none.
	Buckets calendar.Buckets `json:"-"`
}

// LoadQuery parses, defaults and validates one data query and cuts its time
// range into buckets: a loaded query is a valid one. A field the query type
// does not use is dropped. Its errors are the user's to fix, read as one
// sentence, and quote at most the start of a value.
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
	if err := q.defaults(); err != nil {
		return q, err
	}
	if q.HasTimeRange() {
		q.Buckets = calendar.NewBuckets(q.TimeRange.From, q.TimeRange.To, q.Interval, q.MaxDataPoints)
	}
	return q, q.Validate()
}

// defaults fills the fields of the query type with their defaults, drops
// those it does not use, and reads the limit.
func (q *Query) defaults() error {
	if v, ok := views[q.QueryType]; ok {
		if q.View == "" {
			q.View = v.views[0]
		}
	} else {
		q.View = ""
	}
	if q.QueryType != QueryPlaybackStartSuccess || q.View == frames.ViewWorst {
		q.SplitBy = SplitNone
	}
	if q.QueryType == QueryIngestAlerts {
		q.Severities = cleanSeverities(q.Severities)
	} else {
		q.Severities = nil
	}
	switch {
	case q.QueryType != QueryPlaybackStartSuccess || q.View == frames.ViewWorst:
		q.PlaybackSeries = ""
	case q.PlaybackSeries == "":
		q.PlaybackSeries = SeriesSuccessRatio
	}
	if q.QueryType == QueryUsageBreakdown {
		if q.Term == "" {
			q.Term = nanostream.TermStream
		}
		if q.Direction == "" {
			q.Direction = DirectionPlayout
		}
	} else {
		q.Term, q.Direction = "", ""
	}
	bounds, ok := limitBounds[q.QueryType]
	if !ok || q.View == frames.ViewWorst {
		q.RawLimit, q.Limit = nil, 0
		return nil
	}
	limit, err := parseLimit(q.RawLimit)
	if err != nil {
		return err
	}
	if limit == 0 {
		limit = bounds.def
	}
	q.Limit = limit
	return nil
}

// cleanSeverities trims and lower-cases severities, splits values that
// still carry commas (an interpolated multi-value variable), drops empty
// values and duplicates, and orders them most severe first; unknown values
// stay, for Validate to name.
func cleanSeverities(in []string) []string {
	var out []string
	for _, raw := range in {
		for _, v := range strings.Split(raw, ",") {
			v = strings.ToLower(strings.TrimSpace(v))
			if v != "" && !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b string) int { return nanostream.SeverityRank(a) - nanostream.SeverityRank(b) })
	return out
}

// KeepSeverities is the alerts of the query's severities, all of them
// without a severity filter. The answer, which the cache shares, is left
// as it was.
func (q Query) KeepSeverities(alerts []nanostream.Alert) []nanostream.Alert {
	if len(q.Severities) == 0 {
		return alerts
	}
	out := make([]nanostream.Alert, 0, len(alerts))
	for _, a := range alerts {
		if slices.Contains(q.Severities, a.Severity) {
			out = append(out, a)
		}
	}
	return out
}

// parseLimit reads a stored limit: a whole number, or a string holding
// one; absent, null or empty is 0, which stands for the default.
func parseLimit(raw json.RawMessage) (int, error) {
	text := strings.TrimSpace(string(raw))
	if text == "" || text == "null" {
		return 0, nil
	}
	if strings.HasPrefix(text, `"`) {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return 0, nanostream.Sentencef("The limit %s is not a whole number", nanostream.Excerpt(text))
		}
		text = strings.TrimSpace(s)
		if text == "" {
			return 0, nil
		}
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil || f != math.Trunc(f) || math.IsInf(f, 0) || math.Abs(f) > math.MaxInt32 {
		return 0, nanostream.Sentencef("The limit %s is not a whole number", nanostream.Excerpt(text))
	}
	return int(f), nil
}

// HasTimeRange reports whether the query type reads the dashboard's time
// range: month to date has windows of its own, and the ingest alerts are
// what is active now.
func (q Query) HasTimeRange() bool {
	return q.QueryType != QueryMonthToDate && q.QueryType != QueryIngestAlerts
}

// Series is the upstream request for buckets b with the query's filter.
func (q Query) Series(b calendar.Buckets) nanostream.Series {
	return nanostream.Series{Range: nanostream.Range{From: b.From, To: b.To, Filter: q.Filter}, Interval: b.Interval}
}

// Range is the query's time range, widened to whole buckets as its series
// are, with its filter: the range of the requests without an interval
// (breakdowns, worst streams, playback start errors), so that they cover
// what a time series of the same query covers.
func (q Query) Range() nanostream.Range {
	return nanostream.Range{From: q.Buckets.From, To: q.Buckets.To, Filter: q.Filter}
}

// Split is the API's name of the query's splitBy, "" for none.
func (q Query) Split() string {
	switch q.SplitBy {
	case SplitStream:
		return nanostream.SplitStreams
	case SplitTag:
		return nanostream.SplitTags
	case SplitCountry:
		return nanostream.SplitCountries
	}
	return ""
}

// Directions are the breakdown directions the query's direction asks: both
// for total.
func (q Query) Directions() []string {
	if q.Direction == DirectionTotal {
		return []string{DirectionPlayout, DirectionIngest}
	}
	return []string{q.Direction}
}

// Validate reports the first problem of a loaded query: its type,
// interval, view, severities, split, series, term, direction, limit, time
// range, filter, and the number of its buckets.
func (q Query) Validate() error {
	if !slices.Contains(queryTypes, q.QueryType) {
		if q.QueryType == "" {
			return nanostream.Sentencef("The query has no query type: choose %s", choices(queryTypes))
		}
		return nanostream.Sentencef("Unknown query type %s: choose %s", nanostream.Excerpt(q.QueryType), choices(queryTypes))
	}
	switch q.Interval {
	case calendar.IntervalAuto, calendar.IntervalMinute, calendar.IntervalHour, calendar.IntervalDay:
	default:
		return nanostream.Sentencef("Unknown interval %s: choose auto, minute, hour or day", nanostream.Excerpt(q.Interval))
	}
	if v, ok := views[q.QueryType]; ok && !slices.Contains(v.views, q.View) {
		names := make([]string, len(v.views))
		for i, view := range v.views {
			names[i] = string(view)
		}
		return nanostream.Sentencef("Unknown %s view %s: choose %s", v.name, nanostream.Excerpt(string(q.View)), choices(names))
	}
	if err := q.validateFields(); err != nil {
		return err
	}
	if q.HasTimeRange() {
		if err := validateRange(q.TimeRange); err != nil {
			return err
		}
	}
	if err := q.Filter.Validate(); err != nil {
		return err
	}
	return validateBuckets(q.Buckets)
}

// validateFields checks the fields of one query type: the severities, the
// split, the series, the term, the direction and the limit.
func (q Query) validateFields() error {
	for _, s := range q.Severities {
		if !slices.Contains(nanostream.Severities, s) {
			return nanostream.Sentencef("Unknown severity %s: choose %s", nanostream.Excerpt(s), choices(nanostream.Severities))
		}
	}
	switch q.SplitBy {
	case SplitNone, SplitStream, SplitTag, SplitCountry:
	default:
		return nanostream.Sentencef("Unknown split %s: choose stream, tag or country, or none for one series of everything", nanostream.Excerpt(q.SplitBy))
	}
	if q.PlaybackSeries != "" && !slices.Contains(playbackSeries, q.PlaybackSeries) {
		return nanostream.Sentencef("Unknown series %s: choose %s", nanostream.Excerpt(q.PlaybackSeries), choices(playbackSeries))
	}
	if q.QueryType == QueryUsageBreakdown {
		if !slices.Contains(terms, q.Term) {
			return nanostream.Sentencef("Unknown breakdown term %s: choose %s", nanostream.Excerpt(q.Term), choices(terms))
		}
		switch q.Direction {
		case DirectionPlayout, DirectionIngest, DirectionTotal:
		default:
			return nanostream.Sentencef("Unknown direction %s: choose playout, ingest or total", nanostream.Excerpt(q.Direction))
		}
	}
	if bounds, ok := limitBounds[q.QueryType]; ok && q.View != frames.ViewWorst && (q.Limit < 1 || q.Limit > bounds.max) {
		return nanostream.Sentencef("The limit %d is out of range: choose a whole number from 1 to %d", q.Limit, bounds.max)
	}
	return nil
}

// choices joins values as a sentence lists them: "a, b or c".
func choices(values []string) string {
	if len(values) < 2 {
		return strings.Join(values, "")
	}
	return strings.Join(values[:len(values)-1], ", ") + " or " + values[len(values)-1]
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
