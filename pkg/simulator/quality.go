package simulator

import (
	"math"
	"sort"
	"time"
)

// Quality numbers exist for final minutes only: a minute appears in the
// playback and monitoring routes once it is final (see freshMinutes), as the
// API computes them with a delay of a few minutes, and never changes after.

// qualityDay holds the playback quality of one UTC day per hour and audience
// slot.
type qualityDay struct {
	cells []qualityCell // index hour*slotCount + slotBase[stream] + slot
}

// computeQualityDay builds the quality of one day from the per-minute model.
func (d *Dataset) computeQualityDay(day int64) *qualityDay {
	q := &qualityDay{cells: make([]qualityCell, 24*d.slotCount)}
	var w qualityWork
	busy := d.busyness(day*minutesPerDay, minutesPerDay, nil)
	for _, s := range d.streams {
		s.quality(day*minutesPerDay, busy, &w)
		base := d.slotBase[s.idx]
		for i := range w.cells {
			row := q.cells[(i/60)*d.slotCount+base:]
			for k := range s.slots {
				row[k].add(&w.cells[i][k])
			}
		}
	}
	return q
}

// busyness is how busy the organisation's delivery is at each minute of
// [a, a+n), written to out: its peak of concurrent viewers in the hour, eased
// into the next hour's, relative to the sum of its streams' typical peaks.
func (d *Dataset) busyness(a int64, n int, out []float64) []float64 {
	peak := func(hour int64) float64 {
		day, h := hourOf(hour * 60)
		return float64(d.hours.day(day).maxTotal[h]) / (d.peakScale * growth(day))
	}
	out = out[:0]
	current := int64(math.MinInt64)
	var from, to float64
	for i := 0; i < n; i++ {
		m := a + int64(i)
		if hour := floorDiv(m, 60); hour != current {
			current, from, to = hour, peak(hour), peak(hour+1)
		}
		out = append(out, from+(to-from)*smoothstep(float64(m-current*60)/60))
	}
	return out
}

// FinalUntil is the end of the final minutes at the clock's time: the
// playback and monitoring routes report the minutes before it, and no number
// of a minute before it changes any more. It is the start of the fourth
// minute before the one in progress.
func (d *Dataset) FinalUntil() time.Time {
	return time.Unix(finalEnd(d.nowMinute())*60, 0).UTC()
}

// finalSpan limits [a, b) to the final minutes with data.
func (d *Dataset) finalSpan(a, b int64) (lo, hi, now int64) {
	lo, hi, now = d.clip(a, b)
	return lo, min(hi, finalEnd(now)), now
}

// bucketSpan gives the first bucket of g (counted from its origin) and the
// number of buckets that overlap the final minutes of [a, b).
func (d *Dataset) bucketSpan(a, b int64, g grid) (first int64, n int) {
	lo, hi, _ := d.finalSpan(a, b)
	if lo >= hi {
		return 0, 0
	}
	first = floorDiv(lo-g.origin, g.size)
	return first, int(floorDiv(hi-1-g.origin, g.size) - first + 1)
}

// qualityVisit hands every non-empty contribution of a selected audience
// slot over the final minutes of [a, b) to visit, in time order: bucket is
// the bucket of g it falls in (counted from the origin), j and k the item of
// sel and its slot, hour the hour it lies in (hours since the epoch). Whole
// hours come from the day cache when the buckets are whole hours.
func (d *Dataset) qualityVisit(sel *selection, a, b int64, g grid, visit func(bucket int64, j, k int, hour int64, c *qualityCell)) {
	lo, hi, now := d.finalSpan(a, b)
	if lo >= hi {
		return
	}
	useCache := g.size%60 == 0 && floorMod(g.origin, 60) == 0
	var w qualityWork
	var busy []float64
	run := make([][][maxSlots]qualityCell, len(sel.items))
	walk(lo, hi, now, useCache, func(start int64) {
		day, h := hourOf(start)
		cells := d.qualities.day(day).cells[h*d.slotCount:]
		bk, hour := floorDiv(start-g.origin, g.size), floorDiv(start, 60)
		for j, it := range sel.items {
			row := cells[d.slotBase[it.s.idx]:]
			for k := range it.s.slots {
				if it.mask&(1<<k) != 0 && !row[k].empty() {
					visit(bk, j, k, hour, &row[k])
				}
			}
		}
	}, func(a, b int64) {
		for c := a; c < b; c += 60 { // an hour at a time keeps the scratch space small
			n := int(min(b, c+60) - c)
			busy = d.busyness(c, n, busy)
			for j, it := range sel.items {
				if it.mask != 0 {
					it.s.quality(c, busy, &w)
					run[j] = append(run[j][:0], w.cells...)
				}
			}
			for i := 0; i < n; i++ {
				m := c + int64(i)
				bk, hour := floorDiv(m-g.origin, g.size), floorDiv(m, 60)
				for j, it := range sel.items {
					for k := range it.s.slots {
						if it.mask&(1<<k) != 0 && !run[j][i][k].empty() {
							visit(bk, j, k, hour, &run[j][i][k])
						}
					}
				}
			}
		}
	})
}

// qualitySums adds up quality cells.
type qualitySums struct {
	starts, watched, buffering int64
	errors                     [causeCount]int64
}

func (q *qualitySums) add(c *qualityCell) {
	q.starts += int64(c.starts)
	for i, e := range c.errors {
		q.errors[i] += int64(e)
	}
	q.watched += int64(c.watched)
	q.buffering += int64(c.buffering)
}

// failed is the number of starts that ended in an error.
func (q *qualitySums) failed() int64 {
	var n int64
	for _, e := range q.errors {
		n += e
	}
	return n
}

// groupSums sums the quality of the selection per group and bucket of g over
// the final minutes of [a, b). groupsOf lists the groups of slot k of item j
// at index j*maxSlots+k; a slot in no group is left out.
func (d *Dataset) groupSums(sel *selection, a, b int64, g grid, groups int, groupsOf [][]int) (first int64, sums [][]qualitySums) {
	first, n := d.bucketSpan(a, b, g)
	sums = make([][]qualitySums, groups)
	for i := range sums {
		sums[i] = make([]qualitySums, n)
	}
	// visit only the slots that belong to a group
	kept := &selection{}
	var keptGroups [][]int
	for j, it := range sel.items {
		it.mask = 0
		for k := range maxSlots {
			if len(groupsOf[j*maxSlots+k]) > 0 {
				it.mask |= 1 << k
			}
		}
		if it.mask != 0 {
			kept.items = append(kept.items, it)
			keptGroups = append(keptGroups, groupsOf[j*maxSlots:(j+1)*maxSlots]...)
		}
	}
	sel, groupsOf = kept, keptGroups
	d.qualityVisit(sel, a, b, g, func(bk int64, j, k int, _ int64, c *qualityCell) {
		for _, gi := range groupsOf[j*maxSlots+k] {
			sums[gi][bk-first].add(c)
		}
	})
	return first, sums
}

// splitGroups names the keys of split among the selected slots, in order of
// first appearance, and the groups of each selected slot for groupSums.
// The empty split puts every selected slot in the one group "".
func splitGroups(sel *selection, split string) (keys []string, groupsOf [][]int) {
	index := map[string]int{}
	group := func(key string) int {
		i, ok := index[key]
		if !ok {
			i = len(keys)
			index[key] = i
			keys = append(keys, key)
		}
		return i
	}
	groupsOf = make([][]int, len(sel.items)*maxSlots)
	for j, it := range sel.items {
		for k, sl := range it.s.slots {
			if it.mask&(1<<k) == 0 {
				continue
			}
			var g []int
			switch split {
			case SplitStreams:
				g = []int{group(it.s.name)}
			case SplitCountries:
				g = []int{group(sl.country)}
			case SplitTags:
				for _, t := range it.s.tags {
					g = append(g, group(t))
				}
			default:
				g = []int{group("")}
			}
			groupsOf[j*maxSlots+k] = g
		}
	}
	return keys, groupsOf
}

// qualitySeries sums the quality of everything f keeps per bucket of g over
// the final minutes of [a, b).
func (d *Dataset) qualitySeries(f Filter, a, b int64, g grid) (first int64, sums []qualitySums) {
	sel := d.selectFilter(f)
	_, groupsOf := splitGroups(sel, "")
	first, all := d.groupSums(sel, a, b, g, 1, groupsOf)
	return first, all[0]
}

// total sums the quality of everything f keeps over the final minutes of
// [from, to).
func (d *Dataset) total(from, to time.Time, f Filter) qualitySums {
	_, sums := d.qualitySeries(f, toMinute(from), toMinute(to), wholeRange)
	if len(sums) == 0 {
		return qualitySums{}
	}
	return sums[0]
}

// PlaybackStarts counts the playback starts that f keeps over the final
// minutes of [from, to), and how many of them failed: one bucket of the
// success ratio routes.
func (d *Dataset) PlaybackStarts(from, to time.Time, f Filter) (starts, errors int64) {
	q := d.total(from, to, f)
	return q.starts, q.failed()
}

// SuccessRatio is the success ratio the playback routes report for a number
// of starts and failed starts: the percent of starts without an error, to two
// decimals. Without starts there is none.
func SuccessRatio(starts, errors int64) (float64, bool) {
	if starts == 0 {
		return 0, false
	}
	return round2(float64(starts-errors) * 100 / float64(starts)), true
}

// round2 rounds to two decimals.
func round2(x float64) float64 {
	return math.Round(x*100) / 100
}

// PlaybackByKey lists the keys of split (SplitStreams, SplitTags or
// SplitCountries) that have playback starts over the final minutes of
// [from, to) under f, most starts first, ties by key: the order of the split
// success ratio routes. A key's numbers are those of f narrowed to it; a
// stream with several tags counts under each of them.
func (d *Dataset) PlaybackByKey(split string, from, to time.Time, f Filter) []PlaybackTotal {
	return d.playbackByKey(d.selectFilter(f), split, toMinute(from), toMinute(to))
}

func (d *Dataset) playbackByKey(sel *selection, split string, a, b int64) []PlaybackTotal {
	keys, groupsOf := splitGroups(sel, split)
	_, sums := d.groupSums(sel, a, b, wholeRange, len(keys), groupsOf)
	out := []PlaybackTotal{}
	for i, key := range keys {
		if len(sums[i]) == 0 || sums[i][0].starts == 0 {
			continue
		}
		q := &sums[i][0]
		ratio, _ := SuccessRatio(q.starts, q.failed())
		out = append(out, PlaybackTotal{Key: key, PlaybackStarts: q.starts, Errors: q.failed(), SuccessRatio: ratio})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].PlaybackStarts != out[j].PlaybackStarts {
			return out[i].PlaybackStarts > out[j].PlaybackStarts
		}
		return out[i].Key < out[j].Key
	})
	return out
}

// maxWorst is how many streams the worst-streams route lists.
const maxWorst = 100

// WorstStreams is what the worst-streams route answers: the streams with
// playback starts under f over the final minutes of [from, to), the largest
// share of failed starts first (ties: more starts first, then by name), at
// most 100.
func (d *Dataset) WorstStreams(from, to time.Time, f Filter) []PlaybackTotal {
	out := d.PlaybackByKey(SplitStreams, from, to, f)
	sort.SliceStable(out, func(i, j int) bool {
		// compare errors/starts exactly
		return out[i].Errors*out[j].PlaybackStarts > out[j].Errors*out[i].PlaybackStarts
	})
	return out[:min(len(out), maxWorst)]
}

// BufferingRatio is the share of watching time spent buffering, in percent
// to two decimals, of the audience f keeps over the final minutes of
// [from, to): one bucket of the buffering ratio route. Without viewers there
// is none.
func (d *Dataset) BufferingRatio(from, to time.Time, f Filter) (float64, bool) {
	return bufferingRatio(d.total(from, to, f))
}

func bufferingRatio(q qualitySums) (float64, bool) {
	if q.watched == 0 {
		return 0, false
	}
	return round2(float64(q.buffering) * 100 / float64(q.watched*60)), true
}

// StartupTime is the median time to the first frame, in seconds, of the
// playback starts f keeps over the final minutes of [from, to): one bucket
// of the startup time route. Every start of an audience slot within one hour
// takes that slot's time of the hour; the median is the lower weighted
// median. Without starts there is none.
func (d *Dataset) StartupTime(from, to time.Time, f Filter) (float64, bool) {
	var seconds float64
	found := false
	d.startupMedians(d.selectFilter(f), toMinute(from), toMinute(to), wholeRange, func(_ int64, ms int64) {
		seconds, found = float64(ms)/1000, true
	})
	return seconds, found
}

// startupEntry is the startup time of some starts.
type startupEntry struct{ ms, starts int64 }

// startupMedians hands the median startup time in milliseconds of every
// bucket of g with starts to emit, in time order.
func (d *Dataset) startupMedians(sel *selection, a, b int64, g grid, emit func(bucket, ms int64)) {
	var entries []startupEntry
	current := int64(math.MinInt64)
	flush := func() {
		if len(entries) > 0 {
			emit(current, weightedMedian(entries))
			entries = entries[:0]
		}
	}
	type level struct{ hour, ms int64 }
	levels := make([]level, len(sel.items)*maxSlots)
	for i := range levels {
		levels[i].hour = math.MinInt64
	}
	d.qualityVisit(sel, a, b, g, func(bk int64, j, k int, hour int64, c *qualityCell) {
		if c.starts == 0 {
			return
		}
		if bk != current {
			flush()
			current = bk
		}
		l := &levels[j*maxSlots+k]
		if l.hour != hour {
			l.hour, l.ms = hour, sel.items[j].s.startupMs(k, hour)
		}
		entries = append(entries, startupEntry{ms: l.ms, starts: int64(c.starts)})
	})
	flush()
}

// weightedMedian is the smallest time that at least half of the starts do
// not exceed.
func weightedMedian(entries []startupEntry) int64 {
	sort.Slice(entries, func(i, j int) bool { return entries[i].ms < entries[j].ms })
	var total, cum int64
	for _, e := range entries {
		total += e.starts
	}
	for _, e := range entries {
		cum += e.starts
		if 2*cum >= total {
			return e.ms
		}
	}
	return 0
}
