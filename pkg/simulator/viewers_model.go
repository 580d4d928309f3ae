package simulator

import (
	"math"
	"sort"
)

const minutesPerDay = 1440

// dailyCurve is the audience factor by local minute of the day: a trough
// before dawn, a plateau around lunch and the peak in the evening.
var dailyCurve = func() (c [minutesPerDay]float64) {
	for i := range c {
		t := float64(i) / 60
		evening := bell(t, 20.5, 2.8)
		midday := 0.45 * bell(t, 13, 3.5)
		c[i] = 0.07 + 0.93*math.Min(1, evening+midday*(1-evening))
	}
	return c
}()

// bell is a bell curve over the hours of a day, 1 at centre, wrapping
// around midnight.
func bell(t, centre, width float64) float64 {
	d := math.Abs(t - centre)
	if d > 12 {
		d = 24 - d
	}
	return math.Exp(-(d / width) * (d / width))
}

// localMinute is the minute of the day at m for an audience offset minutes
// ahead of UTC.
func localMinute(m, offset int64) int64 {
	return floorMod(m+offset, minutesPerDay)
}

// episode kinds
const (
	episodeEvent  = iota // a scheduled or extra event of an event stream
	episodeSpike         // a traffic spike of a 24/7 stream
	episodeOutage        // a 24/7 stream is down
)

// episode is a stretch of minutes [start, end) with special behaviour.
type episode struct {
	start, end int64
	mult       float64
	kind       int
}

// hash kinds keep the different draws of one stream independent
const (
	hEventMult = iota + 1
	hBigEvent
	hExtraEvent
	hSpike
	hSpikeMult
	hOutage
	hSlowNoise
	hFastNoise
	hJitter
)

// episodes lists the stream's episodes overlapping [a, b), by start.
func (s *stream) episodes(a, b int64) []episode {
	var eps []episode
	first := floorDiv(a+s.offset, minutesPerDay) - 1
	last := floorDiv(b-1+s.offset, minutesPerDay)
	for day := first; day <= last; day++ {
		midnight := day*minutesPerDay - s.offset // UTC minute of local midnight
		d := bitsOf(day)
		if s.alwaysOn {
			if h := hash3(s.key, hSpike, d); unit(h) < 0.1 {
				start := midnight + 9*60 + int64((h>>20)%52)*15 // #nosec G115 -- a hash reduced modulo a small number
				length := 30 + int64((h>>30)%91)                // #nosec G115 -- a hash reduced modulo a small number
				eps = append(eps, episode{start, start + length, 1.6 + 1.6*unit(hash3(s.key, hSpikeMult, d)), episodeSpike})
			}
			if h := hash3(s.key, hOutage, d); unit(h) < 0.03 {
				start := midnight + int64((h>>20)%96)*15                                            // #nosec G115 -- a hash reduced modulo a small number
				eps = append(eps, episode{start, start + 10 + int64((h>>30)%36), 0, episodeOutage}) // #nosec G115 -- a hash reduced modulo a small number
			}
			continue
		}
		weekday := floorMod(day+4, 7) // 1970-01-01 was a Thursday
		mult := 0.7 + 0.6*unit(hash3(s.key, hEventMult, d))
		if h := hash3(s.key, hBigEvent, d); unit(h) < 0.05 {
			mult *= 2 + unit(mix64(h))
		}
		if s.days&(1<<weekday) != 0 {
			start := midnight + s.start
			eps = append(eps, episode{start, start + s.dur, mult, episodeEvent})
		} else if h := hash3(s.key, hExtraEvent, d); unit(h) < 0.06 {
			start := midnight + 17*60 + int64((h>>20)%20)*15 // #nosec G115 -- a hash reduced modulo a small number
			eps = append(eps, episode{start, start + s.dur, mult * 0.8, episodeEvent})
		}
	}
	kept := eps[:0]
	for _, e := range eps {
		if e.end > a && e.start < b {
			kept = append(kept, e)
		}
	}
	sort.Slice(kept, func(i, j int) bool { return kept[i].start < kept[j].start })
	return kept
}

// covering returns the episode that decides minute m: the first of eps (by
// start) that covers it.
func covering(eps []episode, m int64) (episode, bool) {
	for _, e := range eps {
		if m >= e.start && m < e.end {
			return e, true
		}
	}
	return episode{}, false
}

// liveAt reports whether s is on air at minute m; eps must cover m.
func (s *stream) liveAt(eps []episode, m int64) bool {
	e, ok := covering(eps, m)
	if !ok {
		return s.alwaysOn
	}
	return e.kind != episodeOutage
}

// stateSince reports whether s is on air at now and the minute the current
// run on or off air began. It looks back to a day boundary about a week ago,
// so a run older than that keeps a stable start for a day.
func (s *stream) stateSince(now int64) (since int64, live bool) {
	start := floorDiv(now-liveLookback, minutesPerDay) * minutesPerDay
	eps := s.episodes(start, now+1)
	live = s.liveAt(eps, now)
	// being on air changes only where an episode starts or ends
	var cuts []int64
	for _, e := range eps {
		for _, c := range [2]int64{e.start, e.end} {
			if c > start && c <= now {
				cuts = append(cuts, c)
			}
		}
	}
	sort.Slice(cuts, func(i, j int) bool { return cuts[i] > cuts[j] })
	for _, c := range cuts {
		if s.liveAt(eps, c-1) != live {
			return c, live
		}
	}
	return start, live
}

// smoothstep eases x in [0, 1].
func smoothstep(x float64) float64 {
	return x * x * (3 - 2*x)
}

// knotNoise interpolates hashed values at knots every period minutes; it
// remembers the last pair of knots so sequential minutes hash rarely.
type knotNoise struct {
	key, kind uint64
	period    int64
	k         int64
	a, b      float64
	valid     bool
}

func (n *knotNoise) at(m int64) float64 {
	k := floorDiv(m, n.period)
	if !n.valid || k != n.k {
		n.k, n.valid = k, true
		n.a = signed(hash3(n.key, n.kind, bitsOf(k)))
		n.b = signed(hash3(n.key, n.kind, bitsOf(k+1)))
	}
	f := float64(m-k*n.period) / float64(n.period)
	return n.a + (n.b-n.a)*smoothstep(f)
}

// growth is a slow organisation-wide trend of about 3 % a month, constant
// within a UTC day.
func growth(day int64) float64 {
	const reference = 20454 // 2026-01-01
	return math.Pow(1.03, float64(day-reference)/30)
}

// rawViewers writes the viewers of s for the minutes a, a+1, ... into out,
// before the country split and the freshness scaling; -1 means offline.
// This is the only place viewer numbers are made.
func (s *stream) rawViewers(a int64, out []int32) {
	eps := s.episodes(a, a+int64(len(out)))
	slow := knotNoise{key: s.key, kind: hSlowNoise, period: 360}
	fast := knotNoise{key: s.key, kind: hFastNoise, period: 15}
	growthDay, g := int64(math.MinInt64), 1.0
	for i := range out {
		m := a + int64(i)
		live, mult, ramp := s.alwaysOn, 1.0, 1.0
		if e, ok := covering(eps, m); ok {
			since, left := float64(m-e.start+1), float64(e.end-m)
			switch e.kind {
			case episodeOutage:
				live = false
			case episodeSpike:
				mult *= 1 + (e.mult-1)*smoothstep(math.Min(1, math.Min(since, left)/10))
			case episodeEvent:
				live, mult = true, e.mult
				ramp = 0.25 + 0.75*smoothstep(math.Min(1, since/15))
				if left < 10 {
					ramp *= 0.55 + 0.045*left
				}
			}
		}
		if !live {
			out[i] = -1
			continue
		}
		if day := floorDiv(m, minutesPerDay); day != growthDay {
			growthDay, g = day, growth(day)
		}
		local := m + s.offset
		localDay := floorDiv(local, minutesPerDay)
		daily := dailyCurve[local-localDay*minutesPerDay]
		weekly := s.cat.weekly[floorMod(localDay+4, 7)]
		noise := 1 + 0.12*slow.at(m) + 0.07*fast.at(m) + 0.03*signed(hash3(s.key, hJitter, bitsOf(m)))
		var v float64
		if s.alwaysOn {
			v = s.base * (0.06 + 0.94*daily) * weekly * noise * mult * g
		} else {
			v = s.base * mult * ramp * (0.7 + 0.3*daily) * weekly * noise * g
		}
		out[i] = int32(v)
	}
}
