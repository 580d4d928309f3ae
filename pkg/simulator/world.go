package simulator

import (
	"fmt"
	"math"
	"sort"
)

// maxSlots is the largest number of viewer countries of one stream.
const maxSlots = 4

// streamCount is how many streams the simulated organisation has.
const streamCount = 36

// slot is one country of a stream's audience with its fixed share.
type slot struct {
	country  string
	permille int // share of the stream's viewers
}

// stream is a simulated stream with everything its numbers are built from.
type stream struct {
	name     string
	tags     []string
	country  string // where it is ingested
	idx      int
	key      uint64 // hash key of the stream
	cat      *category
	alwaysOn bool
	offset   int64   // audience local time minus UTC, minutes
	base     float64 // typical viewers at the daily peak (or during an event)
	days     uint8   // weekdays with a scheduled event
	start    int64   // local start of the scheduled event, minutes after midnight
	dur      int64   // length of the scheduled event, minutes
	slots    []slot
	// bytes per viewer and minute, and ingest bytes per live minute
	bytesPerViewerMinute, ingestPerMinute int64
	playoutKbps, ingestKbps               int64
	abr                                   bool
	protocol                              string // rtmp or webrtc
	city                                  string // ingest city
	encoderIP                             string
	referrers                             weighted // sites that embed its player
	q                                     qualityTraits
	restarts                              bool // restarts continuously every evening
}

// hasTag reports whether the stream carries tag.
func (s *stream) hasTag(tag string) bool {
	for _, t := range s.tags {
		if t == tag {
			return true
		}
	}
	return false
}

// buildStreams creates the organisation's streams from the seed.
func buildStreams(seed uint64) []*stream {
	r := &rng{state: mix64(seed ^ 0x5eed)}
	used := map[string]bool{}
	streams := make([]*stream, 0, streamCount)
	for i := 0; i < streamCount; i++ {
		cat := &categories[i%len(categories)]
		if i >= len(categories) {
			cat = &categories[r.intn(len(categories))]
		}
		s := &stream{idx: i, cat: cat, key: hash3(seed, uint64(i), 0x57ea)} // #nosec G115 -- a non-negative index as a hash input
		s.name = uniqueName(r, used)
		s.country = pickIngestCountry(r)
		s.offset = countryByCode[s.country].offset
		s.alwaysOn = r.chance(cat.alwaysOn)
		if i < len(categories) && (cat.tag == "news" || cat.tag == "music") {
			s.alwaysOn = true
		}
		s.tags = []string{cat.tag}
		if len(cat.secondary) > 0 && r.chance(0.4) {
			s.tags = append(s.tags, cat.secondary[r.intn(len(cat.secondary))])
		}
		if s.alwaysOn {
			s.tags = append(s.tags, tag24x7)
			s.base = logUniform(r, 10, 100)
		} else {
			s.base = logUniform(r, cat.baseLo, cat.baseHi)
			s.days = cat.days
			s.start = int64(r.between(int(cat.startLo/15), int(cat.startHi/15))) * 15
			s.dur = int64(r.between(int(cat.durLo), int(cat.durHi)))
		}
		s.slots = buildSlots(r, s.country)
		s.playoutKbps = int64(r.between(10, 60)) * 100
		s.abr = r.chance(0.7)
		s.ingestKbps = s.playoutKbps
		if s.abr {
			s.ingestKbps = min(8000, (s.playoutKbps*5/4+99)/100*100)
		}
		s.bytesPerViewerMinute = s.playoutKbps * 1000 * 60 / 8
		s.ingestPerMinute = s.ingestKbps * 1000 * 60 / 8
		s.protocol = "rtmp"
		if r.chance(0.3) {
			s.protocol = "webrtc"
		}
		ci := countryByCode[s.country]
		s.city = ci.cities[r.intn(min(3, len(ci.cities)))]
		s.encoderIP = fmt.Sprintf("203.0.113.%d", 10+i)
		s.referrers = referrersOf(s.key)
		s.q = traitsOf(s)
		streams = append(streams, s)
	}
	return streams
}

// uniqueName draws an unused "<orgHash>-<suffix>" stream name.
func uniqueName(r *rng, used map[string]bool) string {
	const alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	for {
		b := make([]byte, 5)
		for j := range b {
			b[j] = alphabet[r.intn(len(alphabet))]
		}
		name := OrgHash + "-" + string(b)
		if !used[name] {
			used[name] = true
			return name
		}
	}
}

// pickIngestCountry draws a country weighted by where streams are ingested.
func pickIngestCountry(r *rng) string {
	total := 0
	for _, c := range countryTable {
		total += c.weight
	}
	n := r.intn(total)
	for _, c := range countryTable {
		if n < c.weight {
			return c.code
		}
		n -= c.weight
	}
	return countryTable[0].code
}

// buildSlots splits a stream's audience between its home and a few neighbours.
func buildSlots(r *rng, home string) []slot {
	ci := countryByCode[home]
	codes := []string{home}
	extra := r.between(1, min(3, len(ci.neighbours)))
	perm := append([]string(nil), ci.neighbours...)
	for j := len(perm) - 1; j > 0; j-- {
		k := r.intn(j + 1)
		perm[j], perm[k] = perm[k], perm[j]
	}
	codes = append(codes, perm[:extra]...)
	homeShare := r.between(55, 85) * 10
	rest := 1000 - homeShare
	slots := []slot{{country: home, permille: homeShare}}
	for j, code := range codes[1:] {
		share := rest / (len(codes) - 1 - j)
		if j < len(codes)-2 {
			share = int(float64(share) * (0.6 + 0.8*r.float()))
		}
		rest -= share
		slots = append(slots, slot{country: code, permille: share})
	}
	return slots
}

// logUniform draws a number between lo and hi, small values more likely.
func logUniform(r *rng, lo, hi float64) float64 {
	return lo * math.Pow(hi/lo, r.float())
}

// sortedTags lists the distinct tags of the streams.
func sortedTags(streams []*stream) []string {
	seen := map[string]bool{}
	var tags []string
	for _, s := range streams {
		for _, t := range s.tags {
			if !seen[t] {
				seen[t] = true
				tags = append(tags, t)
			}
		}
	}
	sort.Strings(tags)
	return tags
}
