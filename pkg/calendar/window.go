// Package calendar holds the time arithmetic of the plugin: month-to-date
// windows, their labels and the percent change between them, and the
// cutting of a query range into whole buckets.
package calendar

import (
	"fmt"
	"time"
)

// Window is the half-open time range [From, To).
type Window struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

// Empty reports whether the window holds no time at all.
func (w Window) Empty() bool { return !w.To.After(w.From) }

// Contains reports whether t lies inside the window.
func (w Window) Contains(t time.Time) bool {
	return !t.Before(w.From) && t.Before(w.To)
}

// Label names the days a window covers in loc, the way a person reads them:
// "1–16 Nov 2026", or "1 Nov 2026" for a single (or empty) day.
func (w Window) Label(loc *time.Location) string {
	first := w.From.In(loc)
	last := first
	if !w.Empty() {
		last = w.To.Add(-time.Nanosecond).In(loc)
	}
	switch {
	case first.Year() != last.Year():
		return fmt.Sprintf("%s – %s", first.Format("2 Jan 2006"), last.Format("2 Jan 2006"))
	case first.Month() != last.Month():
		return fmt.Sprintf("%s – %s", first.Format("2 Jan"), last.Format("2 Jan 2006"))
	case first.Day() != last.Day():
		return fmt.Sprintf("%d–%s", first.Day(), last.Format("2 Jan 2006"))
	}
	return first.Format("2 Jan 2006")
}
