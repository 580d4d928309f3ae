package plugin

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/simulator"
)

func callResource(t *testing.T, ds *Datasource, path string) (int, string, map[string]any) {
	t.Helper()
	var status int
	var body []byte
	var contentType string
	err := ds.CallResource(context.Background(), &backend.CallResourceRequest{Path: path, Method: "GET", URL: path},
		backend.CallResourceResponseSenderFunc(func(res *backend.CallResourceResponse) error {
			status = res.Status
			body = append(body, res.Body...)
			if v := res.Headers["Content-Type"]; len(v) > 0 {
				contentType = v[0]
			}
			return nil
		}))
	require.NoError(t, err)
	var parsed map[string]any
	require.NoError(t, json.Unmarshal(body, &parsed), string(body))
	return status, contentType, parsed
}

func TestStreamsResource(t *testing.T) {
	f := newAPIKeyFixture(t)
	status, contentType, body := callResource(t, f.ds, "streams")
	assert.Equal(t, 200, status)
	assert.Equal(t, "application/json", contentType)
	names := map[string]bool{}
	for _, s := range body["streams"].([]any) {
		names[s.(map[string]any)["name"].(string)] = true
	}
	for _, s := range f.sim.Sim.Dataset().Streams() {
		assert.True(t, names[s.Name], "stream %s is listed", s.Name)
	}
	assert.Equal(t, int64(1), f.sim.Sim.Stats().ByRoute[nanostream.RouteBreakdown("stream", "ingest")], "one upstream call, no fan-out")
}

func TestCountriesResource(t *testing.T) {
	f := newAPIKeyFixture(t)
	status, _, body := callResource(t, f.ds, "countries")
	assert.Equal(t, 200, status)
	countries := body["countries"].([]any)
	require.Len(t, countries, len(f.sim.Sim.Dataset().Countries()))
	first := countries[0].(map[string]any)
	assert.Len(t, first["code"], 2)
	assert.NotEmpty(t, first["name"])
}

func TestResourceErrorsAreJSON(t *testing.T) {
	f := newAPIKeyFixture(t)
	status, contentType, body := callResource(t, f.ds, "dashboards")
	assert.Equal(t, 404, status)
	assert.Equal(t, "application/json", contentType)
	assert.Equal(t, "Unknown resource /dashboards: use streams, countries, months or keys.", body["error"])

	f.sim.Sim.SetFaults(simulator.Faults{HTMLStatus: 502})
	status, _, body = callResource(t, f.ds, "countries")
	assert.Equal(t, 429, status)
	assert.Contains(t, body["error"], "throttling requests")

	f.sim.Sim.SetFaults(simulator.Faults{})
	bad := newTestDatasource(t, f.sim.URL, `{}`, map[string]string{"apiKey": "not-the-key-123"})
	status, _, body = callResource(t, bad, "streams")
	assert.Equal(t, 403, status, "never 401, which Grafana would take for its own session")
	assert.Contains(t, body["error"], "does not know this API key")
	assert.NotContains(t, body["error"], "not-the-key-123")
}

func TestResourcesAnswerGETOnly(t *testing.T) {
	f := newAPIKeyFixture(t)
	var status int
	var body []byte
	err := f.ds.CallResource(context.Background(), &backend.CallResourceRequest{Path: "streams", Method: "POST", URL: "streams"},
		backend.CallResourceResponseSenderFunc(func(res *backend.CallResourceResponse) error {
			status, body = res.Status, append(body, res.Body...)
			return nil
		}))
	require.NoError(t, err)
	assert.Equal(t, 405, status)
	assert.Contains(t, string(body), "answers GET only")
}

func TestMonthsResourceNamesTheWindowsWithoutAnUpstreamCall(t *testing.T) {
	f := newAPIKeyFixture(t)
	status, _, body := callResource(t, f.ds, "months")
	assert.Equal(t, 200, status)
	assert.Equal(t, map[string]any{"months": "10/26 – 11/26", "previousWindow": "1–23 Oct 2026", "currentWindow": "1–23 Nov 2026"}, body)
	assert.Zero(t, f.sim.Sim.Stats().Requests)
}
