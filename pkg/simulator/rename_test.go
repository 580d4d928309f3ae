package simulator

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRenameFieldOfItems(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	series := func() []map[string]json.RawMessage {
		rec := get(sim, pathMaxViewers, "from", "2026-11-23T12:00", "to", "2026-11-23T14:00", "interval", "hour")
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		return dataOf[map[string]json.RawMessage](t, rec)
	}
	before := series()
	require.Len(t, before, 2)

	sim.RenameField(pathMaxViewers, "maxConcurrentViewers", "maxViewers")
	after := series()
	require.Len(t, after, 2)
	for i, item := range after {
		assert.NotContains(t, item, "maxConcurrentViewers")
		assert.Equal(t, before[i]["maxConcurrentViewers"], item["maxViewers"], "the value travels under the new name")
		assert.Equal(t, before[i]["timestamp"], item["timestamp"], "the other fields stay")
	}
	var env map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(get(sim, pathMaxViewers, "from", "2026-11-23T12:00", "to", "2026-11-23T14:00", "interval", "hour").Body.Bytes(), &env))
	assert.JSONEq(t, `200`, string(env["statusCode"]), "the envelope stays")
	assert.JSONEq(t, `"OK"`, string(env["statusInfo"]))

	other := get(sim, pathBytes, "from", "2026-11-23T12:00", "to", "2026-11-23T14:00", "interval", "hour")
	assert.Contains(t, dataOf[map[string]json.RawMessage](t, other)[0], "playout", "other routes keep their names")

	sim.RenameField(pathMaxViewers, "maxConcurrentViewers", "")
	assert.Contains(t, series()[0], "maxConcurrentViewers", "an empty name restores the field")
}

func TestRenameFieldOfLogin(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	sim.RenameField(pathAuthenticate, "token", "accessToken")
	rec := do(sim, http.MethodPost, "/authenticate", nil, demoLogin)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	var out map[string]string
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &out))
	assert.NotContains(t, out, "token")
	assert.NotEmpty(t, out["accessToken"])

	// the legacy prefix answers the same route
	rec = do(sim, http.MethodPost, "/api/authenticate", nil, demoLogin)
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &out))
	assert.NotContains(t, out, "token")
}
