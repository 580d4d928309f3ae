package simulator

// dayAgg holds the final per-hour sums of one UTC day, per stream.
type dayAgg struct {
	slotSums [][maxSlots]int32 // viewer-minutes per slot, index hour*streams+stream
	live     []uint8           // live minutes, same index
	maxTotal [24]int32         // peak of all viewers of the organisation per hour
}

// computeDayAgg builds the aggregates of one day from the per-minute model.
func (d *Dataset) computeDayAgg(day int64) *dayAgg {
	n := len(d.streams)
	agg := &dayAgg{slotSums: make([][maxSlots]int32, 24*n), live: make([]uint8, 24*n)}
	var totals [minutesPerDay]int32
	var w minuteWork
	w.reset(minutesPerDay)
	start := day * minutesPerDay
	for _, s := range d.streams {
		w.load(s, start, farFuture)
		for i := range w.raw {
			if w.fresh[i] == 0 {
				continue
			}
			at := (i/60)*n + s.idx
			agg.live[at]++
			sums := &agg.slotSums[at]
			for k, v := range w.slots[i] {
				sums[k] += v
				totals[i] += v
			}
		}
	}
	for i, v := range totals {
		agg.maxTotal[i/60] = max(agg.maxTotal[i/60], v)
	}
	return agg
}

// bytes sums the playout and ingest bytes the selection keeps in hour h.
func (a *dayAgg) bytes(sel *selection, h, streams int) (playout, ingest int64) {
	for _, it := range sel.items {
		at := h*streams + it.s.idx
		playout += masked(&a.slotSums[at], it.mask) * it.s.bytesPerViewerMinute
		if it.ingest {
			ingest += int64(a.live[at]) * it.s.ingestPerMinute
		}
	}
	return playout, ingest
}
