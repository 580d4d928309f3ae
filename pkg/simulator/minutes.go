package simulator

// freshMinutes is how many of the newest minutes are still incomplete: the
// minute in progress holds 1/6 of its final numbers, the one before 2/6, and
// so on; older minutes are final.
const freshMinutes = 5

// farFuture is a "now" that makes every minute final.
const farFuture = int64(1) << 50

// finalEnd is the first minute that is not final yet when the minute in
// progress is now.
func finalEnd(now int64) int64 {
	return now - (freshMinutes - 1)
}

// minuteWork holds per-minute scratch space for runs of at most a day.
type minuteWork struct {
	raw     []int32
	slots   [][maxSlots]int32
	fresh   []uint8 // 6 = final, 1..5 = share collected so far (sixths), 0 = offline
	playout []int64
	ingest  []int64
	viewers []int64
}

// reset sizes the buffers for n minutes and zeroes the sums.
func (w *minuteWork) reset(n int) {
	if cap(w.raw) < n {
		w.raw = make([]int32, n)
		w.slots = make([][maxSlots]int32, n)
		w.fresh = make([]uint8, n)
		w.playout = make([]int64, n)
		w.ingest = make([]int64, n)
		w.viewers = make([]int64, n)
	}
	w.raw, w.slots, w.fresh = w.raw[:n], w.slots[:n], w.fresh[:n]
	w.playout, w.ingest, w.viewers = w.playout[:n], w.ingest[:n], w.viewers[:n]
	clear(w.playout)
	clear(w.ingest)
	clear(w.viewers)
}

// load computes the viewers of s per audience slot for the minutes
// [a, a+len(w.raw)), split by the fixed country shares and scaled down for
// minutes that are not final yet at now.
func (w *minuteWork) load(s *stream, a, now int64) {
	s.rawViewers(a, w.raw)
	n := len(s.slots)
	for i, v := range w.raw {
		if v < 0 {
			w.fresh[i] = 0
			w.slots[i] = [maxSlots]int32{}
			continue
		}
		var parts [maxSlots]int32
		rest := v
		for k := 1; k < n; k++ {
			parts[k] = int32(int64(v) * int64(s.slots[k].permille) / 1000) // #nosec G115 -- at most v: the shares are 0 to 1000 permille
			rest -= parts[k]
		}
		parts[0] = rest
		fresh := int32(6)
		if age := now - (a + int64(i)); age < freshMinutes {
			fresh = int32(max(age, 0)) + 1 // #nosec G115 -- an age in minutes, at most the minutes of the data span; no caller loads a minute after now; it would count as the one in progress
			for k := 0; k < n; k++ {
				parts[k] = parts[k] * fresh / 6
			}
		}
		w.slots[i] = parts
		w.fresh[i] = uint8(fresh) // #nosec G115 -- at most the few incomplete newest minutes
	}
}

// ingestBytes is what s ingests in a minute with the given freshness.
func (s *stream) ingestBytes(fresh uint8) int64 {
	return s.ingestPerMinute * int64(fresh) / 6
}

// masked sums the slots kept by mask.
func masked(parts *[maxSlots]int32, mask uint8) int64 {
	var v int64
	for k := 0; k < maxSlots; k++ {
		if mask&(1<<k) != 0 {
			v += int64(parts[k])
		}
	}
	return v
}
