package simulator

import (
	"maps"
	"sync"
)

// Stats counts what reached the simulator (admin routes excluded).
type Stats struct {
	Requests  int64            `json:"requests"`  // every request, throttled ones included
	ByRoute   map[string]int64 `json:"byRoute"`   // by route path without the /api prefix
	Throttled int64            `json:"throttled"` // answered with the throttling page
	Logins    int64            `json:"logins"`    // successful POST /authenticate
}

// statsCounter guards the counters.
type statsCounter struct {
	mu sync.Mutex
	s  Stats
}

func (c *statsCounter) request(route string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.s.Requests++
	if c.s.ByRoute == nil {
		c.s.ByRoute = map[string]int64{}
	}
	c.s.ByRoute[route]++
}

func (c *statsCounter) throttled() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.s.Throttled++
}

func (c *statsCounter) login() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.s.Logins++
}

// Stats returns a copy of the counters.
func (s *Simulator) Stats() Stats {
	s.stats.mu.Lock()
	defer s.stats.mu.Unlock()
	out := s.stats.s
	out.ByRoute = maps.Clone(s.stats.s.ByRoute)
	if out.ByRoute == nil {
		out.ByRoute = map[string]int64{}
	}
	return out
}

// ResetStats sets every counter back to zero.
func (s *Simulator) ResetStats() {
	s.stats.mu.Lock()
	defer s.stats.mu.Unlock()
	s.stats.s = Stats{}
}
