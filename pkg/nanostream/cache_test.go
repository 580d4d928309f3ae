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

func TestCacheExpiresAndEvictsTheLeastRecentlyUsed(t *testing.T) {
	clock := fakeclock.New(time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
	c := newMemoryCache(10, clock.Now)
	c.Put("a", "aaaa", 4, time.Minute)
	c.Put("b", "bbbb", 4, time.Minute)
	clock.Advance(10 * time.Second)
	value, age, ok := c.Get("a") // a is now the most recently used
	assert.True(t, ok)
	assert.Equal(t, "aaaa", value)
	assert.Equal(t, 10*time.Second, age)

	c.Put("c", "cccc", 4, time.Minute) // 12 bytes > 10: b goes
	_, _, ok = c.Get("b")
	assert.False(t, ok)
	entries, bytes := c.size()
	assert.Equal(t, 2, entries)
	assert.Equal(t, 8, bytes)

	c.Put("huge", "huge", 11, time.Minute)
	_, _, ok = c.Get("huge")
	assert.False(t, ok, "larger than the whole cache: not kept")

	clock.Advance(time.Minute)
	_, _, ok = c.Get("a")
	assert.False(t, ok, "expired")
	entries, bytes = c.size()
	assert.Equal(t, 1, entries)
	assert.Equal(t, 4, bytes)
}
