package simulator

import (
	"sort"
	"strings"
	"time"
)

// Filter narrows data to stream names, tags (all must match) and viewer or
// ingest countries; an empty list does not filter.
type Filter struct{ StreamNames, Tags, Countries []string }

// Stream is the public view of a simulated stream.
type Stream struct {
	Name    string
	Tags    []string
	Country string // ISO alpha-2 code of where the stream is ingested
}

// Country is a country with data, as listed by the countries route.
type Country struct{ Code, Name string }

// Dataset is the generated world: streams, audiences and their traffic.
type Dataset struct {
	now       func() time.Time
	histStart time.Time
	histMin   int64 // first minute with data, in minutes since the epoch
	streams   []*stream
	byName    map[string]*stream
	countries []Country
	known     map[string]bool // country codes with data
	tags      []string
	hours     dayCache[dayAgg]     // viewer and byte sums per hour
	qualities dayCache[qualityDay] // playback quality per hour
	slotBase  []int                // index of each stream's first audience slot among all slots
	slotCount int                  // audience slots of all streams
	restarts  *stream              // the stream that restarts every evening
	peakScale float64              // the sum of the streams' typical peaks of viewers
}

// newDataset builds the world of seed with history starting on the first of
// the month six months before start.
func newDataset(seed uint64, now func() time.Time, start time.Time) *Dataset {
	start = start.UTC()
	hist := time.Date(start.Year(), start.Month()-6, 1, 0, 0, 0, 0, time.UTC)
	d := &Dataset{
		now:       now,
		histStart: hist,
		histMin:   hist.Unix() / 60,
		streams:   buildStreams(seed),
		byName:    map[string]*stream{},
		known:     map[string]bool{},
	}
	for _, s := range d.streams {
		d.byName[s.name] = s
		d.known[s.country] = true
		for _, sl := range s.slots {
			d.known[sl.country] = true
		}
	}
	for _, c := range countryTable {
		if d.known[c.code] {
			d.countries = append(d.countries, Country{Code: c.code, Name: c.name})
		}
	}
	sort.Slice(d.countries, func(i, j int) bool { return d.countries[i].Code < d.countries[j].Code })
	d.tags = sortedTags(d.streams)
	for _, s := range d.streams {
		d.slotBase = append(d.slotBase, d.slotCount)
		d.slotCount += len(s.slots)
		d.peakScale += s.base
	}
	d.restarts = restartingStream(d.streams) // every world has 24/7 streams
	d.restarts.restarts = true
	d.hours.init(d.computeDayAgg)
	d.qualities.init(d.computeQualityDay)
	return d
}

// Streams lists the organisation's streams.
func (d *Dataset) Streams() []Stream {
	out := make([]Stream, len(d.streams))
	for i, s := range d.streams {
		out[i] = Stream{Name: s.name, Tags: append([]string(nil), s.tags...), Country: s.country}
	}
	return out
}

// Countries lists the countries that have viewers or ingests, by code.
func (d *Dataset) Countries() []Country {
	return append([]Country(nil), d.countries...)
}

// Tags lists the distinct stream tags, sorted.
func (d *Dataset) Tags() []string {
	return append([]string(nil), d.tags...)
}

// HistoryStart is the first instant with data; earlier buckets are empty.
func (d *Dataset) HistoryStart() time.Time {
	return d.histStart
}

// Bytes sums playout and ingest bytes over the whole minutes of [from, to).
func (d *Dataset) Bytes(from, to time.Time, f Filter) (playout, ingest int64) {
	b := d.series(d.selectFilter(f), toMinute(from), toMinute(to), wholeRange, modeBytes)
	for _, x := range b {
		playout += x.playout
		ingest += x.ingest
	}
	return playout, ingest
}

// MaxViewers is the largest total of concurrent viewers matching f over the
// minutes of [from, to).
func (d *Dataset) MaxViewers(from, to time.Time, f Filter) int64 {
	var peak int64
	for _, x := range d.series(d.selectFilter(f), toMinute(from), toMinute(to), wholeRange, modeViewers) {
		peak = max(peak, x.viewers)
	}
	return peak
}

// toMinute converts a time to minutes since the epoch, truncating.
func toMinute(t time.Time) int64 {
	return floorDiv(t.Unix(), 60)
}

// nowMinute is the minute in progress according to the clock.
func (d *Dataset) nowMinute() int64 {
	return toMinute(d.now())
}

// selected is a stream with the parts of it a filter keeps.
type selected struct {
	s      *stream
	mask   uint8 // audience slots kept
	ingest bool  // its ingest is kept
}

// selection is the result of applying a filter to the streams.
type selection struct {
	items      []selected
	allViewers bool // every viewer of every stream is kept
}

// selectFilter applies f; unknown values simply match nothing.
func (d *Dataset) selectFilter(f Filter) *selection {
	names := setOf(f.StreamNames, false)
	countries := setOf(f.Countries, true)
	sel := &selection{allViewers: true}
	for _, s := range d.streams {
		keep := len(names) == 0 || names[s.name]
		for _, t := range f.Tags {
			keep = keep && s.hasTag(t)
		}
		var mask uint8
		for i, sl := range s.slots {
			if len(countries) == 0 || countries[sl.country] {
				mask |= 1 << i
			}
		}
		full := mask == uint8(1<<len(s.slots))-1
		ingest := len(countries) == 0 || countries[s.country]
		if !keep || !full {
			sel.allViewers = false
		}
		if keep && (mask != 0 || ingest) {
			sel.items = append(sel.items, selected{s: s, mask: mask, ingest: ingest})
		}
	}
	return sel
}

// setOf makes a lookup set, upper-casing values when asked.
func setOf(values []string, upper bool) map[string]bool {
	if len(values) == 0 {
		return nil
	}
	m := make(map[string]bool, len(values))
	for _, v := range values {
		if upper {
			v = strings.ToUpper(v)
		}
		m[v] = true
	}
	return m
}
