package nanostream

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/internal/fakeclock"
)

func TestAPIKeyHeaderCanBeOverridden(t *testing.T) {
	srv, last := recorder(t)
	c := newTestClient(t, srv.URL, Config{APIKey: testKey, APIKeyHeader: "x-api-key"})
	_, _, err := c.Countries(context.Background())
	require.NoError(t, err)
	assert.Equal(t, testKey, last().Header.Get("x-api-key"))
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
	assert.Equal(t, int64(4), a.logins.Load(), "a refused token is not remembered: the next query logs in afresh, and again once at most")
	assert.Equal(t, int64(4), a.calls.Load())
}

// rotatingServer refuses the first tokens it issues, as an API does whose
// user logged in elsewhere meanwhile: the new login replaced them.
type rotatingServer struct {
	logins, calls atomic.Int64
	refusedTokens int64 // the first tokens issued, refused with 105011
}

func (a *rotatingServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == RouteAuthenticate {
		n := a.logins.Add(1)
		_ = json.NewEncoder(w).Encode(map[string]string{"token": fmt.Sprintf("rotating-token-%d", n)})
		return
	}
	a.calls.Add(1)
	var n int64
	_, _ = fmt.Sscanf(r.Header.Get("x-access-token"), "rotating-token-%d", &n)
	if n == 0 || n <= a.refusedTokens {
		writeAPIError(w, 401, 105011, "Invalid token", "the token was replaced")
		return
	}
	writeData(w, []any{})
}

func TestARefusedFreshTokenDoesNotLockQueriesOut(t *testing.T) {
	a := &rotatingServer{refusedTokens: 2}
	srv := httptest.NewServer(a)
	defer srv.Close()
	clock := fakeclock.New(time.Now())
	c := newTestClient(t, srv.URL, Config{Email: "ops@example.com", Password: "right-password", Now: clock.Now})

	_, _, err := c.MaxViewers(context.Background(), shifted(0))
	require.Error(t, err, "the login's token and the fresh one are both refused: one re-login, then this query gives up")
	assert.Equal(t, KindUnauthorized, KindOf(err))
	assert.Equal(t, int64(2), a.logins.Load())

	_, _, err = c.MaxViewers(context.Background(), shifted(1))
	require.NoError(t, err, "the next query, at once, logs in again and answers")
	assert.Equal(t, int64(3), a.logins.Load())
	assert.Equal(t, int64(3), a.calls.Load())
}

func TestAJustIssuedTokenRefusedOnceIsReplacedOnce(t *testing.T) {
	a := &rotatingServer{refusedTokens: 1}
	srv := httptest.NewServer(a)
	defer srv.Close()
	c := newTestClient(t, srv.URL, Config{Email: "ops@example.com", Password: "right-password"})
	_, _, err := c.MaxViewers(context.Background(), shifted(0))
	require.NoError(t, err)
	assert.Equal(t, int64(2), a.logins.Load(), "the login's token refused: one re-login")
	assert.Equal(t, int64(2), a.calls.Load())
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

func TestARefusedLoginIsRememberedForAWhile(t *testing.T) {
	a, srv := newAccountServer(t)
	clock := fakeclock.New(time.Now())
	c := newTestClient(t, srv.URL, Config{Email: "ops@example.com", Password: "wrong-password", Now: clock.Now})
	for i := range 5 {
		_, _, err := c.MaxViewers(context.Background(), shifted(i))
		assert.Contains(t, err.Error(), "(error 102002)")
	}
	assert.Equal(t, int64(0), a.logins.Load())
	assert.Equal(t, int64(0), a.calls.Load(), "no data call without a token")
	clock.Advance(refusalMemory + time.Second)
	_, _, err := c.MaxViewers(context.Background(), shifted(9))
	assert.Contains(t, err.Error(), "(error 102002)")
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

func TestCredentialsNeverFollowARedirectToAnotherHostName(t *testing.T) {
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
