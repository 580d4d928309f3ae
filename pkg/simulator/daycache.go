package simulator

import "sync"

// dayCache computes a value per UTC day once, on first use, and keeps it.
// Only final minutes go into it, so a value never goes stale.
type dayCache[T any] struct {
	mu      sync.Mutex
	days    map[int64]*dayEntry[T]
	compute func(day int64) *T
}

type dayEntry[T any] struct {
	once sync.Once
	v    *T
}

func (c *dayCache[T]) init(compute func(day int64) *T) {
	c.days = map[int64]*dayEntry[T]{}
	c.compute = compute
}

// day returns the value of the UTC day with the given index (days since the
// epoch).
func (c *dayCache[T]) day(day int64) *T {
	c.mu.Lock()
	e := c.days[day]
	if e == nil {
		e = &dayEntry[T]{}
		c.days[day] = e
	}
	c.mu.Unlock()
	e.once.Do(func() { e.v = c.compute(day) })
	return e.v
}

// hourOf splits an hour's first minute into its day and hour of the day.
func hourOf(start int64) (day int64, h int) {
	day = floorDiv(start, minutesPerDay)
	return day, int((start - day*minutesPerDay) / 60)
}
