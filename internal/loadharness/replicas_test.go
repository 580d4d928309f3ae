package loadharness

import (
	"bytes"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCacheMetaReadsAFrameAsThePluginProtocolHandsItOver(t *testing.T) {
	f := data.NewFrame("", data.NewField("v", nil, []float64{1}))
	f.Meta = &data.FrameMeta{
		Custom:  map[string]any{"cache": map[string]any{"status": "stale", "ageSeconds": 95, "lifetimeSeconds": 30}},
		Notices: []data.Notice{{Severity: data.NoticeSeverityWarning, Text: "This answer is 1 min 35 s old, older than its lifetime of 30 s: …"}},
	}
	raw, err := f.MarshalArrow()
	require.NoError(t, err)
	back, err := data.UnmarshalArrowFrame(raw)
	require.NoError(t, err)
	status, age, stale := cacheMeta(data.Frames{back})
	assert.Equal(t, "stale", status)
	assert.Equal(t, 95.0, age)
	assert.True(t, stale)
}

func TestMax10sIsTheBusiestTenSeconds(t *testing.T) {
	u := &upstream{}
	for _, s := range []float64{0, 1, 2, 9.9, 10, 10.5, 30, 31} {
		u.calls = append(u.calls, recordedCall{at: time.Duration(s * float64(time.Second))})
	}
	assert.Equal(t, int64(5), u.max10s(0), "0 to 9.9 s, or 1 to 10.5 s")
	assert.Equal(t, int64(2), u.max10s(6))
	assert.Zero(t, u.max10s(8))
}

func TestTheReplicaScenariosReportAndJudge(t *testing.T) {
	r := goodReport()
	r.Replicas = ReplicasResult{Replicas: 3, SharedRan: true, Cold: Phase{Queries: 18, Upstream: 2}, Screens: Phase{Queries: 2400},
		Max10sLimit: 28, Max10s: 3,
		StreamPanels: PanelsResult{Ran: true, Panels: 100, Phase: Phase{Queries: 20000}, PanelP99Ms: 40, OldestAgeS: 150, AgeBoundS: 155, RefreshS: 6,
			Statuses: map[string]int{"stale": 9, "hit": 1}},
		RoundTrip: RoundTripResult{Ran: true, Redis: Latency{Count: 1, P50Us: 900}, InProcess: Latency{Count: 1, P50Us: 800}}}
	var names []string
	for _, c := range evaluateReplicas(r.Replicas) {
		assert.True(t, c.Met, "%s %s: %s", c.Scenario, c.Name, c.Value)
		names = append(names, c.Scenario)
	}
	assert.Equal(t, []string{"6", "6", "6–8", "7", "7", "7", "8", "9"}, names)

	r.Replicas.StreamPanels.PanelP99Ms = 60
	r.Replicas.StreamPanels.FailedSinceKill = 1
	r.Replicas.Max10s = 29
	missed := 0
	for _, c := range evaluateReplicas(r.Replicas) {
		if !c.Met {
			missed++
		}
	}
	assert.Equal(t, 3, missed)

	assert.Equal(t, []Check{{Scenario: "6–9", Name: "replicas sharing one Redis", Value: "not run: no redis-server", Target: "run"}},
		evaluateReplicas(ReplicasResult{Error: "no redis-server"}))
	assert.Empty(t, evaluateReplicas(ReplicasResult{}), "nothing to judge when the scenarios were never attempted")

	var buf bytes.Buffer
	r.Checks = Evaluate(r)
	Format(&buf, r)
	assert.Contains(t, buf.String(), "7. 100 panels repeated per stream")
	assert.Contains(t, buf.String(), "stale 9, hit 1")
}
