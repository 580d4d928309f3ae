package frames

import (
	"flag"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/experimental"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/calendar"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// -update rewrites the golden files; without it they are only compared.
var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func at(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

func f(v float64) *float64 { return &v }

func fiveMinutes() calendar.Buckets {
	return calendar.NewBuckets(at("2026-11-23 10:00"), at("2026-11-23 10:05"), "minute", 0)
}

func TestByteUsageFrame(t *testing.T) {
	b := fiveMinutes()
	points := []nanostream.BytesPoint{
		{Timestamp: at("2026-11-23 10:00").Unix(), Playout: f(1.2e9), Ingest: f(3.1e7)},
		{Timestamp: at("2026-11-23 10:01").Unix(), Playout: f(1.4e9), Ingest: f(3.0e7)},
		// 10:02 missing: a gap
		{Timestamp: at("2026-11-23 10:03").Unix(), Playout: nil, Ingest: f(2.9e7)},
		{Timestamp: at("2026-11-23 10:04").Unix(), Playout: f(1.1e9), Ingest: f(3.2e7)},
		{Timestamp: at("2026-11-23 10:05").Unix(), Playout: f(9e9), Ingest: f(9e9)}, // outside: ignored
	}
	experimental.CheckGoldenJSONFrame(t, "testdata", "byte_usage", ByteUsage(points, b), *update)
}

func viewerPoints() []nanostream.ViewersPoint {
	return []nanostream.ViewersPoint{
		{Timestamp: at("2026-11-23 10:00").Unix(), MaxConcurrentViewers: f(120)},
		{Timestamp: at("2026-11-23 10:01").Unix(), MaxConcurrentViewers: f(150)},
		{Timestamp: at("2026-11-23 10:03").Unix(), MaxConcurrentViewers: f(140)},
		{Timestamp: at("2026-11-23 10:04").Unix(), MaxConcurrentViewers: f(90)},
	}
}

func TestMaxViewersFrame(t *testing.T) {
	experimental.CheckGoldenJSONFrame(t, "testdata", "max_viewers", MaxViewers(viewerPoints(), fiveMinutes(), false), *update)
}

func TestMaxViewersDeltaFrame(t *testing.T) {
	experimental.CheckGoldenJSONFrame(t, "testdata", "max_viewers_delta", MaxViewers(viewerPoints(), fiveMinutes(), true), *update)
}

// seedWindows are the windows of the vendor's worked example.
var seedWindows = calendar.NewMonthToDate(at("2026-09-16 10:42"), time.UTC)

// seedExample is the vendor's worked example as the API's hourly answer:
// 300 GB up to 16 August, 325 GB up to 16 September.
func seedExample() []nanostream.BytesPoint {
	return []nanostream.BytesPoint{
		{Timestamp: at("2026-08-01 00:00").Unix(), Ingest: f(20e9), Playout: f(280e9)},
		{Timestamp: at("2026-09-01 00:00").Unix(), Ingest: f(25e9), Playout: f(300e9)},
	}
}

func TestMonthToDateFrames(t *testing.T) {
	for _, view := range []View{ViewSummary, ViewTrend, ViewTable} {
		t.Run(string(view), func(t *testing.T) {
			experimental.CheckGoldenJSONFrame(t, "testdata", "month_to_date_"+string(view), MonthToDate(seedExample(), seedWindows, view), *update)
		})
	}
}

func TestMonthToDateWithoutPreviousTraffic(t *testing.T) {
	points := seedExample()[1:]
	experimental.CheckGoldenJSONFrame(t, "testdata", "month_to_date_table_no_previous", MonthToDate(points, seedWindows, ViewTable), *update)
}

func TestMonthToDateSummaryWithoutPreviousTrafficHasNoTrend(t *testing.T) {
	points := seedExample()
	points[0].Ingest = nil // no ingest last month
	experimental.CheckGoldenJSONFrame(t, "testdata", "month_to_date_summary_no_previous_ingest", MonthToDate(points, seedWindows, ViewSummary), *update)
}

func TestMonthToDateInTheFirstHourOfAMonth(t *testing.T) {
	windows := calendar.NewMonthToDate(at("2026-11-01 00:20"), time.UTC)
	experimental.CheckGoldenJSONFrame(t, "testdata", "month_to_date_summary_first_hour", MonthToDate(nil, windows, ViewSummary), *update)
}

func TestAnAnswerWithoutPointsIsAFrameWithoutRows(t *testing.T) {
	for name, frame := range map[string]*data.Frame{
		"maxViewers":       MaxViewers([]nanostream.ViewersPoint{}, fiveMinutes(), false),
		"maxViewers delta": MaxViewers(nil, fiveMinutes(), true),
		"byteUsage":        ByteUsage([]nanostream.BytesPoint{}, fiveMinutes()),
	} {
		assert.Zero(t, frame.Rows(), name)
		assert.GreaterOrEqual(t, len(frame.Fields), 2, "%s keeps its fields", name)
		assert.Equal(t, data.FrameTypeTimeSeriesWide, frame.Meta.Type, name)
		require.Len(t, frame.Meta.Notices, 1, name)
		assert.Equal(t, "The nanoStream API has no data for this time range and filter.", frame.Meta.Notices[0].Text)
	}
	assert.Equal(t, "Change in concurrent viewers", MaxViewers(nil, fiveMinutes(), true).Fields[1].Config.DisplayName)
}
