package simulator

import (
	"fmt"
	"net/netip"
)

// OrgHash is the organisation hash that prefixes every simulated stream name.
const OrgHash = "nS4kq"

// countryInfo describes a country of the simulated audience.
type countryInfo struct {
	code, name string
	offset     int64    // audience local time minus UTC, minutes (no daylight saving)
	cities     []string // largest first; viewers spread over them by Zipf weights
	neighbours []string // countries whose viewers also watch streams from here
	server     string   // nearest ingest server
	weight     int      // how often streams are ingested here (0: viewers only)
	addresses  int      // viewer addresses seen from here
}

var countryTable = []countryInfo{
	{"DE", "Germany", 60, []string{"Berlin", "Hamburg", "Munich", "Cologne", "Frankfurt", "Stuttgart", "Düsseldorf",
		"Leipzig", "Dortmund", "Essen", "Bremen", "Dresden", "Hanover", "Nuremberg", "Freiburg"},
		[]string{"AT", "CH", "NL", "PL"}, "ingest-fra-1.example.net", 30, 220},
	{"GB", "United Kingdom", 0, []string{"London", "Manchester", "Birmingham", "Glasgow", "Leeds", "Liverpool",
		"Bristol", "Edinburgh", "Sheffield", "Cardiff", "Belfast", "Nottingham"},
		[]string{"US", "NL", "ES"}, "ingest-lon-1.example.net", 12, 140},
	{"US", "United States", -300, []string{"New York", "Los Angeles", "Chicago", "Houston", "Phoenix", "Philadelphia",
		"San Antonio", "San Diego", "Dallas", "Austin", "Seattle", "Denver", "Boston", "Atlanta", "Miami", "Portland"},
		[]string{"GB", "BR", "DE"}, "ingest-nyc-1.example.net", 11, 160},
	{"FR", "France", 60, []string{"Paris", "Lyon", "Marseille", "Toulouse", "Nice", "Nantes", "Strasbourg",
		"Bordeaux", "Lille", "Rennes"},
		[]string{"CH", "ES", "IT"}, "ingest-par-1.example.net", 8, 100},
	{"NL", "Netherlands", 60, []string{"Amsterdam", "Rotterdam", "Utrecht", "The Hague", "Eindhoven", "Groningen",
		"Tilburg", "Nijmegen"},
		[]string{"DE", "GB"}, "ingest-ams-1.example.net", 8, 90},
	{"ES", "Spain", 60, []string{"Madrid", "Barcelona", "Valencia", "Seville", "Zaragoza", "Málaga", "Bilbao",
		"Palma", "Alicante"},
		[]string{"FR", "IT", "BR"}, "ingest-mad-1.example.net", 8, 90},
	{"PL", "Poland", 60, []string{"Warsaw", "Kraków", "Wrocław", "Łódź", "Poznań", "Gdańsk", "Szczecin", "Lublin"},
		[]string{"DE", "GB"}, "ingest-waw-1.example.net", 7, 80},
	{"BR", "Brazil", -180, []string{"São Paulo", "Rio de Janeiro", "Brasília", "Salvador", "Fortaleza",
		"Belo Horizonte", "Manaus", "Curitiba", "Recife", "Porto Alegre"},
		[]string{"US", "ES"}, "ingest-gru-1.example.net", 8, 80},
	{"IN", "India", 330, []string{"Mumbai", "Delhi", "Bengaluru", "Hyderabad", "Chennai", "Kolkata", "Pune",
		"Ahmedabad", "Jaipur", "Lucknow", "Kochi", "Chandigarh"},
		[]string{"GB", "US"}, "ingest-bom-1.example.net", 8, 90},
	{"AT", "Austria", 60, []string{"Vienna", "Graz", "Linz", "Salzburg", "Innsbruck", "Klagenfurt"},
		nil, "ingest-fra-1.example.net", 0, 60},
	{"CH", "Switzerland", 60, []string{"Zurich", "Geneva", "Basel", "Bern", "Lausanne", "Lucerne", "St. Gallen"},
		nil, "ingest-fra-1.example.net", 0, 60},
	{"IT", "Italy", 60, []string{"Milan", "Rome", "Naples", "Turin", "Bologna", "Florence", "Genoa", "Palermo",
		"Venice"},
		nil, "ingest-mil-1.example.net", 0, 60},
}

// countryByCode indexes countryTable.
var countryByCode = func() map[string]*countryInfo {
	m := make(map[string]*countryInfo, len(countryTable))
	for i := range countryTable {
		m[countryTable[i].code] = &countryTable[i]
	}
	return m
}()

// weighted is a list of keys, largest share first, with integer weights.
type weighted struct {
	keys    []string
	weights []int64
}

// zipf weighs n keys by rank: the first gets scale/(1+shift), the next
// scale/(2+shift), and so on.
func zipf(n int, scale, shift int64) []int64 {
	w := make([]int64, n)
	for i := range w {
		w[i] = scale / (int64(i) + 1 + shift)
	}
	return w
}

// cityShares spreads each country's viewers over its cities.
var cityShares = func() map[string]weighted {
	m := make(map[string]weighted, len(countryTable))
	for _, c := range countryTable {
		m[c.code] = weighted{keys: c.cities, weights: zipf(len(c.cities), 1000, 0)}
	}
	return m
}()

// HeavyAddress watches far more than any other viewer address: a server in
// Germany that pulls every stream with a German audience, the address a
// misuse review would look at first.
const HeavyAddress = "198.51.100.23"

// heavyShare is the heavy address's part of the German viewing, in percent.
const heavyShare = 20

// addressShares spreads each country's viewers over its addresses, drawn from
// the documentation ranges 192.0.2.0/24, 198.51.100.0/24 and 2001:db8::/32.
// It does not depend on the seed.
var addressShares = func() map[string]weighted {
	r := &rng{state: 0xadd7e55}
	var v4 []string
	for _, prefix := range []string{"192.0.2.", "198.51.100."} {
		for i := 1; i <= 254; i++ {
			if ip := fmt.Sprintf("%s%d", prefix, i); ip != HeavyAddress {
				v4 = append(v4, ip)
			}
		}
	}
	shuffle(r, v4)
	m := make(map[string]weighted, len(countryTable))
	for ci, c := range countryTable {
		keys := make([]string, 0, c.addresses+1)
		take := c.addresses * 2 / 5 // the rest are IPv6
		keys = append(keys, v4[:take]...)
		v4 = v4[take:]
		for len(keys) < c.addresses {
			var b [16]byte
			copy(b[:], []byte{0x20, 0x01, 0x0d, 0xb8, byte(ci + 1), byte(r.intn(256))})
			for j := 6; j < 16; j++ {
				b[j] = byte(r.intn(256))
			}
			keys = append(keys, netip.AddrFrom16(b).String())
		}
		shuffle(r, keys)
		weights := zipf(len(keys), 1_000_000, 8)
		if c.code == "DE" {
			var sum int64
			for _, w := range weights {
				sum += w
			}
			keys = append([]string{HeavyAddress}, keys...)
			weights = append([]int64{sum * heavyShare / (100 - heavyShare)}, weights...)
		}
		m[c.code] = weighted{keys: keys, weights: weights}
	}
	return m
}()

// shuffle permutes keys in place.
func shuffle(r *rng, keys []string) {
	for j := len(keys) - 1; j > 0; j-- {
		k := r.intn(j + 1)
		keys[j], keys[k] = keys[k], keys[j]
	}
}

// majorReferrers are the handful of sites that embed most players.
var majorReferrers = []string{
	"www.example.com", "live.example.org", "tv.example.net",
	"sport.example.org", "player.example.com", "events.example.net",
}

// minorReferrers are the long tail of sites that embed a player now and then:
// fan pages, forums, blogs.
var minorReferrers = func() []string {
	first := []string{"arena", "backstage", "clubhouse", "courtside", "fanzone", "matchday", "newsroom", "pitchside",
		"stage", "studio", "tribune", "kiosk", "lounge", "corner", "bulletin", "gazette", "chronicle", "locker",
		"paddock", "gallery"}
	second := []string{"blog", "forum", "daily", "weekly", "live", "hub", "times", "post", "radio", "community",
		"board", "report"}
	tlds := []string{"example", "example.com", "example.net", "example.org"}
	out := make([]string, 0, len(first)*len(second))
	for i, a := range first {
		for j, b := range second {
			out = append(out, fmt.Sprintf("%s-%s.%s", a, b, tlds[(i+j)%len(tlds)]))
		}
	}
	return out
}()

// webcasterReferrer is the referrer of browser (WebRTC) ingests; RTMP ingests have none.
const webcasterReferrer = "webcaster.example.com"

// noReferrer is the breakdown key of traffic without a referrer (apps,
// direct links).
const noReferrer = "unknown"

// tailStrides step through minorReferrers; each is coprime with its length.
var tailStrides = []int{7, 11, 13, 17, 19, 23, 29, 31}

// tailSites is how many of the long tail embed one stream.
const tailSites = 25

// referrersOf chooses the sites that embed a stream's player from its hash
// key: one or two major sites, direct traffic, and a long tail.
func referrersOf(key uint64) weighted {
	r := &rng{state: mix64(key ^ 0x7e7e)}
	var w weighted
	start := r.intn(len(majorReferrers))
	w.keys = append(w.keys, majorReferrers[start])
	w.weights = append(w.weights, int64(r.between(500, 1000)))
	if r.chance(0.6) {
		w.keys = append(w.keys, majorReferrers[(start+1+r.intn(len(majorReferrers)-1))%len(majorReferrers)])
		w.weights = append(w.weights, int64(r.between(100, 350)))
	}
	w.keys = append(w.keys, noReferrer)
	w.weights = append(w.weights, int64(r.between(40, 120)))
	first, stride := r.intn(len(minorReferrers)), tailStrides[r.intn(len(tailStrides))]
	for j, tw := range zipf(tailSites, 60, 0) {
		w.keys = append(w.keys, minorReferrers[(first+j*stride)%len(minorReferrers)])
		w.weights = append(w.weights, tw)
	}
	return w
}
