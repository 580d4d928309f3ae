package redisstore

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/internal/redisserver"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// quietLogger drops the store's log lines and counts them.
type quietLogger struct {
	warnings, infos atomic.Int64
}

func (l *quietLogger) Debug(string, ...any)                   {}
func (l *quietLogger) Info(string, ...any)                    { l.infos.Add(1) }
func (l *quietLogger) Warn(string, ...any)                    { l.warnings.Add(1) }
func (l *quietLogger) Error(string, ...any)                   {}
func (l *quietLogger) Level() log.Level                       { return log.Debug }
func (l *quietLogger) With(...any) log.Logger                 { return l }
func (l *quietLogger) FromContext(context.Context) log.Logger { return l }
func (l *quietLogger) counts() (warnings, infos int64)        { return l.warnings.Load(), l.infos.Load() }

// open is one process's store on srv, closed at the test's end.
func open(t *testing.T, srv *redisserver.Server, opts Options) (*Store, *quietLogger) {
	t.Helper()
	logs := &quietLogger{}
	opts.URL = srv.URL
	opts.Logger = logs
	if opts.ProbeInterval == 0 {
		opts.ProbeInterval = 50 * time.Millisecond
	}
	if opts.Timeout == 0 {
		opts.Timeout = 200 * time.Millisecond // the race detector slows everything down
	}
	s, err := Open(opts)
	require.NoError(t, err)
	t.Cleanup(s.Close)
	return s, logs
}

func TestTwoProcessesShareOneBucket(t *testing.T) {
	srv := redisserver.Run(t)
	a, _ := open(t, srv, Options{})
	b, _ := open(t, srv, Options{})
	orgs := []nanostream.SharedOrg{a.Org("org-1"), b.Org("org-1")}
	var allowed atomic.Int64
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() {
			ok, _, err := orgs[i%2].Allow(context.Background(), 0.001, 5)
			assert.NoError(t, err)
			if ok {
				allowed.Add(1)
			}
		})
	}
	wg.Wait()
	assert.Equal(t, int64(5), allowed.Load(), "the burst once, for both processes together")

	ok, wait, err := a.Org("org-2").Allow(context.Background(), 0.001, 5)
	require.NoError(t, err)
	assert.True(t, ok, "another organisation has a bucket of its own")
	assert.Zero(t, wait)
	ok, wait, err = b.Org("org-1").Allow(context.Background(), 0.001, 5)
	require.NoError(t, err)
	assert.False(t, ok)
	assert.InDelta(t, 1000, wait.Seconds(), 1, "the next token after 1/rate")
	next, err := a.Org("org-1").Next(context.Background(), 0.001, 5)
	require.NoError(t, err)
	assert.InDelta(t, 1000, next.Seconds(), 1)
}

func TestTheBucketRefillsAtTheRate(t *testing.T) {
	srv := redisserver.Run(t)
	a, _ := open(t, srv, Options{})
	o := a.Org("org")
	for range 2 {
		ok, _, err := o.Allow(context.Background(), 20, 2)
		require.NoError(t, err)
		require.True(t, ok)
	}
	ok, wait, err := o.Allow(context.Background(), 20, 2)
	require.NoError(t, err)
	require.False(t, ok)
	assert.LessOrEqual(t, wait, 50*time.Millisecond, "one token per 50 ms")
	require.Eventually(t, func() bool {
		ok, _, err := o.Allow(context.Background(), 20, 2)
		return err == nil && ok
	}, 5*time.Second, 10*time.Millisecond)
}

func TestAThrottledAnswerPausesEveryProcess(t *testing.T) {
	srv := redisserver.Run(t)
	a, _ := open(t, srv, Options{})
	b, _ := open(t, srv, Options{})
	sent := time.Now()
	require.NoError(t, a.Org("org").Throttled(context.Background(), sent, 2*time.Second, time.Minute, 1, 10))
	ok, wait, err := b.Org("org").Allow(context.Background(), 1, 10)
	require.NoError(t, err)
	assert.False(t, ok, "paused for every process")
	assert.InDelta(t, 2, wait.Seconds(), 0.45, "base pause with ±20 % jitter")

	// a refusal of a request sent before the pause began belongs to the same episode
	require.NoError(t, b.Org("org").Throttled(context.Background(), sent.Add(-time.Second), 2*time.Second, time.Minute, 1, 10))
	rdb := redis.NewClient(&redis.Options{Addr: srv.Addr})
	defer rdb.Close()
	episodes, err := rdb.Get(context.Background(), DefaultPrefix+"{org}:episodes").Int()
	require.NoError(t, err)
	assert.Equal(t, 1, episodes)

	// the next episode doubles the pause; an answer ends the run
	require.NoError(t, b.Org("org").Throttled(context.Background(), time.Now().Add(time.Second), 2*time.Second, time.Minute, 1, 10))
	pause, err := rdb.PTTL(context.Background(), DefaultPrefix+"{org}:pause").Result()
	require.NoError(t, err)
	assert.InDelta(t, 4, pause.Seconds(), 0.85)
	require.NoError(t, a.Org("org").Answered(context.Background()))
	assert.Zero(t, rdb.Exists(context.Background(), DefaultPrefix+"{org}:episodes").Val())

	// the bucket was emptied: after the pause one token comes at the rate
	require.NoError(t, rdb.Del(context.Background(), DefaultPrefix+"{org}:pause").Err())
	next, err := a.Org("org").Next(context.Background(), 1, 10)
	require.NoError(t, err)
	assert.Greater(t, next, time.Duration(0), "no burst left after throttling")
}

func TestAnswersAndFamiliesAreShared(t *testing.T) {
	srv := redisserver.Run(t)
	a, _ := open(t, srv, Options{})
	b, _ := open(t, srv, Options{})
	now := time.Now().Truncate(time.Millisecond)
	answer := nanostream.SharedAnswer{Body: []byte(`{"data":[1,2,3]}`), FetchedAt: now, Expires: now.Add(time.Minute)}
	require.NoError(t, a.Org("org").Keep(context.Background(), "GET /x?from=1", "GET /x span 1h", answer, time.Hour))

	got, ok, err := b.Org("org").Answer(context.Background(), "GET /x?from=1", time.Time{})
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, answer.Body, got.Body)
	assert.True(t, answer.FetchedAt.Equal(got.FetchedAt))
	assert.True(t, answer.Expires.Equal(got.Expires))

	key, got, ok, err := b.Org("org").Latest(context.Background(), "GET /x span 1h", time.Time{})
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "GET /x?from=1", key)
	assert.Equal(t, answer.Body, got.Body)

	_, ok, err = b.Org("org").Answer(context.Background(), "GET /x?from=1", now)
	require.NoError(t, err)
	assert.False(t, ok, "an answer the process holds already is not transferred again")
	_, _, ok, err = b.Org("org").Latest(context.Background(), "GET /x span 1h", now)
	require.NoError(t, err)
	assert.False(t, ok)
	_, ok, err = b.Org("org").Answer(context.Background(), "GET /x?from=1", now.Add(-time.Millisecond))
	require.NoError(t, err)
	assert.True(t, ok, "a newer one is")
	_, ok, err = b.Org("other").Answer(context.Background(), "GET /x?from=1", time.Time{})
	require.NoError(t, err)
	assert.False(t, ok, "another organisation's answers are its own")
	_, _, ok, err = b.Org("org").Latest(context.Background(), "GET /y span 1h", time.Time{})
	require.NoError(t, err)
	assert.False(t, ok)

	rdb := redis.NewClient(&redis.Options{Addr: srv.Addr})
	defer rdb.Close()
	ttl := rdb.PTTL(context.Background(), b.Org("org").(*orgState).answerKey("GET /x?from=1")).Val()
	assert.InDelta(t, time.Hour+time.Minute, ttl, float64(5*time.Second), "kept for a while past its lifetime")
}

func TestAClaimMakesOneProcessFetch(t *testing.T) {
	srv := redisserver.Run(t)
	a, _ := open(t, srv, Options{})
	b, _ := open(t, srv, Options{})
	claimed, release, err := a.Org("org").Claim(context.Background(), "GET /x", time.Minute)
	require.NoError(t, err)
	require.True(t, claimed)
	again, _, err := b.Org("org").Claim(context.Background(), "GET /x", time.Minute)
	require.NoError(t, err)
	assert.False(t, again, "the other process fetches")

	done := make(chan error, 1)
	go func() { done <- b.Org("org").Await(context.Background(), "GET /x") }()
	select {
	case err := <-done:
		t.Fatalf("Await returned before the claim was released: %v", err)
	case <-time.After(100 * time.Millisecond):
	}
	release()
	require.NoError(t, <-done)
	claimed, release, err = b.Org("org").Claim(context.Background(), "GET /x", time.Minute)
	require.NoError(t, err)
	assert.True(t, claimed, "a released request may be claimed again")
	release()

	// an expired claim (its process died) lets the waiter go too
	claimed, _, err = a.Org("org").Claim(context.Background(), "GET /y", 300*time.Millisecond)
	require.NoError(t, err)
	require.True(t, claimed)
	require.NoError(t, b.Org("org").Await(context.Background(), "GET /y"))
}

func TestAStoreFallsBackWhenRedisDiesAndRejoins(t *testing.T) {
	srv := redisserver.Run(t)
	s, logs := open(t, srv, Options{})
	o := s.Org("org")
	_, _, err := o.Allow(context.Background(), 1, 10)
	require.NoError(t, err)
	before := s.Status()
	require.True(t, before.Available)

	srv.Kill()
	_, _, err = o.Allow(context.Background(), 1, 10)
	require.Error(t, err)
	st := s.Status()
	assert.False(t, st.Available)
	assert.NotEmpty(t, st.Problem)
	assert.Greater(t, st.Epoch, before.Epoch)
	_, _, err = o.Allow(context.Background(), 1, 10)
	assert.ErrorIs(t, err, errUnavailable, "no more waits for a dead Redis")
	for range 5 {
		_, _, _ = o.Allow(context.Background(), 1, 10)
	}
	warnings, _ := logs.counts()
	assert.Equal(t, int64(1), warnings, "said once")

	require.NoError(t, srv.Restart())
	require.Eventually(t, func() bool { return s.Status().Available }, 10*time.Second, 10*time.Millisecond, "rejoins")
	assert.Greater(t, s.Status().Epoch, st.Epoch)
	_, infos := logs.counts()
	assert.Equal(t, int64(1), infos, "the rejoin said once")
	ok, _, err := o.Allow(context.Background(), 1, 10)
	require.NoError(t, err)
	assert.True(t, ok)
}

func TestAHangingRedisCountsAsUnavailable(t *testing.T) {
	srv := redisserver.Run(t)
	s, _ := open(t, srv, Options{Timeout: 100 * time.Millisecond})
	o := s.Org("org")
	_, _, err := o.Allow(context.Background(), 1, 10)
	require.NoError(t, err)
	require.NoError(t, srv.Pause())
	resumed := false
	defer func() {
		if !resumed {
			_ = srv.Resume()
		}
	}()
	_, _, err = o.Allow(context.Background(), 1, 10)
	require.Error(t, err, "no answer within the timeout")
	assert.False(t, s.Status().Available)
	assert.Contains(t, s.Status().Problem, "timeout")
	require.NoError(t, srv.Resume())
	resumed = true
	require.Eventually(t, func() bool { return s.Status().Available }, 10*time.Second, 10*time.Millisecond)
}

func TestARestartOfRedisIsNoticed(t *testing.T) {
	srv := redisserver.Run(t)
	s, _ := open(t, srv, Options{})
	require.Eventually(t, func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.runID != ""
	}, 5*time.Second, 10*time.Millisecond)
	epoch := s.Status().Epoch
	require.NoError(t, srv.Restart())
	require.Eventually(t, func() bool { st := s.Status(); return st.Available && st.Epoch > epoch }, 10*time.Second, 10*time.Millisecond,
		"a restart changes the epoch, so that the clients drain the budget that was lost")
}

func TestAPasswordProtectedRedis(t *testing.T) {
	const password = "redis-secret-9c1e"
	srv := redisserver.Run(t, "--requirepass", password)
	good, _ := open(t, srv, Options{Password: password})
	_, _, err := good.Org("org").Allow(context.Background(), 1, 10)
	require.NoError(t, err)

	wrong, _ := open(t, srv, Options{Password: "not-it-4471"})
	_, _, err = wrong.Org("org").Allow(context.Background(), 1, 10)
	require.Error(t, err)
	st := wrong.Status()
	assert.False(t, st.Available)
	assert.NotContains(t, st.Problem, "not-it-4471")
	assert.NotContains(t, st.Store, "not-it-4471")
}

func TestRedisURLs(t *testing.T) {
	for _, ok := range []string{"redis://localhost:6379/0", "rediss://cache.example.com:6380/2", "redis://ops@redis:6379", "redis://redis"} {
		_, err := ParseURL(ok)
		assert.NoError(t, err, ok)
	}
	for raw, want := range map[string]string{
		"http://redis:6379":                 "must start with redis:// or rediss://",
		"redis://:hunter2-pw@redis:6379/0":  "must not hold a password",
		"redis://ops:hunter2-pw@redis:6379": "must not hold a password",
		"redis://redis:6379/zero":           "cannot be read",
	} {
		_, err := ParseURL(raw)
		require.Error(t, err, raw)
		assert.Contains(t, err.Error(), want, raw)
		assert.NotContains(t, err.Error(), "hunter2-pw")
	}
}
