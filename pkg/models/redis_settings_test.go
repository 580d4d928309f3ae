package models

import (
	"encoding/json"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRedisSettings(t *testing.T) {
	load := func(jsonData string, secure map[string]string) (Settings, error) {
		if secure == nil {
			secure = map[string]string{}
		}
		secure["apiKey"] = "key-secret"
		return LoadSettings(backend.DataSourceInstanceSettings{JSONData: json.RawMessage(jsonData), DecryptedSecureJSONData: secure})
	}
	s, err := load(`{"redisUrl":" redis://redis:6379/1 ","redisKeyPrefix":"grafana-eu:"}`, map[string]string{"redisPassword": "redis-pw-secret"})
	require.NoError(t, err)
	assert.Equal(t, "redis://redis:6379/1", s.RedisURL)
	assert.Equal(t, "grafana-eu:", s.RedisKeyPrefix)
	assert.Equal(t, "redis-pw-secret", s.RedisPassword)
	assert.True(t, s.SharedState())
	out, err := json.Marshal(s)
	require.NoError(t, err)
	assert.NotContains(t, string(out), "redis-pw-secret", "the password is never serialised")

	s, err = load(`{}`, nil)
	require.NoError(t, err)
	assert.False(t, s.SharedState(), "without a URL the state stays in the process")
	s, err = LoadSettings(backend.DataSourceInstanceSettings{JSONData: json.RawMessage(`{"redisUrl":"rediss://cache.example.com:6380/0"}`)})
	require.NoError(t, err)
	assert.False(t, s.SharedState(), "the built-in simulator keeps its state to itself")

	for jsonData, want := range map[string]string{
		`{"redisUrl":"http://redis:6379"}`:                           "The Redis URL \"http://redis:6379\" must start with redis:// or rediss://.",
		`{"redisUrl":"redis://:inline-pw-secret@redis:6379/0"}`:      "The Redis URL must not hold a password: put it in the Redis password field, which Grafana stores encrypted.",
		`{"redisUrl":"redis://redis:6379/x"}`:                        "The Redis URL \"redis://redis:6379/x\" cannot be read",
		`{"redisUrl":"redis://redis:6379/0","redisKeyPrefix":"a b"}`: "The Redis key prefix \"a b\" must be at most 64 characters without spaces.",
		`{"redisKeyPrefix":"eu:"}`:                                   "A Redis key prefix or password is set but no Redis URL",
	} {
		_, err := load(jsonData, nil)
		require.Error(t, err, jsonData)
		assert.Contains(t, err.Error(), want, jsonData)
		assert.NotContains(t, err.Error(), "inline-pw-secret")
		assertSentence(t, err.Error())
	}
}
