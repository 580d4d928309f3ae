// Package loadharness measures how well the nanoStream plugin keeps within
// the API's request budget: it starts the plugin executable the way Grafana
// does, points it at an in-process simulator that throttles like nginx
// (1 request/s, burst 30), replays dashboard loads, many screens, wide
// requests and tight loops of warm queries, and reports upstream calls,
// throttled answers, errors, latency and memory against the targets.
//
// It is a measurement: bad numbers are results, not failures. Run it with
// `go run ./internal/loadharness/cmd/nanostream-load`.
package loadharness

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/internal/dashboards"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/internal/pluginhost"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/simulator"
)

// Simulator throttling, as the production API's nginx does it.
const (
	ThrottleRate  = 1  // requests per second
	ThrottleBurst = 30 // requests at once
)

// DefaultDashboard is the dashboard of scenarios 1 and 2, under the root.
const DefaultDashboard = "provisioning/dashboards/nanostream-analytics.json"

// ProvisionedDashboards is the folder of the dashboards scenario 1 loads
// besides, under the root.
const ProvisionedDashboards = "provisioning/dashboards"

// Config says what to run; zero fields take DefaultConfig's values.
type Config struct {
	Root       string    // module root; found from the working directory when empty
	Plugin     string    // plugin executable; built from ./pkg when empty
	Floor      string    // floor plugin executable; built from ./internal/loadharness/floor when empty
	Dashboard  string    // dashboard file; DefaultDashboard under Root when empty
	Progress   io.Writer // progress lines; nil discards them
	PluginLogs io.Writer // both plugins' log output; nil discards it

	QueryTimeout    time.Duration // deadline of each QueryData of scenarios 1, 2 and 4
	Screens         int           // scenario 2: screens
	Refreshes       int           // scenario 2: refreshes per screen
	ScreensBudget   time.Duration // scenario 2: no refresh starts after this
	Distinct        int           // scenario 3: queries in the request
	DistinctTimeout time.Duration // scenario 3: deadline of the request
	Overhead        int           // scenario 4: sequential requests per plugin
	OverheadBudget  time.Duration // scenario 4: no request starts after this, per plugin
	SkipBench       bool          // scenario 5: skip the go test benchmark
	Replicas        ReplicaConfig // scenarios 6 to 9
}

// DefaultConfig is the configuration the targets are stated for.
func DefaultConfig() Config {
	return Config{
		QueryTimeout:    30 * time.Second,
		Screens:         10,
		Refreshes:       40,
		ScreensBudget:   150 * time.Second,
		Distinct:        40,
		DistinctTimeout: 120 * time.Second,
		Overhead:        2000,
		OverheadBudget:  60 * time.Second,
	}
}

// withDefaults fills in the zero fields.
func (c Config) withDefaults() Config {
	d := DefaultConfig()
	set := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	setD := func(v *time.Duration, def time.Duration) {
		if *v <= 0 {
			*v = def
		}
	}
	set(&c.Screens, d.Screens)
	set(&c.Refreshes, d.Refreshes)
	set(&c.Distinct, d.Distinct)
	set(&c.Overhead, d.Overhead)
	setD(&c.QueryTimeout, d.QueryTimeout)
	setD(&c.ScreensBudget, d.ScreensBudget)
	setD(&c.DistinctTimeout, d.DistinctTimeout)
	setD(&c.OverheadBudget, d.OverheadBudget)
	if c.Progress == nil {
		c.Progress = io.Discard
	}
	if c.PluginLogs == nil {
		c.PluginLogs = io.Discard
	}
	return c
}

// harness is one run: the simulator, both plugins and the report so far.
type harness struct {
	cfg    Config
	root   string
	dash   *dashboards.Dashboard
	others []*dashboards.Dashboard // scenario 1: every other provisioned dashboard
	sim    *upstream
	plugin *pluginhost.Plugin
	floor  *pluginhost.Plugin
	report *Report
	nextID atomic.Int64
	logMu  sync.Mutex
}

// Run builds what it needs, runs the five scenarios and returns the report.
// An error means the harness could not measure; the report then holds what
// was measured before.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	cfg = cfg.withDefaults()
	h := &harness{cfg: cfg, report: &Report{Started: time.Now(), Machine: ThisMachine()}}
	err := h.run(ctx)
	h.report.DurationS = time.Since(h.report.Started).Seconds()
	h.report.Checks = Evaluate(h.report)
	return h.report, err
}

func (h *harness) run(ctx context.Context) error {
	if err := h.prepare(ctx); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "nanostream-load")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if err := h.build(ctx, tmp); err != nil {
		return err
	}
	h.sim, err = listenUpstream(simulator.Options{Throttle: true, Rate: ThrottleRate, Burst: ThrottleBurst, APIKeys: h.apiKeys()})
	if err != nil {
		return fmt.Errorf("starting the simulator: %w", err)
	}
	defer h.sim.Close()
	h.report.Simulator = fmt.Sprintf("in process at %s, throttling %d request/s, burst %d", h.sim.URL, ThrottleRate, ThrottleBurst)
	if h.plugin, err = pluginhost.Start(h.cfg.Plugin, h.cfg.PluginLogs); err != nil {
		return fmt.Errorf("starting the plugin %s: %w", h.cfg.Plugin, err)
	}
	defer h.plugin.Kill()
	if h.floor, err = pluginhost.Start(h.cfg.Floor, h.cfg.PluginLogs); err != nil {
		return fmt.Errorf("starting the floor plugin %s: %w", h.cfg.Floor, err)
	}
	defer h.floor.Kill()

	scenarios := []struct {
		name string
		run  func(context.Context) error
	}{
		{"1. dashboard cold and warm", h.dashboardScenario},
		{"2. ten screens", h.screensScenario},
		{"3. distinct queries in one request", h.distinctScenario},
		{"4. overhead per warm query", h.overheadScenario},
		{"6–9. replicas sharing one Redis", h.replicaScenarios},
	}
	for _, s := range scenarios {
		h.progress("scenario %s", s.name)
		if err := s.run(ctx); err != nil {
			return fmt.Errorf("scenario %s: %w", s.name, err)
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("scenario %s: the run's time is up: %w", s.name, err)
		}
	}
	h.progress("scenario 5. decoding, framing and memory")
	h.memoryAfterLoad()
	h.plugin.Kill()
	h.floor.Kill()
	return h.benchScenario(ctx)
}

// prepare finds the module root and reads the dashboard.
func (h *harness) prepare(ctx context.Context) error {
	if h.cfg.Root == "" {
		wd, err := os.Getwd()
		if err != nil {
			return err
		}
		if h.cfg.Root, err = ModuleRoot(ctx, wd); err != nil {
			return err
		}
	}
	h.root = h.cfg.Root
	if h.cfg.Dashboard == "" {
		h.cfg.Dashboard = filepath.Join(h.root, DefaultDashboard)
	}
	dash, err := dashboards.Read(h.cfg.Dashboard)
	if err != nil {
		return fmt.Errorf("reading the dashboard: %w", err)
	}
	h.dash = dash
	h.report.Dashboard.File = h.cfg.Dashboard
	h.report.Dashboard.Title = dash.Title
	h.report.Dashboard.TimeFrom = dash.Time.From
	return h.readOtherDashboards()
}

// build compiles the plugin and the floor plugin unless they were given.
func (h *harness) build(ctx context.Context, dir string) error {
	h.report.Plugin = h.cfg.Plugin
	if h.cfg.Plugin == "" {
		h.progress("building the plugin (go build -o %s %s)", filepath.Join(dir, PluginBinary), PluginPackage)
		start := time.Now()
		out, err := Build(ctx, h.root, PluginPackage, dir, PluginBinary)
		if err != nil {
			return err
		}
		h.cfg.Plugin = out
		h.report.Plugin = "built from " + PluginPackage
		h.report.BuildS = time.Since(start).Seconds()
	}
	if h.cfg.Floor == "" {
		h.progress("building the floor plugin (%s)", FloorPackage)
		out, err := Build(ctx, h.root, FloorPackage, dir, FloorBinary)
		if err != nil {
			return err
		}
		h.cfg.Floor = out
	}
	return nil
}

// newDataSource is a fresh data source: Grafana keeps one plugin instance
// per data source, so a new UID means a new, cold instance. Its
// organisation is the demo API key's, whose answers earlier scenarios may
// have cached.
func (h *harness) newDataSource(name string) backend.PluginContext {
	return h.newDataSourceWithKey(name, simulator.DemoAPIKey)
}

// newDataSourceWithKey is a fresh data source signed in with apiKey: another
// key is another organisation, with a cache and a budget of its own.
func (h *harness) newDataSourceWithKey(name, apiKey string) backend.PluginContext {
	id := h.nextID.Add(1)
	return backend.PluginContext{
		PluginID: dashboards.PluginType,
		DataSourceInstanceSettings: &backend.DataSourceInstanceSettings{
			ID:                      id,
			UID:                     fmt.Sprintf("loadharness-%s-%d", name, id),
			Name:                    "nanoStream load " + name,
			Type:                    dashboards.PluginType,
			URL:                     h.sim.URL,
			JSONData:                json.RawMessage(`{"authType":"apiKey"}`),
			DecryptedSecureJSONData: map[string]string{"apiKey": apiKey},
			Updated:                 time.Now().Truncate(time.Second),
		},
	}
}

// fresh starts a scenario from zero: counters, the throttling bucket and
// the record of upstream requests.
func (h *harness) fresh() {
	h.sim.reset()
}

// snapshot is the upstream state at the start of a phase.
type snapshot struct {
	stats simulator.Stats
	mark  int
}

// snapshot takes the upstream state now.
func (h *harness) snapshot() snapshot {
	return snapshot{stats: h.sim.Sim.Stats(), mark: h.sim.mark()}
}

// upstreamSince adds to p what the simulator received since s.
func (h *harness) upstreamSince(p Phase, s snapshot) Phase {
	p = p.withUpstream(s.stats, h.sim.Sim.Stats())
	p.UpstreamLog = h.sim.since(s.mark)
	return p
}

// send runs one QueryData with its own deadline; a passed deadline comes
// back as context.DeadlineExceeded.
func (h *harness) send(ctx context.Context, p *pluginhost.Plugin, pc backend.PluginContext, queries []backend.DataQuery, timeout time.Duration) (*backend.QueryDataResponse, error) {
	reqCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	resp, err := p.QueryData(reqCtx, &backend.QueryDataRequest{PluginContext: pc, Queries: queries})
	if err != nil && reqCtx.Err() == context.DeadlineExceeded {
		return nil, fmt.Errorf("%w after %s: %v", context.DeadlineExceeded, timeout, err)
	}
	return resp, err
}

// progress writes one progress line.
func (h *harness) progress(format string, args ...any) {
	h.logMu.Lock()
	defer h.logMu.Unlock()
	fmt.Fprintf(h.cfg.Progress, "[%6.1fs] %s\n", time.Since(h.report.Started).Seconds(), fmt.Sprintf(format, args...))
}
