// Package plugin is the layer Grafana talks to: one file per capability.
package plugin

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/models"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/simulator"
)

// PluginID is the plugin's id in plugin.json.
const PluginID = "nanostream-analytics-datasource"

// Datasource is one configured nanoStream Analytics data source.
type Datasource struct {
	settings  models.Settings
	setupErr  error // a configuration problem, reported on every call
	client    *nanostream.Client
	simulator *simulator.Transport // the built-in simulator, in memory, when no credentials are set
	resources backend.CallResourceHandler
	now       func() time.Time
	// orgs holds the API organisations' state the client shares with the
	// other instances of the process; nil for the built-in simulator,
	// whose state is the instance's own.
	orgs *nanostream.Orgs
	// releaseStore ends the instance's use of its Redis store, if any.
	releaseStore func()
	// clientNow is the client's clock, for the lifetimes of answers.
	clientNow func() time.Time
}

// processOrgs is the state of every API organisation the data sources of
// this process use: budget, throttling pause, answer cache, requests under
// way and session token. A settings save makes a new instance; its
// organisation's state stays.
var processOrgs = nanostream.NewOrgs()

var (
	_ backend.QueryDataHandler      = (*Datasource)(nil)
	_ backend.CheckHealthHandler    = (*Datasource)(nil)
	_ backend.CallResourceHandler   = (*Datasource)(nil)
	_ instancemgmt.InstanceDisposer = (*Datasource)(nil)
)

// NewDatasource builds an instance from its settings. A configuration
// problem does not fail the instance: it becomes the answer to every query
// and to the health check, so the user reads it where they look.
func NewDatasource(ctx context.Context, s backend.DataSourceInstanceSettings) (instancemgmt.Instance, error) {
	return newDatasource(ctx, s, processOrgs), nil
}

// newDatasource builds an instance whose client shares the state of its
// organisation in orgs.
func newDatasource(ctx context.Context, s backend.DataSourceInstanceSettings, orgs *nanostream.Orgs) *Datasource {
	return newDatasourceWithClock(ctx, s, orgs, time.Now)
}

// newDatasourceWithClock builds an instance whose client reads the clock
// now for the lifetimes of its answers.
func newDatasourceWithClock(ctx context.Context, s backend.DataSourceInstanceSettings, orgs *nanostream.Orgs, now func() time.Time) *Datasource {
	d := &Datasource{now: time.Now, clientNow: now}
	d.resources = newResourceHandler(d)
	settings, err := models.LoadSettings(s)
	if err != nil {
		d.setupErr = backend.DownstreamError(err)
	} else {
		d.settings = settings
		if !settings.BuiltInSimulator() {
			d.orgs = orgs
		}
		d.setupErr = d.connect(ctx, s)
	}
	if d.setupErr != nil {
		backend.Logger.Warn("nanoStream data source is not usable", "uid", s.UID, "error", d.redact(d.setupErr.Error()))
	}
	return d
}

// connect builds the API client. Without credentials and without a
// simulator URL it answers from the built-in simulator, in memory: no
// socket is opened, and the simulator's admin routes do not exist. With a
// Redis URL the client shares its organisation's state through it with
// the plugins of other Grafana replicas (see pkg/redisstore).
func (d *Datasource) connect(ctx context.Context, s backend.DataSourceInstanceSettings) error {
	cfg := nanostream.Config{
		BaseURL:      d.settings.URL,
		APIKey:       d.settings.APIKey,
		APIKeyHeader: d.settings.APIKeyHeader,
		Email:        d.settings.Email,
		Password:     d.settings.Password,

		RequestsPerSecond: d.settings.RequestsPerSecond,
		Burst:             d.settings.RequestBurst,
		CacheDisabled:     d.settings.DisableCache,
		Auth:              d.settings.ClientAuth(),
		Orgs:              d.orgs,
		Now:               d.clientNow,
		Observer:          processObserver,
	}
	if d.settings.SharedState() {
		store, release, err := processStores.acquire(d.settings)
		if err != nil {
			return backend.DownstreamError(err)
		}
		cfg.Shared, d.releaseStore = store, release
	}
	var final http.RoundTripper // nil: the network
	if d.settings.AuthType == models.AuthSimulator {
		cfg.BaseURL, cfg.APIKey, cfg.APIKeyHeader = d.settings.SimulatorURL, simulator.DemoAPIKey, models.DefaultAPIKeyHeader
		if cfg.BaseURL == "" {
			d.simulator = simulator.NewTransport(simulator.Options{Throttle: true})
			cfg.BaseURL, final = d.simulator.URL, d.simulator
		}
	}
	httpClient, err := newHTTPClient(ctx, s, final)
	if err != nil {
		return backend.DownstreamError(err)
	}
	cfg.HTTPClient = httpClient
	if d.client, err = nanostream.New(cfg); err != nil {
		return backend.DownstreamError(err)
	}
	return nil
}

// newHTTPClient builds the HTTP client from the SDK's options, so that its
// middlewares stay in the chain. A non-nil final takes the network's place
// at the end of that chain.
func newHTTPClient(ctx context.Context, s backend.DataSourceInstanceSettings, final http.RoundTripper) (*http.Client, error) {
	opts, err := s.HTTPClientOptions(ctx)
	if err != nil {
		return nil, fmt.Errorf("the HTTP settings cannot be used: %w", err)
	}
	if final != nil {
		configure := opts.ConfigureMiddleware
		opts.ConfigureMiddleware = func(o httpclient.Options, chain []httpclient.Middleware) []httpclient.Middleware {
			if configure != nil {
				chain = configure(o, chain)
			}
			return append(slices.Clip(chain), httpclient.NamedMiddlewareFunc("nanostream-final-transport",
				func(httpclient.Options, http.RoundTripper) http.RoundTripper { return final }))
		}
	}
	client, err := httpclient.New(opts)
	if err != nil {
		return nil, fmt.Errorf("the HTTP client cannot be built: %w", err)
	}
	return client, nil
}

// Dispose releases the instance's connections and stops the built-in
// simulator. Grafana calls it when the settings change.
func (d *Datasource) Dispose() {
	if d.client != nil {
		d.client.Close()
	}
	if d.releaseStore != nil {
		d.releaseStore()
	}
	if d.simulator != nil {
		d.simulator.Close()
	}
}

// redact removes the data source's secrets from s, in every form the
// client knows (see nanostream.Client.Redact): every log line that may hold
// text from the API or the settings passes through it.
func (d *Datasource) redact(s string) string {
	if d.client == nil {
		return s
	}
	return d.client.Redact(s)
}
