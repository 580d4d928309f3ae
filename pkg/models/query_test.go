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
)

var hour = backend.TimeRange{From: time.Date(2026, 11, 23, 13, 0, 0, 0, time.UTC), To: time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)}

func TestLoadQueryDefaultsAndNormalises(t *testing.T) {
	q, err := LoadQuery(backend.DataQuery{RefID: "A", TimeRange: hour, MaxDataPoints: 500, JSON: []byte(
		`{"queryType":"maxViewers","streamNames":["a, b"," b ",""],"countries":["de","AT"],"tags":["sports"]}`)})
	require.NoError(t, err)
	assert.Equal(t, QueryMaxViewers, q.QueryType)
	assert.Equal(t, calendar.IntervalAuto, q.Interval)
	assert.Equal(t, frames.ViewSummary, q.View)
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
		{"unknown query type", hour, `{"queryType":"bogus"}`, `Unknown query type "bogus"`},
		{"no query type", hour, `{}`, "The query has no query type"},
		{"reversed time range", reversed, `{"queryType":"maxViewers"}`, "The time range is reversed: it starts at 2026-11-23T14:00:00Z, after its end at 2026-11-23T13:00:00Z."},
		{"empty time range", backend.TimeRange{From: hour.From, To: hour.From}, `{"queryType":"byteUsage"}`, "The time range is empty"},
		{"unknown interval", hour, `{"queryType":"byteUsage","interval":"week"}`, `Unknown interval "week"`},
		{"unknown view", hour, `{"queryType":"monthToDate","view":"pie"}`, `Unknown month-to-date view "pie"`},
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
