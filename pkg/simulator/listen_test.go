package simulator

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/internal/fakeclock"
)

func TestListen(t *testing.T) {
	clock := fakeclock.New(testNow)
	srv, err := Listen("127.0.0.1:0", Options{Now: clock.Now, Admin: true})
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(srv.URL, "http://127.0.0.1:"))

	req, err := http.NewRequest(http.MethodGet, srv.URL+"/api/v2/filters/countries", nil)
	require.NoError(t, err)
	req.Header.Set("X-BINTU-APIKEY", DemoAPIKey)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, string(body), `"code":"DE"`)
	assert.Equal(t, int64(1), srv.Sim.Stats().Requests)

	resp, err = http.Post(srv.URL+"/_simulator/expire-tokens", "application/json", nil)
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)

	require.NoError(t, srv.Close())
	_, err = http.Get(srv.URL + "/v2/filters/countries")
	assert.Error(t, err, "closed")
}
