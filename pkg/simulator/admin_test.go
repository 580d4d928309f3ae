package simulator

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAdminRoutes(t *testing.T) {
	sim, _ := newTestSim(t, Options{Throttle: true, Burst: 1})
	token := login(t, sim, "/authenticate", demoLogin)

	rec := do(sim, http.MethodPost, "/_simulator/faults", nil, `{"status":503,"latency":"1ms"}`)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Equal(t, Faults{Status: 503, Latency: time.Millisecond}, sim.currentFaults())
	assert.JSONEq(t, `{"status":503,"latency":"1ms"}`, do(sim, http.MethodGet, "/_simulator/faults", nil, "").Body.String())
	assert.Equal(t, http.StatusBadRequest, do(sim, http.MethodPost, "/_simulator/faults", nil, `{"latency":"x"}`).Code)
	require.Equal(t, http.StatusOK, do(sim, http.MethodPost, "/_simulator/faults", nil, `{}`).Code)
	assert.Equal(t, Faults{}, sim.currentFaults())

	require.Equal(t, http.StatusOK, do(sim, http.MethodPost, "/_simulator/reset-throttle", nil, "").Code)
	dataOf[countryItem](t, do(sim, http.MethodGet, countriesPath, map[string]string{"x-access-token": token}, ""))
	require.Equal(t, http.StatusOK, do(sim, http.MethodPost, "/_simulator/expire-tokens", nil, "").Code)
	require.Equal(t, http.StatusOK, do(sim, http.MethodPost, "/_simulator/reset-throttle", nil, "").Code)
	requireError(t, do(sim, http.MethodGet, countriesPath, map[string]string{"x-access-token": token}, ""), 401, 105011)

	var stats Stats
	require.NoError(t, json.Unmarshal(do(sim, http.MethodGet, "/_simulator/stats", nil, "").Body.Bytes(), &stats))
	assert.Equal(t, Stats{Requests: 3, Logins: 1, ByRoute: map[string]int64{"/authenticate": 1, countriesPath: 2}}, stats)
	require.Equal(t, http.StatusOK, do(sim, http.MethodPost, "/_simulator/reset-stats", nil, "").Code)
	assert.Equal(t, Stats{ByRoute: map[string]int64{}}, sim.Stats())

	assert.Equal(t, http.StatusNotFound, do(sim, http.MethodGet, "/_simulator/nothing", nil, "").Code)
	assert.Equal(t, http.StatusNotFound, do(sim, http.MethodGet, "/_simulator/reset-stats", nil, "").Code)
	assert.Zero(t, sim.Stats().Requests)
}
