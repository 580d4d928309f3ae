package nanostream

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/internal/fakeclock"
)

// fakeShared is a shared store in memory that can be switched off: a
// bucket that always has a token, answers, and a count of drains.
type fakeShared struct {
	mu      sync.Mutex
	status  SharedStatus
	allows  int
	drains  int
	answers map[string]SharedAnswer
	ids     []string
	failing bool            // every call fails, whatever the status says
	held    map[string]bool // claims another process holds
}

func newFakeShared() *fakeShared {
	return &fakeShared{status: SharedStatus{Store: "fake store", Available: true}, answers: map[string]SharedAnswer{}}
}

var errFakeDown = errors.New("the fake store is down")

func (f *fakeShared) Org(id string) SharedOrg {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ids = append(f.ids, id)
	return f
}

func (f *fakeShared) Status() SharedStatus {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.status
}

// set switches the store on or off, as its probe would.
func (f *fakeShared) set(available bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.status.Available = available
	f.status.Epoch++
}

func (f *fakeShared) up() error {
	if !f.status.Available || f.failing {
		return errFakeDown
	}
	return nil
}

func (f *fakeShared) Allow(context.Context, float64, int) (bool, time.Duration, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.allows++
	return true, 0, f.up()
}
func (f *fakeShared) Next(context.Context, float64, int) (time.Duration, error) { return 0, nil }
func (f *fakeShared) Throttled(context.Context, time.Time, time.Duration, time.Duration, float64, int) error {
	return nil
}
func (f *fakeShared) Answered(context.Context) error { return nil }
func (f *fakeShared) Drain(context.Context, float64, int) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.drains++
	return f.up()
}
func (f *fakeShared) Answer(_ context.Context, key string, newerThan time.Time) (SharedAnswer, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	a, ok := f.answers[key]
	return a, ok && a.FetchedAt.After(newerThan), f.up()
}
func (f *fakeShared) Latest(context.Context, string, time.Time) (string, SharedAnswer, bool, error) {
	return "", SharedAnswer{}, false, nil
}
func (f *fakeShared) Keep(_ context.Context, key, _ string, a SharedAnswer, _ time.Duration) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.answers[key] = a
	return f.up()
}
func (f *fakeShared) Claim(_ context.Context, key string, _ time.Duration) (bool, func(), error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return !f.held[key], func() {}, nil
}

// hold makes another process hold a claim, or let it go.
func (f *fakeShared) hold(key string, held bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.held == nil {
		f.held = map[string]bool{}
	}
	f.held[key] = held
}
func (f *fakeShared) Await(context.Context, string) error { return nil }

func TestWithoutItsStoreABudgetFallsBackToAThirdOfTheRateStartingEmpty(t *testing.T) {
	clock := fakeclock.New(time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
	store := newFakeShared()
	b := newOrgBudget(3, 9, clock.Now)
	b.use(&sharedRef{state: store, org: store})
	for range 20 {
		require.True(t, b.TryTake(), "the shared bucket decides while it answers")
	}

	store.set(false)
	assert.False(t, b.TryTake(), "the fallback starts empty: the shared bucket may just have been spent")
	assert.Equal(t, time.Second, b.Next(), "a third of 3 requests per second")
	clock.Advance(time.Hour)
	for range 3 {
		assert.True(t, b.TryTake())
	}
	assert.False(t, b.TryTake(), "a third of the burst")

	store.set(true)
	assert.True(t, b.TryTake(), "rejoined")
	assert.Equal(t, 1, store.drains, "the shared bucket is drained once on rejoining: nobody knows what was spent meanwhile")

	store.set(false)
	clock.Advance(time.Hour)
	assert.False(t, b.TryTake(), "every fallback starts empty")
}

func TestAStoreThatFailsMidwayHandsOverToTheFallback(t *testing.T) {
	clock := fakeclock.New(time.Now())
	store := newFakeShared()
	b := newOrgBudget(3, 9, clock.Now)
	b.use(&sharedRef{state: store, org: store})
	store.mu.Lock()
	store.failing = true // down, but not yet noticed: the call itself fails
	store.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err := b.Take(ctx, clock.Now().Add(100*time.Millisecond))
	var nt *noTurn
	require.ErrorAs(t, err, &nt, "the fallback's first token comes after a second, past the deadline")
	assert.Equal(t, time.Second, nt.retryAfter)
}

func TestClientsCarryOnWithTheirOwnCacheWhileTheStoreIsDown(t *testing.T) {
	a, srv := newCountingAPI(t)
	store := newFakeShared()
	c := newTestClient(t, srv.URL, Config{APIKey: testKey, Shared: store})
	_, call, err := c.MaxViewers(context.Background(), lastHour)
	require.NoError(t, err)
	assert.Equal(t, CacheMiss, call.Served.Cache)
	store.mu.Lock()
	kept := len(store.answers)
	store.mu.Unlock()
	assert.Equal(t, 1, kept, "the answer went to the store too")

	store.set(false)
	_, call, err = c.MaxViewers(context.Background(), lastHour)
	require.NoError(t, err)
	assert.Equal(t, CacheHit, call.Served.Cache, "the process's own tier answers")
	assert.Equal(t, int64(1), a.requests.Load())
	st, fallback, ok := c.SharedStatus()
	require.True(t, ok)
	assert.False(t, st.Available)
	assert.InDelta(t, DefaultRequestsPerSecond/3, fallback, 1e-9)

	other := newTestClient(t, srv.URL, Config{APIKey: testKey + "-other"})
	_, _, ok = other.SharedStatus()
	assert.False(t, ok, "a data source without a store")
}

func TestTheSharedIDOfAnOrganisationRevealsNoCredential(t *testing.T) {
	_, srv := newCountingAPI(t)
	store := newFakeShared()
	newTestClient(t, srv.URL, Config{APIKey: testKey, Shared: store})
	newTestClient(t, srv.URL, Config{Email: "ops@example.com", Password: "pw-secret-5", Shared: store})
	require.Len(t, store.ids, 2)
	for _, id := range store.ids {
		assert.Len(t, id, 32)
		assert.NotContains(t, id, testKey)
		assert.False(t, strings.Contains(id, "pw-secret-5"))
	}
	assert.NotEqual(t, store.ids[0], store.ids[1])
	assert.Equal(t, store.ids[0], sharedOrgID(orgKey(Config{Auth: AuthAPIKey, APIKey: testKey}, strings.ToLower(srv.URL))), "every process derives the same id")
}
