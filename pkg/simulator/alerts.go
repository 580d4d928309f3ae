package simulator

import (
	"fmt"
	"net/http"
	"sort"
	"time"
)

// alertKind is a kind of ingest problem the alerting route reports, with how
// it shows in playback while it lasts.
type alertKind struct {
	code        int
	name        string
	severity    string
	description string
	impact      impact
}

// alertKinds are the problems random episodes draw from.
var alertKinds = []alertKind{
	{22000, "CONTINUOUS_RESTARTS", "moderate", "The ingest reconnected several times within a few minutes.",
		impact{errors: 0.03, buffering: 0.01, reconnect: 0.01, startupMs: 300}},
	{22001, "CONTINUOUS_RESTARTS_POOR_PERFORMANCE", "critical", "The ingest keeps reconnecting and delivers too little data in between.",
		impact{errors: 0.06, buffering: 0.02, reconnect: 0.02, startupMs: 600}},
	{22010, "INACTIVE_INGEST", "critical", "The ingest connection is open but no media arrives.",
		impact{errors: 0.08, buffering: 0.02, reconnect: 0.01, startupMs: 900}},
	{22011, "INACTIVE_INGEST_ACTIVE_CONNECTIONS", "critical", "No media arrives although encoder connections are open.",
		impact{errors: 0.08, buffering: 0.02, reconnect: 0.01, startupMs: 900}},
	{23001, "STREAM_TIME_RATIO_SUBOPTIMAL", "minor", "Media arrives slightly slower than real time.",
		impact{errors: 0.005, buffering: 0.006, startupMs: 150}},
	{23002, "STREAM_TIME_RATIO_POOR", "moderate", "Media arrives much slower than real time; viewers will buffer.",
		impact{errors: 0.02, buffering: 0.025, startupMs: 400}},
	{24100, "DUPLICATED_INGEST", "critical", "Two encoders publish to the same stream name.",
		impact{errors: 0.04, buffering: 0.01, reconnect: 0.01, startupMs: 250}},
	{24101, "DUPLICATED_INGEST_MULTIPLE_INFRASTRUCTURES", "critical", "The stream is published to more than one ingest infrastructure.",
		impact{errors: 0.04, buffering: 0.01, reconnect: 0.01, startupMs: 250}},
	{24102, "DUPLICATED_INGEST_MULTIPLE_LOCATIONS", "critical", "The stream is published from more than one location.",
		impact{errors: 0.04, buffering: 0.01, reconnect: 0.01, startupMs: 250}},
	{24103, "DUPLICATED_INGEST_MULTIPLE_IPS", "critical", "The stream is published from more than one address.",
		impact{errors: 0.04, buffering: 0.01, reconnect: 0.01, startupMs: 250}},
}

// offlineAlert is raised for a 24/7 stream while it is off air: the
// simulator treats every stream tagged 24x7 as expected online.
var offlineAlert = alertKind{code: 21001, name: "OFFLINE", severity: "critical",
	description: "The stream is expected online, but no ingest arrives."}

// highBitrateAdvice is given for live streams without ABR above 4 Mbit/s.
var highBitrateAdvice = alertKind{code: 29001, name: "HIGH_INGEST_BITRATE", severity: "advice",
	description: "The ingest bitrate is above 4 Mbit/s without adaptive bitrate; many viewers may not keep up."}

// kindByCode finds one of alertKinds.
func kindByCode(code int) *alertKind {
	for i := range alertKinds {
		if alertKinds[i].code == code {
			return &alertKinds[i]
		}
	}
	panic(fmt.Sprintf("no alert kind %d", code))
}

const (
	alertPeriod  = 180 // minutes of one alert episode slot
	alertChance  = 0.1
	alertLag     = 3 // minutes an alert lags behind real time
	liveLookback = 7 * minutesPerDay
	hAlert       = 101
)

var severityRank = map[string]int{"critical": 0, "moderate": 1, "minor": 2, "advice": 3}

// alertsRoute answers /v2/alerting/ingest.
func (s *Simulator) alertsRoute(r *http.Request) (any, *apiError) {
	f, err := s.data.parseFilter(r.URL.Query())
	if err != nil {
		return nil, err
	}
	return s.data.alerts(f, s.now()), nil
}

// Alerts is what the ingest alerting route answers for f at the clock's
// time: the problems of the streams whose ingest f keeps (the country filter
// applies to the country of the ingest), most severe first, then by id.
func (d *Dataset) Alerts(f Filter) []Alert {
	return d.alerts(f, d.now())
}

// alerts lists the deterministic alerts and advices at now. They describe
// the streams as they were alertLag minutes earlier.
func (d *Dataset) alerts(f Filter, now time.Time) []Alert {
	nowMin := toMinute(now)
	seen := nowMin - alertLag
	out := []Alert{}
	for _, it := range d.selectFilter(f).items {
		st := it.s
		if !it.ingest {
			continue
		}
		since, live := st.stateSince(nowMin)
		if !live {
			if st.alwaysOn && since+1 <= seen {
				out = append(out, st.alert(offlineAlert, since+1, since, now))
			}
			continue
		}
		if kind, first, ok := st.problemAt(seen); ok && first >= since+2 {
			out = append(out, st.alert(*kind, first, since, now))
		}
		if highBitrate(st) && since+alertLag <= seen {
			out = append(out, st.alert(highBitrateAdvice, since+alertLag, since, now))
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if severityRank[a.Severity] != severityRank[b.Severity] {
			return severityRank[a.Severity] < severityRank[b.Severity]
		}
		return a.ID < b.ID
	})
	return out
}

// problemAt reports the ingest problem of s at minute m, if any: its evening
// restarts first, else a random episode; first is the minute it was detected.
func (s *stream) problemAt(m int64) (kind *alertKind, first int64, ok bool) {
	if kind, first, ok = s.restartAt(m); ok {
		return kind, first, true
	}
	return s.episodeAt(m)
}

// episodeAt reports the random problem of s at minute m: time is cut into
// slots of alertPeriod minutes, a few of which hold a problem from a drawn
// minute up to the slot's end.
func (s *stream) episodeAt(m int64) (*alertKind, int64, bool) {
	phase := int64(s.key % alertPeriod) // #nosec G115 -- a hash reduced modulo the alert period
	slotIdx := floorDiv(m+phase, alertPeriod)
	h := hash3(s.key, hAlert, bitsOf(slotIdx))
	if unit(h) >= alertChance {
		return nil, 0, false
	}
	first := slotIdx*alertPeriod - phase + int64((h>>20)%40) // #nosec G115 -- a hash reduced modulo 40
	if m < first {
		return nil, 0, false
	}
	return &alertKinds[(h>>40)%uint64(len(alertKinds))], first, true
}

// highBitrate reports whether s ingests above 4 Mbit/s without ABR.
func highBitrate(s *stream) bool {
	return !s.abr && s.ingestKbps > 4000
}

// restartPeriod is how often a restarting ingest reconnects, in minutes.
func restartPeriod(code int) int64 {
	if code == 22001 {
		return 2
	}
	return 4
}

// alert builds the alert object of kind for s, detected at minute first
// during the run on or off air that began at since.
func (s *stream) alert(kind alertKind, first, since int64, now time.Time) Alert {
	ci := countryByCode[s.country]
	opened := since // the minute the primary connection opened
	if kind.code == 22000 || kind.code == 22001 {
		p := restartPeriod(kind.code)
		opened = first + floorDiv(toMinute(now)-first, p)*p
	}
	primary := AlertConnection{IP: s.encoderIP, Server: ci.server, Protocol: s.protocol,
		CountryCode: s.country, ElapsedTime: now.Unix() - opened*60, BitrateKbps: s.ingestKbps}
	conns := []AlertConnection{primary}
	switch kind.code {
	case 21001:
		conns = []AlertConnection{}
	case 23001, 23002, 22001:
		conns[0].BitrateKbps = s.ingestKbps * 6 / 10
	case 22010, 22011:
		conns[0].BitrateKbps = 0
	case 24100, 24101, 24102, 24103:
		dup := primary
		dup.ElapsedTime = now.Unix() - first*60
		dup.IP = fmt.Sprintf("203.0.113.%d", 100+s.idx)
		switch kind.code {
		case 24101:
			dup.Server = "ingest-2.example.org"
		case 24102:
			dup.CountryCode = countryTable[(s.idx+1)%len(countryTable)].code
			dup.Server = countryTable[(s.idx+1)%len(countryTable)].server
		}
		conns = append(conns, dup)
	}
	servers := []string{}
	var highest int64
	for _, c := range conns {
		if len(servers) == 0 || servers[len(servers)-1] != c.Server {
			servers = append(servers, c.Server)
		}
		highest = max(highest, c.ElapsedTime)
	}
	ts, label := stamp(first)
	return Alert{
		ID:                       fmt.Sprintf("%012x", hash3(s.key, bitsOf(int64(kind.code)), bitsOf(first))>>16),
		Name:                     kind.name,
		Code:                     kind.code,
		Severity:                 kind.severity,
		Description:              kind.description,
		StreamName:               s.name,
		FirstDetection:           ts,
		FirstDetectionAsString:   label,
		ElapsedTime:              now.Unix() - ts,
		CountryName:              ci.name,
		CountryCode:              s.country,
		Servers:                  servers,
		HighestStreamElapsedTime: highest,
		ConnectionsDetails:       conns,
	}
}
