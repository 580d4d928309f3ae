package simulator

// category is a kind of stream: its tag, audience rhythm and schedule.
type category struct {
	tag       string
	weekly    [7]float64 // audience factor by local weekday, Sunday first
	alwaysOn  float64    // probability that a stream of this kind runs 24/7
	secondary []string   // tags that may accompany this one
	days      uint8      // weekdays with a scheduled event (bit 0 = Sunday)
	startLo   int64      // earliest local start of a scheduled event, minutes
	startHi   int64      // latest local start
	durLo     int64      // shortest event, minutes
	durHi     int64      // longest event
	baseLo    float64    // smallest typical audience of an event stream
	baseHi    float64    // largest typical audience of an event stream
}

// tag24x7 marks streams that never stop.
const tag24x7 = "24x7"

// categories are chosen so that "church" and "auction" never share a stream,
// which keeps an empty tag intersection available for every seed.
var categories = []category{
	{"sports", [7]float64{1.35, 0.85, 0.9, 1.0, 0.9, 1.0, 1.4}, 0.15, []string{"news"},
		0b1001001, 14 * 60, 20 * 60, 110, 180, 80, 450},
	{"news", [7]float64{0.8, 1.1, 1.05, 1.05, 1.05, 1.0, 0.8}, 0.75, []string{"sports", "music"},
		0b0111110, 18 * 60, 20 * 60, 30, 60, 40, 200},
	{"music", [7]float64{1.0, 0.8, 0.8, 0.85, 0.9, 1.2, 1.35}, 0.7, []string{"esports"},
		0b1100000, 20 * 60, 22 * 60, 90, 180, 50, 320},
	{"esports", [7]float64{1.3, 0.85, 0.85, 0.9, 0.9, 1.1, 1.35}, 0.4, []string{"music", "sports"},
		0b1100001, 17 * 60, 21 * 60, 180, 300, 60, 420},
	{"church", [7]float64{1.8, 0.8, 0.8, 0.9, 0.8, 0.8, 0.9}, 0.2, []string{"music"},
		0b0001001, 9 * 60, 11 * 60, 75, 120, 25, 160},
	{"auction", [7]float64{0.7, 1.05, 1.1, 1.1, 1.1, 1.0, 0.8}, 0.1, nil,
		0b0010100, 11 * 60, 19 * 60, 60, 150, 20, 130},
}
