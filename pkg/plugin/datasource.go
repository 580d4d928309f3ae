// Package plugin is the layer Grafana talks to: one file per capability.
package plugin

import (
	"context"
	"fmt"
	"net/http"
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
	simulator *simulator.Server // the built-in simulator, when no credentials are set
	resources backend.CallResourceHandler
	now       func() time.Time
}

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
	d := &Datasource{now: time.Now}
	d.resources = newResourceHandler(d)
	settings, err := models.LoadSettings(s)
	if err != nil {
		d.setupErr = backend.DownstreamError(err)
	} else {
		d.settings = settings
		d.setupErr = d.connect(ctx, s)
	}
	if d.setupErr != nil {
		backend.Logger.Warn("nanoStream data source is not usable", "uid", s.UID, "error", d.setupErr)
	}
	return d, nil
}

// connect builds the API client, starting the built-in simulator first when
// the settings carry no credentials.
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
	}
	if d.settings.AuthType == models.AuthSimulator {
		cfg.BaseURL, cfg.APIKey, cfg.APIKeyHeader = d.settings.SimulatorURL, simulator.DemoAPIKey, models.DefaultAPIKeyHeader
		if cfg.BaseURL == "" {
			sim, err := simulator.Listen("127.0.0.1:0", simulator.Options{Throttle: true})
			if err != nil {
				return backend.PluginErrorf("the built-in simulator could not start: %w", err)
			}
			d.simulator = sim
			cfg.BaseURL = sim.URL
		}
	}
	httpClient, err := newHTTPClient(ctx, s)
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
// middlewares stay in the chain.
func newHTTPClient(ctx context.Context, s backend.DataSourceInstanceSettings) (*http.Client, error) {
	opts, err := s.HTTPClientOptions(ctx)
	if err != nil {
		return nil, fmt.Errorf("the HTTP settings cannot be used: %w", err)
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
	if d.simulator != nil {
		_ = d.simulator.Close()
	}
}
