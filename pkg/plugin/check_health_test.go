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

func checkHealth(t *testing.T, ds *Datasource) (*backend.CheckHealthResult, map[string]any) {
	t.Helper()
	res, err := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	require.NoError(t, err)
	var details map[string]any
	require.NoError(t, json.Unmarshal(res.JSONDetails, &details))
	return res, details
}

func TestHealthCheckCallsEveryRouteFamily(t *testing.T) {
	f := newAPIKeyFixture(t)
	res, details := checkHealth(t, f.ds)
	assert.Equal(t, backend.HealthStatusOk, res.Status, res.Message)
	assert.Equal(t, "Connected to the nanoStream Analytics API at "+f.sim.URL+" with the API key: all 12 routes the plugin uses answered.", res.Message)
	assert.Len(t, details["routes"], 12)
	assert.NotContains(t, details, "unavailable")
	byRoute := f.sim.Sim.Stats().ByRoute
	for _, route := range []string{nanostream.RouteBytes, nanostream.RouteHourlyBytes, nanostream.RouteMaxViewers, nanostream.RouteBreakdown("stream", "ingest"), nanostream.RouteCountries,
		nanostream.RouteIngestAlerts, nanostream.RoutePlaybackRatio, nanostream.RoutePlaybackRatioSplit(nanostream.SplitStreams), nanostream.RouteWorstStreams,
		nanostream.RoutePlaybackErrors, nanostream.RouteBufferingRatio, nanostream.RouteStartupTime} {
		assert.Equal(t, int64(1), byRoute[route], route)
	}
	assert.Equal(t, int64(12), f.sim.Sim.Stats().Requests)
}

func TestAFreshCachedAnswerStandsInForItsRoute(t *testing.T) {
	f := newAPIKeyFixture(t)
	res, _ := checkHealth(t, f.ds)
	require.Equal(t, backend.HealthStatusOk, res.Status)
	res, _ = checkHealth(t, f.ds)
	require.Equal(t, backend.HealthStatusOk, res.Status)
	assert.Equal(t, int64(12), f.sim.Sim.Stats().Requests, "the second check found every route's answer in the cache")

	// another instance of the same organisation, as a settings save makes
	other := newTestDatasource(t, f.sim.URL, `{"billingTimeZone":"Europe/Berlin"}`, map[string]string{"apiKey": testAPIKey})
	res, _ = checkHealth(t, other)
	require.Equal(t, backend.HealthStatusOk, res.Status)
	assert.Equal(t, int64(12), f.sim.Sim.Stats().Requests, "the organisation's answers, not the instance's")

	f.sim.Sim.SetFaults(simulator.Faults{RouteStatus: map[string]int{nanostream.RouteCountries: 404}})
	changed := newTestDatasource(t, f.sim.URL, `{}`, map[string]string{"apiKey": testAPIKey + "-new"})
	res, _ = checkHealth(t, changed)
	assert.Equal(t, backend.HealthStatusError, res.Status, "another credential is another organisation: its routes are asked")
}

func TestHealthCheckSaysWhichModeItUsed(t *testing.T) {
	f := newFixture(t, `{"authType":"account","email":"`+testEmail+`"}`,
		map[string]string{"password": testPassword, "apiKey": "an-old-key-still-stored"})
	res, _ := checkHealth(t, f.ds)
	assert.Equal(t, backend.HealthStatusOk, res.Status, res.Message)
	assert.Equal(t, "Connected to the nanoStream Analytics API at "+f.sim.URL+", signed in as "+testEmail+": all 12 routes the plugin uses answered.", res.Message)
	assert.Equal(t, int64(1), f.sim.Sim.Stats().Logins, "account mode, though an API key is stored")
}

func TestHealthCheckNamesTheRouteThatIsMissing(t *testing.T) {
	f := newAPIKeyFixture(t)
	f.sim.Sim.SetFaults(simulator.Faults{RouteStatus: map[string]int{nanostream.RouteMaxViewers: 404}})
	res, details := checkHealth(t, f.ds)
	assert.Equal(t, backend.HealthStatusError, res.Status)
	assert.Contains(t, res.Message, "The viewers route is not available: the nanoStream API does not know this route: check the data source URL and that it ends without /v2 (error 101001)")
	assert.Contains(t, details["verboseMessage"], "viewers (GET "+nanostream.RouteMaxViewers)
}

func TestHealthCheckMessages(t *testing.T) {
	tests := []struct {
		name     string
		jsonData string
		secure   map[string]string
		faults   simulator.Faults
		want     string
		calls    int64
	}{
		{"unknown API key", `{}`, map[string]string{"apiKey": "not-the-key-123"}, simulator.Faults{}, "The nanoStream API does not know this API key: check the key in the data source settings (error 102021)", 1},
		{"wrong password", `{"authType":"account","email":"` + testEmail + `"}`, map[string]string{"password": "wrong-password-9"}, simulator.Faults{}, "The nanoStream API rejected the email address or password (error 102002)", 1},
		{"access level too low", `{}`, map[string]string{"apiKey": testAPIKey}, simulator.Faults{RouteStatus: map[string]int{nanostream.RouteHourlyBytes: 105002}}, "The hourly byte usage route is not available: the organisation's analytics access level is too low for this data (error 105002)", 5},
		{"dashboard-only route", `{}`, map[string]string{"apiKey": testAPIKey}, simulator.Faults{RouteStatus: map[string]int{nanostream.RouteCountries: 105003}}, "The countries route is not available: this data is only available in the nanoStream dashboard, not through the API (error 105003)", 5},
		{"throttled", `{}`, map[string]string{"apiKey": testAPIKey}, simulator.Faults{HTMLStatus: 502}, "The nanoStream API is throttling requests (HTTP 502 from its rate limiter)", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, tt.jsonData, tt.secure)
			f.sim.Sim.SetFaults(tt.faults)
			res, _ := checkHealth(t, f.ds)
			assert.Equal(t, backend.HealthStatusError, res.Status)
			assert.Contains(t, res.Message, tt.want)
			assert.Equal(t, tt.calls, f.sim.Sim.Stats().Requests-f.sim.Sim.Stats().Logins, "no call after a failure every route would repeat")
			for _, secret := range tt.secure {
				assert.NotContains(t, res.Message, secret)
				assert.NotContains(t, string(res.JSONDetails), secret)
			}
		})
	}
}

func TestHealthCheckOfTheBuiltInSimulator(t *testing.T) {
	ds := newTestDatasource(t, "", `{}`, nil)
	res, _ := checkHealth(t, ds)
	assert.Equal(t, backend.HealthStatusOk, res.Status)
	assert.Contains(t, res.Message, "shows simulated demo data from the built-in simulator")
}

func TestHealthCheckOfBrokenSettings(t *testing.T) {
	ds := newTestDatasource(t, "", `{"billingTimeZone":"Nowhere/Land"}`, map[string]string{"apiKey": "k-secret-1"})
	res, _ := checkHealth(t, ds)
	assert.Equal(t, backend.HealthStatusError, res.Status)
	assert.Equal(t, `The data source settings need attention: unknown billing time zone "Nowhere/Land": use an IANA name such as Europe/Berlin.`, res.Message)
}

func TestHealthCheckOfASimulatorProcess(t *testing.T) {
	sim, err := simulator.Listen("127.0.0.1:0", simulator.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = sim.Close() })
	ds := newTestDatasource(t, "", `{"simulatorUrl":"`+sim.URL+`"}`, nil)
	assert.Nil(t, ds.simulator, "no built-in simulator when one is configured")
	res, _ := checkHealth(t, ds)
	assert.Equal(t, backend.HealthStatusOk, res.Status, res.Message)
	assert.Contains(t, res.Message, "simulated demo data from the simulator at "+sim.URL)
	assert.Equal(t, int64(12), sim.Sim.Stats().Requests)
}
