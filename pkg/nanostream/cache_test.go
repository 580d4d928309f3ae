package nanostream

import (
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/internal/fakeclock"
)

func TestLifetimeFollowsHowFreshTheDataIs(t *testing.T) {
	now := time.Date(2026, 11, 23, 14, 37, 0, 0, time.UTC)
	call := func(to, interval string) Call {
		v := url.Values{}
		v.Set(paramTo, to)
		if interval != "" {
			v.Set(paramInterval, interval)
		}
		return Call{Route: RouteBytes, Params: v}
	}
	assert.Equal(t, minuteTTL, lifetime(call("2026-11-23T14:38", "minute"), now), "the newest minutes still grow")
	assert.Equal(t, hourTTL, lifetime(call("2026-11-23T15:00", "hour"), now))
	assert.Equal(t, dayTTL, lifetime(call("2026-11-24T00:00", "day"), now))
	assert.Equal(t, breakdownTTL, lifetime(call("2026-11-23T15:00", ""), now))
	assert.Equal(t, settledTTL, lifetime(call("2026-11-23T14:00", "hour"), now), "whole past hours never change again")
	hourly := call("2026-11-23T14:00", "hour")
	hourly.Route = RouteHourlyBytes
	assert.Equal(t, hourTTL, lifetime(hourly, now), "the hourly aggregation may still lag")
	assert.Equal(t, settledTTL, lifetime(call("2026-10-01T00:00", "hour"), now))
	assert.Equal(t, referenceTTL, lifetime(Call{Route: RouteCountries}, now))
}

// entry is an answer of size bytes fetched at now that stays fresh for ttl.
func entry(value any, size int, now time.Time, ttl time.Duration) Entry {
	return Entry{Value: value, Size: size, FetchedAt: now, Expires: now.Add(ttl)}
}

func TestCacheExpiresAndEvictsTheLeastRecentlyUsed(t *testing.T) {
	clock := fakeclock.New(time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
	c := newMemoryCache(10, clock.Now)
	c.Put("a", "", entry("aaaa", 4, clock.Now(), time.Minute))
	c.Put("b", "", entry("bbbb", 4, clock.Now(), time.Minute))
	clock.Advance(10 * time.Second)
	value, age, ok := c.Get("a") // a is now the most recently used
	assert.True(t, ok)
	assert.Equal(t, "aaaa", value)
	assert.Equal(t, 10*time.Second, age)

	c.Put("c", "", entry("cccc", 4, clock.Now(), time.Minute)) // 12 bytes > 10: b goes
	_, ok = c.Lookup("b")
	assert.False(t, ok)
	entries, bytes := c.size()
	assert.Equal(t, 2, entries)
	assert.Equal(t, 8, bytes)

	c.Put("huge", "", entry("huge", 11, clock.Now(), time.Minute))
	_, ok = c.Lookup("huge")
	assert.False(t, ok, "larger than the whole cache: not kept")

	clock.Advance(time.Minute)
	_, _, ok = c.Get("a")
	assert.False(t, ok, "expired: no longer fresh")
	e, ok := c.Lookup("a")
	assert.True(t, ok, "but kept, stale, for a while")
	assert.False(t, e.fresh(clock.Now()))
	clock.Advance(staleKeep)
	_, ok = c.Lookup("a")
	assert.False(t, ok, "dropped once it is too old to show")
	entries, bytes = c.size()
	assert.Equal(t, 1, entries)
	assert.Equal(t, 4, bytes)
}

func TestTheCacheKnowsTheNewestAnswerOfAFamily(t *testing.T) {
	clock := fakeclock.New(time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
	c := newMemoryCache(100, clock.Now)
	c.Put("12:00", "last hour", entry("first", 1, clock.Now(), time.Minute))
	clock.Advance(time.Minute)
	c.Put("12:01", "last hour", entry("second", 1, clock.Now(), time.Minute))
	c.Put("11:59", "last hour", entry("older", 1, clock.Now().Add(-time.Hour), time.Minute))
	key, e, ok := c.Latest("last hour")
	assert.True(t, ok)
	assert.Equal(t, "12:01", key)
	assert.Equal(t, "second", e.Value, "an older answer put later does not replace the newest")
	_, _, ok = c.Latest("another panel")
	assert.False(t, ok)

	c.Put("12:01", "last hour", entry("earlier", 1, clock.Now().Add(-time.Second), time.Minute))
	e, _ = c.Lookup("12:01")
	assert.Equal(t, "second", e.Value, "an answer fetched earlier does not replace a newer one of the same request")
}
