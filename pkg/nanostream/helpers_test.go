package nanostream

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
	"github.com/stretchr/testify/assert"
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
	if cfg.Auth == "" { // the tests' shorthand: the credential given names the mode
		cfg.Auth = AuthAccount
		if cfg.APIKey != "" {
			cfg.Auth = AuthAPIKey
		}
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

// reply is one answer of an API: status, content type and body. It is an
// http.Handler that gives it to every request.
type reply struct {
	status      int
	contentType string
	body        string
}

func (r reply) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	if r.contentType != "" {
		w.Header().Set("Content-Type", r.contentType)
	}
	w.WriteHeader(r.status)
	_, _ = w.Write([]byte(r.body))
}

// okReply answers 200 with body as it is.
func okReply(body string) reply { return reply{status: http.StatusOK, body: body} }

// apiErrorReply answers with the API's error body.
func apiErrorReply(status, code int, summary, message string) reply {
	body, _ := json.Marshal(map[string]any{"error": map[string]any{
		"errorCode": code, "summary": summary, "message": message, "userInfo": map[string]any{},
	}})
	return reply{status: status, contentType: "application/json", body: string(body)}
}

// htmlReply answers status with an HTML page, as nginx does.
func htmlReply(status int, page string) reply {
	return reply{status: status, contentType: "text/html", body: page}
}

// answer is an API that answers 200 with body as it is.
func answer(body string) http.Handler { return okReply(body) }

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

// assertSentence checks that a message a user reads is one sentence: a
// capital letter first, a full stop last, one line.
func assertSentence(t *testing.T, msg string) {
	t.Helper()
	r, _ := utf8.DecodeRuneInString(msg)
	assert.True(t, unicode.IsUpper(r), "%q starts with a capital letter", msg)
	assert.True(t, strings.HasSuffix(msg, "."), "%q ends with a full stop", msg)
	assert.NotContains(t, msg, "\n")
}
