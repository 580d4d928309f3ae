package calendar

import "time"

// MonthToDate compares this month so far with last month up to the same
// day and time. The current window ends on the last whole UTC hour, as the
// API's hourly data does.
type MonthToDate struct {
	Previous Window
	Current  Window
	Location *time.Location // the billing time zone the months follow
}

// NewMonthToDate computes the windows at now, with months in loc. Where last
// month is shorter than today's day of the month, its window ends with it.
func NewMonthToDate(now time.Time, loc *time.Location) MonthToDate {
	if loc == nil {
		loc = time.UTC
	}
	local := now.In(loc)
	curStart := time.Date(local.Year(), local.Month(), 1, 0, 0, 0, 0, loc)
	prevStart := time.Date(local.Year(), local.Month()-1, 1, 0, 0, 0, 0, loc)
	// absolute arithmetic: no wall-clock hour that a DST change repeats or skips
	end := now.Truncate(time.Hour).In(loc)
	if end.Before(curStart) { // a zone whose month began within this UTC hour
		end = curStart
	}

	prevEnd := curStart
	if end.Day() <= daysIn(prevStart) {
		prevEnd = time.Date(prevStart.Year(), prevStart.Month(), end.Day(), end.Hour(), end.Minute(), 0, 0, loc)
	}
	return MonthToDate{
		Previous: Window{From: prevStart, To: prevEnd},
		Current:  Window{From: curStart, To: end},
		Location: loc,
	}
}

// Span is the one range that covers both windows, in whole UTC hours: what
// a single upstream request has to fetch.
func (m MonthToDate) Span() Window {
	return Window{
		From: m.Previous.From.UTC().Truncate(time.Hour),
		To:   ceilHour(m.Current.To.UTC()),
	}
}

// Hours is the span cut into hourly buckets.
func (m MonthToDate) Hours() Buckets {
	return Buckets{Window: m.Span(), Interval: IntervalHour, Step: time.Hour}
}

// PreviousLabel and CurrentLabel name the windows by their days.
func (m MonthToDate) PreviousLabel() string { return m.Previous.Label(m.Location) }

// CurrentLabel names the current window by its days.
func (m MonthToDate) CurrentLabel() string { return m.Current.Label(m.Location) }

// MonthsLabel names the two months compared, as "10/26 – 11/26".
func (m MonthToDate) MonthsLabel() string {
	return m.Previous.From.In(m.Location).Format("01/06") + " – " + m.Current.From.In(m.Location).Format("01/06")
}

// Change is the percent change from previous to current. It is undefined
// (ok false) when the previous window had no traffic.
func Change(previous, current float64) (percent float64, ok bool) {
	if previous == 0 {
		return 0, false
	}
	return (current - previous) / previous * 100, true
}

func daysIn(monthStart time.Time) int {
	return monthStart.AddDate(0, 1, 0).Add(-time.Hour * 12).Day()
}

func ceilHour(t time.Time) time.Time {
	if f := t.Truncate(time.Hour); !f.Equal(t) {
		return f.Add(time.Hour)
	}
	return t
}
