package simulator

import (
	"encoding/json"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// documentedAlerts are the alert codes of the API's documentation with the
// severity the simulator gives them.
var documentedAlerts = map[int]string{
	21001: "critical", // offline, expected online
	22000: "moderate", // continuous restarts
	22001: "critical", // continuous restarts, poor performance
	22010: "critical", // inactive ingest
	22011: "critical", // inactive ingest, active connections
	23001: "minor",    // stream time ratio suboptimal
	23002: "moderate", // stream time ratio poor
	24100: "critical", // duplicated ingest
	24101: "critical", // ... on multiple infrastructures
	24102: "critical", // ... from multiple locations
	24103: "critical", // ... from multiple addresses
	29001: "advice",   // high ingest bitrate without ABR
}

func TestEveryAlertCodeAndSeverityWithinAWeek(t *testing.T) {
	sim, clock := newTestSim(t, Options{})
	d := sim.Dataset()
	codes := map[int]int{}
	severities := map[string]bool{}
	for step := 0; step < 7*24*12; step++ {
		for _, a := range d.Alerts(Filter{}) {
			codes[a.Code]++
			severities[a.Severity] = true
			assert.Equal(t, documentedAlerts[a.Code], a.Severity, "code %d", a.Code)
		}
		clock.Advance(5 * time.Minute)
	}
	for code := range documentedAlerts {
		assert.Positive(t, codes[code], "alert %d appears within a week", code)
	}
	assert.Len(t, codes, len(documentedAlerts), "no other codes")
	assert.Equal(t, map[string]bool{"critical": true, "moderate": true, "minor": true, "advice": true}, severities)
}

func TestAlertFieldNames(t *testing.T) {
	sim, clock := newTestSim(t, Options{})
	fields := []string{"id", "name", "code", "severity", "description", "streamName", "firstDetection",
		"firstDetectionAsString", "elapsedTime", "countryName", "countryCode", "servers", "highestStreamElapsedTime",
		"connectionsDetails"}
	connection := []string{"ip", "server", "protocol", "countryCode", "elapsedTime", "bitrateKbps"}
	seen := 0
	for i := 0; i < 24; i++ {
		var body struct{ Data []map[string]json.RawMessage }
		require.NoError(t, json.Unmarshal(get(sim, alertsPath).Body.Bytes(), &body))
		for _, a := range body.Data {
			seen++
			assert.ElementsMatch(t, fields, slices.Collect(maps.Keys(a)), "exactly the contract's fields")
			var conns []map[string]json.RawMessage
			require.NoError(t, json.Unmarshal(a["connectionsDetails"], &conns))
			for _, c := range conns {
				assert.ElementsMatch(t, connection, slices.Collect(maps.Keys(c)))
			}
			var servers []string
			require.NoError(t, json.Unmarshal(a["servers"], &servers), "servers is a list")
		}
		clock.Advance(time.Hour)
	}
	assert.Positive(t, seen)
}

func TestAlertsHonourTheFilters(t *testing.T) {
	sim, clock := newTestSim(t, Options{})
	d := sim.Dataset()
	byName := map[string]Stream{}
	for _, s := range d.Streams() {
		byName[s.Name] = s
	}
	for i := 0; i < 24; i++ {
		all := d.Alerts(Filter{})
		assert.Equal(t, all, dataOf[Alert](t, get(sim, alertsPath)))
		for _, f := range []Filter{{Countries: []string{"DE"}}, {Tags: []string{"24x7"}}, {Tags: []string{"news", "24x7"}},
			{StreamNames: []string{d.Highlights().RestartingStream}}, {Countries: []string{"AT"}}} {
			got := dataOf[Alert](t, get(sim, alertsPath, filterParams(f)...))
			assert.Equal(t, d.Alerts(f), got)
			var want []Alert
			for _, a := range all {
				s := byName[a.StreamName]
				keep := len(f.Countries) == 0 || f.Countries[0] == s.Country
				for _, tag := range f.Tags {
					keep = keep && slices.Contains(s.Tags, tag)
				}
				keep = keep && (len(f.StreamNames) == 0 || f.StreamNames[0] == s.Name)
				if keep {
					want = append(want, a)
				}
			}
			assert.ElementsMatch(t, want, got, "%+v at %s", f, clock.Now())
		}
		clock.Advance(61 * time.Minute)
	}
	requireError(t, get(sim, alertsPath, "countries", "XX"), 404, 103003)
	requireError(t, get(sim, alertsPath, "tags", "church,auction"), 404, 101010)
}

func TestOfflineAlertForA247Stream(t *testing.T) {
	sim, clock := newTestSim(t, Options{})
	d := sim.Dataset()
	for step := 0; step < 7*24*12; step++ {
		for _, a := range d.Alerts(Filter{}) {
			if a.Code != 21001 {
				continue
			}
			first := time.Unix(a.FirstDetection, 0)
			assert.Zero(t, d.MaxViewers(first, clock.Now().Add(-alertLag*time.Minute), Filter{StreamNames: []string{a.StreamName}}), "off air since")
			assert.Positive(t, d.MaxViewers(first.Add(-2*time.Minute), first, Filter{StreamNames: []string{a.StreamName}}), "on air before")
			assert.Empty(t, a.ConnectionsDetails)
			assert.Empty(t, a.Servers)
			return
		}
		clock.Advance(5 * time.Minute)
	}
	t.Fatal("no 24/7 stream went off air within a week")
}
