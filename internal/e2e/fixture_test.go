package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/internal/pluginhost"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/simulator"
)

const (
	apiKey   = "e2e-api-key-5d1c0b7e"
	email    = "ops@example.com"
	password = "e2e-password-b81f"
)

// syncBuffer collects the plugin's log output.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

type fixture struct {
	sim    *simulator.Server
	plugin *pluginhost.Plugin
	logs   *syncBuffer

	apiKeyPC *backend.PluginContext
}

func start(t *testing.T) *fixture {
	t.Helper()
	sim, err := simulator.Listen("127.0.0.1:0", simulator.Options{
		APIKeys:  []string{apiKey, simulator.DemoAPIKey}, // the demo key serves the provisioned data source
		Accounts: map[string]string{email: password},
	})
	require.NoError(t, err)
	t.Cleanup(func() { _ = sim.Close() })
	logs := &syncBuffer{}
	p, err := pluginhost.Start(pluginBinary(t), logs)
	require.NoError(t, err)
	t.Cleanup(p.Kill)
	return &fixture{sim: sim, plugin: p, logs: logs}
}

// nextID numbers data sources: Grafana keeps one instance per data source.
var nextID atomic.Int64

// pluginContext is what Grafana sends with every call for a data source.
func pluginContext(url, jsonData string, secure map[string]string) backend.PluginContext {
	id := nextID.Add(1)
	return backend.PluginContext{
		PluginID: "nanostream-analytics-datasource",
		DataSourceInstanceSettings: &backend.DataSourceInstanceSettings{
			ID: id, UID: fmt.Sprintf("nanostream-%d", id), Name: "nanoStream", Type: "nanostream-analytics-datasource",
			URL: url, JSONData: json.RawMessage(jsonData), DecryptedSecureJSONData: secure, Updated: time.Now(),
		},
	}
}

func (f *fixture) apiKeyContext() backend.PluginContext {
	if f.apiKeyPC == nil {
		pc := pluginContext(f.sim.URL, `{"authType":"apiKey"}`, map[string]string{"apiKey": apiKey})
		f.apiKeyPC = &pc
	}
	return *f.apiKeyPC
}

func (f *fixture) query(t *testing.T, pc backend.PluginContext, queries ...backend.DataQuery) *backend.QueryDataResponse {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	resp, err := f.plugin.QueryData(ctx, &backend.QueryDataRequest{PluginContext: pc, Queries: queries})
	require.NoError(t, err)
	require.Len(t, resp.Responses, len(queries))
	return resp
}

func dataQuery(refID, body string, from, to time.Time) backend.DataQuery {
	return backend.DataQuery{RefID: refID, JSON: json.RawMessage(body), MaxDataPoints: 1000, Interval: time.Minute,
		TimeRange: backend.TimeRange{From: from, To: to}}
}
