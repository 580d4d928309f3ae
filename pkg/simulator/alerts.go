package simulator

import (
	"fmt"
	"net/http"
	"sort"
	"time"
)

// alertConnection describes one ingest connection of an alerted stream.
type alertConnection struct {
	IP          string `json:"ip"`
	Server      string `json:"server"`
	Protocol    string `json:"protocol"`
	CountryCode string `json:"countryCode"`
	ElapsedTime int64  `json:"elapsedTime"`
	BitrateKbps int64  `json:"bitrateKbps"`
}

// alertItem is one alert or advice of the ingest alerting route.
type alertItem struct {
	ID                       string            `json:"id"`
	Type                     string            `json:"type"`
	Name                     string            `json:"name"`
	Code                     int               `json:"code"`
	Severity                 string            `json:"severity"`
	Description              string            `json:"description"`
	StreamName               string            `json:"streamName"`
	FirstDetection           int64             `json:"firstDetection"`
	FirstDetectionAsString   string            `json:"firstDetectionAsString"`
	ElapsedTime              int64             `json:"elapsedTime"`
	CountryName              string            `json:"countryName"`
	CountryCode              string            `json:"countryCode"`
	Servers                  []string          `json:"servers"`
	HighestStreamElapsedTime int64             `json:"highestStreamElapsedTime"`
	ConnectionsDetails       []alertConnection `json:"connectionsDetails"`
}

// alertKind is a kind of ingest problem the route can report.
type alertKind struct {
	code        int
	name        string
	severity    string
	description string
}

var alertKinds = []alertKind{
	{22000, "CONTINUOUS_RESTARTS", "moderate", "The ingest reconnected several times within a few minutes."},
	{22001, "CONTINUOUS_RESTARTS_POOR_PERFORMANCE", "critical", "The ingest keeps reconnecting and delivers too little data in between."},
	{22010, "INACTIVE_INGEST", "critical", "The ingest connection is open but no media arrives."},
	{22011, "INACTIVE_INGEST_ACTIVE_CONNECTIONS", "critical", "No media arrives although encoder connections are open."},
	{23001, "STREAM_TIME_RATIO_SUBOPTIMAL", "minor", "Media arrives slightly slower than real time."},
	{23002, "STREAM_TIME_RATIO_POOR", "moderate", "Media arrives much slower than real time; viewers will buffer."},
	{24100, "DUPLICATED_INGEST", "critical", "Two encoders publish to the same stream name."},
	{24101, "DUPLICATED_INGEST_MULTIPLE_INFRASTRUCTURES", "critical", "The stream is published to more than one ingest infrastructure."},
	{24102, "DUPLICATED_INGEST_MULTIPLE_LOCATIONS", "critical", "The stream is published from more than one location."},
	{24103, "DUPLICATED_INGEST_MULTIPLE_IPS", "critical", "The stream is published from more than one address."},
}

// highBitrateAdvice is given for live streams without ABR above 4 Mbit/s.
var highBitrateAdvice = alertKind{29001, "HIGH_INGEST_BITRATE", "advice",
	"The ingest bitrate is above 4 Mbit/s without adaptive bitrate; many viewers may not keep up."}

const (
	alertPeriod  = 180 // minutes of one alert episode slot
	alertLag     = 3   // minutes an alert lags behind real time
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

// alerts lists the deterministic alerts and advices of the live streams at now.
func (d *Dataset) alerts(f Filter, now time.Time) []alertItem {
	nowMin := toMinute(now)
	out := []alertItem{}
	for _, it := range d.selectFilter(f).items {
		st := it.s
		if !it.ingest {
			continue
		}
		kind, first, ok := st.alertAt(nowMin)
		advice := !st.abr && st.ingestKbps > 4000
		if !ok && !advice {
			continue
		}
		since, live := st.liveSince(nowMin)
		if !live {
			continue
		}
		if ok && first >= since+2 {
			out = append(out, st.alert(kind, first, since, now))
		}
		if advice && since+alertLag <= nowMin-alertLag {
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

// alertAt reports the alert episode of s active at minute now, if any.
func (s *stream) alertAt(now int64) (alertKind, int64, bool) {
	phase := int64(s.key % alertPeriod)
	slotIdx := floorDiv(now+phase, alertPeriod)
	h := hash3(s.key, hAlert, uint64(slotIdx))
	if unit(h) >= 0.15 {
		return alertKind{}, 0, false
	}
	first := slotIdx*alertPeriod - phase + int64((h>>20)%40)
	if first > now-alertLag {
		return alertKind{}, 0, false
	}
	return alertKinds[(h>>40)%uint64(len(alertKinds))], first, true
}

// liveSince finds the minute the stream's current live session began and
// whether it is live at now. It looks back to a day boundary about a week
// ago, so a session older than that keeps a stable start for a day.
func (s *stream) liveSince(now int64) (int64, bool) {
	start := floorDiv(now-liveLookback, minutesPerDay) * minutesPerDay
	raw := make([]int32, now-start+1)
	s.rawViewers(start, raw)
	if raw[len(raw)-1] < 0 {
		return 0, false
	}
	for i := len(raw) - 1; i >= 0; i-- {
		if raw[i] < 0 {
			return start + int64(i) + 1, true
		}
	}
	return start, true
}

// alert builds the alert object of kind for s.
func (s *stream) alert(kind alertKind, first, since int64, now time.Time) alertItem {
	ci := countryByCode[s.country]
	sessionSec := now.Unix() - since*60
	primary := alertConnection{IP: s.encoderIP, Server: ci.server, Protocol: s.protocol,
		CountryCode: s.country, ElapsedTime: sessionSec, BitrateKbps: s.ingestKbps}
	conns := []alertConnection{primary}
	switch kind.code {
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
	for _, c := range conns {
		if len(servers) == 0 || servers[len(servers)-1] != c.Server {
			servers = append(servers, c.Server)
		}
	}
	typ := "alert"
	if kind.severity == "advice" {
		typ = "advice"
	}
	ts, label := stamp(first)
	return alertItem{
		ID:                       fmt.Sprintf("%012x", hash3(s.key, uint64(kind.code), uint64(first))>>16),
		Type:                     typ,
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
		HighestStreamElapsedTime: sessionSec,
		ConnectionsDetails:       conns,
	}
}
