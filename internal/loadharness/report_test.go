package loadharness

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goodReport meets every target.
func goodReport() *Report {
	return &Report{
		Started: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC), DurationS: 61.5,
		Machine: Machine{CPUs: 2, CPUModel: "Test CPU", GoVersion: "go1.26.8", Platform: "linux/amd64"},
		Plugin:  "built from ./pkg", Simulator: "in process",
		Dashboard: DashboardResult{Ran: true, Title: "nanoStream Analytics", TimeFrom: "now-24h", Panels: 6,
			Cold: Phase{Requests: 6, Queries: 6, WithData: 6, Upstream: 3, Distinct: 3, ByRoute: map[string]int64{"/v2/a": 2, "/v2/b": 1},
				UpstreamLog: []string{"+0.001s GET /v2/a -> 200"}},
			Warm: Phase{Requests: 6, Queries: 6, WithData: 6}},
		Screens:  ScreensResult{Ran: true, Screens: 10, RefreshesPerScreen: 40, Panels: 6, RefreshesDone: 400, Phase: Phase{Queries: 2400, Upstream: 4}},
		Distinct: DistinctResult{Ran: true, Queries: 40, FiltersWithData: 40, Phase: Phase{WithData: 40, Upstream: 40}},
		Overhead: OverheadResult{Ran: true, Requested: 2000, Plugin: Latency{Count: 2000, P50Us: 700}, Floor: Latency{Count: 2000, P50Us: 600}, Ratio: 700.0 / 600},
		Decode: DecodeResult{Ran: true, Benchmarks: []BenchResult{{Name: DecodeBenchmark, NsPerOp: 8e6}},
			Memory: Memory{RSSKiB: 40 * 1024, PeakKiB: 42 * 1024}},
	}
}

func TestEvaluateMeetsEveryTargetOfAGoodRun(t *testing.T) {
	checks := Evaluate(goodReport())
	require.Len(t, checks, 12)
	for _, c := range checks {
		assert.True(t, c.Met, "%s %s: %s", c.Scenario, c.Name, c.Value)
	}
}

func TestEvaluateMarksMissedTargets(t *testing.T) {
	r := goodReport()
	r.Dashboard.Warm.Errors = 1                // an error is not a cache hit
	r.Screens.Phase.Throttled = 12             // throttled
	r.Distinct.Phase.WithData = 39             // one without data
	r.Overhead.Plugin.Errors = 5               // fast failures are not overhead
	r.Overhead.Ratio = 1.6                     // slower than 1.5x the floor
	r.Decode.Memory.RSSKiB = 61 * 1024         // too big
	r.Decode.Benchmarks[0].Name = "BenchmarkX" // the benchmark is missing
	missed := map[string]bool{}
	for _, c := range Evaluate(r) {
		if !c.Met {
			missed[c.Scenario+" "+c.Name] = true
		}
	}
	assert.Equal(t, map[string]bool{
		"1 warm dashboard load": true, "2 throttled answers": true, "3 answered with data": true,
		"4 warm query p50": true, "4 p50 against the floor plugin": true,
		"5 decode and frame a week of minutes": true, "5 plugin RSS after scenarios 1–4": true,
	}, missed)
}

func TestEvaluateChecksEveryOtherDashboardForOneCallPerRequest(t *testing.T) {
	r := goodReport()
	r.Dashboards = []DashboardResult{
		{Ran: true, Title: "Health", Cold: Phase{Upstream: 6, Distinct: 6}},
		{Ran: true, Title: "Breakdown", Cold: Phase{Upstream: 6, Distinct: 5}, Warm: Phase{Upstream: 1}},
		{Title: "Wall"},
	}
	met := map[string]bool{}
	for _, c := range Evaluate(r) {
		met[c.Scenario+" "+c.Name] = c.Met
	}
	assert.Len(t, met, 12+6)
	assert.True(t, met["1 cold Health"])
	assert.True(t, met["1 warm Health"])
	assert.False(t, met["1 cold Breakdown"], "a request sent twice")
	assert.False(t, met["1 warm Breakdown"])
	assert.False(t, met["1 cold Wall"], "not run")
}

func TestEvaluateReportsScenariosThatDidNotRun(t *testing.T) {
	checks := Evaluate(&Report{})
	require.Len(t, checks, 12)
	for _, c := range checks {
		assert.False(t, c.Met)
		assert.Equal(t, "not run", c.Value)
	}
}

func TestFormatShowsMachineNumbersAndMarks(t *testing.T) {
	r := goodReport()
	r.Screens.Phase.Throttled = 3
	r.Screens.Phase.ErrorMessages = []ErrorCount{{Message: "The nanoStream API is throttling requests\nsecond line", Count: 3}}
	r.Checks = Evaluate(r)
	var buf bytes.Buffer
	Format(&buf, r)
	out := buf.String()
	for _, want := range []string{
		"2 CPUs, Test CPU, linux/amd64, go1.26.8",
		"cold    3 upstream calls (3 distinct)",
		"upstream by route: /v2/a 2, /v2/b 1",
		"+0.001s GET /v2/a -> 200",
		"3× The nanoStream API is throttling requests\n",
		"700 µs",
		"40.0 MiB",
		"NOT met",
		"11 of 12 targets met",
	} {
		assert.Contains(t, out, want)
	}
	assert.NotContains(t, out, "second line")
}

func TestTallyCountsAnswersErrorsAndDeadlines(t *testing.T) {
	queries := []backend.DataQuery{{RefID: "A"}, {RefID: "B"}, {RefID: "C"}}
	resp := backend.NewQueryDataResponse()
	resp.Responses["A"] = backend.DataResponse{Frames: data.Frames{data.NewFrame("", data.NewField("v", nil, []*float64{nil, ptr(1.0)}))}}
	resp.Responses["B"] = backend.DataResponse{Error: errors.New("throttled")}
	var tl Tally
	tl.Add(queries, resp, nil)
	tl.Add(queries[:1], nil, fmt.Errorf("%w: rpc error", context.DeadlineExceeded))
	p := tl.Phase()
	assert.Equal(t, 2, p.Requests)
	assert.Equal(t, 4, p.Queries)
	assert.Equal(t, 1, p.WithData)
	assert.Equal(t, 3, p.Errors, "B failed, C is missing, the second request failed")
	assert.Equal(t, 1, p.Deadlines)
	assert.Len(t, p.ErrorMessages, 3)
	assert.False(t, HasData(data.Frames{data.NewFrame("", data.NewField("v", nil, []*float64{nil}))}))
}

func ptr(f float64) *float64 { return &f }
