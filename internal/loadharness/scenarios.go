package loadharness

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/internal/dashboards"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/simulator"
)

// loadDashboard sends every panel's request at once, and with annotations
// every annotation's query too, as a browser opening or refreshing the
// dashboard does, and waits for all of them.
func (h *harness) loadDashboard(ctx context.Context, d *dashboards.Dashboard, annotations bool, pc backend.PluginContext, t *Tally) (time.Duration, error) {
	start := time.Now()
	reqs, err := d.Requests(start)
	if err != nil {
		return 0, err
	}
	if annotations {
		annos, err := d.AnnotationRequests(start)
		if err != nil {
			return 0, err
		}
		reqs = append(reqs, annos...)
	}
	var wg sync.WaitGroup
	for _, r := range reqs {
		wg.Go(func() {
			resp, err := h.send(ctx, h.plugin, pc, r.Queries, h.cfg.QueryTimeout)
			t.Add(r.Queries, resp, err)
		})
	}
	wg.Wait()
	return time.Since(start), nil
}

// dashboardPhase loads a dashboard with its annotations once and counts
// what it cost.
func (h *harness) dashboardPhase(ctx context.Context, d *dashboards.Dashboard, pc backend.PluginContext) (Phase, error) {
	var t Tally
	before := h.snapshot()
	elapsed, err := h.loadDashboard(ctx, d, true, pc, &t)
	if err != nil {
		return Phase{}, err
	}
	p := h.upstreamSince(t.Phase(), before)
	p.ElapsedMs = millis(elapsed)
	p.Distinct = h.sim.distinct(before.mark)
	return p, nil
}

// dashboardScenario is scenario 1: a cold and then a warm load of the
// dashboard of scenarios 1 and 2, then of every other provisioned
// dashboard, each with an organisation of its own, so that each starts
// cold.
func (h *harness) dashboardScenario(ctx context.Context) error {
	if err := h.coldAndWarm(ctx, h.dash, &h.report.Dashboard, h.newDataSource("dashboard")); err != nil {
		return err
	}
	for i, d := range h.others {
		r := &h.report.Dashboards[i]
		h.progress("  %s", d.Title)
		if err := h.coldAndWarm(ctx, d, r, h.newDataSourceWithKey("dashboard", otherDashboardKey(i))); err != nil {
			return fmt.Errorf("%s: %w", d.Title, err)
		}
	}
	return nil
}

// coldAndWarm loads d twice on a fresh data source into r.
func (h *harness) coldAndWarm(ctx context.Context, d *dashboards.Dashboard, r *DashboardResult, pc backend.PluginContext) error {
	h.fresh()
	now := time.Now()
	reqs, err := d.Requests(now)
	if err != nil {
		return err
	}
	annos, err := d.AnnotationRequests(now)
	if err != nil {
		return err
	}
	r.Panels, r.Annotations = len(reqs), len(annos)
	if r.Cold, err = h.dashboardPhase(ctx, d, pc); err != nil {
		return err
	}
	h.progress("  cold: %d upstream calls (%d distinct requests), %d throttled, %d errors", r.Cold.Upstream, r.Cold.Distinct, r.Cold.Throttled, r.Cold.Errors)
	if r.Warm, err = h.dashboardPhase(ctx, d, pc); err != nil {
		return err
	}
	h.progress("  warm: %d upstream calls, %d throttled, %d errors", r.Warm.Upstream, r.Warm.Throttled, r.Warm.Errors)
	r.Ran = true
	return nil
}

// readOtherDashboards reads every provisioned dashboard but the one of
// scenarios 1 and 2, for scenario 1.
func (h *harness) readOtherDashboards() error {
	files, err := filepath.Glob(filepath.Join(h.root, ProvisionedDashboards, "*.json"))
	if err != nil {
		return err
	}
	main, _ := filepath.Abs(h.cfg.Dashboard)
	for _, f := range files {
		if abs, _ := filepath.Abs(f); abs == main {
			continue
		}
		d, err := dashboards.Read(f)
		if err != nil {
			return fmt.Errorf("reading the dashboard: %w", err)
		}
		h.others = append(h.others, d)
		h.report.Dashboards = append(h.report.Dashboards, DashboardResult{File: f, Title: d.Title, TimeFrom: d.Time.From})
	}
	return nil
}

// apiKeys are the keys the simulator accepts: the demo key, and one for
// each other dashboard of scenario 1.
func (h *harness) apiKeys() []string {
	keys := []string{simulator.DemoAPIKey}
	for i := range h.others {
		keys = append(keys, otherDashboardKey(i))
	}
	return keys
}

// otherDashboardKey is the API key of the i-th other dashboard's
// organisation.
func otherDashboardKey(i int) string {
	return fmt.Sprintf("load-dashboard-%d-key", i+1)
}

// screensScenario is scenario 2: many browsers refreshing one data source's
// dashboard back to back, each refresh loading every panel at once.
func (h *harness) screensScenario(ctx context.Context) error {
	h.fresh()
	pc := h.newDataSource("screens")
	r := &h.report.Screens
	r.Screens, r.RefreshesPerScreen, r.Panels = h.cfg.Screens, h.cfg.Refreshes, h.report.Dashboard.Panels
	r.BudgetS = h.cfg.ScreensBudget.Seconds()
	stopAt := time.Now().Add(h.cfg.ScreensBudget)
	var (
		t         Tally
		mu        sync.Mutex
		durations []time.Duration
		firstErr  error
		wg        sync.WaitGroup
	)
	before := h.snapshot()
	start := time.Now()
	for range h.cfg.Screens {
		wg.Go(func() {
			for range h.cfg.Refreshes {
				if ctx.Err() != nil || time.Now().After(stopAt) {
					return
				}
				d, err := h.loadDashboard(ctx, h.dash, false, pc, &t)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				durations = append(durations, d)
				mu.Unlock()
				if err != nil {
					return
				}
			}
		})
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	r.Phase = h.upstreamSince(t.Phase(), before)
	r.Phase.ElapsedMs = millis(time.Since(start))
	r.RefreshesDone = len(durations)
	lat := Summarize(durations, 0)
	r.RefreshP50Ms, r.RefreshP99Ms = lat.P50Us/1000, lat.P99Us/1000
	r.Ran = true
	h.progress("  %d/%d refreshes in %.1fs: %d upstream calls, %d throttled, %d errors", r.RefreshesDone,
		r.Screens*r.RefreshesPerScreen, r.Phase.ElapsedMs/1000, r.Phase.Upstream, r.Phase.Throttled, r.Phase.Errors)
	return nil
}

// distinctQuery is one query of scenario 3: a filter and an interval.
type distinctQuery struct {
	filter   simulator.Filter
	interval string
	hasData  bool // the simulator has viewers for it in the range
}

// distinctQueries picks n maxViewers filters, each naming a single stream:
// every stream alone first, then streams with one of their tags, with
// their country, and with an hourly interval, preferring filters the
// simulator has viewers for in [from, to).
func distinctQueries(ds *simulator.Dataset, from, to time.Time, n int) []distinctQuery {
	streams := ds.Streams()
	var candidates []distinctQuery
	add := func(f simulator.Filter, interval string) {
		candidates = append(candidates, distinctQuery{filter: f, interval: interval, hasData: ds.MaxViewers(from, to, f) > 0})
	}
	for _, s := range streams {
		add(simulator.Filter{StreamNames: []string{s.Name}}, "auto")
	}
	for _, s := range streams {
		for _, tag := range s.Tags {
			add(simulator.Filter{StreamNames: []string{s.Name}, Tags: []string{tag}}, "auto")
		}
	}
	for _, s := range streams {
		if s.Country != "" {
			add(simulator.Filter{StreamNames: []string{s.Name}, Countries: []string{s.Country}}, "auto")
		}
	}
	for _, s := range streams {
		add(simulator.Filter{StreamNames: []string{s.Name}}, "hour")
	}
	var out []distinctQuery
	for _, wantData := range []bool{true, false} {
		for _, c := range candidates {
			if len(out) < n && c.hasData == wantData {
				out = append(out, c)
			}
		}
	}
	return out
}

// streamCount is the number of different stream names among the queries.
func streamCount(qs []distinctQuery) int {
	names := map[string]bool{}
	for _, q := range qs {
		for _, n := range q.filter.StreamNames {
			names[n] = true
		}
	}
	return len(names)
}

// distinctScenario is scenario 3: one request of many distinct queries, as
// a panel with one query per stream sends it.
func (h *harness) distinctScenario(ctx context.Context) error {
	h.fresh()
	pc := h.newDataSource("distinct")
	r := &h.report.Distinct
	now := time.Now()
	from := now.Add(-time.Hour)
	picked := distinctQueries(h.sim.Sim.Dataset(), from, now, h.cfg.Distinct)
	var queries []backend.DataQuery
	for i, q := range picked {
		body, err := json.Marshal(map[string]any{"refId": fmt.Sprintf("Q%02d", i+1), "queryType": "maxViewers",
			"interval": q.interval, "streamNames": q.filter.StreamNames, "tags": q.filter.Tags, "countries": q.filter.Countries})
		if err != nil {
			return err
		}
		queries = append(queries, backend.DataQuery{RefID: fmt.Sprintf("Q%02d", i+1), JSON: body, MaxDataPoints: dashboards.DefaultMaxDataPoints,
			Interval: time.Minute, TimeRange: backend.TimeRange{From: from, To: now}})
		if q.hasData {
			r.FiltersWithData++
		}
	}
	r.Queries, r.Streams = len(queries), streamCount(picked)
	r.TimeoutS = h.cfg.DistinctTimeout.Seconds()
	var t Tally
	before := h.snapshot()
	start := time.Now()
	resp, err := h.send(ctx, h.plugin, pc, queries, h.cfg.DistinctTimeout)
	elapsed := time.Since(start)
	t.Add(queries, resp, err)
	r.Phase = h.upstreamSince(t.Phase(), before)
	r.Phase.ElapsedMs = millis(elapsed)
	r.Ran = true
	h.progress("  %d/%d answered with data in %.1fs: %d upstream calls, %d throttled, %d errors", r.Phase.WithData,
		r.Queries, elapsed.Seconds(), r.Phase.Upstream, r.Phase.Throttled, r.Phase.Errors)
	return nil
}
