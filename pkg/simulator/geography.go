package simulator

// OrgHash is the organisation hash that prefixes every simulated stream name.
const OrgHash = "nS4kq"

// countryInfo describes a country of the simulated audience.
type countryInfo struct {
	code, name string
	offset     int64    // audience local time minus UTC, minutes (no daylight saving)
	cities     []string // largest first
	cityShares []int64  // relative weights of cities
	neighbours []string // countries whose viewers also watch streams from here
	server     string   // nearest ingest server
	weight     int      // how often streams are ingested here (0: viewers only)
}

var countryTable = []countryInfo{
	{"DE", "Germany", 60, []string{"Berlin", "Hamburg", "Munich", "Cologne"}, []int64{40, 25, 22, 13}, []string{"AT", "CH", "NL", "PL"}, "ingest-fra-1.example.net", 30},
	{"GB", "United Kingdom", 0, []string{"London", "Manchester", "Birmingham"}, []int64{60, 22, 18}, []string{"US", "NL", "ES"}, "ingest-lon-1.example.net", 12},
	{"US", "United States", -300, []string{"New York", "Los Angeles", "Chicago", "Houston"}, []int64{35, 30, 20, 15}, []string{"GB", "BR", "DE"}, "ingest-nyc-1.example.net", 11},
	{"FR", "France", 60, []string{"Paris", "Lyon", "Marseille"}, []int64{60, 22, 18}, []string{"CH", "ES", "IT"}, "ingest-par-1.example.net", 8},
	{"NL", "Netherlands", 60, []string{"Amsterdam", "Rotterdam", "Utrecht"}, []int64{50, 30, 20}, []string{"DE", "GB"}, "ingest-ams-1.example.net", 8},
	{"ES", "Spain", 60, []string{"Madrid", "Barcelona", "Valencia"}, []int64{45, 38, 17}, []string{"FR", "IT", "BR"}, "ingest-mad-1.example.net", 8},
	{"PL", "Poland", 60, []string{"Warsaw", "Krakow", "Gdansk"}, []int64{50, 30, 20}, []string{"DE", "GB"}, "ingest-waw-1.example.net", 7},
	{"BR", "Brazil", -180, []string{"Sao Paulo", "Rio de Janeiro", "Brasilia"}, []int64{55, 32, 13}, []string{"US", "ES"}, "ingest-gru-1.example.net", 8},
	{"IN", "India", 330, []string{"Mumbai", "Delhi", "Bengaluru"}, []int64{40, 35, 25}, []string{"GB", "US"}, "ingest-bom-1.example.net", 8},
	{"AT", "Austria", 60, []string{"Vienna", "Graz"}, []int64{70, 30}, nil, "ingest-fra-1.example.net", 0},
	{"CH", "Switzerland", 60, []string{"Zurich", "Geneva"}, []int64{60, 40}, nil, "ingest-fra-1.example.net", 0},
	{"IT", "Italy", 60, []string{"Milan", "Rome"}, []int64{55, 45}, nil, "ingest-mil-1.example.net", 0},
}

// countryByCode indexes countryTable.
var countryByCode = func() map[string]*countryInfo {
	m := make(map[string]*countryInfo, len(countryTable))
	for i := range countryTable {
		m[countryTable[i].code] = &countryTable[i]
	}
	return m
}()

// referrerPool holds the hostnames that embed the players.
var referrerPool = []string{
	"www.example.com", "live.example.org", "tv.example.net", "player.example.com",
	"sport.example.org", "stream.example.net", "app.example.com", "embed.example.org",
	"watch.example.net", "events.example.com",
}

// webcasterReferrer is the referrer of browser (WebRTC) ingests; RTMP ingests have none.
const webcasterReferrer = "webcaster.example.com"

// noReferrer is the breakdown key of traffic without a referrer.
const noReferrer = "unknown"
