// Package usage adds byte usage up over the month-to-date windows.
package usage

import (
	"time"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/calendar"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// Totals is the traffic of one window, in bytes.
type Totals struct {
	Ingest  float64
	Playout float64
}

// Usage is ingest and playout together.
func (t Totals) Usage() float64 { return t.Ingest + t.Playout }

// MonthToDate is the traffic of both month-to-date windows.
type MonthToDate struct {
	Windows  calendar.MonthToDate
	Previous Totals
	Current  Totals
}

// SumMonthToDate assigns each bucket to the window its start falls in and
// adds it up; buckets outside both windows are ignored.
func SumMonthToDate(points []nanostream.BytesPoint, windows calendar.MonthToDate) MonthToDate {
	out := MonthToDate{Windows: windows}
	for _, p := range points {
		t := time.Unix(p.Timestamp, 0)
		switch {
		case windows.Current.Contains(t):
			out.Current.add(p)
		case windows.Previous.Contains(t):
			out.Previous.add(p)
		}
	}
	return out
}

func (t *Totals) add(p nanostream.BytesPoint) {
	if p.Ingest != nil {
		t.Ingest += *p.Ingest
	}
	if p.Playout != nil {
		t.Playout += *p.Playout
	}
}

// Category is one row of the month-to-date breakdown.
type Category struct {
	Key, Name         string
	Previous, Current float64
}

// Categories lists the breakdown in the order the dashboards show it.
func (m MonthToDate) Categories() []Category {
	return []Category{
		{"ingest", "Total Ingest", m.Previous.Ingest, m.Current.Ingest},
		{"playout", "Total Playout", m.Previous.Playout, m.Current.Playout},
		{"usage", "Total Usage", m.Previous.Usage(), m.Current.Usage()},
	}
}
