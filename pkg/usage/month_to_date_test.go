package usage

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/calendar"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

func point(at string, playout, ingest float64) nanostream.BytesPoint {
	t, _ := time.Parse("2006-01-02 15:04", at)
	return nanostream.BytesPoint{Timestamp: t.Unix(), Playout: &playout, Ingest: &ingest}
}

func TestSumMonthToDateAssignsBucketsByTheirStart(t *testing.T) {
	now, _ := time.Parse("2006-01-02 15:04", "2026-11-16 10:42")
	windows := calendar.NewMonthToDate(now, time.UTC) // 1 Oct–16 Oct 10:00 and 1 Nov–16 Nov 10:00
	points := []nanostream.BytesPoint{
		point("2026-10-01 00:00", 100, 10), // first bucket of the previous window
		point("2026-10-16 09:00", 200, 20), // last bucket of the previous window
		point("2026-10-16 10:00", 999, 99), // after the previous window: not counted
		point("2026-10-31 23:00", 999, 99), // rest of last month: not counted
		point("2026-11-01 00:00", 300, 30),
		point("2026-11-16 09:00", 400, 40),
		point("2026-11-16 10:00", 999, 99),                      // the hour in progress: not counted
		{Timestamp: windows.Current.From.Add(time.Hour).Unix()}, // a bucket without values
	}
	m := SumMonthToDate(points, windows)
	assert.Equal(t, Totals{Ingest: 30, Playout: 300}, m.Previous)
	assert.Equal(t, Totals{Ingest: 70, Playout: 700}, m.Current)
	assert.Equal(t, 770.0, m.Current.Usage())
	assert.Equal(t, []Category{
		{"ingest", "Total Ingest", 30, 70},
		{"playout", "Total Playout", 300, 700},
		{"usage", "Total Usage", 330, 770},
	}, m.Categories())
}
