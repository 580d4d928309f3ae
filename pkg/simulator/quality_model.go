package simulator

import (
	"math"
	"time"
)

// The quality of service model: playback starts and their failures,
// buffering and the time to the first frame, per audience slot and minute.
// Three stories run through it:
//
//   - every evening, from 19:00 to 22:30 in its country, the 24/7 stream with
//     the largest audience restarts continuously (alert 22000, from 20:30 on
//     22001): its players reconnect, fail and buffer;
//   - viewers in CongestedCountry meet congested networks in their evening,
//     worst around 21:00 local time: fewer successful starts, slower starts,
//     more buffering;
//   - random ingest problems (the episodes behind the alerting route, a
//     duplicated ingest now and then among them) hurt their stream while
//     they last.
//
// Buffering also rises with the organisation's viewers (its peak of
// concurrent viewers in the hour, see busyness) and a little with the
// stream's own audience, so the buffering ratio follows the viewers.

// CongestedCountry is the country whose viewers meet congested networks
// every evening.
const CongestedCountry = "IN"

// causes of failed playback starts
const (
	causePlayer  = iota // the player or the browser, at a low steady rate
	causeNetwork        // the viewer's network: the congested country's evening
	causeIngest         // the stream's ingest: restarts, duplicates, slow or missing media
	causeCount
)

// impact is how a problem shows in playback.
type impact struct {
	errors    float64 // share of starts that fail
	buffering float64 // share of watching time spent buffering
	reconnect float64 // extra starts per viewer and minute: players reconnecting
	startupMs float64 // extra time to the first frame
}

// congested is the impact of the congested country's evening at its worst.
var congested = impact{errors: 0.16, buffering: 0.05, startupMs: 1600}

// congestionCurve is how congested the networks are by local minute of the
// day: 0 by day, 1 at 21:00.
var congestionCurve = func() (c [minutesPerDay]float64) {
	for i := range c {
		c[i] = bell(float64(i)/60, 21, 1.6)
	}
	return c
}()

// congestion is how congested the networks of country are at minute m.
func congestion(country string, m int64) float64 {
	if country != CongestedCountry {
		return 0
	}
	return congestionCurve[localMinute(m, countryByCode[country].offset)]
}

// Local times of the evening restarts.
const (
	restartFrom  = 19 * 60    // the ingest starts restarting
	restartWorse = 20*60 + 30 // and from here on delivers too little in between
	restartUntil = 22*60 + 30 // until it settles
)

// restartingStream is the 24/7 stream with the largest audience.
func restartingStream(streams []*stream) *stream {
	var pick *stream
	for _, s := range streams {
		if s.alwaysOn && (pick == nil || s.base > pick.base) {
			pick = s
		}
	}
	return pick
}

// restartAt reports whether s is restarting at minute m, the alert it raises
// and the minute that phase began.
func (s *stream) restartAt(m int64) (*alertKind, int64, bool) {
	if !s.restarts {
		return nil, 0, false
	}
	t := localMinute(m, s.offset)
	midnight := m - t
	switch {
	case t >= restartFrom && t < restartWorse:
		return kindByCode(22000), midnight + restartFrom, true
	case t >= restartWorse && t < restartUntil:
		return kindByCode(22001), midnight + restartWorse, true
	}
	return nil, 0, false
}

// restartImpact is the impact of the evening restarts, by the alert they
// raise: far worse than a random episode, so the story stands out.
var restartImpact = map[int]impact{
	22000: {errors: 0.08, buffering: 0.04, reconnect: 0.04, startupMs: 800},
	22001: {errors: 0.2, buffering: 0.08, reconnect: 0.08, startupMs: 1800},
}

// impactAt is the impact of the ingest problem of s at minute m.
func (s *stream) impactAt(m int64) impact {
	if kind, _, ok := s.restartAt(m); ok {
		return restartImpact[kind.code]
	}
	if kind, _, ok := s.episodeAt(m); ok {
		return kind.impact
	}
	return impact{}
}

// qualityTraits are a stream's own playback characteristics.
type qualityTraits struct {
	sessionMinutes float64 // average viewing session
	errorRate      float64 // share of starts that fail in the player or browser
	buffering      float64 // share of watching time spent buffering at low load
	startupMs      float64 // typical time to the first frame
}

// hash kinds of the quality model
const (
	hTraits = iota + 201
	hQuality
	hStartup
)

// traitsOf draws the quality traits of s from its hash key.
func traitsOf(s *stream) qualityTraits {
	q := qualityTraits{
		sessionMinutes: 12 + 14*unit(hash3(s.key, hTraits, 1)),
		errorRate:      0.006 + 0.012*unit(hash3(s.key, hTraits, 2)),
		buffering:      0.002 + 0.003*unit(hash3(s.key, hTraits, 3)),
		startupMs:      650 + 450*unit(hash3(s.key, hTraits, 4)),
	}
	if !s.abr {
		q.startupMs += 250
		q.buffering += 0.001
	}
	if highBitrate(s) {
		q.buffering += 0.003
	}
	if s.protocol == "webrtc" {
		q.startupMs += 120
	}
	return q
}

// qualityCell is the playback quality of one audience slot over some final
// minutes.
type qualityCell struct {
	starts    uint32
	errors    [causeCount]uint32
	watched   uint32 // viewer-minutes
	buffering uint32 // seconds spent buffering
}

// count32 is n as a cell's count. A minute's counts stay far below the
// limit; were one to exceed it, the count would stop at the limit instead of
// wrapping around.
func count32(n int64) uint32 {
	return uint32(min(max(n, 0), math.MaxUint32)) // #nosec G115 -- clamped to the uint32 range
}

func (c *qualityCell) add(o *qualityCell) {
	c.starts += o.starts
	for i := range c.errors {
		c.errors[i] += o.errors[i]
	}
	c.watched += o.watched
	c.buffering += o.buffering
}

func (c *qualityCell) empty() bool {
	return c.starts == 0 && c.watched == 0
}

// qualityWork is scratch space for the quality of one stream over a run of
// minutes.
type qualityWork struct {
	mw    minuteWork
	cells [][maxSlots]qualityCell
}

// frac16 is the i-th 16-bit quarter of h as a number in [0, 1).
func frac16(h uint64, i int) float64 {
	return float64((h>>(16*i))&0xffff) / (1 << 16)
}

// quality computes the playback quality of the audience slots of s for the
// minutes [a, a+len(busy)) into w.cells, treating every minute as final;
// busy is the organisation's busyness in those minutes. This is the only
// place quality numbers are made; each minute depends on nothing but the
// minute itself and the one before.
func (s *stream) quality(a int64, busy []float64, w *qualityWork) {
	n := len(busy)
	w.mw.reset(n + 1)
	w.mw.load(s, a-1, farFuture)
	if cap(w.cells) < n {
		w.cells = make([][maxSlots]qualityCell, n)
	}
	w.cells = w.cells[:n]
	growthDay, g := int64(math.MinInt64), 1.0
	for i := range w.cells {
		w.cells[i] = [maxSlots]qualityCell{}
		raw := w.mw.raw[i+1]
		if raw <= 0 {
			continue
		}
		m := a + int64(i)
		if day := floorDiv(m, minutesPerDay); day != growthDay {
			growthDay, g = day, growth(day)
		}
		load := math.Min(2, float64(raw)/(s.base*g)) // 1 at a typical peak
		imp := s.impactAt(m)
		h := hash3(s.key, hQuality, bitsOf(m))
		for k := range s.slots {
			v := int64(w.mw.slots[i+1][k])
			if v == 0 {
				continue
			}
			prev := int64(w.mw.slots[i][k])
			hk := mix64(h + uint64(k)) // #nosec G115 -- a small non-negative index as a hash input
			cong := congestion(s.slots[k].country, m)
			starts := int64(float64(v)/s.q.sessionMinutes + float64(max(0, v-prev)) + float64(v)*imp.reconnect + frac16(hk, 0))
			rates := [causeCount]float64{s.q.errorRate, congested.errors * cong, imp.errors}
			var errs [causeCount]int64
			total := int64(0)
			for c, rate := range rates {
				errs[c] = int64(float64(starts)*rate + frac16(hk, c+1))
				total += errs[c]
			}
			for c := causeCount - 1; c >= 0 && total > starts; c-- { // never more failures than starts
				cut := min(errs[c], total-starts)
				errs[c] -= cut
				total -= cut
			}
			share := s.q.buffering + 0.004*load + 0.04*busy[i] + congested.buffering*cong + imp.buffering
			buffering := int64(float64(v)*60*share + unit(mix64(hk)))
			cell := &w.cells[i][k]
			*cell = qualityCell{starts: count32(starts), watched: count32(v), buffering: count32(buffering)}
			for c, e := range errs {
				cell.errors[c] = count32(e)
			}
		}
	}
}

// startupMs is the median time to the first frame, in milliseconds, of the
// starts of slot k of s during the hour with the given index (hours since
// the epoch). It holds for the whole hour.
func (s *stream) startupMs(k int, hour int64) int64 {
	m := hour*60 + 30
	country := s.slots[k].country
	v := s.q.startupMs + 250*dailyCurve[localMinute(m, s.offset)] + congested.startupMs*congestion(country, m) + s.impactAt(m).startupMs
	if country != s.country {
		v += 150
	}
	v *= 1 + 0.08*signed(hash3(s.key, hStartup, bitsOf(hour<<3|int64(k))))
	return int64(v)
}

// Highlights names the parts of the generated world that tell a story, for
// tests and demonstrations.
type Highlights struct {
	// RestartingStream restarts continuously every evening from 19:00 to
	// 22:30 in its ingest country (RestartingOffset): alert 22000, from 20:30
	// on 22001; its success ratio falls, its buffering and startup time rise.
	RestartingStream string
	// RestartingOffset is the local time of RestartingStream minus UTC.
	RestartingOffset time.Duration
	// CongestedCountry's viewers fail, start slowly and buffer in their
	// evening, worst around 21:00 local time (CongestedOffset).
	CongestedCountry string
	CongestedOffset  time.Duration
	// HeavyAddress takes a fifth of the German playout: one viewer address
	// far ahead of all others in the address breakdown.
	HeavyAddress string
}

// Highlights names the parts of the world that tell a story.
func (d *Dataset) Highlights() Highlights {
	return Highlights{
		RestartingStream: d.restarts.name,
		RestartingOffset: time.Duration(d.restarts.offset) * time.Minute,
		CongestedCountry: CongestedCountry,
		CongestedOffset:  time.Duration(countryByCode[CongestedCountry].offset) * time.Minute,
		HeavyAddress:     HeavyAddress,
	}
}
