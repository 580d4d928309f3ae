package loadharness

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"
)

// Report is everything one run measured.
type Report struct {
	Started   time.Time       `json:"started"`
	DurationS float64         `json:"durationSeconds"`
	BuildS    float64         `json:"buildSeconds,omitempty"`
	Machine   Machine         `json:"machine"`
	Plugin    string          `json:"plugin"`
	Simulator string          `json:"simulator"`
	Dashboard DashboardResult `json:"dashboard"`
	Screens   ScreensResult   `json:"screens"`
	Distinct  DistinctResult  `json:"distinct"`
	Overhead  OverheadResult  `json:"overhead"`
	Decode    DecodeResult    `json:"decode"`
	Replicas  ReplicasResult  `json:"replicas"` // scenarios 6 to 9
	Checks    []Check         `json:"checks"`
	Error     string          `json:"error,omitempty"` // why the harness stopped early

	// Dashboards are scenario 1's other provisioned dashboards.
	Dashboards []DashboardResult `json:"otherDashboards,omitempty"`
}

// DashboardResult is scenario 1: a cold and a warm load of one dashboard,
// its panels and its annotations.
type DashboardResult struct {
	Ran         bool   `json:"ran"`
	File        string `json:"file"`
	Title       string `json:"title"`
	TimeFrom    string `json:"timeFrom"`
	Panels      int    `json:"panels"`
	Annotations int    `json:"annotations"`
	Cold        Phase  `json:"cold"`
	Warm        Phase  `json:"warm"`
}

// ScreensResult is scenario 2: many screens refreshing one data source.
type ScreensResult struct {
	Ran                bool    `json:"ran"`
	Screens            int     `json:"screens"`
	RefreshesPerScreen int     `json:"refreshesPerScreen"`
	Panels             int     `json:"panels"`
	RefreshesDone      int     `json:"refreshesDone"`
	BudgetS            float64 `json:"budgetSeconds"`
	RefreshP50Ms       float64 `json:"refreshP50Ms"`
	RefreshP99Ms       float64 `json:"refreshP99Ms"`
	Phase              Phase   `json:"phase"`
}

// DistinctResult is scenario 3: many distinct queries in one request.
type DistinctResult struct {
	Ran             bool    `json:"ran"`
	Queries         int     `json:"queries"`
	Streams         int     `json:"streams"`         // different stream names among the queries
	FiltersWithData int     `json:"filtersWithData"` // queries the simulator has viewers for
	TimeoutS        float64 `json:"timeoutSeconds"`
	Phase           Phase   `json:"phase"` // ElapsedMs is the time to the last answer
}

// OverheadResult is scenario 4: warm query latency against the floor.
type OverheadResult struct {
	Ran           bool         `json:"ran"`
	Requested     int          `json:"requested"`
	BudgetS       float64      `json:"budgetSeconds"`
	Plugin        Latency      `json:"plugin"`
	Floor         Latency      `json:"floor"`
	Ratio         float64      `json:"p50Ratio"` // plugin p50 / floor p50
	Upstream      int64        `json:"upstreamCalls"`
	Throttled     int64        `json:"throttled"`
	UpstreamLog   []string     `json:"upstreamLog,omitempty"`
	ErrorMessages []ErrorCount `json:"errorMessages,omitempty"`
}

// DecodeResult is scenario 5: the decoding benchmark and plugin memory.
type DecodeResult struct {
	Ran         bool          `json:"ran"`
	Benchmarks  []BenchResult `json:"benchmarks"`
	BenchError  string        `json:"benchError,omitempty"`
	Memory      Memory        `json:"pluginMemory"`
	MemoryError string        `json:"memoryError,omitempty"`
}

// Check is one target and whether the run met it.
type Check struct {
	Scenario string `json:"scenario"`
	Name     string `json:"name"`
	Value    string `json:"value"`
	Target   string `json:"target"`
	Met      bool   `json:"met"`
}

// Targets.
const (
	TargetColdCalls    = 3         // upstream calls of a cold dashboard load
	TargetWarmCalls    = 0         // upstream calls of a warm dashboard load
	TargetScreensCalls = 6         // upstream calls of scenario 2
	TargetP50Us        = 1000      // warm query p50 in microseconds
	TargetFloorRatio   = 1.5       // warm query p50 against the floor's
	TargetDecodeNs     = 10e6      // decoding and framing a week of minutes
	TargetRSSKiB       = 60 * 1024 // plugin resident memory
)

// Evaluate compares the report with the targets.
func Evaluate(r *Report) []Check {
	var out []Check
	add := func(scenario, name, value, target string, met bool) {
		out = append(out, Check{Scenario: scenario, Name: name, Value: value, Target: target, Met: met})
	}
	notRun := func(scenario string, names ...string) {
		for _, n := range names {
			add(scenario, n, "not run", "", false)
		}
	}

	if d := r.Dashboard; d.Ran {
		add("1", "cold dashboard load", coldValue(d.Cold), fmt.Sprintf("≤ %d upstream calls, one per request, no errors", TargetColdCalls),
			d.Cold.Upstream <= TargetColdCalls && onePerRequest(d.Cold))
		add("1", "warm dashboard load", callsValue(d.Warm), fmt.Sprintf("%d upstream calls, no errors", TargetWarmCalls),
			d.Warm.Upstream <= TargetWarmCalls && d.Warm.Errors == 0)
	} else {
		notRun("1", "cold dashboard load", "warm dashboard load")
	}
	for _, d := range r.Dashboards {
		if !d.Ran {
			notRun("1", "cold "+d.Title, "warm "+d.Title)
			continue
		}
		add("1", "cold "+d.Title, coldValue(d.Cold), "one upstream call per request, no errors", onePerRequest(d.Cold))
		add("1", "warm "+d.Title, callsValue(d.Warm), fmt.Sprintf("%d upstream calls, no errors", TargetWarmCalls),
			d.Warm.Upstream <= TargetWarmCalls && d.Warm.Errors == 0)
	}

	if s := r.Screens; s.Ran {
		planned := s.Screens * s.RefreshesPerScreen
		add("2", "upstream calls", fmt.Sprint(s.Phase.Upstream), fmt.Sprintf("≤ %d", TargetScreensCalls), s.Phase.Upstream <= TargetScreensCalls)
		add("2", "throttled answers", fmt.Sprint(s.Phase.Throttled), "0", s.Phase.Throttled == 0)
		add("2", "query errors", fmt.Sprintf("%d of %d (%d past the deadline)", s.Phase.Errors, s.Phase.Queries, s.Phase.Deadlines), "0", s.Phase.Errors == 0)
		add("2", "refreshes done", fmt.Sprintf("%d of %d", s.RefreshesDone, planned), fmt.Sprintf("all within %.0f s", s.BudgetS), s.RefreshesDone == planned)
	} else {
		notRun("2", "upstream calls", "throttled answers", "query errors", "refreshes done")
	}

	if d := r.Distinct; d.Ran {
		add("3", "answered with data", fmt.Sprintf("%d of %d", d.Phase.WithData, d.Queries), fmt.Sprintf("all %d", d.Queries),
			d.Queries > 0 && d.Phase.WithData == d.Queries)
		add("3", "throttled answers", fmt.Sprint(d.Phase.Throttled), "0", d.Phase.Throttled == 0)
	} else {
		notRun("3", "answered with data", "throttled answers")
	}

	if o := r.Overhead; o.Ran {
		ok := o.Plugin.Count > 0 && o.Plugin.Errors == 0
		add("4", "warm query p50", fmt.Sprintf("%s (%d of %d failed)", us(o.Plugin.P50Us), o.Plugin.Errors, o.Plugin.Count),
			"≤ 1 ms, no errors", ok && o.Plugin.P50Us <= TargetP50Us)
		add("4", "p50 against the floor plugin", fmt.Sprintf("%.2f× (floor %s)", o.Ratio, us(o.Floor.P50Us)),
			fmt.Sprintf("≤ %.1f×, no errors", TargetFloorRatio), ok && o.Floor.Count > 0 && o.Ratio <= TargetFloorRatio)
	} else {
		notRun("4", "warm query p50", "p50 against the floor plugin")
	}

	if d := r.Decode; d.Ran {
		b, found := d.benchmark(DecodeBenchmark)
		switch {
		case found:
			add("5", "decode and frame a week of minutes", fmt.Sprintf("%.2f ms/op", b.NsPerOp/1e6), "≤ 10 ms", b.NsPerOp <= TargetDecodeNs)
		case d.BenchError != "":
			add("5", "decode and frame a week of minutes", "benchmark failed: "+firstLine(d.BenchError), "≤ 10 ms", false)
		default:
			add("5", "decode and frame a week of minutes", "no result", "≤ 10 ms", false)
		}
		if d.MemoryError != "" {
			add("5", "plugin RSS after scenarios 1–4", "unknown: "+d.MemoryError, "≤ 60 MiB", false)
		} else {
			add("5", "plugin RSS after scenarios 1–4", mib(d.Memory.RSSKiB), "≤ 60 MiB", d.Memory.RSSKiB > 0 && d.Memory.RSSKiB <= TargetRSSKiB)
		}
	} else {
		notRun("5", "decode and frame a week of minutes", "plugin RSS after scenarios 1–4")
	}
	out = append(out, evaluateReplicas(r.Replicas)...)
	return out
}

// benchmark finds a result by name.
func (d DecodeResult) benchmark(name string) (BenchResult, bool) {
	for _, b := range d.Benchmarks {
		if b.Name == name {
			return b, true
		}
	}
	return BenchResult{}, false
}

// Format writes the report as text.
func Format(w io.Writer, r *Report) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format+"\n", args...) }
	p("nanoStream Analytics load harness, %s (took %.1f s)", r.Started.Format(time.RFC3339), r.DurationS)
	p("machine:   %d CPUs, %s, %s, %s", r.Machine.CPUs, r.Machine.CPUModel, r.Machine.Platform, r.Machine.GoVersion)
	if r.BuildS > 0 {
		p("plugin:    %s (build %.1f s)", r.Plugin, r.BuildS)
	} else {
		p("plugin:    %s", r.Plugin)
	}
	p("simulator: %s", r.Simulator)
	if r.Error != "" {
		p("HARNESS FAILED: %s", r.Error)
	}

	p("")
	p("1. Dashboards cold and warm: one QueryData per panel and per annotation, all at once; each dashboard on a fresh organisation")
	for _, d := range append([]DashboardResult{r.Dashboard}, r.Dashboards...) {
		p("   %q: %d panels, %d annotations, %s to now", d.Title, d.Panels, d.Annotations, d.TimeFrom)
		if d.Ran {
			phaseLines(w, "cold", d.Cold)
			phaseLines(w, "warm", d.Warm)
		}
	}

	s := r.Screens
	p("")
	p("2. Ten screens: %d screens × %d refreshes × %d panels on one data source, no pause between refreshes", s.Screens, s.RefreshesPerScreen, s.Panels)
	if s.Ran {
		p("   %d of %d refreshes in %.1f s (budget %.0f s); one refresh p50 %.0f ms, p99 %.0f ms", s.RefreshesDone,
			s.Screens*s.RefreshesPerScreen, s.Phase.ElapsedMs/1000, s.BudgetS, s.RefreshP50Ms, s.RefreshP99Ms)
		phaseLines(w, "all", s.Phase)
	}

	ds := r.Distinct
	p("")
	p("3. Distinct queries in one request: %d maxViewers queries, each naming one stream, last hour", ds.Queries)
	if ds.Ran {
		p("   %d different streams (the rest adds a tag, a country or an hourly interval); filters with viewers in the simulator: %d of %d; deadline %.0f s",
			ds.Streams, ds.FiltersWithData, ds.Queries, ds.TimeoutS)
		p("   answered with data %d of %d, time to the last answer %.0f ms", ds.Phase.WithData, ds.Queries, ds.Phase.ElapsedMs)
		phaseLines(w, "request", ds.Phase)
	}

	o := r.Overhead
	p("")
	p("4. Overhead per warm query: up to %d sequential single-query requests to each plugin, alternating, same last-hour maxViewers query", o.Requested)
	if o.Ran {
		latencyLine(w, "plugin", o.Plugin)
		latencyLine(w, "floor", o.Floor)
		p("   p50 ratio plugin/floor %.2f×; upstream calls during the plugin's run %d (%d throttled)", o.Ratio, o.Upstream, o.Throttled)
		upstreamLines(w, o.UpstreamLog)
		errorLines(w, o.ErrorMessages)
	}

	dc := r.Decode
	p("")
	p("5. Decoding and framing: go %s; plugin memory after scenarios 1–4", strings.Join(BenchArgs(), " "))
	if dc.Ran {
		for _, b := range dc.Benchmarks {
			p("   %-45s %8.2f ms/op %10d B/op %8d allocs/op", b.Name, b.NsPerOp/1e6, b.BytesPerOp, b.AllocsPerOp)
		}
		if dc.BenchError != "" {
			p("   benchmark: %s", firstLine(dc.BenchError))
		}
		if dc.MemoryError != "" {
			p("   plugin memory: %s", dc.MemoryError)
		} else {
			p("   plugin VmRSS %s, VmHWM (peak) %s", mib(dc.Memory.RSSKiB), mib(dc.Memory.PeakKiB))
		}
	}

	formatReplicas(w, r.Replicas)

	p("")
	p("Targets")
	met := 0
	for _, c := range r.Checks {
		mark := "NOT met"
		if c.Met {
			mark, met = "met", met+1
		}
		p("  %s  %-34s %-44s target %-28s %s", c.Scenario, c.Name, c.Value, c.Target, mark)
	}
	p("%d of %d targets met", met, len(r.Checks))
}

// phaseLines writes a phase's counts, its upstream routes and its errors.
func phaseLines(w io.Writer, label string, ph Phase) {
	distinct := ""
	if ph.Distinct > 0 {
		distinct = fmt.Sprintf(" (%d distinct)", ph.Distinct)
	}
	fmt.Fprintf(w, "   %-7s %d upstream calls%s, %d throttled; %d requests, %d queries, %d with data, %d errors (%d past the deadline); %.0f ms\n",
		label, ph.Upstream, distinct, ph.Throttled, ph.Requests, ph.Queries, ph.WithData, ph.Errors, ph.Deadlines, ph.ElapsedMs)
	if len(ph.ByRoute) > 0 {
		routes := make([]string, 0, len(ph.ByRoute))
		for route := range ph.ByRoute {
			routes = append(routes, route)
		}
		sort.Strings(routes)
		parts := make([]string, len(routes))
		for i, route := range routes {
			parts[i] = fmt.Sprintf("%s %d", route, ph.ByRoute[route])
		}
		fmt.Fprintf(w, "           upstream by route: %s\n", strings.Join(parts, ", "))
	}
	upstreamLines(w, ph.UpstreamLog)
	errorLines(w, ph.ErrorMessages)
}

// upstreamLines lists the upstream requests of a phase.
func upstreamLines(w io.Writer, calls []string) {
	for _, c := range calls {
		fmt.Fprintf(w, "             %s\n", c)
	}
}

// errorLines lists distinct error messages, most frequent first.
func errorLines(w io.Writer, msgs []ErrorCount) {
	for i, m := range msgs {
		if i == 8 {
			fmt.Fprintf(w, "           … and %d more distinct messages\n", len(msgs)-i)
			return
		}
		fmt.Fprintf(w, "           %5d× %s\n", m.Count, firstLine(m.Message))
	}
}

// latencyLine writes one latency summary.
func latencyLine(w io.Writer, label string, l Latency) {
	fmt.Fprintf(w, "   %-7s %d requests, %d failed: p50 %s, p99 %s, mean %s, max %s\n", label, l.Count, l.Errors,
		us(l.P50Us), us(l.P99Us), us(l.MeanUs), us(l.MaxUs))
}

// WriteJSON writes the report as indented JSON to path.
func WriteJSON(path string, r *Report) error {
	raw, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(raw, '\n'), 0o644)
}

// coldValue is a cold load's upstream calls against its distinct requests.
func coldValue(p Phase) string {
	return fmt.Sprintf("%d calls for %d requests (%d throttled, %d errors)", p.Upstream, p.Distinct, p.Throttled, p.Errors)
}

// onePerRequest tells whether a load sent each distinct upstream request
// once, without throttling or errors.
func onePerRequest(p Phase) bool {
	return p.Upstream == int64(p.Distinct) && p.Throttled == 0 && p.Errors == 0
}

// callsValue is a load's upstream calls with its throttled answers and errors.
func callsValue(p Phase) string {
	return fmt.Sprintf("%d calls (%d throttled, %d errors)", p.Upstream, p.Throttled, p.Errors)
}

// us formats microseconds.
func us(v float64) string {
	if v >= 1000 {
		return fmt.Sprintf("%.2f ms", v/1000)
	}
	return fmt.Sprintf("%.0f µs", v)
}

// mib formats KiB as MiB.
func mib(kib int64) string {
	return fmt.Sprintf("%.1f MiB", float64(kib)/1024)
}

// firstLine is the first line of s.
func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}
