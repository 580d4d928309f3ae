package nanostream

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recordingObserver keeps what it is told, as lines of text.
type recordingObserver struct {
	mu     sync.Mutex
	events []string
	scopes []Scope
	xs     []Exchange
}

func (r *recordingObserver) add(s Scope, line string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, line)
	r.scopes = append(r.scopes, s)
}

func (r *recordingObserver) Call(ctx context.Context, s Scope) (context.Context, func(CacheStatus, error)) {
	return ctx, func(cache CacheStatus, err error) { r.add(s, "call "+s.Route+" "+string(cache)+" "+Outcome(err)) }
}

func (r *recordingObserver) Exchange(_ context.Context, s Scope, x Exchange) {
	r.mu.Lock()
	r.xs = append(r.xs, x)
	r.mu.Unlock()
	r.add(s, "exchange "+s.Route+" "+x.Outcome)
}

func (r *recordingObserver) BudgetWaited(_ context.Context, s Scope, _ time.Duration, o BudgetOutcome) {
	r.add(s, "budget "+s.Route+" "+string(o))
}

func (r *recordingObserver) Undecodable(_ context.Context, s Scope, _ error) {
	r.add(s, "undecodable "+s.Route)
}

func (r *recordingObserver) lines() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.events...)
}

func TestObserverSeesEveryChokePointOnce(t *testing.T) {
	srv := httptest.NewServer(answer(`{"data":[{"code":"DE","name":"Germany"}]}`))
	defer srv.Close()
	obs := &recordingObserver{}
	c := newTestClient(t, srv.URL, Config{APIKey: "observed-key-0001", Observer: obs})

	for range 2 {
		_, _, err := c.Countries(context.Background())
		require.NoError(t, err)
	}
	assert.Equal(t, []string{
		"budget " + RouteCountries + " turn",
		"exchange " + RouteCountries + " ok",
		"call " + RouteCountries + " miss ok",
		"call " + RouteCountries + " hit ok",
	}, obs.lines())
	require.Len(t, obs.xs, 1)
	assert.Equal(t, 200, obs.xs[0].HTTPStatus)
	for _, s := range obs.scopes {
		assert.Len(t, s.Org, 12)
		assert.NotContains(t, s.Org, "observed-key")
		assert.NotContains(t, s.Redact("x observed-key-0001 x"), "observed-key-0001")
	}
}

func TestObserverSeesUndecodableThrottledAndRefusedAnswers(t *testing.T) {
	t.Run("undecodable", func(t *testing.T) {
		srv := httptest.NewServer(answer(`{"data":[{"code":`))
		defer srv.Close()
		obs := &recordingObserver{}
		c := newTestClient(t, srv.URL, Config{APIKey: "observed-key-0002", Observer: obs})
		_, _, err := c.Countries(context.Background())
		require.Error(t, err)
		assert.Equal(t, []string{
			"budget " + RouteCountries + " turn",
			"exchange " + RouteCountries + " ok",
			"undecodable " + RouteCountries,
			"call " + RouteCountries + " miss malformed",
		}, obs.lines())
	})
	t.Run("throttled", func(t *testing.T) {
		srv := httptest.NewServer(htmlReply(http.StatusBadGateway, "<html>502 Bad Gateway</html>"))
		defer srv.Close()
		obs := &recordingObserver{}
		c := newTestClient(t, srv.URL, Config{APIKey: "observed-key-0003", Observer: obs})
		_, _, err := c.Countries(context.Background())
		require.Equal(t, KindThrottled, KindOf(err))
		require.Len(t, obs.xs, 1)
		assert.Equal(t, string(KindThrottled), obs.xs[0].Outcome)
		assert.Equal(t, http.StatusBadGateway, obs.xs[0].HTTPStatus)
		assert.Greater(t, obs.xs[0].Pause, time.Second, "the pause the budget began")
	})
	t.Run("refused with the key echoed", func(t *testing.T) {
		const key = "observed-key-0004"
		srv := httptest.NewServer(apiErrorReply(http.StatusUnauthorized, 102021, "Unknown API key", "no key "+key))
		defer srv.Close()
		obs := &recordingObserver{}
		c := newTestClient(t, srv.URL, Config{APIKey: key, Observer: obs})
		_, _, err := c.Countries(context.Background())
		require.Error(t, err)
		require.Len(t, obs.xs, 1)
		assert.Equal(t, string(KindUnauthorized), obs.xs[0].Outcome)
		assert.Equal(t, 102021, obs.xs[0].Code)
		assert.NotContains(t, obs.xs[0].Err.Error(), key)
	})
}
