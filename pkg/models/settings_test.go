package models

import (
	"encoding/json"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadSettings(t *testing.T) {
	tests := []struct {
		name     string
		url      string
		jsonData string
		secure   map[string]string
		wantAuth string
		wantURL  string
		wantErr  string
	}{
		{name: "no credentials: the built-in simulator", wantAuth: AuthSimulator},
		{name: "an API key alone means API-key mode and the default URL", secure: map[string]string{"apiKey": " k "}, wantAuth: AuthAPIKey, wantURL: DefaultURL},
		{name: "the legacy URL is kept, without a trailing slash", url: "https://metrics.nanocosmos.de/api/", secure: map[string]string{"apiKey": "key-secret"}, wantAuth: AuthAPIKey, wantURL: "https://metrics.nanocosmos.de/api"},
		{name: "account mode", jsonData: `{"authType":"account","email":"ops@example.com"}`, secure: map[string]string{"password": "pw-secret"}, wantAuth: AuthAccount, wantURL: DefaultURL},
		{name: "API-key mode chosen but the key missing is an error, never demo data", jsonData: `{"authType":"apiKey"}`, wantErr: "no API key is set"},
		{name: "account mode chosen but nothing set", jsonData: `{"authType":"account","email":"ops@example.com"}`, wantErr: "needs both an email address and a password"},
		{name: "a rate above the API's", jsonData: `{"requestsPerSecond":2}`, secure: map[string]string{"apiKey": "key-secret"}, wantErr: "between 0 and 1"},
		{name: "account mode without email", jsonData: `{"authType":"account"}`, secure: map[string]string{"password": "pw-secret"}, wantErr: "needs both an email address and a password"},
		{name: "API-key mode without a key but with a password", jsonData: `{"authType":"apiKey"}`, secure: map[string]string{"password": "pw-secret"}, wantErr: "no API key is set"},
		{name: "an unknown auth type", jsonData: `{"authType":"oauth"}`, secure: map[string]string{"apiKey": "key-secret"}, wantErr: `unknown authentication type "oauth"`},
		{name: "a URL without scheme", url: "metrics-api.nanostream.cloud", secure: map[string]string{"apiKey": "key-secret"}, wantErr: "must start with http:// or https://"},
		{name: "an unknown billing time zone", jsonData: `{"billingTimeZone":"Mars/Olympus"}`, wantErr: `unknown billing time zone "Mars/Olympus"`},
		{name: "broken JSON", jsonData: `{`, wantErr: "not valid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := LoadSettings(backend.DataSourceInstanceSettings{URL: tt.url, JSONData: json.RawMessage(tt.jsonData), DecryptedSecureJSONData: tt.secure})
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				for _, secret := range tt.secure {
					assert.NotContains(t, err.Error(), secret)
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantAuth, s.AuthType)
			assert.Equal(t, tt.wantURL, s.URL)
			assert.Equal(t, DefaultAPIKeyHeader, s.APIKeyHeader)
		})
	}
}

func TestBillingTimeZone(t *testing.T) {
	s, err := LoadSettings(backend.DataSourceInstanceSettings{JSONData: json.RawMessage(`{"billingTimeZone":"Europe/Berlin"}`)})
	require.NoError(t, err)
	assert.Equal(t, "Europe/Berlin", s.Location.String())
}

func TestSettingsNeverSerialiseSecrets(t *testing.T) {
	s, err := LoadSettings(backend.DataSourceInstanceSettings{
		JSONData:                json.RawMessage(`{"authType":"account","email":"ops@example.com"}`),
		DecryptedSecureJSONData: map[string]string{"password": "hunter2-secret", "apiKey": "key-secret"},
	})
	require.NoError(t, err)
	out, err := json.Marshal(s)
	require.NoError(t, err)
	assert.NotContains(t, string(out), "hunter2-secret")
	assert.NotContains(t, string(out), "key-secret")
}
