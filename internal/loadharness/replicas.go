package loadharness

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/redis/go-redis/v9"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/internal/dashboards"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/internal/pluginhost"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/internal/redisserver"
)

// Scenarios 6 to 9: several Grafana replicas, each with its own plugin
// process, sharing one Redis (Debian's redis-server on a free loopback
// port, without persistence), against the same throttling simulator.
//
//	6. three replicas: a cold load of the main dashboard on all three at
//	   once, then ten screens spread over them refreshing it back to back
//	7. one hundred panels repeated per stream (one maxViewers query each,
//	   the last hour) on ten screens spread over the replicas, refreshing
//	   every 30 s for ten minutes, time-compressed (see ReplicaConfig)
//	8. Redis killed and restarted in the middle of scenario 7
//	9. a warm query served from Redis against one from the process's own
//	   cache, on fresh processes after scenario 7's first load

// Defaults of ReplicaConfig.
const (
	DefaultReplicas          = 3
	DefaultStreamPanels      = 100
	DefaultPanelScreens      = 10
	DefaultPanelsDuration    = 2 * time.Minute // ten minutes compressed five times
	DefaultFirstLoadBudget   = 4 * time.Minute
	DefaultRoundTripReplicas = 3
	// RealRefresh and RealDuration are scenario 7 as stated: a refresh
	// every 30 s for ten minutes.
	RealRefresh  = 30 * time.Second
	RealDuration = 10 * time.Minute
)

// ReplicaConfig configures scenarios 6 to 9; zero fields take the defaults.
type ReplicaConfig struct {
	Skip        bool   // do not run them
	RedisServer string // redis-server executable; default $REDIS_SERVER_PATH, else redis-server on PATH
	Replicas    int    // plugin processes
	Panels      int    // scenario 7: panels, one distinct query each
	Screens     int    // scenario 7: screens
	// Duration is scenario 7's measured time. Its ten minutes are
	// compressed by RealDuration/Duration: the screens refresh every
	// RealRefresh divided by the same factor, twenty refreshes each, while
	// the budget and the answers' lifetimes keep real time.
	Duration        time.Duration
	FirstLoadBudget time.Duration // scenario 7: most time for the first load
	RoundTrip       int           // scenario 9: fresh processes, each asking every panel twice
}

func (c ReplicaConfig) withDefaults() ReplicaConfig {
	set := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	set(&c.Replicas, DefaultReplicas)
	set(&c.Panels, DefaultStreamPanels)
	set(&c.Screens, DefaultPanelScreens)
	set(&c.RoundTrip, DefaultRoundTripReplicas)
	if c.Duration <= 0 {
		c.Duration = DefaultPanelsDuration
	}
	if c.FirstLoadBudget <= 0 {
		c.FirstLoadBudget = DefaultFirstLoadBudget
	}
	return c
}

// liveLifetime is the lifetime of an answer that reaches the present
// minute, such as a repeated panel's last hour.
const liveLifetime = 30 * time.Second

// replicaSet is the replicas' plugin processes and their Redis.
type replicaSet struct {
	h       *harness
	cfg     ReplicaConfig
	redis   *redisserver.Server
	rdb     *redis.Client
	plugins []*pluginhost.Plugin
	pc      backend.PluginContext
}

// replicaScenarios runs scenarios 6 to 9. Missing Redis is a result ("not
// run", with the reason), not a failure of the harness.
func (h *harness) replicaScenarios(ctx context.Context) error {
	cfg := h.cfg.Replicas.withDefaults()
	r := &h.report.Replicas
	if cfg.Skip {
		r.Error = "skipped"
		return nil
	}
	var srv *redisserver.Server
	var err error
	if cfg.RedisServer != "" {
		srv, err = redisserver.StartPath(cfg.RedisServer)
	} else {
		srv, err = redisserver.Start()
	}
	if err != nil {
		r.Error = err.Error()
		h.progress("  not run: %v", err)
		return nil
	}
	defer srv.Stop()
	set := &replicaSet{h: h, cfg: cfg, redis: srv, rdb: redis.NewClient(&redis.Options{Addr: srv.Addr})}
	defer set.rdb.Close()
	defer set.stop()
	r.Redis = "redis-server on " + srv.Addr + ", no persistence"
	r.Replicas = cfg.Replicas
	set.pc = h.replicaDataSource(srv.URL)

	if err := set.sharedDashboard(ctx); err != nil {
		return err
	}
	return set.streamPanels(ctx)
}

// replicaDataSource is the data source every replica has, provisioned
// alike: the demo organisation with its state in Redis.
func (h *harness) replicaDataSource(redisURL string) backend.PluginContext {
	pc := h.newDataSource("replicas")
	pc.DataSourceInstanceSettings.JSONData = json.RawMessage(`{"authType":"apiKey","redisUrl":"` + redisURL + `"}`)
	return pc
}

// restart starts the replicas afresh on an empty Redis and a fresh
// simulator record: a cold start of every Grafana.
func (s *replicaSet) restart(ctx context.Context) error {
	s.stop()
	if err := s.rdb.FlushAll(ctx).Err(); err != nil {
		return fmt.Errorf("emptying Redis: %w", err)
	}
	s.h.fresh()
	for range s.cfg.Replicas {
		p, err := pluginhost.Start(s.h.cfg.Plugin, s.h.cfg.PluginLogs)
		if err != nil {
			return fmt.Errorf("starting a replica: %w", err)
		}
		s.plugins = append(s.plugins, p)
	}
	return nil
}

func (s *replicaSet) stop() {
	for _, p := range s.plugins {
		p.Kill()
	}
	s.plugins = nil
}

// send is one QueryData to a replica.
func (s *replicaSet) send(ctx context.Context, p *pluginhost.Plugin, queries []backend.DataQuery) (*backend.QueryDataResponse, error) {
	return s.h.send(ctx, p, s.pc, queries, s.h.cfg.QueryTimeout)
}

// sharedDashboard is scenario 6.
func (s *replicaSet) sharedDashboard(ctx context.Context) error {
	h := s.h
	r := &h.report.Replicas
	if err := s.restart(ctx); err != nil {
		return err
	}
	h.progress("  6. cold load of %q on %d replicas at once", h.dash.Title, len(s.plugins))
	now := time.Now()
	reqs, err := h.dash.Requests(now)
	if err != nil {
		return err
	}
	annos, err := h.dash.AnnotationRequests(now)
	if err != nil {
		return err
	}
	var t Tally
	before := h.snapshot()
	start := time.Now()
	var wg sync.WaitGroup
	for _, p := range s.plugins {
		for _, req := range reqs {
			wg.Go(func() {
				resp, err := s.send(ctx, p, req.Queries)
				t.Add(req.Queries, resp, err)
			})
		}
	}
	wg.Wait()
	r.Cold = h.upstreamSince(t.Phase(), before)
	r.Cold.ElapsedMs = millis(time.Since(start))
	r.Panels = len(reqs)
	h.progress("     panels: %d upstream calls in all, %d throttled, %d errors", r.Cold.Upstream, r.Cold.Throttled, r.Cold.Errors)
	if len(annos) > 0 {
		var ta Tally
		before := h.snapshot()
		for _, p := range s.plugins {
			for _, req := range annos {
				wg.Go(func() {
					resp, err := s.send(ctx, p, req.Queries)
					ta.Add(req.Queries, resp, err)
				})
			}
		}
		wg.Wait()
		r.ColdAnnotations = h.upstreamSince(ta.Phase(), before)
		r.Annotations = len(annos)
		h.progress("     annotations: %d upstream calls in all", r.ColdAnnotations.Upstream)
	}

	h.progress("  6. %d screens over %d replicas, %d refreshes each, back to back", h.cfg.Screens, len(s.plugins), h.cfg.Refreshes)
	stopAt := time.Now().Add(h.cfg.ScreensBudget)
	var ts Tally
	var mu sync.Mutex
	var durations []time.Duration
	before = h.snapshot()
	start = time.Now()
	for i := range h.cfg.Screens {
		p := s.plugins[i%len(s.plugins)]
		wg.Go(func() {
			for range h.cfg.Refreshes {
				if ctx.Err() != nil || time.Now().After(stopAt) {
					return
				}
				d := s.refresh(ctx, p, reqs, &ts)
				mu.Lock()
				durations = append(durations, d)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	r.Screens = h.upstreamSince(ts.Phase(), before)
	r.Screens.ElapsedMs = millis(time.Since(start))
	r.ScreenCount, r.RefreshesPerScreen, r.RefreshesDone = h.cfg.Screens, h.cfg.Refreshes, len(durations)
	r.Max10s = h.sim.max10s(before.mark)
	r.Max10sLimit = 10*0.8 + 20
	r.SharedRan = true
	h.progress("     %d refreshes: %d upstream calls, %d throttled, %d errors; highest 10 s: %d requests", len(durations),
		r.Screens.Upstream, r.Screens.Throttled, r.Screens.Errors, r.Max10s)
	return nil
}

// refresh sends every panel request at once to one replica and waits.
func (s *replicaSet) refresh(ctx context.Context, p *pluginhost.Plugin, reqs []dashboards.PanelRequest, t *Tally) time.Duration {
	start := time.Now()
	var wg sync.WaitGroup
	for _, req := range reqs {
		wg.Go(func() {
			resp, err := s.send(ctx, p, req.Queries)
			t.Add(req.Queries, resp, err)
		})
	}
	wg.Wait()
	return time.Since(start)
}

// panelQuery is one panel of scenario 7 at now: maxViewers of the last
// hour for one filter, as a repeated panel asks it.
func panelQuery(q distinctQuery, now time.Time) []backend.DataQuery {
	body, _ := json.Marshal(map[string]any{"refId": "A", "queryType": "maxViewers", "interval": "auto",
		"streamNames": q.filter.StreamNames, "tags": q.filter.Tags, "countries": q.filter.Countries})
	return []backend.DataQuery{{RefID: "A", JSON: body, MaxDataPoints: dashboards.DefaultMaxDataPoints, Interval: time.Minute,
		TimeRange: backend.TimeRange{From: now.Add(-time.Hour), To: now}}}
}

// panelSample is one panel request of scenario 7.
type panelSample struct {
	at      time.Duration // since the measured phase began
	took    time.Duration
	failed  bool
	message string
	status  string  // the cache status of its answer
	ageS    float64 // the age of its answer
	stale   bool    // it carried the notice of a stale answer
}

// panelRun collects scenario 7's requests.
type panelRun struct {
	mu       sync.Mutex
	samples  []panelSample
	refresh  []time.Duration
	answered map[int]bool
	tally    Tally
}

// streamPanels is scenarios 7, 8 and 9.
func (s *replicaSet) streamPanels(ctx context.Context) error {
	h, cfg := s.h, s.cfg
	r := &h.report.Replicas.StreamPanels
	if err := s.restart(ctx); err != nil {
		return err
	}
	now := time.Now()
	panels := distinctQueries(h.sim.Sim.Dataset(), now.Add(-time.Hour), now, cfg.Panels)
	factor := float64(RealDuration) / float64(cfg.Duration)
	interval := time.Duration(float64(RealRefresh) / factor)
	r.Panels, r.Screens, r.Replicas = len(panels), cfg.Screens, len(s.plugins)
	r.DurationS, r.RefreshS, r.Compression = cfg.Duration.Seconds(), interval.Seconds(), factor
	// an answer is refreshed at the latest when every other panel's was,
	// at the configured rate, after its lifetime (30 s) ended
	r.AgeBoundS = float64(len(panels))/0.8 + liveLifetime.Seconds()

	// the first load: every screen refreshes until every panel had an answer
	h.progress("  7. first load of %d panels on %d screens over %d replicas, a refresh every %.1f s", len(panels), cfg.Screens, len(s.plugins), interval.Seconds())
	first := &panelRun{answered: map[int]bool{}}
	before := h.snapshot()
	start := time.Now()
	s.screens(ctx, s.plugins, panels, interval, start, start.Add(cfg.FirstLoadBudget), first, func() bool {
		first.mu.Lock()
		defer first.mu.Unlock()
		return len(first.answered) == len(panels)
	})
	r.FirstLoadS = time.Since(start).Seconds()
	r.FirstLoad = h.upstreamSince(first.tally.Phase(), before)
	r.FirstLoadAnswered = len(first.answered)
	r.FirstLoadMax10s = h.sim.max10s(before.mark)
	h.progress("     every panel answered after %.0f s (%d of %d): %d upstream calls, %d throttled, %d query errors while waiting for the budget",
		r.FirstLoadS, len(first.answered), len(panels), r.FirstLoad.Upstream, r.FirstLoad.Throttled, r.FirstLoad.Errors)
	if err := ctx.Err(); err != nil {
		return err
	}

	// 9, while every answer is in Redis
	if err := s.roundTrip(ctx, panels); err != nil {
		return err
	}

	// 7 and 8: the measured refreshes, Redis killed at 40 % and restarted at 60 %
	h.progress("  7. %s of refreshes (ten minutes compressed %.0f×); 8. Redis killed at 40 %% and restarted at 60 %%", cfg.Duration, factor)
	run := &panelRun{answered: map[int]bool{}}
	before = h.snapshot()
	start = time.Now()
	killAt, restartAt := time.Duration(0.4*float64(cfg.Duration)), time.Duration(0.6*float64(cfg.Duration))
	faults := make(chan error, 1)
	var killMark atomic.Int64
	go func() {
		if sleepCtx(ctx, killAt) != nil {
			faults <- nil
			return
		}
		killMark.Store(int64(h.sim.mark()))
		s.redis.Kill()
		h.progress("     Redis killed at %.0f s", time.Since(start).Seconds())
		_ = sleepCtx(ctx, restartAt-killAt)
		err := s.redis.Restart()
		h.progress("     Redis restarted at %.0f s", time.Since(start).Seconds())
		faults <- err
	}()
	s.screens(ctx, s.plugins, panels, interval, start, start.Add(cfg.Duration), run, nil)
	if err := <-faults; err != nil {
		return fmt.Errorf("restarting Redis: %w", err)
	}
	r.Phase = h.upstreamSince(run.tally.Phase(), before)
	r.Phase.ElapsedMs = millis(time.Since(start))
	r.Max10s = h.sim.max10s(before.mark)
	up := h.sim.gaps(before.mark, int(killMark.Load()), liveLifetime)
	r.RepeatedWithinLifetime, r.LongestGapS = up.repeats, up.longest.Seconds()
	r.RepeatedAll = h.sim.gaps(before.mark, h.sim.mark(), liveLifetime).repeats
	r.KillAtS, r.RestartAtS = killAt.Seconds(), restartAt.Seconds()
	r.summarize(run, killAt, restartAt)
	r.Ran = true
	if err := s.floorScreens(ctx, panels, interval); err != nil {
		return err
	}
	h.progress("     %d panel requests: %d errors, %d throttled, %d upstream calls (highest 10 s: %d); panel p50 %.1f ms, p99 %.1f ms; refresh p99 %.0f ms; oldest answer %.0f s before the kill, %.0f s in all (bound %.0f s)",
		r.Phase.Queries, r.Phase.Errors, r.Phase.Throttled, r.Phase.Upstream, r.Max10s, r.PanelP50Ms, r.PanelP99Ms, r.RefreshP99Ms, r.OldestAgeS, r.OldestAgeAllS, r.AgeBoundS)
	return nil
}

// floorScreens runs the same screens against do-nothing floor plugins, one
// per replica, for a while: the share of the panels' latency that the
// plugin protocol and this machine take under the same load.
func (s *replicaSet) floorScreens(ctx context.Context, panels []distinctQuery, interval time.Duration) error {
	h := s.h
	r := &h.report.Replicas.StreamPanels
	var floors []*pluginhost.Plugin
	defer func() {
		for _, p := range floors {
			p.Kill()
		}
	}()
	for range s.cfg.Replicas {
		p, err := pluginhost.Start(h.cfg.Floor, h.cfg.PluginLogs)
		if err != nil {
			return fmt.Errorf("starting a floor plugin: %w", err)
		}
		floors = append(floors, p)
	}
	span := min(s.cfg.Duration/4, 30*time.Second)
	run := &panelRun{answered: map[int]bool{}}
	start := time.Now()
	s.screens(ctx, floors, panels, interval, start, start.Add(span), run, nil)
	run.mu.Lock()
	defer run.mu.Unlock()
	var took []time.Duration
	for _, sample := range run.samples {
		took = append(took, sample.took)
	}
	lat := Summarize(took, 0)
	r.FloorP50Ms, r.FloorP99Ms, r.FloorRequests = lat.P50Us/1000, lat.P99Us/1000, lat.Count
	h.progress("     the same screens on do-nothing floor plugins for %s: panel p50 %.1f ms, p99 %.1f ms", span, r.FloorP50Ms, r.FloorP99Ms)
	return nil
}

// sleepCtx waits d unless ctx ends first.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// screens runs the screens over plugins until no refresh is due before
// until, or done says so: screen i, on plugin i mod n, refreshes every
// interval from its own offset, each refresh sending every panel's request
// at once. Refreshes under way at the end run to their end.
func (s *replicaSet) screens(ctx context.Context, plugins []*pluginhost.Plugin, panels []distinctQuery, interval time.Duration, start, until time.Time, run *panelRun, done func() bool) {
	var wg sync.WaitGroup
	stop := make(chan struct{})
	var stopOnce sync.Once
	for i := range s.cfg.Screens {
		p := plugins[i%len(plugins)]
		offset := time.Duration(i) * interval / time.Duration(s.cfg.Screens)
		wg.Go(func() {
			for next := start.Add(offset); next.Before(until); next = next.Add(interval) {
				t := time.NewTimer(max(time.Until(next), 0))
				select {
				case <-ctx.Done():
					t.Stop()
					return
				case <-stop:
					t.Stop()
					return
				case <-t.C:
				}
				run.addRefresh(s.panelRefresh(ctx, p, panels, start, run))
				if done != nil && done() {
					stopOnce.Do(func() { close(stop) })
					return
				}
			}
		})
	}
	wg.Wait()
}

func (run *panelRun) addRefresh(d time.Duration) {
	run.mu.Lock()
	defer run.mu.Unlock()
	run.refresh = append(run.refresh, d)
}

// panelRefresh sends every panel's request at once to one replica.
func (s *replicaSet) panelRefresh(ctx context.Context, p *pluginhost.Plugin, panels []distinctQuery, start time.Time, run *panelRun) time.Duration {
	began := time.Now()
	var wg sync.WaitGroup
	for i, q := range panels {
		wg.Go(func() {
			at := time.Now()
			queries := panelQuery(q, at)
			resp, err := s.send(ctx, p, queries)
			took := time.Since(at)
			if ctx.Err() != nil {
				return // the harness's time is up
			}
			run.tally.Add(queries, resp, err)
			sample := panelSample{at: at.Sub(start), took: took, failed: failed(queries, resp, err)}
			if err != nil {
				sample.message = err.Error()
			} else if res, ok := resp.Responses["A"]; ok {
				if res.Error != nil {
					sample.message = res.Error.Error()
				}
				sample.status, sample.ageS, sample.stale = cacheMeta(res.Frames)
			}
			run.mu.Lock()
			defer run.mu.Unlock()
			run.samples = append(run.samples, sample)
			if !sample.failed {
				run.answered[i] = true
			}
		})
	}
	wg.Wait()
	return time.Since(began)
}

// cacheMeta reads the cache status and age of an answer from its frames'
// meta, and whether it carries the notice of a stale answer.
func cacheMeta(frames data.Frames) (status string, ageS float64, stale bool) {
	for _, f := range frames {
		if f.Meta == nil {
			continue
		}
		for _, n := range f.Meta.Notices {
			if n.Severity == data.NoticeSeverityWarning && strings.Contains(n.Text, "older than its lifetime") {
				stale = true
			}
		}
		custom, _ := f.Meta.Custom.(map[string]any) // as the plugin protocol hands it over
		if cache, ok := custom["cache"].(map[string]any); ok {
			status, _ := cache["status"].(string)
			age, _ := cache["ageSeconds"].(float64)
			return status, age, stale
		}
	}
	return "", 0, stale
}

// summarize fills scenario 7's and 8's figures from a run.
func (r *PanelsResult) summarize(run *panelRun, killAt, restartAt time.Duration) {
	run.mu.Lock()
	defer run.mu.Unlock()
	var all, up, down []time.Duration
	statuses := map[string]int{}
	r.OldestByTenthS = make([]float64, 10)
	var end time.Duration
	for _, s := range run.samples {
		end = max(end, s.at)
	}
	for _, s := range run.samples {
		all = append(all, s.took)
		if s.at < killAt {
			up = append(up, s.took)
		} else if s.at < restartAt {
			down = append(down, s.took)
		}
		if s.failed {
			if s.at >= killAt {
				r.FailedSinceKill++
			}
			continue
		}
		statuses[s.status]++
		r.OldestAgeAllS = math.Max(r.OldestAgeAllS, s.ageS)
		if end > 0 {
			tenth := min(int(10*s.at/end), 9)
			r.OldestByTenthS[tenth] = math.Max(r.OldestByTenthS[tenth], s.ageS)
		}
		if s.at < killAt {
			r.OldestAgeS = math.Max(r.OldestAgeS, s.ageS)
		}
		if s.stale {
			r.StaleNotices++
		}
	}
	r.Statuses = statuses
	lat := Summarize(all, 0)
	r.PanelP50Ms, r.PanelP99Ms, r.PanelMaxMs = lat.P50Us/1000, lat.P99Us/1000, lat.MaxUs/1000
	lu := Summarize(up, 0)
	r.UpP99Ms = lu.P99Us / 1000
	ld := Summarize(down, 0)
	r.OutageP99Ms = ld.P99Us / 1000
	rl := Summarize(run.refresh, 0)
	r.Refreshes, r.RefreshP50Ms, r.RefreshP99Ms = len(run.refresh), rl.P50Us/1000, rl.P99Us/1000
}

// roundTrip is scenario 9: fresh replicas, whose own cache is empty, ask
// every panel twice: the first answer comes from Redis, the second from
// the process.
func (s *replicaSet) roundTrip(ctx context.Context, panels []distinctQuery) error {
	h := s.h
	r := &h.report.Replicas.RoundTrip
	h.progress("  9. %d fresh replicas ask each of the %d panels twice, one request at a time", s.cfg.RoundTrip, len(panels))
	var fromRedis, inProcess []time.Duration
	statuses := map[string]int{}
	for range s.cfg.RoundTrip {
		p, err := pluginhost.Start(h.cfg.Plugin, h.cfg.PluginLogs)
		if err != nil {
			return fmt.Errorf("starting a fresh replica: %w", err)
		}
		// the first panel untimed: the data source instance is made then
		_, _ = s.send(ctx, p, panelQuery(panels[0], time.Now()))
		for _, q := range panels[1:] {
			for pass := range 2 {
				queries := panelQuery(q, time.Now())
				start := time.Now()
				resp, err := s.send(ctx, p, queries)
				took := time.Since(start)
				if failed(queries, resp, err) {
					statuses["error"]++
					continue
				}
				status, _, _ := cacheMeta(resp.Responses["A"].Frames)
				if status != "hit" && status != "stale" {
					statuses[fmt.Sprintf("pass %d: %s", pass+1, status)]++
					continue // not a warm query
				}
				if pass == 0 {
					fromRedis = append(fromRedis, took)
				} else {
					inProcess = append(inProcess, took)
				}
			}
		}
		p.Kill()
	}
	r.Redis, r.InProcess = Summarize(fromRedis, 0), Summarize(inProcess, 0)
	r.Other = statuses
	r.Ran = true
	h.progress("     from Redis: p50 %s, p99 %s (%d); in the process: p50 %s, p99 %s (%d)", us(r.Redis.P50Us), us(r.Redis.P99Us), r.Redis.Count,
		us(r.InProcess.P50Us), us(r.InProcess.P99Us), r.InProcess.Count)
	return nil
}

// max10s is the most requests the simulator received in any ten seconds
// since a mark of its record.
func (u *upstream) max10s(mark int) int64 {
	u.mu.Lock()
	var at []time.Duration
	if mark < len(u.calls) {
		for _, c := range u.calls[mark:] {
			at = append(at, c.at)
		}
	}
	u.mu.Unlock()
	slices.Sort(at)
	best, lo := 0, 0
	for hi := range at {
		for at[hi]-at[lo] >= 10*time.Second {
			lo++
		}
		best = max(best, hi-lo+1)
	}
	return int64(best)
}
