package frames

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/calendar"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

func bytesAt(start string, playout, ingest float64) nanostream.BytesPoint {
	return nanostream.BytesPoint{Timestamp: at(start).Unix(), Playout: &playout, Ingest: &ingest}
}

func TestSumMonthToDateAssignsBucketsByTheirStart(t *testing.T) {
	windows := calendar.NewMonthToDate(at("2026-11-16 10:42"), time.UTC) // 1 Oct–16 Oct 10:00 and 1 Nov–16 Nov 10:00
	points := []nanostream.BytesPoint{
		bytesAt("2026-10-01 00:00", 100, 10), // first bucket of the previous window
		bytesAt("2026-10-16 09:00", 200, 20), // last bucket of the previous window
		bytesAt("2026-10-16 10:00", 999, 99), // after the previous window: not counted
		bytesAt("2026-10-31 23:00", 999, 99), // rest of last month: not counted
		bytesAt("2026-11-01 00:00", 300, 30),
		bytesAt("2026-11-16 09:00", 400, 40),
		bytesAt("2026-11-16 10:00", 999, 99),                    // the hour in progress: not counted
		{Timestamp: windows.Current.From.Add(time.Hour).Unix()}, // a bucket without values
	}
	m := sumMonthToDate(points, windows)
	assert.Equal(t, totals{ingest: 30, playout: 300}, m.previous)
	assert.Equal(t, totals{ingest: 70, playout: 700}, m.current)
	assert.Equal(t, 770.0, m.current.usage())
	assert.Equal(t, []category{
		{"ingest", "Total Ingest", 30, 70},
		{"playout", "Total Playout", 300, 700},
		{"usage", "Total Usage", 330, 770},
	}, m.categories())
}
