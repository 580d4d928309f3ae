package simulator

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const countriesPath = "/v2/filters/countries"

func login(t *testing.T, sim *Simulator, path, body string) string {
	t.Helper()
	rec := do(sim, http.MethodPost, path, nil, body)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	var out struct{ Token string }
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &out))
	require.Len(t, strings.Split(out.Token, "."), 3, "token looks like a JWT")
	return out.Token
}

const demoLogin = `{"email":"demo@example.com","password":"demo-password"}`

func TestAPIKey(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	dataOf[countryItem](t, do(sim, http.MethodGet, countriesPath, map[string]string{"x-bintu-apikey": DemoAPIKey}, ""))
	requireError(t, do(sim, http.MethodGet, countriesPath, map[string]string{"X-BINTU-APIKEY": "nope"}, ""), 404, 102021)
	requireError(t, do(sim, http.MethodGet, countriesPath, nil, ""), 401, 105012)
}

func TestAPIKeyCustomHeaderAndKeys(t *testing.T) {
	sim, _ := newTestSim(t, Options{APIKeyHeader: "x-api-key", APIKeys: []string{"k1", "k2"}})
	dataOf[countryItem](t, do(sim, http.MethodGet, countriesPath, map[string]string{"X-Api-Key": "k2"}, ""))
	requireError(t, do(sim, http.MethodGet, countriesPath, map[string]string{"X-BINTU-APIKEY": "k1"}, ""), 401, 105012)
	requireError(t, do(sim, http.MethodGet, countriesPath, map[string]string{"X-Api-Key": DemoAPIKey}, ""), 404, 102021)
}

func TestLoginAndToken(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	token := login(t, sim, "/authenticate", demoLogin)
	dataOf[countryItem](t, do(sim, http.MethodGet, countriesPath, map[string]string{"x-access-token": token}, ""))
	legacy := login(t, sim, "/api/authenticate", `{"email":"DEMO@example.com","password":"demo-password"}`)
	assert.NotEqual(t, token, legacy)
	dataOf[countryItem](t, do(sim, http.MethodGet, "/api"+countriesPath, map[string]string{"x-access-token": legacy}, ""))
	assert.Equal(t, int64(2), sim.Stats().Logins)
}

func TestLoginErrors(t *testing.T) {
	sim, _ := newTestSim(t, Options{Accounts: map[string]string{"ops@example.com": "s3cret"}})
	requireError(t, do(sim, http.MethodPost, "/authenticate", nil, demoLogin), 404, 102001)
	requireError(t, do(sim, http.MethodPost, "/authenticate", nil, `{"email":"ops@example.com","password":"wrong"}`), 401, 102002)
	requireError(t, do(sim, http.MethodPost, "/authenticate", nil, `{"email":`), 400, 101006)
	requireError(t, do(sim, http.MethodPost, "/authenticate", nil, `[1,2]`), 400, 101006)
	requireError(t, do(sim, http.MethodPost, "/authenticate", nil, `{"email":"ops@example.com"}`), 422, 101007)
	requireError(t, do(sim, http.MethodGet, "/authenticate", nil, ""), 404, 101001)
	login(t, sim, "/authenticate", `{"email":"ops@example.com","password":"s3cret"}`)
	assert.Equal(t, int64(1), sim.Stats().Logins)
}

func TestTokenErrors(t *testing.T) {
	sim, clock := newTestSim(t, Options{TokenTTL: 10 * time.Minute})
	withToken := func(tok string) map[string]string { return map[string]string{"x-access-token": tok} }

	requireError(t, do(sim, http.MethodGet, countriesPath, withToken("garbage"), ""), 401, 105011)
	other := New(Options{Now: clock.Now})
	requireError(t, do(sim, http.MethodGet, countriesPath, withToken(login(t, other, "/authenticate", demoLogin)), ""), 401, 105011)

	token := login(t, sim, "/authenticate", demoLogin)
	clock.Advance(9 * time.Minute)
	dataOf[countryItem](t, do(sim, http.MethodGet, countriesPath, withToken(token), ""))
	clock.Advance(time.Minute)
	requireError(t, do(sim, http.MethodGet, countriesPath, withToken(token), ""), 401, 105011)

	fresh := login(t, sim, "/authenticate", demoLogin)
	dataOf[countryItem](t, do(sim, http.MethodGet, countriesPath, withToken(fresh), ""))
	sim.ExpireTokens()
	requireError(t, do(sim, http.MethodGet, countriesPath, withToken(fresh), ""), 401, 105011)
	again := login(t, sim, "/authenticate", demoLogin)
	dataOf[countryItem](t, do(sim, http.MethodGet, countriesPath, withToken(again), ""))
}

func TestAPIKeyWinsOverToken(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	headers := map[string]string{"X-BINTU-APIKEY": DemoAPIKey, "x-access-token": "stale"}
	dataOf[countryItem](t, do(sim, http.MethodGet, countriesPath, headers, ""))
}
