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
	sim, _ := newTestSim(t, Options{Throttle: true, Burst: 1, Admin: true})
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

func TestAdminRoutesAreOffUnlessAskedFor(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	requireError(t, do(sim, http.MethodPost, "/_simulator/faults", nil, `{"status":503}`), 404, 101001)
	requireError(t, do(sim, http.MethodGet, "/_simulator/stats", nil, ""), 404, 101001)
	assert.Equal(t, Faults{}, sim.currentFaults())
	assert.Equal(t, int64(2), sim.Stats().Requests, "counted like any request to an unknown path")
}

func TestTheFaultBodyIsDecodedStrictly(t *testing.T) {
	sim, _ := newTestSim(t, Options{Admin: true})
	sim.SetFaults(Faults{HTMLStatus: 502})
	for body, want := range map[string]string{
		`{"latncy":"1s"}`:                                      `unknown field "latncy": the fields are latency, status, htmlStatus, malformed, truncated, routeStatus and levelTooLow`,
		`{"levelTooLow":"yes"}`:                                `cannot unmarshal string`,
		`{"level_too_low":true}`:                               `unknown field "level_too_low"`,
		`{"status":503,"html_status":502}`:                     `unknown field "html_status"`,
		`{"routeStatus":{"/api/v2/filters/countries":105003}}`: `routeStatus: no route answers "/api/v2/filters/countries"`,
		`{"routeStatus":{"/v2/filter/countries":404}}`:         `routeStatus: no route answers "/v2/filter/countries"`,
		`{"latency":"soon"}`:                                   `latency: time: invalid duration "soon"`,
		`{"status":"503"}`:                                     `cannot unmarshal string`,
		`{"status":503} {}`:                                    `invalid character`,
		`[]`:                                                   `cannot unmarshal array`,
	} {
		rec := do(sim, http.MethodPost, "/_simulator/faults", nil, body)
		require.Equal(t, http.StatusBadRequest, rec.Code, body)
		var answer struct{ Error string }
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &answer), rec.Body.String())
		assert.Contains(t, answer.Error, want, body)
	}
	assert.Equal(t, Faults{HTMLStatus: 502}, sim.currentFaults(), "a refused body changes nothing")

	rec := do(sim, http.MethodPost, "/_simulator/faults", nil, `{"routeStatus":{"/v2/filters/countries":105003}}`)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.JSONEq(t, `{"routeStatus":{"/v2/filters/countries":105003}}`, rec.Body.String())
}
