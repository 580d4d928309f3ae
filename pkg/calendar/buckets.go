package calendar

import "time"

// Intervals a query may ask for; minute, hour and day are also the API's
// interval values.
const (
	IntervalAuto   = "auto"
	IntervalMinute = "minute"
	IntervalHour   = "hour"
	IntervalDay    = "day"
)

// autoMaxBuckets caps the points an automatic interval produces, so that a
// day reads as hourly points and a month as daily ones.
const autoMaxBuckets = 400

// Buckets is a query range cut into whole buckets of one interval, aligned
// in UTC so that the same relative range asks the same upstream request.
type Buckets struct {
	Window
	Interval string // minute, hour or day
	Step     time.Duration
}

var steps = []struct {
	interval string
	step     time.Duration
}{
	{IntervalMinute, time.Minute},
	{IntervalHour, time.Hour},
	{IntervalDay, 24 * time.Hour},
}

// NewBuckets aligns [from, to) to the interval asked for; "auto" takes the
// finest interval whose aligned buckets number at most maxDataPoints and 400.
func NewBuckets(from, to time.Time, interval string, maxDataPoints int64) Buckets {
	limit := autoMaxBuckets
	if maxDataPoints > 0 && maxDataPoints < int64(limit) {
		limit = int(maxDataPoints)
	}
	var b Buckets
	for _, s := range steps {
		b = aligned(from, to, s.interval, s.step)
		if s.interval == interval || (interval == IntervalAuto && b.Count() <= limit) {
			break
		}
	}
	return b
}

// aligned widens [from, to) to whole buckets of step, in UTC.
func aligned(from, to time.Time, interval string, step time.Duration) Buckets {
	start := from.UTC().Truncate(step)
	end := to.UTC().Truncate(step)
	if end.Before(to) {
		end = end.Add(step)
	}
	return Buckets{Window: Window{From: start, To: end}, Interval: interval, Step: step}
}

// Count is the number of buckets.
func (b Buckets) Count() int { return int(b.To.Sub(b.From) / b.Step) }

// Index is the bucket a unix-second timestamp falls in, or -1 outside.
func (b Buckets) Index(unix int64) int {
	t := time.Unix(unix, 0)
	if !b.Contains(t) {
		return -1
	}
	return int(t.Sub(b.From) / b.Step)
}
