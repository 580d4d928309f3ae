package redisstore

import (
	"context"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/internal/redisserver"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// commandCounter counts the commands a store sends on its pool.
type commandCounter struct{ n atomic.Int64 }

func (c *commandCounter) DialHook(next redis.DialHook) redis.DialHook { return next }
func (c *commandCounter) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		c.n.Add(1)
		return next(ctx, cmd)
	}
}
func (c *commandCounter) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		c.n.Add(int64(len(cmds)))
		return next(ctx, cmds)
	}
}

var _ redis.Hook = (*commandCounter)(nil)

// counted opens a store whose commands are counted; its probe runs
// seldom, so that the count is the reads.
func counted(t *testing.T, srv *redisserver.Server) (*Store, *commandCounter) {
	t.Helper()
	s, _ := open(t, srv, Options{ProbeInterval: time.Hour})
	c := &commandCounter{}
	s.rdb.AddHook(c)
	require.Eventually(t, func() bool { return listens(s) }, 5*time.Second, 5*time.Millisecond, "the subscription is confirmed")
	return s, c
}

func listens(s *Store) bool {
	s.notices.mu.Lock()
	defer s.notices.mu.Unlock()
	return !s.notices.since.IsZero()
}

func heard(s *Store, key string) bool {
	s.notices.mu.Lock()
	defer s.notices.mu.Unlock()
	_, ok := s.notices.heard[key]
	return ok
}

func TestAReadIsSkippedUntilAnotherProcessKeepsANewerAnswer(t *testing.T) {
	srv := redisserver.Run(t)
	a, _ := open(t, srv, Options{})
	b, reads := counted(t, srv)
	ctx := context.Background()
	key, fam := "GET /x?from=1", "GET /x span 1h"
	first := time.Now().Truncate(time.Millisecond)
	answer := nanostream.SharedAnswer{Body: []byte(`{"data":[1]}`), FetchedAt: first, Expires: first.Add(time.Minute)}
	require.NoError(t, a.Org("org").Keep(ctx, key, fam, answer, time.Hour))
	require.Eventually(t, func() bool { return heard(b, b.Org("org").(*orgState).answerKey(key)) }, 5*time.Second, 5*time.Millisecond)

	got, ok, err := b.Org("org").Answer(ctx, key, time.Time{})
	require.NoError(t, err)
	require.True(t, ok, "an answer the process never had is read")
	_, _, ok, err = b.Org("org").Latest(ctx, fam, time.Time{})
	require.NoError(t, err)
	require.True(t, ok)
	before := reads.n.Load()
	for range 50 {
		_, ok, err = b.Org("org").Answer(ctx, key, got.FetchedAt)
		require.NoError(t, err)
		require.False(t, ok)
		_, _, ok, err = b.Org("org").Latest(ctx, fam, got.FetchedAt)
		require.NoError(t, err)
		require.False(t, ok)
	}
	assert.Equal(t, before, reads.n.Load(), "nothing newer was kept: no read went to Redis")
	_, ok, err = b.Org("org").Answer(ctx, key, got.FetchedAt.Add(-time.Millisecond))
	require.NoError(t, err)
	assert.True(t, ok, "a caller holding an older answer than the last read is answered from Redis")

	// another process keeps a newer answer of the family: the next read
	// goes to Redis and finds it
	second := first.Add(time.Second)
	newer := nanostream.SharedAnswer{Body: []byte(`{"data":[2]}`), FetchedAt: second, Expires: second.Add(time.Minute)}
	famKey := b.Org("org").(*orgState).familyKey(fam)
	heardAt := func() time.Time {
		b.notices.mu.Lock()
		defer b.notices.mu.Unlock()
		return b.notices.heard[famKey]
	}
	was := heardAt()
	require.NoError(t, a.Org("org").Keep(ctx, "GET /x?from=2", fam, newer, time.Hour))
	require.Eventually(t, func() bool { return heardAt().After(was) }, 5*time.Second, 5*time.Millisecond)
	stored, latest, ok, err := b.Org("org").Latest(ctx, fam, got.FetchedAt)
	require.NoError(t, err)
	require.True(t, ok, "the newer answer is read")
	assert.Equal(t, "GET /x?from=2", stored)
	assert.Equal(t, newer.Body, latest.Body)

	// the process's own keeps need no read either
	third := second.Add(time.Second)
	own := nanostream.SharedAnswer{Body: []byte(`{"data":[3]}`), FetchedAt: third, Expires: third.Add(time.Minute)}
	require.NoError(t, b.Org("org").Keep(ctx, "GET /x?from=3", fam, own, time.Hour))
	before = reads.n.Load()
	_, _, ok, err = b.Org("org").Latest(ctx, fam, third)
	require.NoError(t, err)
	assert.False(t, ok)
	assert.Equal(t, before, reads.n.Load())
}

func TestAfterRedisWasUnavailableEveryReadGoesToRedisUntilTheSubscriptionIsBack(t *testing.T) {
	srv := redisserver.Run(t)
	b, _ := open(t, srv, Options{ProbeInterval: 20 * time.Millisecond})
	require.Eventually(t, func() bool { return listens(b) }, 5*time.Second, 5*time.Millisecond)
	ctx := context.Background()
	now := time.Now().Truncate(time.Millisecond)
	answer := nanostream.SharedAnswer{Body: []byte(`{"data":[1]}`), FetchedAt: now, Expires: now.Add(time.Minute)}
	require.NoError(t, b.Org("org").Keep(ctx, "GET /x", "", answer, time.Hour))
	key := b.Org("org").(*orgState).answerKey("GET /x")
	require.True(t, b.notices.holdsNewest(key, now))

	b.trip(net.ErrClosed)
	assert.False(t, b.notices.holdsNewest(key, now), "a switch to unavailable forgets the listening")
	require.Eventually(t, func() bool { return b.Status().Available && listens(b) }, 10*time.Second, 10*time.Millisecond,
		"the rejoin subscribes again")
	assert.False(t, b.notices.holdsNewest(key, now), "what was synced before the gap is read again")
	_, ok, err := b.Org("org").Answer(ctx, "GET /x", now)
	require.NoError(t, err)
	assert.False(t, ok)
	assert.True(t, b.notices.holdsNewest(key, now), "one read syncs it again")
}

func TestNotices(t *testing.T) {
	t0 := time.Unix(1_800_000_000, 0)
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	n := newNotices()
	assert.False(t, n.holdsNewest("k", at(0)), "never read")
	n.sync("k", at(1), at(0))
	assert.False(t, n.holdsNewest("k", at(0)), "not listening")
	n.listening(at(0))
	assert.True(t, n.holdsNewest("k", at(0)))
	assert.True(t, n.holdsNewest("k", at(5)), "a caller holding a newer answer")
	assert.False(t, n.holdsNewest("k", at(-1)), "a caller holding an older answer than Redis did")
	n.kept(at(2), "k")
	assert.False(t, n.holdsNewest("k", at(0)), "another process kept it since")
	n.sync("k", at(3), at(2))
	assert.True(t, n.holdsNewest("k", at(2)))
	n.listening(at(4))
	assert.False(t, n.holdsNewest("k", at(2)), "synced before the listening began again")
	n.sync("k", at(5), at(2))
	n.deaf()
	assert.False(t, n.holdsNewest("k", at(2)))

	owner, keys := readNotice(noticeOf("p1", "nanostream:{o}:a:1", "nanostream:{o}:f:2"))
	assert.Equal(t, "p1", owner)
	assert.Equal(t, []string{"nanostream:{o}:a:1", "nanostream:{o}:f:2"}, keys)
}
