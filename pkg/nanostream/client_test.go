package nanostream

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/models"
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
		cfg.APIKeyHeader = models.DefaultAPIKeyHeader
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

func TestAPIKeyModeSendsTheKeyAndTheContractParameters(t *testing.T) {
	var got *http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		writeData(w, []map[string]any{{"timestamp": 1795438800, "maxConcurrentViewers": 42}})
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, Config{APIKey: testKey})

	s := lastHour
	s.Filter = models.Filter{StreamNames: []string{"a-1", "a-2"}, Tags: []string{"sports"}, Countries: []string{"DE", "AT"}}
	points, call, err := c.MaxViewers(context.Background(), s)
	require.NoError(t, err)
	require.Len(t, points, 1)
	assert.Equal(t, 42.0, *points[0].MaxConcurrentViewers)

	assert.Equal(t, RouteMaxViewers, got.URL.Path)
	assert.Equal(t, testKey, got.Header.Get("X-BINTU-APIKEY"))
	q := got.URL.Query()
	assert.Equal(t, "2026-11-23T13:00", q.Get("from"))
	assert.Equal(t, "2026-11-23T14:00", q.Get("to"))
	assert.Equal(t, "minute", q.Get("interval"))
	assert.Equal(t, "a-1,a-2", q.Get("streamNames"))
	assert.Equal(t, "sports", q.Get("tags"))
	assert.Equal(t, "DE,AT", q.Get("countries"))
	assert.Contains(t, got.URL.RawQuery, "from=2026-11-23T13%3A00")
	assert.Equal(t, "GET "+RouteMaxViewers+"?countries=DE%2CAT&from=2026-11-23T13%3A00&interval=minute&streamNames=a-1%2Ca-2&tags=sports&to=2026-11-23T14%3A00", call.String())
	assert.NotContains(t, call.String(), testKey)
}

func TestAPIKeyHeaderCanBeOverridden(t *testing.T) {
	var header string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header = r.Header.Get("x-api-key")
		writeData(w, []any{})
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, Config{APIKey: testKey, APIKeyHeader: "x-api-key"})
	_, _, err := c.Countries(context.Background())
	require.NoError(t, err)
	assert.Equal(t, testKey, header)
}

func TestLegacyBaseURLKeepsItsPrefix(t *testing.T) {
	var path string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path = r.URL.Path
		writeData(w, []any{})
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL+"/api/", Config{APIKey: testKey})
	_, _, err := c.Countries(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "/api"+RouteCountries, path)
}

// accountServer issues tokens and expires them on demand.
type accountServer struct {
	logins        atomic.Int64
	calls         atomic.Int64
	mu            sync.Mutex
	valid         map[string]bool
	expire        atomic.Bool // the next data call answers 105011 once
	alwaysExpired bool
}

func (a *accountServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == RouteAuthenticate {
		var body struct{ Email, Password string }
		_ = json.NewDecoder(r.Body).Decode(&body)
		if body.Password != "right-password" {
			writeAPIError(w, 401, 102002, "Wrong credentials", "wrong email or password for "+body.Email+" / "+body.Password)
			return
		}
		n := a.logins.Add(1)
		token := "token-" + string(rune('a'+n))
		a.mu.Lock()
		a.valid[token] = true
		a.mu.Unlock()
		time.Sleep(5 * time.Millisecond) // let concurrent callers pile up behind the login
		_ = json.NewEncoder(w).Encode(map[string]string{"token": token})
		return
	}
	a.calls.Add(1)
	token := r.Header.Get("x-access-token")
	a.mu.Lock()
	ok := a.valid[token]
	a.mu.Unlock()
	if !ok || a.alwaysExpired || a.expire.CompareAndSwap(true, false) {
		a.mu.Lock()
		delete(a.valid, token)
		a.mu.Unlock()
		writeAPIError(w, 401, 105011, "Invalid token", "token "+token+" is invalid")
		return
	}
	writeData(w, []any{})
}

func newAccountServer(t *testing.T) (*accountServer, *httptest.Server) {
	a := &accountServer{valid: map[string]bool{}}
	srv := httptest.NewServer(a)
	t.Cleanup(srv.Close)
	return a, srv
}

// shifted is a distinct call: the last hour moved by i minutes.
func shifted(i int) Series {
	s := lastHour
	s.From, s.To = s.From.Add(time.Duration(i)*time.Minute), s.To.Add(time.Duration(i)*time.Minute)
	return s
}

func TestAccountModeLogsInOnceForConcurrentCalls(t *testing.T) {
	a, srv := newAccountServer(t)
	c := newTestClient(t, srv.URL, Config{Email: "ops@example.com", Password: "right-password"})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, err := c.MaxViewers(context.Background(), shifted(i))
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	_, _, err := c.MaxViewers(context.Background(), shifted(8))
	require.NoError(t, err)
	assert.Equal(t, int64(1), a.logins.Load())
	assert.Equal(t, int64(9), a.calls.Load())
}

func TestAccountModeLogsInAgainOnceWhenTheTokenExpires(t *testing.T) {
	a, srv := newAccountServer(t)
	c := newTestClient(t, srv.URL, Config{Email: "ops@example.com", Password: "right-password"})
	_, _, err := c.MaxViewers(context.Background(), shifted(0))
	require.NoError(t, err)

	a.expire.Store(true)
	_, _, err = c.MaxViewers(context.Background(), shifted(1))
	require.NoError(t, err)
	assert.Equal(t, int64(2), a.logins.Load())
	assert.Equal(t, int64(3), a.calls.Load())
}

func TestAccountModeGivesUpAfterOneFreshLogin(t *testing.T) {
	a, srv := newAccountServer(t)
	a.alwaysExpired = true
	c := newTestClient(t, srv.URL, Config{Email: "ops@example.com", Password: "right-password"})
	_, _, err := c.Countries(context.Background())
	require.Error(t, err)
	assert.Equal(t, KindUnauthorized, KindOf(err))
	assert.Equal(t, int64(2), a.logins.Load(), "one login, one fresh login, no loop")
	assert.Equal(t, int64(2), a.calls.Load())
	assert.NotContains(t, err.Error(), "token-")

	_, _, err = c.MaxViewers(context.Background(), shifted(3))
	assert.Equal(t, KindUnauthorized, KindOf(err))
	assert.Equal(t, int64(2), a.logins.Load(), "the next query is answered from the refusal: no login")
	assert.Equal(t, int64(2), a.calls.Load(), "and no call")
}

func TestWrongPasswordIsOneSentenceWithoutThePassword(t *testing.T) {
	_, srv := newAccountServer(t)
	c := newTestClient(t, srv.URL, Config{Email: "ops@example.com", Password: "wrong-password"})
	_, _, err := c.Countries(context.Background())
	require.Error(t, err)
	assert.Equal(t, KindUnauthorized, KindOf(err))
	assert.True(t, backend.IsDownstreamError(err))
	assert.Contains(t, err.Error(), "rejected the email address or password (error 102002)")
	assert.NotContains(t, err.Error(), "wrong-password")
}

func TestErrorClasses(t *testing.T) {
	nginx502 := "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
	tests := []struct {
		name     string
		handler  http.HandlerFunc
		kind     Kind
		contains string
	}{
		{"nginx 502 page is throttling", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(502)
			_, _ = w.Write([]byte(nginx502))
		}, KindThrottled, "throttling requests (HTTP 502"},
		{"nginx 504 page is throttling", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(504)
			_, _ = w.Write([]byte(strings.ReplaceAll(nginx502, "502 Bad Gateway", "504 Gateway Time-out")))
		}, KindThrottled, "HTTP 504"},
		{"an HTML 503 is an upstream failure", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(503)
			_, _ = w.Write([]byte("<html>down</html>"))
		}, KindUpstream, "failed with HTTP 503"},
		{"internal error code", func(w http.ResponseWriter, _ *http.Request) {
			writeAPIError(w, 500, 104001, "Internal error", "database unavailable")
		}, KindUpstream, "(error 104001, Internal error): database unavailable"},
		{"unknown API key", func(w http.ResponseWriter, _ *http.Request) {
			writeAPIError(w, 404, 102021, "Invalid API key", "the API key is invalid")
		}, KindUnauthorized, "does not know this API key"},
		{"access level too low", func(w http.ResponseWriter, _ *http.Request) {
			writeAPIError(w, 403, 105002, "Access level too low", "premium required")
		}, KindForbidden, "access level is too low"},
		{"dashboard-only route", func(w http.ResponseWriter, _ *http.Request) {
			writeAPIError(w, 403, 105003, "Dashboard only", "not via API")
		}, KindForbidden, "only available in the nanoStream dashboard"},
		{"unknown route", func(w http.ResponseWriter, _ *http.Request) {
			writeAPIError(w, 404, 101001, "Unknown endpoint", "no such route")
		}, KindNotFound, "does not know this route"},
		{"too many filter values", func(w http.ResponseWriter, _ *http.Request) {
			writeAPIError(w, 400, 101005, "Too many values", "max 50 streams")
		}, KindBadRequest, "at most 50 per list"},
		{"validation failure", func(w http.ResponseWriter, _ *http.Request) {
			writeAPIError(w, 400, 101004, "Param validation failed", "from must be a whole hour")
		}, KindBadRequest, "refused the request parameters (error 101004, Param validation failed): from must be a whole hour"},
		{"unknown stream", func(w http.ResponseWriter, _ *http.Request) {
			writeAPIError(w, 404, 103001, "Stream not found", "nS4kq-nope")
		}, KindNotFound, "stream name is unknown"},
		{"a body that is not JSON", func(w http.ResponseWriter, _ *http.Request) {
			_, _ = w.Write([]byte("OK but not json"))
		}, KindMalformed, "cannot be read"},
		{"a truncated body", func(w http.ResponseWriter, _ *http.Request) {
			_, _ = w.Write([]byte(`{"statusCode":200,"data":[{"timestamp":1,"maxConcurrentVi`))
		}, KindMalformed, "unexpected end of JSON input"},
		{"a success without a data list", func(w http.ResponseWriter, _ *http.Request) {
			_, _ = w.Write([]byte(`{"statusCode":200,"statusInfo":"OK"}`))
		}, KindMalformed, "no data list"},
		{"a data list of the wrong shape", func(w http.ResponseWriter, _ *http.Request) {
			_, _ = w.Write([]byte(`{"data":{"timestamp":1}}`))
		}, KindMalformed, "cannot be read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			c := newTestClient(t, srv.URL, Config{APIKey: testKey})
			_, _, err := c.MaxViewers(context.Background(), lastHour)
			require.Error(t, err)
			assert.Equal(t, tt.kind, KindOf(err))
			assert.Contains(t, err.Error(), tt.contains)
			assert.True(t, backend.IsDownstreamError(err), "every API failure is downstream")
			assert.NotContains(t, err.Error(), "<html")
			assert.NotContains(t, err.Error(), "\n")
		})
	}
}

func TestAnEchoedSecretIsRedacted(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeAPIError(w, 404, 102021, "Invalid API key", "unknown key "+r.Header.Get("X-BINTU-APIKEY"))
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, Config{APIKey: testKey})
	_, _, err := c.Countries(context.Background())
	require.Error(t, err)
	assert.NotContains(t, err.Error(), testKey)
	assert.Contains(t, err.Error(), "[redacted]")
}

func TestUnreachableHosts(t *testing.T) {
	t.Run("connection refused", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		addr := ln.Addr().String()
		require.NoError(t, ln.Close())
		c := newTestClient(t, "http://"+addr, Config{APIKey: testKey})
		_, _, err = c.Countries(context.Background())
		assert.Equal(t, KindUnreachable, KindOf(err))
		assert.Contains(t, err.Error(), "connection was refused")
	})
	t.Run("DNS failure", func(t *testing.T) {
		transport := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{Err: "no such host", Name: "metrics-api.example.invalid", IsNotFound: true}}
		}}
		c := newTestClient(t, "https://metrics-api.example.invalid", Config{APIKey: testKey, HTTPClient: &http.Client{Transport: transport}})
		_, _, err := c.Countries(context.Background())
		assert.Equal(t, KindUnreachable, KindOf(err))
		assert.Contains(t, err.Error(), `the host name "metrics-api.example.invalid" does not resolve`)
	})
}

func TestTimeoutAndCancellation(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	c := newTestClient(t, srv.URL, Config{APIKey: testKey})

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, _, err := c.Countries(ctx)
	assert.Equal(t, KindTimeout, KindOf(err))
	assert.True(t, backend.IsDownstreamError(err))

	ctx, cancel = context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, _, err := c.Countries(ctx)
		done <- err
	}()
	cancel()
	select {
	case err := <-done:
		assert.Equal(t, KindCanceled, KindOf(err))
		assert.True(t, errors.Is(err, context.Canceled))
	case <-time.After(5 * time.Second):
		t.Fatal("a cancelled call kept waiting")
	}
}

func TestMissingValuesDecodeAsNil(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"data":[{"timestamp":60,"playout":1.5e9},{"timestamp":120,"playout":null,"ingest":7}]}`))
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, Config{APIKey: testKey})
	points, _, err := c.Bytes(context.Background(), lastHour)
	require.NoError(t, err)
	require.Len(t, points, 2)
	assert.Equal(t, 1.5e9, *points[0].Playout)
	assert.Nil(t, points[0].Ingest)
	assert.Nil(t, points[1].Playout)
	assert.Equal(t, 7.0, *points[1].Ingest)
}

func TestAnEscapedEchoOfASecretIsRedacted(t *testing.T) {
	password := `se"cr\et`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]string
		_ = json.NewDecoder(r.Body).Decode(&body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(401)
		_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{
			"errorCode": 102002, "summary": "Wrong credentials", "message": "refused", "userInfo": map[string]any{"password": body["password"]},
		}})
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, Config{Email: "ops@example.com", Password: password})
	_, _, err := c.Countries(context.Background())
	require.Error(t, err)
	assert.NotContains(t, err.Error(), `se\"cr\\et`)
	assert.NotContains(t, err.Error(), password)
	assert.Contains(t, err.Error(), "[redacted]")
}

func TestARefusedLoginIsRememberedForAWhile(t *testing.T) {
	a, srv := newAccountServer(t)
	clock := &fakeClock{now: time.Now()}
	c := newTestClient(t, srv.URL, Config{Email: "ops@example.com", Password: "wrong-password", Now: clock.Now})
	for i := range 5 {
		_, _, err := c.MaxViewers(context.Background(), shifted(i))
		assert.Contains(t, err.Error(), "(error 102002)")
	}
	assert.Equal(t, int64(0), a.logins.Load())
	assert.Equal(t, int64(0), a.calls.Load(), "no data call without a token")
	clock.advance(refusalMemory + time.Second)
	_, _, err := c.MaxViewers(context.Background(), shifted(9))
	assert.Contains(t, err.Error(), "(error 102002)")
}

func TestCredentialsNeverFollowARedirectToAnotherHost(t *testing.T) {
	var leaked atomic.Bool
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked.Store(r.Header.Get("X-BINTU-APIKEY") != "")
		writeData(w, []any{})
	}))
	defer elsewhere.Close()
	other := strings.Replace(elsewhere.URL, "127.0.0.1", "localhost", 1) // another host name, still loopback
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, Config{APIKey: testKey})
	_, _, err := c.Countries(context.Background())
	require.Error(t, err)
	assert.False(t, leaked.Load(), "the API key went to another host")
}

func TestHTTP429IsThrottling(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, Config{APIKey: testKey})
	_, _, err := c.Countries(context.Background())
	assert.Equal(t, KindThrottled, KindOf(err))
	assert.False(t, c.budget.tryTake(), "the budget pauses")
}

func TestANewcomerDoesNotJoinAnAbandonedRequest(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { writeData(w, []any{}) }))
	defer srv.Close()
	c := newTestClient(t, srv.URL, Config{APIKey: testKey, RequestsPerSecond: 5, Burst: 1})
	_, _, err := c.Countries(context.Background()) // spends the only token
	require.NoError(t, err)
	for i := range 10 { // a refresh cancels the query just as the next identical one arrives
		s := shifted(10 + i)
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			time.Sleep(time.Millisecond)
			cancel()
		}()
		_, _, _ = c.MaxViewers(ctx, s)
		_, _, err := c.MaxViewers(context.Background(), s)
		require.NoError(t, err, "the newcomer's own context is alive")
	}
}
