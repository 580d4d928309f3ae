package loadharness

import (
	"context"
	"encoding/json"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/internal/dashboards"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/internal/pluginhost"
)

// warmups are untimed requests sent to each plugin before timing.
const warmups = 20

// overheadQuery is scenario 4's query: all viewers of the last hour, the
// same range every time so that the plugin may answer it from a cache.
func overheadQuery(now time.Time) []backend.DataQuery {
	body, _ := json.Marshal(map[string]any{"refId": "A", "queryType": "maxViewers", "interval": "auto"})
	return []backend.DataQuery{{RefID: "A", JSON: body, MaxDataPoints: dashboards.DefaultMaxDataPoints, Interval: time.Minute,
		TimeRange: backend.TimeRange{From: now.Add(-time.Hour), To: now}}}
}

// side is one plugin of scenario 4 with what was timed for it.
type side struct {
	plugin    *pluginhost.Plugin
	pc        backend.PluginContext
	tally     Tally
	durations []time.Duration
	errors    int
}

// timeOne sends one timed request.
func (h *harness) timeOne(ctx context.Context, s *side, queries []backend.DataQuery) {
	start := time.Now()
	resp, err := h.send(ctx, s.plugin, s.pc, queries, h.cfg.QueryTimeout)
	s.durations = append(s.durations, time.Since(start))
	s.tally.Add(queries, resp, err)
	if failed(queries, resp, err) {
		s.errors++
	}
}

// overheadScenario is scenario 4: the latency of a warm query through the
// plugin against the same through the do-nothing floor plugin. Requests
// alternate between the two so that drift on the machine hits both alike.
func (h *harness) overheadScenario(ctx context.Context) error {
	h.fresh()
	r := &h.report.Overhead
	r.Requested, r.BudgetS = h.cfg.Overhead, h.cfg.OverheadBudget.Seconds()
	queries := overheadQuery(time.Now())
	plugin := &side{plugin: h.plugin, pc: h.newDataSource("overhead"), durations: make([]time.Duration, 0, h.cfg.Overhead)}
	floor := &side{plugin: h.floor, pc: h.newDataSource("floor"), durations: make([]time.Duration, 0, h.cfg.Overhead)}

	before := h.snapshot()
	for range warmups {
		for _, s := range []*side{plugin, floor} {
			_, _ = h.send(ctx, s.plugin, s.pc, queries, h.cfg.QueryTimeout)
		}
	}
	stopAt := time.Now().Add(h.cfg.OverheadBudget)
	for range h.cfg.Overhead {
		if ctx.Err() != nil || time.Now().After(stopAt) {
			break
		}
		h.timeOne(ctx, plugin, queries)
		h.timeOne(ctx, floor, queries)
	}
	p := h.upstreamSince(plugin.tally.Phase(), before)
	r.Upstream, r.Throttled, r.ErrorMessages, r.UpstreamLog = p.Upstream, p.Throttled, p.ErrorMessages, p.UpstreamLog
	r.Plugin = Summarize(plugin.durations, plugin.errors)
	r.Floor = Summarize(floor.durations, floor.errors)
	if r.Floor.P50Us > 0 {
		r.Ratio = r.Plugin.P50Us / r.Floor.P50Us
	}
	r.Ran = true
	h.progress("  plugin: %d requests, p50 %s, p99 %s, %d errors, %d upstream calls", r.Plugin.Count,
		us(r.Plugin.P50Us), us(r.Plugin.P99Us), r.Plugin.Errors, r.Upstream)
	h.progress("  floor:  %d requests, p50 %s, p99 %s, %d errors", r.Floor.Count, us(r.Floor.P50Us), us(r.Floor.P99Us), r.Floor.Errors)
	return nil
}

// memoryAfterLoad reads the plugin's resident memory after scenarios 1–4.
func (h *harness) memoryAfterLoad() {
	r := &h.report.Decode
	m, err := ReadMemory(h.plugin.PID())
	if err != nil {
		r.MemoryError = err.Error()
		return
	}
	r.Memory = m
	h.progress("  plugin memory: VmRSS %.1f MiB, VmHWM %.1f MiB", float64(m.RSSKiB)/1024, float64(m.PeakKiB)/1024)
}

// benchScenario runs the decoding benchmark; its failure is a result.
func (h *harness) benchScenario(ctx context.Context) error {
	r := &h.report.Decode
	r.Ran = true
	if h.cfg.SkipBench {
		r.BenchError = "skipped"
		return nil
	}
	benchCtx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	h.progress("  go %v", BenchArgs())
	results, err := RunBench(benchCtx, h.root)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		r.BenchError = err.Error()
		return nil
	}
	r.Benchmarks = results
	for _, b := range results {
		h.progress("  %s: %.2f ms/op, %d B/op, %d allocs/op", b.Name, b.NsPerOp/1e6, b.BytesPerOp, b.AllocsPerOp)
	}
	return nil
}
