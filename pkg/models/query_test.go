package models

import (
	"fmt"
	"strings"
	"testing"
	"time"

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

func TestLoadQueryErrors(t *testing.T) {
	many := make([]string, 51)
	for i := range many {
		many[i] = fmt.Sprintf(`"s%d"`, i)
	}
	reversed := backend.TimeRange{From: hour.To, To: hour.From}
	tests := []struct {
		name string
		tr   backend.TimeRange
		json string
		want string
	}{
		{"unknown query type", hour, `{"queryType":"bogus"}`, `unknown query type "bogus"`},
		{"no query type", hour, `{}`, "has no query type"},
		{"reversed time range", reversed, `{"queryType":"maxViewers"}`, "the time range is reversed: it starts at 2026-11-23T14:00:00Z, after its end at 2026-11-23T13:00:00Z"},
		{"empty time range", backend.TimeRange{From: hour.From, To: hour.From}, `{"queryType":"byteUsage"}`, "the time range is empty"},
		{"unknown interval", hour, `{"queryType":"byteUsage","interval":"week"}`, `unknown interval "week"`},
		{"unknown view", hour, `{"queryType":"monthToDate","view":"pie"}`, `unknown month-to-date view "pie"`},
		{"51 streams", hour, `{"queryType":"byteUsage","streamNames":[` + strings.Join(many, ",") + `]}`, "the stream filter has 51 values; the nanoStream API accepts at most 50"},
		{"a country name instead of a code", hour, `{"queryType":"byteUsage","countries":["Germany"]}`, `"GERMANY" is not a two-letter ISO 3166 code`},
		{"broken JSON", hour, `{"queryType":`, "not valid JSON"},
		{"a year of minutes", backend.TimeRange{From: hour.To.AddDate(-1, 0, 0), To: hour.To}, `{"queryType":"maxViewers","interval":"minute"}`,
			"the time range holds 525600 minute buckets, more than the 50000 one query may ask for"},
	}
	for _, tt := range tests {
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
