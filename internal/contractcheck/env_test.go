package contractcheck

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

func env(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

func TestFromEnv(t *testing.T) {
	_, err := FromEnv(env(nil))
	assert.ErrorIs(t, err, ErrNoCredentials)

	cfg, err := FromEnv(env(map[string]string{EnvAPIKey: "k", EnvEmail: "ops@example.com", EnvPassword: "p", EnvAPIKeyHeader: " X-Key "}))
	require.NoError(t, err)
	assert.Equal(t, nanostream.AuthAPIKey, cfg.Auth, "the API key first, as the plugin chooses")
	assert.Equal(t, "k", cfg.APIKey)
	assert.Equal(t, "X-Key", cfg.APIKeyHeader)
	assert.Empty(t, cfg.Password, "only the chosen mode's secret is used")
	assert.Equal(t, DefaultPacing, cfg.Pacing)

	cfg, err = FromEnv(env(map[string]string{EnvAPIKey: "k", EnvEmail: "ops@example.com", EnvPassword: "p", EnvAuthType: "account",
		EnvURL: "https://metrics.nanocosmos.de/api"}))
	require.NoError(t, err)
	assert.Equal(t, nanostream.AuthAccount, cfg.Auth)
	assert.Equal(t, "p", cfg.Password)
	assert.Empty(t, cfg.APIKey)
	assert.Equal(t, "https://metrics.nanocosmos.de/api", cfg.BaseURL)

	_, err = FromEnv(env(map[string]string{EnvAPIKey: "k", EnvAuthType: "token"}))
	assert.ErrorContains(t, err, `NANOSTREAM_AUTH_TYPE is "token"`)

	cfg, err = FromEnv(env(map[string]string{EnvEmail: "ops@example.com"}))
	require.NoError(t, err, "account mode is chosen; New refuses the missing password")
	_, err = New(cfg)
	assert.ErrorContains(t, err, "needs both an email address and a password")
}
