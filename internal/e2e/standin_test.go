package e2e

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"maps"
	"net"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/internal/pluginhost"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/simulator"
)

// startWith is start with a simulator of these options (the e2e
// credentials added).
func startWith(t *testing.T, opts simulator.Options) *fixture {
	t.Helper()
	opts.APIKeys = []string{apiKey}
	opts.Accounts = map[string]string{email: password}
	sim, err := simulator.Listen("127.0.0.1:0", opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = sim.Close() })
	logs := &syncBuffer{}
	p, err := pluginhost.Start(pluginBinary(t), logs)
	require.NoError(t, err)
	t.Cleanup(p.Kill)
	return &fixture{sim: sim, plugin: p, logs: logs}
}

// startPlugin starts the plugin alone, for tests that bring their own
// stand-in of the API.
func startPlugin(t *testing.T) (*pluginhost.Plugin, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	p, err := pluginhost.Start(pluginBinary(t), logs)
	require.NoError(t, err)
	t.Cleanup(p.Kill)
	return p, logs
}

// savedContext is the plugin context of one data source after its n-th
// save: the same id, newer settings, so the plugin makes a new instance.
func savedContext(id int64, url, jsonData string, secure map[string]string, n int) backend.PluginContext {
	pc := pluginContext(url, jsonData, secure)
	pc.DataSourceInstanceSettings.ID = id
	pc.DataSourceInstanceSettings.UID = "nanostream-saved"
	pc.DataSourceInstanceSettings.Updated = time.Date(2026, 11, 23, 12, 0, n, 0, time.UTC)
	return pc
}

// writeData answers with the API's success envelope.
func writeData(w http.ResponseWriter, data any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"statusCode": 200, "statusInfo": "OK", "data": data})
}

// writeAPIError answers with the API's error body.
func writeAPIError(w http.ResponseWriter, status, code int, summary, message string, userInfo any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{
		"errorCode": code, "summary": summary, "message": message, "userInfo": userInfo,
	}})
}

// echoForms are the ways a careless API may repeat a secret, written out
// here independently of the plugin: plain, URL-encoded for a query and for
// a path, JSON-escaped, base64 in both alphabets with and without padding,
// also inside a longer encoded text, and each of them JSON-escaped once
// more.
func echoForms(secret string) map[string]string {
	quoted, _ := json.Marshal(secret)
	forms := map[string]string{
		"plain":              secret,
		"query-escaped":      url.QueryEscape(secret),
		"path-escaped":       url.PathEscape(secret),
		"JSON-escaped":       string(quoted[1 : len(quoted)-1]),
		"base64":             base64.StdEncoding.EncodeToString([]byte(secret)),
		"base64 unpadded":    base64.RawStdEncoding.EncodeToString([]byte(secret)),
		"base64url":          base64.URLEncoding.EncodeToString([]byte(secret)),
		"base64url unpadded": base64.RawURLEncoding.EncodeToString([]byte(secret)),
	}
	for _, prefix := range []string{"Bearer ", "a:", "x"} {
		forms["base64 of "+prefix+"…"] = base64.StdEncoding.EncodeToString([]byte(prefix + secret + "!"))
	}
	for name, form := range maps.Clone(forms) { // inside the JSON of an error's details
		quoted, _ := json.Marshal(form)
		forms[name+", JSON-escaped"] = string(quoted[1 : len(quoted)-1])
	}
	return forms
}

// rawRecorder is a listener that keeps every byte its connections read, as
// it came over the wire.
type rawRecorder struct {
	net.Listener
	mu  sync.Mutex
	raw bytes.Buffer
}

func (l *rawRecorder) Accept() (net.Conn, error) {
	conn, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &recordedConn{Conn: conn, l: l}, nil
}

func (l *rawRecorder) contains(s string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return bytes.Contains(l.raw.Bytes(), []byte(s))
}

type recordedConn struct {
	net.Conn
	l *rawRecorder
}

func (c *recordedConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.l.mu.Lock()
	c.l.raw.Write(p[:n])
	c.l.mu.Unlock()
	return n, err
}
