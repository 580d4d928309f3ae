package frames

import (
	"time"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/calendar"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// totals is the traffic of one window, in bytes.
type totals struct {
	ingest  float64
	playout float64
}

// usage is ingest and playout together.
func (t totals) usage() float64 { return t.ingest + t.playout }

func (t *totals) add(p nanostream.BytesPoint) {
	if p.Ingest != nil {
		t.ingest += *p.Ingest
	}
	if p.Playout != nil {
		t.playout += *p.Playout
	}
}

// monthToDate is the traffic of both month-to-date windows.
type monthToDate struct {
	windows  calendar.MonthToDate
	previous totals
	current  totals
}

// sumMonthToDate assigns each bucket to the window its start falls in and
// adds it up; buckets outside both windows are ignored.
func sumMonthToDate(points []nanostream.BytesPoint, windows calendar.MonthToDate) monthToDate {
	out := monthToDate{windows: windows}
	for _, p := range points {
		t := time.Unix(p.Timestamp, 0)
		switch {
		case windows.Current.Contains(t):
			out.current.add(p)
		case windows.Previous.Contains(t):
			out.previous.add(p)
		}
	}
	return out
}

// category is one row of the month-to-date breakdown.
type category struct {
	key, name         string
	previous, current float64
}

// categories lists the breakdown in the order the dashboards show it.
func (m monthToDate) categories() []category {
	return []category{
		{"ingest", "Total Ingest", m.previous.ingest, m.current.ingest},
		{"playout", "Total Playout", m.previous.playout, m.current.playout},
		{"usage", "Total Usage", m.previous.usage(), m.current.usage()},
	}
}
