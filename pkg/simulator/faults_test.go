package simulator

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFaultLatency(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	sim.SetFaults(Faults{Latency: 5 * time.Millisecond})
	start := time.Now()
	dataOf[countryItem](t, get(sim, countriesPath))
	assert.GreaterOrEqual(t, time.Since(start), 5*time.Millisecond)
}

func TestFaultLatencyStopsWithRequest(t *testing.T) {
	sim, _ := newTestSim(t, Options{Admin: true})
	sim.SetFaults(Faults{Latency: time.Hour})
	require.Equal(t, http.StatusOK, do(sim, http.MethodGet, "/_simulator/faults", nil, "").Code, "admin routes have no latency")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequest(http.MethodGet, countriesPath, nil).WithContext(ctx)
	start := time.Now()
	sim.ServeHTTP(httptest.NewRecorder(), req)
	assert.Less(t, time.Since(start), time.Second)
}

func TestFaultStatus(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	for _, status := range []int{500, 503} {
		sim.SetFaults(Faults{Status: status})
		requireError(t, get(sim, bytesPath, rangeParams(testNow.Add(-time.Hour), testNow, "hour")...), status, 104001)
		requireError(t, get(sim, countriesPath), status, 104001)
	}
	requireError(t, do(sim, http.MethodGet, countriesPath, nil, ""), 401, 105012)
	login(t, sim, "/authenticate", demoLogin)
	sim.SetFaults(Faults{})
	dataOf[countryItem](t, get(sim, countriesPath))
}

func TestFaultHTMLStatus(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	sim.SetFaults(Faults{HTMLStatus: 504})
	rec := get(sim, countriesPath)
	require.Equal(t, 504, rec.Code)
	assert.Equal(t, "text/html", rec.Header().Get("Content-Type"))
	assert.Contains(t, rec.Body.String(), "504 Gateway Timeout")
	assert.Contains(t, rec.Body.String(), "nginx")
	login(t, sim, "/authenticate", demoLogin)
}

func TestFaultMalformed(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	sim.SetFaults(Faults{Malformed: true})
	rec := get(sim, countriesPath)
	require.Equal(t, http.StatusOK, rec.Code)
	assert.False(t, json.Valid(rec.Body.Bytes()))
	requireError(t, get(sim, bytesPath, "from", "x"), 400, 101003)
}

func TestFaultTruncated(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	full := get(sim, countriesPath).Body.String()
	sim.SetFaults(Faults{Truncated: true})
	rec := get(sim, countriesPath)
	require.Equal(t, http.StatusOK, rec.Code)
	assert.False(t, json.Valid(rec.Body.Bytes()))
	assert.True(t, strings.HasPrefix(full, rec.Body.String()))
	assert.Len(t, rec.Body.String(), len(full)/2)
}

func TestFaultRouteStatus(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	sim.SetFaults(Faults{RouteStatus: map[string]int{
		viewersPath:                      404,
		bytesPath:                        105003,
		hourlyPath:                       105002,
		"/v2/usage/stream/playout/bytes": 105001,
	}})
	params := rangeParams(testNow.Add(-time.Hour).Truncate(time.Hour), testNow.Truncate(time.Hour), "hour")
	requireError(t, get(sim, viewersPath, params...), 404, 101001)
	requireError(t, get(sim, "/api"+viewersPath, params...), 404, 101001)
	requireError(t, get(sim, bytesPath, params...), 403, 105003)
	requireError(t, get(sim, hourlyPath, params...), 403, 105002)
	requireError(t, get(sim, "/v2/usage/stream/playout/bytes", params...), 403, 105001)
	requireError(t, do(sim, http.MethodGet, bytesPath, nil, ""), 401, 105012)
	dataOf[bytesPoint](t, get(sim, "/v2/usage/stream/ingest/bytes", params...))
}

func TestFaultsJSON(t *testing.T) {
	var f Faults
	require.NoError(t, json.Unmarshal([]byte(`{"latency":"250ms","status":503,"routeStatus":{"/v2/alerting/ingest":105003}}`), &f))
	assert.Equal(t, Faults{Latency: 250 * time.Millisecond, Status: 503, RouteStatus: map[string]int{"/v2/alerting/ingest": 105003}}, f)
	require.NoError(t, json.Unmarshal([]byte(`{"latency":1000000,"truncated":true}`), &f))
	assert.Equal(t, Faults{Latency: time.Millisecond, Truncated: true}, f)
	assert.Error(t, json.Unmarshal([]byte(`{"latency":"soon"}`), &f))
	assert.Error(t, json.Unmarshal([]byte(`{"latency":true}`), &f))
	assert.EqualError(t, json.Unmarshal([]byte(`{"malformed":true,"truncate":true}`), &f),
		`unknown field "truncate": the fields are latency, status, htmlStatus, malformed, truncated, routeStatus and levelTooLow`)

	in := Faults{Latency: 2 * time.Second, HTMLStatus: 502, Malformed: true}
	raw, err := json.Marshal(in)
	require.NoError(t, err)
	assert.JSONEq(t, `{"latency":"2s","htmlStatus":502,"malformed":true}`, string(raw))
	var back Faults
	require.NoError(t, json.Unmarshal(raw, &back))
	assert.Equal(t, in, back)
}

func TestFaultLevelTooLow(t *testing.T) {
	sim, _ := newTestSim(t, Options{Admin: true})
	params := rangeParams(testNow.Add(-2*time.Hour).Truncate(time.Hour), testNow.Truncate(time.Hour), "hour")
	quality := map[string]bool{}
	for path, rt := range sim.routes {
		isQuality := strings.HasPrefix(path, "/v2/playback/") || strings.HasPrefix(path, "/v2/monitoring/") || strings.HasPrefix(path, "/v2/alerting/")
		assert.Equal(t, isQuality, rt.quality, path)
		quality[path] = isQuality
		require.Equal(t, http.StatusOK, get(sim, path, params...).Code, path)
	}
	assert.Len(t, quality, 5+10+8, "every route of both parts of the contract")

	rec := do(sim, http.MethodPost, "/_simulator/faults", nil, `{"levelTooLow":true}`)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.JSONEq(t, `{"levelTooLow":true}`, do(sim, http.MethodGet, "/_simulator/faults", nil, "").Body.String())
	for path, isQuality := range quality {
		rec := get(sim, path, params...)
		if isQuality {
			e := requireError(t, rec, 403, 105002)
			assert.Equal(t, path, e.Error.UserInfo["route"])
			requireError(t, get(sim, "/api"+path, params...), 403, 105002)
			requireError(t, do(sim, http.MethodGet, path, nil, ""), 401, 105012)
		} else {
			assert.Equal(t, http.StatusOK, rec.Code, path)
		}
	}
	sim.SetFaults(Faults{LevelTooLow: true, RouteStatus: map[string]int{alertsPath: 404, bytesPath: 105003}})
	requireError(t, get(sim, alertsPath), 404, 101001)
	requireError(t, get(sim, bytesPath, params...), 403, 105003)
	requireError(t, get(sim, playbackPath, params...), 403, 105002)
	sim.SetFaults(Faults{})
	dataOf[playbackPoint](t, get(sim, playbackPath, params...))
}

func TestFaultsJSONLevelTooLow(t *testing.T) {
	var f Faults
	require.NoError(t, json.Unmarshal([]byte(`{"levelTooLow":true,"status":500}`), &f))
	assert.Equal(t, Faults{LevelTooLow: true, Status: 500}, f)
	raw, err := json.Marshal(f)
	require.NoError(t, err)
	assert.JSONEq(t, `{"levelTooLow":true,"status":500}`, string(raw))
	require.NoError(t, json.Unmarshal([]byte(`{"levelTooLow":false}`), &f))
	assert.Equal(t, Faults{}, f)
}
