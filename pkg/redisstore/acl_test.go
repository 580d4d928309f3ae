package redisstore

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/internal/redisserver"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// aclRules are the rules the README gives a Redis user of the plugin's:
// its keys and channels under the prefix (redis_rate puts "rate:" before
// the budget's key), and the command groups it uses.
const aclRules = "~nanostream:* ~rate:nanostream:* &nanostream:* +@read +@write +@scripting +@pubsub +@transaction +@connection +info +time"

func TestAUserWithTheDocumentedACLDoesEverything(t *testing.T) {
	srv := redisserver.Run(t)
	admin := redis.NewClient(&redis.Options{Addr: srv.Addr})
	defer admin.Close()
	args := []any{"ACL", "SETUSER", "grafana", "on", ">acl-secret-31f"}
	for _, r := range strings.Fields(aclRules) {
		args = append(args, r)
	}
	require.NoError(t, admin.Do(context.Background(), args...).Err())

	open := func() *Store {
		s, err := Open(Options{URL: "redis://grafana@" + srv.Addr + "/0", Password: "acl-secret-31f", Logger: &quietLogger{},
			ProbeInterval: 50 * time.Millisecond, Timeout: 200 * time.Millisecond})
		require.NoError(t, err)
		t.Cleanup(s.Close)
		return s
	}
	a, b := open(), open()
	ctx := context.Background()
	org := a.Org("org")
	ok, _, err := org.Allow(ctx, 1, 10)
	require.NoError(t, err)
	assert.True(t, ok)
	_, err = org.Next(ctx, 1, 10)
	require.NoError(t, err)
	require.NoError(t, org.Throttled(ctx, time.Now(), time.Second, time.Minute, 1, 10))
	require.NoError(t, org.Answered(ctx))
	require.NoError(t, org.Drain(ctx, 1, 10))

	claimed, release, err := org.Claim(ctx, "GET /x", time.Minute)
	require.NoError(t, err)
	require.True(t, claimed)
	now := time.Now().Truncate(time.Millisecond)
	require.NoError(t, org.Keep(ctx, "GET /x", "GET /x span 1h", nanostream.SharedAnswer{Body: []byte(`{}`), FetchedAt: now, Expires: now.Add(time.Minute)}, time.Hour))
	awaited := make(chan error, 1)
	go func() { awaited <- b.Org("org").Await(ctx, "GET /x") }()
	release()
	require.NoError(t, <-awaited)
	_, found, err := b.Org("org").Answer(ctx, "GET /x", time.Time{})
	require.NoError(t, err)
	assert.True(t, found)
	_, _, found, err = b.Org("org").Latest(ctx, "GET /x span 1h", time.Time{})
	require.NoError(t, err)
	assert.True(t, found)

	time.Sleep(200 * time.Millisecond) // a few probes
	for _, s := range []*Store{a, b} {
		assert.True(t, s.Status().Available, "%+v", s.Status())
		assert.True(t, listens(s), "subscribed to the channels")
	}
}
