package calendar

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func utc(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestNewMonthToDate(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	kolkata, err := time.LoadLocation("Asia/Kolkata")
	require.NoError(t, err)

	tests := []struct {
		name                string
		now                 time.Time
		loc                 *time.Location
		prevFrom, prevTo    time.Time
		curFrom, curTo      time.Time
		prevLabel, curLabel string
	}{
		{
			name:     "the seed's example: 16 September against 16 August",
			now:      utc("2026-09-16 10:42"),
			prevFrom: utc("2026-08-01 00:00"), prevTo: utc("2026-08-16 10:00"),
			curFrom: utc("2026-09-01 00:00"), curTo: utc("2026-09-16 10:00"),
			prevLabel: "1–16 Aug 2026", curLabel: "1–16 Sep 2026",
		},
		{
			name:     "31 March against a February of 28 days ends with February",
			now:      utc("2026-03-31 18:05"),
			prevFrom: utc("2026-02-01 00:00"), prevTo: utc("2026-03-01 00:00"),
			curFrom: utc("2026-03-01 00:00"), curTo: utc("2026-03-31 18:00"),
			prevLabel: "1–28 Feb 2026", curLabel: "1–31 Mar 2026",
		},
		{
			name:     "29 February of a leap year against January",
			now:      utc("2028-02-29 23:59"),
			prevFrom: utc("2028-01-01 00:00"), prevTo: utc("2028-01-29 23:00"),
			curFrom: utc("2028-02-01 00:00"), curTo: utc("2028-02-29 23:00"),
			prevLabel: "1–29 Jan 2028", curLabel: "1–29 Feb 2028",
		},
		{
			name:     "30 March of a leap year: February has 29 days and ends the window",
			now:      utc("2028-03-30 06:30"),
			prevFrom: utc("2028-02-01 00:00"), prevTo: utc("2028-03-01 00:00"),
			curFrom: utc("2028-03-01 00:00"), curTo: utc("2028-03-30 06:00"),
			prevLabel: "1–29 Feb 2028", curLabel: "1–30 Mar 2028",
		},
		{
			name:     "the first hour of a month: both windows are empty",
			now:      utc("2026-11-01 00:59"),
			prevFrom: utc("2026-10-01 00:00"), prevTo: utc("2026-10-01 00:00"),
			curFrom: utc("2026-11-01 00:00"), curTo: utc("2026-11-01 00:00"),
			prevLabel: "1 Oct 2026", curLabel: "1 Nov 2026",
		},
		{
			name:     "January against December of the year before",
			now:      utc("2027-01-05 12:00"),
			prevFrom: utc("2026-12-01 00:00"), prevTo: utc("2026-12-05 12:00"),
			curFrom: utc("2027-01-01 00:00"), curTo: utc("2027-01-05 12:00"),
			prevLabel: "1–5 Dec 2026", curLabel: "1–5 Jan 2027",
		},
		{
			name:     "a billing time zone moves the month boundaries",
			now:      utc("2026-11-30 23:30"), // 1 December 00:30 in Berlin
			loc:      berlin,
			prevFrom: utc("2026-10-31 23:00"), prevTo: utc("2026-10-31 23:00"),
			curFrom: utc("2026-11-30 23:00"), curTo: utc("2026-11-30 23:00"),
			prevLabel: "1 Nov 2026", curLabel: "1 Dec 2026",
		},
		{
			name:     "the hour that a change back from summer time repeats: never an end in the future",
			now:      utc("2026-10-25 00:40"), // 02:40 CEST, before the clocks go back at 01:00 UTC
			loc:      berlin,
			prevFrom: utc("2026-08-31 22:00"), prevTo: utc("2026-09-25 00:00"),
			curFrom: utc("2026-09-30 22:00"), curTo: utc("2026-10-25 00:00"),
			prevLabel: "1–25 Sep 2026", curLabel: "1–25 Oct 2026",
		},
		{
			name:     "a zone half an hour off UTC: the windows end on whole UTC hours",
			now:      utc("2026-11-16 04:45"), // 10:15 in Kolkata
			loc:      kolkata,
			prevFrom: utc("2026-09-30 18:30"), prevTo: utc("2026-10-16 04:00"),
			curFrom: utc("2026-10-31 18:30"), curTo: utc("2026-11-16 04:00"),
			prevLabel: "1–16 Oct 2026", curLabel: "1–16 Nov 2026",
		},
		{
			name:     "a zone whose month began within the current UTC hour",
			now:      utc("2026-10-31 18:45"), // 1 November 00:15 in Kolkata
			loc:      kolkata,
			prevFrom: utc("2026-09-30 18:30"), prevTo: utc("2026-09-30 18:30"),
			curFrom: utc("2026-10-31 18:30"), curTo: utc("2026-10-31 18:30"),
			prevLabel: "1 Oct 2026", curLabel: "1 Nov 2026",
		},
		{
			name:     "a billing time zone across a daylight saving change keeps wall-clock times",
			now:      utc("2026-11-16 09:10"), // 10:10 in Berlin (CET); 16 October 10:00 was CEST
			loc:      berlin,
			prevFrom: utc("2026-09-30 22:00"), prevTo: utc("2026-10-16 08:00"),
			curFrom: utc("2026-10-31 23:00"), curTo: utc("2026-11-16 09:00"),
			prevLabel: "1–16 Oct 2026", curLabel: "1–16 Nov 2026",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := NewMonthToDate(tt.now, tt.loc)
			assert.True(t, tt.prevFrom.Equal(m.Previous.From), "previous from %s", m.Previous.From.UTC())
			assert.True(t, tt.prevTo.Equal(m.Previous.To), "previous to %s", m.Previous.To.UTC())
			assert.True(t, tt.curFrom.Equal(m.Current.From), "current from %s", m.Current.From.UTC())
			assert.True(t, tt.curTo.Equal(m.Current.To), "current to %s", m.Current.To.UTC())
			assert.Equal(t, tt.prevLabel, m.PreviousLabel())
			assert.Equal(t, tt.curLabel, m.CurrentLabel())
		})
	}
}

func TestSpanCoversBothWindowsInWholeUTCHours(t *testing.T) {
	kolkata, err := time.LoadLocation("Asia/Kolkata") // UTC+05:30
	require.NoError(t, err)
	m := NewMonthToDate(utc("2026-11-16 10:42"), kolkata)
	span := m.Span()
	assert.Equal(t, utc("2026-09-30 18:00"), span.From)
	assert.Equal(t, utc("2026-11-16 10:00"), span.To, "never after now")
	assert.False(t, span.From.After(m.Previous.From))
	assert.False(t, span.To.Before(m.Current.To))
	hours := m.Hours()
	assert.Equal(t, span, hours.Window)
	assert.Equal(t, "hour", hours.Interval)
	assert.Equal(t, 1120, hours.Count(), "30 September 18:00 to 16 November 10:00")
}

func TestChange(t *testing.T) {
	tests := []struct {
		name              string
		previous, current float64
		want              float64
		ok                bool
	}{
		{"the seed's example: 300 GB to 325 GB", 300e9, 325e9, 8.333333333333332, true},
		{"a fall", 200, 50, -75, true},
		{"no change", 10, 10, 0, true},
		{"a current window of zero", 10, 0, -100, true},
		{"no traffic in the previous window is undefined, not +Inf", 0, 10, 0, false},
		{"both empty (the first hour of a month)", 0, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Change(tt.previous, tt.current)
			assert.Equal(t, tt.ok, ok)
			assert.InDelta(t, tt.want, got, 1e-9)
		})
	}
}

func TestWindowLabelAcrossMonths(t *testing.T) {
	w := Window{From: utc("2026-10-30 00:00"), To: utc("2026-11-02 00:00")}
	assert.Equal(t, "30 Oct – 1 Nov 2026", w.Label(time.UTC))
	w = Window{From: utc("2026-12-30 00:00"), To: utc("2027-01-02 05:00")}
	assert.Equal(t, "30 Dec 2026 – 2 Jan 2027", w.Label(time.UTC))
}

func TestMonthsLabel(t *testing.T) {
	assert.Equal(t, "03/25 – 04/25", NewMonthToDate(utc("2025-04-08 12:00"), time.UTC).MonthsLabel())
	assert.Equal(t, "12/26 – 01/27", NewMonthToDate(utc("2027-01-05 12:00"), time.UTC).MonthsLabel())
}
