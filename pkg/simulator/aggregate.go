package simulator

// mode says what a series adds up.
type mode int

const (
	modeBytes   mode = iota // playout and ingest bytes, summed
	modeViewers             // concurrent viewers, maximum of the per-minute totals
)

// grid cuts time into buckets of size minutes starting at origin.
type grid struct{ origin, size int64 }

// start is the first minute of bucket i (counted from the origin).
func (g grid) start(i int64) int64 {
	return g.origin + i*g.size
}

// wholeRange is a grid whose single bucket covers every date in use.
var wholeRange = grid{origin: 0, size: 60 << 30}

// intervalGrids maps the interval parameter to its grid.
var intervalGrids = map[string]grid{
	intervalMinute: {0, 1},
	intervalHour:   {0, 60},
	intervalDay:    {0, minutesPerDay},
}

// bucket is one point of a series; start is in minutes since the epoch.
type bucket struct {
	start           int64
	playout, ingest int64
	viewers         int64
}

// empty reports whether the bucket has no data for its mode.
func (b bucket) empty() bool {
	return b.playout == 0 && b.ingest == 0 && b.viewers == 0
}

// clip limits [a, b) to the minutes with data: from the history start up to
// and including the minute in progress.
func (d *Dataset) clip(a, b int64) (lo, hi, now int64) {
	now = d.nowMinute()
	return max(a, d.histMin), min(b, now+1), now
}

// walk visits [lo, hi) in time order: whole final hours through hour (when
// a day cache may be used) and everything else as runs of minutes of at most
// a day.
func walk(lo, hi, now int64, useCache bool, hour func(start int64), minutes func(a, b int64)) {
	final := finalEnd(now)
	for m := lo; m < hi; {
		if useCache && floorMod(m, 60) == 0 && m+60 <= hi && m+60 <= final {
			hour(m)
			m += 60
			continue
		}
		end := min(hi, m+minutesPerDay)
		if useCache {
			end = min(hi, m-floorMod(m, 60)+60)
		}
		minutes(m, end)
		m = end
	}
}

// series computes the buckets of g that overlap [a, b) (minutes), every
// bucket counting only its minutes inside [a, b) that have data.
func (d *Dataset) series(sel *selection, a, b int64, g grid, md mode) []bucket {
	lo, hi, now := d.clip(a, b)
	if lo >= hi {
		return nil
	}
	first := floorDiv(lo-g.origin, g.size)
	out := make([]bucket, floorDiv(hi-1-g.origin, g.size)-first+1)
	for i := range out {
		out[i].start = g.start(first + int64(i))
	}
	at := func(m int64) *bucket { return &out[floorDiv(m-g.origin, g.size)-first] }
	useCache := g.size%60 == 0 && floorMod(g.origin, 60) == 0 && (md == modeBytes || sel.allViewers)
	streams := len(d.streams)
	var w minuteWork
	walk(lo, hi, now, useCache, func(start int64) {
		dayIdx, h := hourOf(start)
		day := d.hours.day(dayIdx)
		bk := at(start)
		if md == modeViewers {
			bk.viewers = max(bk.viewers, int64(day.maxTotal[h]))
			return
		}
		p, in := day.bytes(sel, h, streams)
		bk.playout += p
		bk.ingest += in
	}, func(a, b int64) {
		d.minuteSums(sel, a, b, now, md, &w)
		for i := range w.raw {
			bk := at(a + int64(i))
			bk.playout += w.playout[i]
			bk.ingest += w.ingest[i]
			bk.viewers = max(bk.viewers, w.viewers[i])
		}
	})
	return out
}

// minuteSums fills w.playout, w.ingest or w.viewers with the selection's
// per-minute totals over [a, b).
func (d *Dataset) minuteSums(sel *selection, a, b, now int64, md mode, w *minuteWork) {
	w.reset(int(b - a))
	for _, it := range sel.items {
		if md == modeViewers && it.mask == 0 {
			continue
		}
		w.load(it.s, a, now)
		for i := range w.raw {
			fresh := w.fresh[i]
			if fresh == 0 {
				continue
			}
			v := masked(&w.slots[i], it.mask)
			if md == modeViewers {
				w.viewers[i] += v
				continue
			}
			w.playout[i] += v * it.s.bytesPerViewerMinute
			if it.ingest {
				w.ingest[i] += it.s.ingestBytes(fresh)
			}
		}
	}
}

// streamTotals is the traffic of one selected stream over a range.
type streamTotals struct {
	slots  [maxSlots]int64 // playout bytes per audience slot
	ingest int64
}

// totals sums each selected stream's traffic over [a, b), parallel to sel.items.
func (d *Dataset) totals(sel *selection, a, b int64) []streamTotals {
	out := make([]streamTotals, len(sel.items))
	lo, hi, now := d.clip(a, b)
	if lo >= hi {
		return out
	}
	streams := len(d.streams)
	var w minuteWork
	walk(lo, hi, now, true, func(start int64) {
		dayIdx, h := hourOf(start)
		day := d.hours.day(dayIdx)
		for j, it := range sel.items {
			at := h*streams + it.s.idx
			for k := range it.s.slots {
				if it.mask&(1<<k) != 0 {
					out[j].slots[k] += int64(day.slotSums[at][k]) * it.s.bytesPerViewerMinute
				}
			}
			if it.ingest {
				out[j].ingest += int64(day.live[at]) * it.s.ingestPerMinute
			}
		}
	}, func(a, b int64) {
		w.reset(int(b - a))
		for j, it := range sel.items {
			w.load(it.s, a, now)
			for i := range w.raw {
				if w.fresh[i] == 0 {
					continue
				}
				for k := range it.s.slots {
					if it.mask&(1<<k) != 0 {
						out[j].slots[k] += int64(w.slots[i][k]) * it.s.bytesPerViewerMinute
					}
				}
				if it.ingest {
					out[j].ingest += it.s.ingestBytes(w.fresh[i])
				}
			}
		}
	})
	return out
}
