package nanostream

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// credentialRecorder is an API that answers every request with an empty
// data list and notes whether a credential reached it.
func credentialRecorder(t *testing.T) (*httptest.Server, *atomic.Bool) {
	t.Helper()
	var got atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]string
		_ = json.NewDecoder(r.Body).Decode(&body)
		if r.Header.Get(DefaultAPIKeyHeader) != "" || r.Header.Get(headerAccessToken) != "" || body["password"] != "" {
			got.Store(true)
		}
		writeData(w, []any{})
	}))
	t.Cleanup(srv.Close)
	return srv, &got
}

// redirector answers every request with a redirect to target, keeping the
// path and the query.
func redirector(target string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target+r.URL.RequestURI(), http.StatusTemporaryRedirect)
	}
}

func TestCredentialsNeverFollowARedirectToTheSameHostOnAnotherPort(t *testing.T) {
	elsewhere, leaked := credentialRecorder(t)
	srv := httptest.NewServer(redirector(elsewhere.URL)) // 127.0.0.1 both, another port
	defer srv.Close()
	for _, cfg := range []Config{{APIKey: testKey}, {Email: "ops@example.com", Password: "pw-secret-1"}} {
		c := newTestClient(t, srv.URL, cfg)
		_, _, err := c.MaxViewers(context.Background(), lastHour)
		require.Error(t, err)
		assert.False(t, leaked.Load(), "a credential reached another origin")
		assert.Equal(t, KindRedirected, KindOf(err))
		assert.Equal(t, "The nanoStream API redirected the request to "+elsewhere.URL+
			", another origin than the data source URL's, and the plugin does not follow it, so that no credential leaves the API's origin: check the data source URL.", err.Error())
		assert.NotContains(t, err.Error(), RouteMaxViewers, "the target's path is not named")
		assert.NotContains(t, err.Error(), "interval=", "nor its query")
	}
}

// rawRecorder keeps every byte its connections read, as they came over
// the wire.
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

func (l *rawRecorder) bytes() []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	return bytes.Clone(l.raw.Bytes())
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

func TestAnHTTPSAPIRedirectingToHTTPNeverGetsTheKeyInClear(t *testing.T) {
	var redirected atomic.Bool
	srv := httptest.NewUnstartedServer(nil)
	raw := &rawRecorder{Listener: srv.Listener}
	srv.Listener = raw
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		redirected.Store(true)
		// the same host and port, without TLS
		http.Redirect(w, r, "http://"+r.Host+r.URL.RequestURI(), http.StatusTemporaryRedirect)
	})
	srv.StartTLS()
	defer srv.Close()
	c := newTestClient(t, srv.URL, Config{APIKey: testKey, HTTPClient: srv.Client()}) // trusts the server's certificate
	_, _, err := c.Countries(context.Background())
	require.Error(t, err)
	require.True(t, redirected.Load(), "the API redirected")
	assert.Equal(t, KindRedirected, KindOf(err))
	u, _ := url.Parse(srv.URL)
	assert.Contains(t, err.Error(), "redirected the request to http://"+u.Host+", another origin")
	assert.False(t, bytes.Contains(raw.bytes(), []byte(testKey)), "the key travelled in clear")
}

func TestARedirectWithinTheOriginIsFollowedWithTheCredential(t *testing.T) {
	var got atomic.Value
	mux := http.NewServeMux()
	mux.HandleFunc("/old"+RouteCountries, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, RouteCountries, http.StatusPermanentRedirect)
	})
	mux.HandleFunc(RouteCountries, func(w http.ResponseWriter, r *http.Request) {
		got.Store(r.Header.Get(DefaultAPIKeyHeader))
		writeData(w, []map[string]string{{"code": "DE", "name": "Germany"}})
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c := newTestClient(t, srv.URL+"/old", Config{APIKey: testKey})
	countries, _, err := c.Countries(context.Background())
	require.NoError(t, err)
	assert.Len(t, countries, 1)
	assert.Equal(t, testKey, got.Load())
}

func TestTheRedirectPolicy(t *testing.T) {
	policy := sameOriginOnly()
	req := func(raw string) *http.Request {
		r, err := http.NewRequest(http.MethodGet, raw, nil)
		require.NoError(t, err)
		return r
	}
	from := []*http.Request{req("https://metrics-api.nanostream.cloud/v2/filters/countries")}
	for target, follow := range map[string]bool{
		"https://metrics-api.nanostream.cloud/v2/other?x=1":     true,
		"https://METRICS-API.nanostream.cloud:443/v2/other":     true,
		"http://metrics-api.nanostream.cloud/v2/filters":        false, // never HTTPS to HTTP
		"https://metrics-api.nanostream.cloud:8443/v2/filters":  false,
		"https://evil.example/v2/filters/countries?key=1":       false,
		"https://metrics-api.nanostream.cloud.evil.example/v2/": false,
	} {
		err := policy.Apply(req(target), from)
		if follow {
			assert.NoError(t, err, target)
			continue
		}
		var re *redirectError
		if assert.ErrorAs(t, err, &re, target) {
			assert.NotContains(t, re.location, "/v2", "only the origin is named")
			assert.NotContains(t, re.location, "key=", "only the origin is named")
		}
	}
	chain := []*http.Request{from[0], from[0], from[0]}
	assert.ErrorContains(t, policy.Apply(req("https://metrics-api.nanostream.cloud/v2/x"), chain), "stopped after 3 redirects")
	assert.True(t, strings.HasPrefix(origin(from[0].URL), "https://"))
}
