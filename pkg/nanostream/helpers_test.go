package nanostream

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
	"github.com/stretchr/testify/require"
)

const testKey = "key-0123456789-secret"

func sdkHTTPClient(t *testing.T) *http.Client {
	t.Helper()
	c, err := httpclient.New(httpclient.Options{})
	require.NoError(t, err)
	return c
}

func newTestClient(t *testing.T, url string, cfg Config) *Client {
	t.Helper()
	cfg.BaseURL = url
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = sdkHTTPClient(t)
	}
	if cfg.APIKeyHeader == "" {
		cfg.APIKeyHeader = DefaultAPIKeyHeader
	}
	c, err := New(cfg)
	require.NoError(t, err)
	t.Cleanup(c.Close)
	return c
}

func writeData(w http.ResponseWriter, data any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"statusCode": 200, "statusInfo": "OK", "data": data})
}

func writeAPIError(w http.ResponseWriter, status, code int, summary, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{
		"errorCode": code, "summary": summary, "message": message, "userInfo": map[string]any{},
	}})
}

var lastHour = Series{
	Range:    Range{From: time.Date(2026, 11, 23, 13, 0, 0, 0, time.UTC), To: time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)},
	Interval: "minute",
}

// shifted is a distinct call: the last hour moved by i minutes.
func shifted(i int) Series {
	s := lastHour
	s.From, s.To = s.From.Add(time.Duration(i)*time.Minute), s.To.Add(time.Duration(i)*time.Minute)
	return s
}

// answer is an API that answers 200 with body as it is.
func answer(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(body)) }
}

// apiError is an API that answers with its error body.
func apiError(status, code int, summary, message string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) { writeAPIError(w, status, code, summary, message) }
}

// htmlPage is an API that answers status with an HTML page, as nginx does.
func htmlPage(status int, page string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(page))
	}
}

// recorder is an API that answers every request with an empty data list
// and keeps the last request it got.
func recorder(t *testing.T) (*httptest.Server, func() *http.Request) {
	var last atomic.Pointer[http.Request]
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		last.Store(r)
		writeData(w, []any{})
	}))
	t.Cleanup(srv.Close)
	return srv, last.Load
}
