package loadharness

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// ReplicasResult is scenarios 6 to 9: replicas sharing one Redis.
type ReplicasResult struct {
	Error    string `json:"error,omitempty"` // why they did not run
	Redis    string `json:"redis,omitempty"`
	Replicas int    `json:"replicas"`

	// 6
	SharedRan          bool  `json:"sharedRan"`
	Panels             int   `json:"panels"`
	Cold               Phase `json:"cold"` // the main dashboard's panels on every replica at once
	Annotations        int   `json:"annotations"`
	ColdAnnotations    Phase `json:"coldAnnotations"`
	ScreenCount        int   `json:"screens"`
	RefreshesPerScreen int   `json:"refreshesPerScreen"`
	RefreshesDone      int   `json:"refreshesDone"`
	Screens            Phase `json:"screensPhase"`
	// Max10s is the most upstream requests in any ten seconds of the
	// screens, against the configured rate times ten plus the burst.
	Max10s      int64   `json:"max10s"`
	Max10sLimit float64 `json:"max10sLimit"`

	StreamPanels PanelsResult    `json:"streamPanels"`
	RoundTrip    RoundTripResult `json:"roundTrip"`
}

// PanelsResult is scenarios 7 and 8.
type PanelsResult struct {
	Ran         bool    `json:"ran"`
	Panels      int     `json:"panels"`
	Screens     int     `json:"screens"`
	Replicas    int     `json:"replicas"`
	DurationS   float64 `json:"durationSeconds"`
	RefreshS    float64 `json:"refreshSeconds"`
	Compression float64 `json:"compression"` // ten minutes over DurationS

	FirstLoadS        float64 `json:"firstLoadSeconds"`
	FirstLoadAnswered int     `json:"firstLoadAnswered"`
	FirstLoad         Phase   `json:"firstLoad"`
	FirstLoadMax10s   int64   `json:"firstLoadMax10s"`

	Phase        Phase          `json:"phase"` // after the first load; Redis killed and restarted within
	Statuses     map[string]int `json:"statuses"`
	StaleNotices int            `json:"staleNotices"`
	Max10s       int64          `json:"max10s"`
	PanelP50Ms   float64        `json:"panelP50Ms"`
	PanelP99Ms   float64        `json:"panelP99Ms"`
	PanelMaxMs   float64        `json:"panelMaxMs"`
	// FloorP50Ms and FloorP99Ms are the same screens on do-nothing floor
	// plugins: what the plugin protocol and the machine take.
	FloorP50Ms    float64 `json:"floorP50Ms"`
	FloorP99Ms    float64 `json:"floorP99Ms"`
	FloorRequests int     `json:"floorRequests"`
	UpP99Ms       float64 `json:"redisUpP99Ms"`  // before the kill
	OutageP99Ms   float64 `json:"outageP99Ms"`   // while Redis was gone
	Refreshes     int     `json:"refreshes"`     // screen refreshes, each every panel at once
	RefreshP50Ms  float64 `json:"refreshP50Ms"`  // a whole screen
	RefreshP99Ms  float64 `json:"refreshP99Ms"`  // a whole screen
	OldestAgeS    float64 `json:"oldestAgeS"`    // the oldest answer shown before the kill
	OldestAgeAllS float64 `json:"oldestAgeAllS"` // the oldest answer shown, the outage included
	// OldestByTenthS is the oldest answer shown in each tenth of the run:
	// the first load's answers age at the start, the outage in the middle.
	OldestByTenthS []float64 `json:"oldestByTenthS"`
	// RepeatedWithinLifetime counts the upstream calls before the kill for
	// a panel less than an answer's lifetime (30 s) after the previous one
	// for it; RepeatedAll the same over the whole run, where the replicas
	// refresh on their own while Redis is gone.
	RepeatedWithinLifetime int `json:"repeatedWithinLifetime"`
	RepeatedAll            int `json:"repeatedAll"`
	// LongestGapS is the longest time, before the kill, between two calls
	// for the same panel.
	LongestGapS float64 `json:"longestGapS"`
	// AgeBoundS is what the budget allows: an answer's lifetime (30 s),
	// then a refresh of every panel at the configured rate.
	AgeBoundS  float64 `json:"ageBoundS"`
	KillAtS    float64 `json:"killAtSeconds"` // 8
	RestartAtS float64 `json:"restartAtSeconds"`
	// FailedSinceKill counts failed panel requests from the kill on.
	FailedSinceKill int `json:"failedSinceKill"`
}

// RoundTripResult is scenario 9.
type RoundTripResult struct {
	Ran       bool           `json:"ran"`
	Redis     Latency        `json:"fromRedis"`
	InProcess Latency        `json:"inProcess"`
	Other     map[string]int `json:"notWarm,omitempty"` // answers that were not from a cache
}

// Targets of scenarios 6 to 8.
const (
	TargetReplicaColdCalls = 2  // the main dashboard's panels on three replicas
	TargetPanelP99Ms       = 50 // one panel's request after the first load
)

// evaluateReplicas compares scenarios 6 to 9 with their targets; nothing
// when they were never attempted.
func evaluateReplicas(r ReplicasResult) []Check {
	var out []Check
	add := func(scenario, name, value, target string, met bool) {
		out = append(out, Check{Scenario: scenario, Name: name, Value: value, Target: target, Met: met})
	}
	if r.Error != "" {
		add("6–9", "replicas sharing one Redis", "not run: "+r.Error, "run", false)
		return out
	}
	if r.SharedRan {
		add("6", "cold load of the main dashboard's panels on three replicas", fmt.Sprintf("%d upstream calls in all, %d errors", r.Cold.Upstream, r.Cold.Errors),
			fmt.Sprintf("≤ %d, no errors", TargetReplicaColdCalls), r.Cold.Upstream <= TargetReplicaColdCalls && r.Cold.Errors == 0)
		add("6", "ten screens over three replicas", fmt.Sprintf("%d throttled, %d errors in %d queries", r.Screens.Throttled, r.Screens.Errors, r.Screens.Queries),
			"0 throttled, 0 errors", r.Screens.Throttled == 0 && r.Screens.Errors == 0 && r.Screens.Queries > 0)
		highest := max(r.Max10s, r.StreamPanels.FirstLoadMax10s, r.StreamPanels.Max10s)
		add("6–8", "highest upstream requests in 10 s", fmt.Sprint(highest), fmt.Sprintf("≤ %.0f (rate × 10 s + burst)", r.Max10sLimit), float64(highest) <= r.Max10sLimit)
	}
	if p := r.StreamPanels; p.Ran {
		add("7", "panel requests after the first load", fmt.Sprintf("%d errors, %d throttled in %d", p.Phase.Errors, p.Phase.Throttled, p.Phase.Queries),
			"0 errors, 0 throttled", p.Phase.Errors == 0 && p.Phase.Throttled == 0 && p.Phase.Queries > 0)
		add("7", "p99 panel refresh latency", fmt.Sprintf("%.1f ms (p50 %.1f ms; floor p99 %.1f ms)", p.PanelP99Ms, p.PanelP50Ms, p.FloorP99Ms),
			fmt.Sprintf("≤ %d ms", TargetPanelP99Ms), p.PanelP99Ms <= TargetPanelP99Ms)
		add("7", "oldest answer shown", fmt.Sprintf("%.0f s", p.OldestAgeS), fmt.Sprintf("≤ %.0f s (30 s + %d panels at 0.8/s) + a refresh", p.AgeBoundS, p.Panels),
			p.OldestAgeS <= p.AgeBoundS+p.RefreshS)
		add("8", "Redis killed and restarted during 7", fmt.Sprintf("%d failed queries, %d throttled", p.FailedSinceKill, p.Phase.Throttled),
			"0 failed, 0 throttled", p.FailedSinceKill == 0 && p.Phase.Throttled == 0)
	}
	if t := r.RoundTrip; t.Ran {
		add("9", "warm query from Redis against the process's cache", fmt.Sprintf("p50 %s / %s, p99 %s / %s", us(t.Redis.P50Us), us(t.InProcess.P50Us), us(t.Redis.P99Us), us(t.InProcess.P99Us)),
			"reported", t.Redis.Count > 0 && t.InProcess.Count > 0)
	}
	return out
}

// formatReplicas writes scenarios 6 to 9.
func formatReplicas(w io.Writer, r ReplicasResult) {
	if r.Error == "" && !r.SharedRan && !r.StreamPanels.Ran {
		return
	}
	p := func(format string, args ...any) { fmt.Fprintf(w, format+"\n", args...) }
	p("")
	p("6–9. Replicas sharing one Redis: %d plugin processes, each a Grafana replica, one data source with a Redis URL", r.Replicas)
	if r.Error != "" {
		p("   not run: %s", r.Error)
		return
	}
	p("   %s", r.Redis)
	if r.SharedRan {
		p("6. cold load of the main dashboard's %d panels on every replica at once", r.Panels)
		phaseLines(w, "cold", r.Cold)
		if r.Annotations > 0 {
			p("   and its %d annotation(s) on every replica: %d upstream calls", r.Annotations, r.ColdAnnotations.Upstream)
		}
		p("   %d screens over the replicas, %d of %d refreshes back to back; highest 10 s: %d upstream requests (limit %.0f)",
			r.ScreenCount, r.RefreshesDone, r.ScreenCount*r.RefreshesPerScreen, r.Max10s, r.Max10sLimit)
		phaseLines(w, "screens", r.Screens)
	}
	if x := r.StreamPanels; x.Ran {
		p("7. %d panels repeated per stream (maxViewers, last hour) on %d screens over %d replicas: ten minutes compressed %.0f×, %.0f s with a refresh every %.1f s",
			x.Panels, x.Screens, x.Replicas, x.Compression, x.DurationS, x.RefreshS)
		p("   (the budget and the answers' lifetimes run in real time: the demand per second is %.0f× the real one)", x.Compression)
		p("   first load: every panel answered after %.0f s (%d of %d), %d upstream calls (highest 10 s: %d), %d throttled, %d queries ended waiting for the budget",
			x.FirstLoadS, x.FirstLoadAnswered, x.Panels, x.FirstLoad.Upstream, x.FirstLoadMax10s, x.FirstLoad.Throttled, x.FirstLoad.Errors)
		p("   after it: %d panel requests in %d screen refreshes; panel p50 %.1f ms, p99 %.1f ms, max %.0f ms; a whole screen p50 %.0f ms, p99 %.0f ms",
			x.Phase.Queries, x.Refreshes, x.PanelP50Ms, x.PanelP99Ms, x.PanelMaxMs, x.RefreshP50Ms, x.RefreshP99Ms)
		p("   the same screens on do-nothing floor plugins (%d requests): panel p50 %.1f ms, p99 %.1f ms", x.FloorRequests, x.FloorP50Ms, x.FloorP99Ms)
		p("   answers by cache status: %s; %d with the stale notice; oldest answer shown %.0f s before the kill, %.0f s with the outage (bound: 30 s lifetime + %d panels at 0.8/s = %.0f s)",
			counts(x.Statuses), x.StaleNotices, x.OldestAgeS, x.OldestAgeAllS, x.Panels, x.AgeBoundS)
		p("   oldest answer shown in each tenth of the run: %s", tenths(x.OldestByTenthS))
		p("   highest 10 s: %d upstream requests; calls for a panel within 30 s of its previous one: %d before the kill, %d in all",
			x.Max10s, x.RepeatedWithinLifetime, x.RepeatedAll)
		p("   longest time between two calls for the same panel before the kill: %.0f s", x.LongestGapS)
		phaseLines(w, "refreshes", x.Phase)
		p("8. Redis killed at %.0f s and restarted at %.0f s: %d failed queries since the kill, %d throttled; panel p99 before the kill %.1f ms, while Redis was gone %.1f ms",
			x.KillAtS, x.RestartAtS, x.FailedSinceKill, x.Phase.Throttled, x.UpP99Ms, x.OutageP99Ms)
	}
	if t := r.RoundTrip; t.Ran {
		p("9. warm query, one at a time, on fresh replicas: from Redis (their own cache empty) against from the process")
		latencyLine(w, "Redis", t.Redis)
		latencyLine(w, "process", t.InProcess)
		if len(t.Other) > 0 {
			p("   not from a cache: %s", counts(t.Other))
		}
	}
}

// counts writes a map of counts, largest first.
func counts(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return m[keys[i]] > m[keys[j]] || m[keys[i]] == m[keys[j]] && keys[i] < keys[j] })
	parts := make([]string, len(keys))
	for i, k := range keys {
		name := k
		if name == "" {
			name = "(none)"
		}
		parts[i] = fmt.Sprintf("%s %d", name, m[k])
	}
	return strings.Join(parts, ", ")
}

// tenths writes ages in seconds, one per tenth of a run.
func tenths(ages []float64) string {
	parts := make([]string, len(ages))
	for i, a := range ages {
		parts[i] = fmt.Sprintf("%.0f", a)
	}
	return strings.Join(parts, ", ") + " s"
}
