package models

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/calendar"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/frames"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

var hour = backend.TimeRange{From: time.Date(2026, 11, 23, 13, 0, 0, 0, time.UTC), To: time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)}

func TestLoadQueryDefaultsAndNormalises(t *testing.T) {
	q, err := LoadQuery(backend.DataQuery{RefID: "A", TimeRange: hour, MaxDataPoints: 500, JSON: []byte(
		`{"queryType":"maxViewers","streamNames":["a, b"," b ",""],"countries":["de","AT"],"tags":["sports"]}`)})
	require.NoError(t, err)
	assert.Equal(t, QueryMaxViewers, q.QueryType)
	assert.Equal(t, calendar.IntervalAuto, q.Interval)
	assert.Empty(t, q.View, "maxViewers has no views")
	assert.Equal(t, []string{"a", "b"}, q.StreamNames)
	assert.Equal(t, []string{"AT", "DE"}, q.Countries, "sorted: the same filter asks the same request")
	assert.Equal(t, []string{"sports"}, q.Tags)
	assert.Equal(t, int64(500), q.MaxDataPoints)
}

func TestQueryTypeFromTheDataQuery(t *testing.T) {
	q, err := LoadQuery(backend.DataQuery{QueryType: QueryByteUsage, TimeRange: hour, JSON: []byte(`{}`)})
	require.NoError(t, err)
	assert.Equal(t, QueryByteUsage, q.QueryType)
}

// badQueries are queries LoadQuery refuses, with what their error says.
var badQueries = func() []struct {
	name string
	tr   backend.TimeRange
	json string
	want string
} {
	many := make([]string, 51)
	for i := range many {
		many[i] = fmt.Sprintf(`"s%d"`, i)
	}
	huge := strings.Repeat("x", 1<<20)
	reversed := backend.TimeRange{From: hour.To, To: hour.From}
	return []struct {
		name string
		tr   backend.TimeRange
		json string
		want string
	}{
		{"unknown query type", hour, `{"queryType":"bogus"}`, `Unknown query type "bogus": choose monthToDate, maxViewers, byteUsage, usageBreakdown, ingestAlerts, playbackStartSuccess, playbackStartErrors, bufferingRatio or startupTime.`},
		{"no query type", hour, `{}`, "The query has no query type"},
		{"reversed time range", reversed, `{"queryType":"maxViewers"}`, "The time range is reversed: it starts at 2026-11-23T14:00:00Z, after its end at 2026-11-23T13:00:00Z."},
		{"empty time range", backend.TimeRange{From: hour.From, To: hour.From}, `{"queryType":"byteUsage"}`, "The time range is empty"},
		{"unknown interval", hour, `{"queryType":"byteUsage","interval":"week"}`, `Unknown interval "week"`},
		{"unknown view", hour, `{"queryType":"monthToDate","view":"pie"}`, `Unknown month-to-date view "pie": choose summary, trend or table.`},
		{"unknown alerts view", hour, `{"queryType":"ingestAlerts","view":"pie"}`, `Unknown ingest alerts view "pie": choose table, count or annotations.`},
		{"a month-to-date view for the alerts", hour, `{"queryType":"ingestAlerts","view":"summary"}`, `Unknown ingest alerts view "summary"`},
		{"unknown playback view", hour, `{"queryType":"playbackStartSuccess","view":"table"}`, `Unknown playback start success view "table": choose timeseries or worst.`},
		{"split by an unknown key", hour, `{"queryType":"playbackStartSuccess","splitBy":"city"}`,
			`Unknown split "city": choose stream, tag or country, or none for one series of everything.`},
		{"split by the API's plural", hour, `{"queryType":"playbackStartSuccess","splitBy":"streams"}`, `Unknown split "streams"`},
		{"an unknown severity", hour, `{"queryType":"ingestAlerts","view":"count","severities":["critical","urgent"]}`,
			`Unknown severity "urgent": choose critical, moderate, minor or advice.`},
		{"an unknown series", hour, `{"queryType":"playbackStartSuccess","series":"ratio"}`,
			`Unknown series "ratio": choose successRatio, playbackStarts or errors.`},
		{"a split limit above 100", hour, `{"queryType":"playbackStartSuccess","splitBy":"stream","limit":101}`,
			"The limit 101 is out of range: choose a whole number from 1 to 100."},
		{"a negative limit", hour, `{"queryType":"usageBreakdown","limit":-5}`, "The limit -5 is out of range: choose a whole number from 1 to 1000."},
		{"a breakdown limit above 1000", hour, `{"queryType":"usageBreakdown","limit":"1001"}`, "The limit 1001 is out of range"},
		{"a fractional limit", hour, `{"queryType":"usageBreakdown","limit":2.5}`, `The limit "2.5" is not a whole number.`},
		{"a limit that is no number", hour, `{"queryType":"usageBreakdown","limit":"$top"}`, `The limit "$top" is not a whole number.`},
		{"a limit that is an object", hour, `{"queryType":"usageBreakdown","limit":{}}`, `The limit "{}" is not a whole number.`},
		{"unknown term", hour, `{"queryType":"usageBreakdown","term":"browser"}`,
			`Unknown breakdown term "browser": choose stream, country, city, referrer or ip.`},
		{"unknown direction", hour, `{"queryType":"usageBreakdown","direction":"both"}`, `Unknown direction "both": choose playout, ingest or total.`},
		{"a breakdown without a time range", backend.TimeRange{}, `{"queryType":"usageBreakdown"}`, "The query has no time range."},
		{"a reversed range for the worst streams", reversed, `{"queryType":"playbackStartSuccess","view":"worst"}`, "The time range is reversed"},
		{"too many minutes of buffering", backend.TimeRange{From: hour.To.AddDate(-1, 0, 0), To: hour.To}, `{"queryType":"bufferingRatio","interval":"minute"}`,
			"The time range holds 525600 minute buckets"},
		{"51 streams", hour, `{"queryType":"byteUsage","streamNames":[` + strings.Join(many, ",") + `]}`, "The stream filter has 51 values; the nanoStream API accepts at most 50."},
		{"a country name instead of a code", hour, `{"queryType":"byteUsage","countries":["Germany"]}`, `"GERMANY" is not a two-letter ISO 3166 code`},
		{"broken JSON", hour, `{"queryType":`, "The query is not valid JSON"},
		{"a year of minutes", backend.TimeRange{From: hour.To.AddDate(-1, 0, 0), To: hour.To}, `{"queryType":"maxViewers","interval":"minute"}`,
			"The time range holds 525600 minute buckets, more than the 50000 one query may ask for"},
		{"no time range", backend.TimeRange{}, `{"queryType":"maxViewers"}`, "The query has no time range."},
		{"a stream name of a megabyte", hour, `{"queryType":"maxViewers","streamNames":["` + huge + `"]}`,
			`A stream name is 1048576 characters long, more than the 128 the nanoStream API accepts per value: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"….`},
		{"a tag of 129 characters", hour, `{"queryType":"byteUsage","tags":["` + strings.Repeat("t", 129) + `"]}`, "A tag is 129 characters long"},
		{"a country of a megabyte", hour, `{"queryType":"byteUsage","countries":["` + huge + `"]}`, "A country is 1048576 characters long"},
		{"a query type of a megabyte", hour, `{"queryType":"` + huge + `"}`, `Unknown query type "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"…: choose`},
		{"an interval of a megabyte", hour, `{"queryType":"byteUsage","interval":"` + huge + `"}`, `Unknown interval "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"…`},
	}
}()

func TestLoadQueryErrors(t *testing.T) {
	for _, tt := range badQueries {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadQuery(backend.DataQuery{TimeRange: tt.tr, JSON: []byte(tt.json)})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestMonthToDateIgnoresTheDashboardRange(t *testing.T) {
	_, err := LoadQuery(backend.DataQuery{TimeRange: backend.TimeRange{From: hour.To, To: hour.From}, JSON: []byte(`{"queryType":"monthToDate"}`)})
	assert.NoError(t, err)
}

func TestLoadQueryCutsTheRangeIntoBuckets(t *testing.T) {
	q, err := LoadQuery(backend.DataQuery{TimeRange: hour, MaxDataPoints: 500, JSON: []byte(`{"queryType":"byteUsage","tags":["sports"]}`)})
	require.NoError(t, err)
	assert.Equal(t, calendar.NewBuckets(hour.From, hour.To, calendar.IntervalAuto, 500), q.Buckets)
	assert.Equal(t, calendar.IntervalMinute, q.Buckets.Interval)
	assert.Equal(t, 60, q.Buckets.Count())
	s := q.Series(q.Buckets)
	assert.Equal(t, hour.From, s.From)
	assert.Equal(t, hour.To, s.To)
	assert.Equal(t, calendar.IntervalMinute, s.Interval)
	assert.Equal(t, []string{"sports"}, s.Filter.Tags)

	q, err = LoadQuery(backend.DataQuery{JSON: []byte(`{"queryType":"monthToDate"}`)})
	require.NoError(t, err)
	assert.Zero(t, q.Buckets, "month to date ignores the dashboard's range")
}

// TestEveryBadQueryIsOneShortSentence walks the error messages of the
// bad-input table: each starts with a capital letter, ends with a full
// stop, and quotes no value whole.
func TestEveryBadQueryIsOneShortSentence(t *testing.T) {
	for _, tt := range badQueries {
		_, err := LoadQuery(backend.DataQuery{TimeRange: tt.tr, JSON: []byte(tt.json)})
		require.Error(t, err, tt.name)
		assertSentence(t, err.Error())
		assert.Less(t, len(err.Error()), 400, "%s: a short sentence", tt.name)
	}
}

// assertSentence checks that a message a user reads is one sentence.
func assertSentence(t *testing.T, msg string) {
	t.Helper()
	r, _ := utf8.DecodeRuneInString(msg)
	assert.True(t, unicode.IsUpper(r), "%q starts with a capital letter", msg)
	assert.True(t, strings.HasSuffix(msg, "."), "%q ends with a full stop", msg)
	assert.NotContains(t, msg, "\n")
}

func TestTheNewQueryTypesDefaults(t *testing.T) {
	load := func(body string) Query {
		t.Helper()
		q, err := LoadQuery(backend.DataQuery{TimeRange: hour, MaxDataPoints: 500, JSON: []byte(body)})
		require.NoError(t, err, body)
		return q
	}
	q := load(`{"queryType":"ingestAlerts"}`)
	assert.Equal(t, frames.ViewTable, q.View)
	assert.False(t, q.HasTimeRange())
	assert.Zero(t, q.Buckets, "the alerts are what is active now")

	q = load(`{"queryType":"playbackStartSuccess"}`)
	assert.Equal(t, frames.ViewTimeSeries, q.View)
	assert.Equal(t, SplitNone, q.SplitBy)
	assert.Equal(t, "", q.Split())
	assert.Equal(t, 10, q.Limit)
	assert.Equal(t, 60, q.Buckets.Count())

	q = load(`{"queryType":"playbackStartSuccess","splitBy":"tag","limit":"25"}`)
	assert.Equal(t, nanostream.SplitTags, q.Split())
	assert.Equal(t, 25, q.Limit, "a limit from a variable arrives as a string")

	q = load(`{"queryType":"playbackStartSuccess","view":"worst","splitBy":"country","limit":500}`)
	assert.Equal(t, SplitNone, q.SplitBy, "the worst streams are streams: no split")
	assert.Zero(t, q.Limit, "the API lists 100, no limit applies")

	q = load(`{"queryType":"ingestAlerts","view":"count","severities":["Moderate, critical"," critical",""]}`)
	assert.Equal(t, []string{"critical", "moderate"}, q.Severities, "split, trimmed, once each, most severe first")
	q = load(`{"queryType":"ingestAlerts","view":"annotations"}`)
	assert.Empty(t, q.Severities, "every severity")

	q = load(`{"queryType":"playbackStartSuccess","splitBy":"stream"}`)
	assert.Equal(t, SeriesSuccessRatio, q.PlaybackSeries, "the ratio first by default")
	q = load(`{"queryType":"playbackStartSuccess","splitBy":"stream","series":"errors"}`)
	assert.Equal(t, SeriesErrors, q.PlaybackSeries)
	q = load(`{"queryType":"playbackStartSuccess","view":"worst","series":"errors"}`)
	assert.Empty(t, q.PlaybackSeries, "the worst streams are a table: no series")

	q = load(`{"queryType":"usageBreakdown"}`)
	assert.Equal(t, nanostream.TermStream, q.Term)
	assert.Equal(t, DirectionPlayout, q.Direction)
	assert.Equal(t, 10, q.Limit)
	assert.Equal(t, []string{"playout"}, q.Directions())
	assert.Equal(t, nanostream.Range{From: hour.From, To: hour.To}, q.Range())

	q = load(`{"queryType":"usageBreakdown","term":"country","direction":"total","limit":1000,"countries":["de"]}`)
	assert.Equal(t, []string{"playout", "ingest"}, q.Directions())
	assert.Equal(t, 1000, q.Limit)
	assert.Equal(t, []string{"DE"}, q.Range().Filter.Countries)

	q = load(`{"queryType":"usageBreakdown","limit":null}`)
	assert.Equal(t, 10, q.Limit, "null is the default")

	q = load(`{"queryType":"maxViewers","view":"pie","splitBy":"city","term":"browser","direction":"both","limit":"x","severities":["urgent"],"series":"x"}`)
	assert.Empty(t, q.View, "fields another query type uses are dropped, not refused")
	assert.Empty(t, q.SplitBy)
	assert.Empty(t, q.Severities)
	assert.Empty(t, q.PlaybackSeries)
	assert.Empty(t, q.Term)
	assert.Empty(t, q.Direction)
	assert.Zero(t, q.Limit)

	for _, qt := range []string{QueryBufferingRatio, QueryStartupTime, QueryPlaybackStartErrors} {
		q = load(`{"queryType":"` + qt + `","interval":"hour"}`)
		assert.Equal(t, calendar.IntervalHour, q.Buckets.Interval, qt)
		assert.Empty(t, q.View, qt)
	}
}

func TestKeepSeverities(t *testing.T) {
	alerts := []nanostream.Alert{{ID: "1", Severity: "advice"}, {ID: "2", Severity: "critical"}, {ID: "3", Severity: "minor"}, {ID: "4", Severity: "moderate"}}
	q, err := LoadQuery(backend.DataQuery{JSON: []byte(`{"queryType":"ingestAlerts","severities":["moderate","critical"]}`)})
	require.NoError(t, err)
	assert.Equal(t, []nanostream.Alert{{ID: "2", Severity: "critical"}, {ID: "4", Severity: "moderate"}}, q.KeepSeverities(alerts))
	assert.Len(t, alerts, 4, "the answer, which the cache shares, is left as it was")
	q.Severities = nil
	assert.Equal(t, alerts, q.KeepSeverities(alerts), "no severity filter: every alert")
}

func TestTheIngestAlertsIgnoreTheDashboardRange(t *testing.T) {
	for _, tr := range []backend.TimeRange{{}, {From: hour.To, To: hour.From}} {
		q, err := LoadQuery(backend.DataQuery{TimeRange: tr, JSON: []byte(`{"queryType":"ingestAlerts","view":"count"}`)})
		require.NoError(t, err)
		assert.Equal(t, frames.ViewCount, q.View)
	}
}
