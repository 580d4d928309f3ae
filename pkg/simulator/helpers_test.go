package simulator

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/internal/fakeclock"
)

// testNow is a Monday afternoon in late November 2026.
var testNow = time.Date(2026, 11, 23, 14, 2, 30, 0, time.UTC)

// newTestSim builds a simulator on a fake clock at testNow.
func newTestSim(t testing.TB, opts Options) (*Simulator, *fakeclock.Clock) {
	t.Helper()
	clock := fakeclock.New(testNow)
	opts.Now = clock.Now
	return New(opts), clock
}

// apiKey is the header set of the demo API key.
var apiKey = map[string]string{"X-BINTU-APIKEY": DemoAPIKey}

// do sends one request straight to the handler.
func do(h http.Handler, method, target string, headers map[string]string, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// get sends an authenticated GET with query parameters given as pairs.
func get(h http.Handler, path string, kv ...string) *httptest.ResponseRecorder {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		q.Add(kv[i], kv[i+1])
	}
	target := path
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	return do(h, http.MethodGet, target, apiKey, "")
}

// envelope is the success body with typed items.
type envelope[T any] struct {
	StatusCode int    `json:"statusCode"`
	StatusInfo string `json:"statusInfo"`
	Data       []T    `json:"data"`
}

// dataOf decodes a successful answer's items.
func dataOf[T any](t testing.TB, rec *httptest.ResponseRecorder) []T {
	t.Helper()
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	require.Contains(t, rec.Header().Get("Content-Type"), "application/json")
	var env envelope[T]
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &env))
	require.Equal(t, 200, env.StatusCode)
	require.Equal(t, "OK", env.StatusInfo)
	require.NotNil(t, env.Data, "data must be a list, never null")
	return env.Data
}

// requireError checks an error answer's status and code.
func requireError(t testing.TB, rec *httptest.ResponseRecorder, status, code int) errorBody {
	t.Helper()
	require.Equal(t, status, rec.Code, rec.Body.String())
	require.Contains(t, rec.Header().Get("Content-Type"), "application/json")
	var e errorBody
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &e), rec.Body.String())
	require.Equal(t, code, e.Error.ErrorCode, rec.Body.String())
	require.NotEmpty(t, e.Error.Summary)
	require.NotEmpty(t, e.Error.Message)
	require.NotNil(t, e.Error.UserInfo)
	return e
}

// ts formats a time as the API's time parameter.
func ts(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04")
}

// series params for a range and interval.
func rangeParams(from, to time.Time, interval string, kv ...string) []string {
	return append([]string{"from", ts(from), "to", ts(to), "interval", interval}, kv...)
}
