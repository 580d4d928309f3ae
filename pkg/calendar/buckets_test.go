package calendar

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestNewBuckets(t *testing.T) {
	now := utc("2026-11-23 14:37").Add(25 * time.Second)
	tests := []struct {
		name          string
		from, to      time.Time
		interval      string
		maxDataPoints int64
		wantInterval  string
		wantFrom      time.Time
		wantTo        time.Time
		wantCount     int
	}{
		{"last hour, auto: minutes", now.Add(-time.Hour), now, "auto", 1000, "minute", utc("2026-11-23 13:37"), utc("2026-11-23 14:38"), 61},
		{"last day, auto: hours, as the vendor's 1D view", now.Add(-24 * time.Hour), now, "auto", 1500, "hour", utc("2026-11-22 14:00"), utc("2026-11-23 15:00"), 25},
		{"last week, auto: hours", now.Add(-7 * 24 * time.Hour), now, "auto", 1500, "hour", utc("2026-11-16 14:00"), utc("2026-11-23 15:00"), 169},
		{"last 90 days, auto: days", now.Add(-90 * 24 * time.Hour), now, "auto", 1500, "day", utc("2026-08-25 00:00"), utc("2026-11-24 00:00"), 91},
		{"a narrow panel's max data points push auto coarser", now.Add(-3 * time.Hour), now, "auto", 100, "hour", utc("2026-11-23 11:00"), utc("2026-11-23 15:00"), 4},
		{"an explicit interval wins", now.Add(-24 * time.Hour), now, "minute", 100, "minute", utc("2026-11-22 14:37"), utc("2026-11-23 14:38"), 1441},
		{"aligned bounds stay as they are", utc("2026-11-23 10:00"), utc("2026-11-23 12:00"), "hour", 0, "hour", utc("2026-11-23 10:00"), utc("2026-11-23 12:00"), 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewBuckets(tt.from, tt.to, tt.interval, tt.maxDataPoints)
			assert.Equal(t, tt.wantInterval, b.Interval)
			assert.Equal(t, tt.wantFrom, b.From)
			assert.Equal(t, tt.wantTo, b.To)
			assert.Equal(t, tt.wantCount, b.Count())
		})
	}
}

func TestBucketsIndex(t *testing.T) {
	b := NewBuckets(utc("2026-11-23 10:00"), utc("2026-11-23 13:00"), "hour", 0)
	assert.Equal(t, 0, b.Index(utc("2026-11-23 10:00").Unix()))
	assert.Equal(t, 2, b.Index(utc("2026-11-23 12:59").Unix()))
	assert.Equal(t, -1, b.Index(utc("2026-11-23 13:00").Unix()))
	assert.Equal(t, -1, b.Index(utc("2026-11-23 09:59").Unix()))
}

func TestRelativeRangesAskTheSameBuckets(t *testing.T) {
	a := NewBuckets(utc("2026-11-23 13:37").Add(5*time.Second), utc("2026-11-23 14:37").Add(5*time.Second), "auto", 1000)
	b := NewBuckets(utc("2026-11-23 13:37").Add(40*time.Second), utc("2026-11-23 14:37").Add(40*time.Second), "auto", 1000)
	assert.Equal(t, a, b)
}
