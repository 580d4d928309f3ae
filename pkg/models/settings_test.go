package models

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// settingsCases are settings LoadSettings reads, good and bad.
var settingsCases = []struct {
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
	{name: "API-key mode chosen but the key missing is an error, never demo data", jsonData: `{"authType":"apiKey"}`, wantErr: "API key authentication is selected but no API key is set."},
	{name: "account mode chosen but nothing set", jsonData: `{"authType":"account","email":"ops@example.com"}`, wantErr: "Account authentication needs both an email address and a password."},
	{name: "a rate above the API's", jsonData: `{"requestsPerSecond":2}`, secure: map[string]string{"apiKey": "key-secret"}, wantErr: "Requests per second must lie between 0 and 1"},
	{name: "account mode without email", jsonData: `{"authType":"account"}`, secure: map[string]string{"password": "pw-secret"}, wantErr: "Account authentication needs both an email address and a password."},
	{name: "API-key mode without a key but with a password", jsonData: `{"authType":"apiKey"}`, secure: map[string]string{"password": "pw-secret"}, wantErr: "API key authentication is selected but no API key is set."},
	{name: "an unknown auth type", jsonData: `{"authType":"oauth"}`, secure: map[string]string{"apiKey": "key-secret"}, wantErr: `Unknown authentication type "oauth"`},
	{name: "a URL without scheme", url: "metrics-api.nanostream.cloud", secure: map[string]string{"apiKey": "key-secret"}, wantErr: `The URL "metrics-api.nanostream.cloud" must start with http:// or https://.`},
	{name: "an unknown billing time zone", jsonData: `{"billingTimeZone":"Mars/Olympus"}`, wantErr: `Unknown billing time zone "Mars/Olympus"`},
	{name: "broken JSON", jsonData: `{`, wantErr: "The data source settings are not valid JSON"},
	{name: "account mode with an old API key still stored", jsonData: `{"authType":"account","email":"ops@example.com"}`,
		secure: map[string]string{"apiKey": "old-key-secret", "password": "pw-secret"}, wantAuth: AuthAccount, wantURL: DefaultURL},
	{name: "API-key mode with a password still stored", jsonData: `{"authType":"apiKey","email":"ops@example.com"}`,
		secure: map[string]string{"apiKey": "key-secret", "password": "pw-secret"}, wantAuth: AuthAPIKey, wantURL: DefaultURL},
	{name: "no mode and both secrets: the API key, as before", secure: map[string]string{"apiKey": "key-secret", "password": "pw-secret"}, wantAuth: AuthAPIKey, wantURL: DefaultURL},
	{name: "a time zone of a kilobyte", jsonData: `{"billingTimeZone":"` + strings.Repeat("z", 1024) + `"}`, wantErr: `Unknown billing time zone "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"…: use`},
}

func TestLoadSettings(t *testing.T) {
	for _, tt := range settingsCases {
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

func TestEverySettingsErrorIsOneSentence(t *testing.T) {
	for _, tt := range settingsCases {
		if tt.wantErr == "" {
			continue
		}
		_, err := LoadSettings(backend.DataSourceInstanceSettings{URL: tt.url, JSONData: json.RawMessage(tt.jsonData), DecryptedSecureJSONData: tt.secure})
		require.Error(t, err, tt.name)
		assertSentence(t, err.Error())
	}
}

func TestTheAuthenticationTypeAloneDecides(t *testing.T) {
	s, err := LoadSettings(backend.DataSourceInstanceSettings{
		JSONData:                json.RawMessage(`{"authType":"account","email":"ops@example.com"}`),
		DecryptedSecureJSONData: map[string]string{"apiKey": "old-key-secret", "password": "pw-secret"},
	})
	require.NoError(t, err)
	assert.Equal(t, AuthAccount, s.AuthType)
	assert.Empty(t, s.APIKey, "the old API key is not kept, so it cannot be sent")
	assert.Equal(t, nanostream.AuthAccount, s.ClientAuth())

	s, err = LoadSettings(backend.DataSourceInstanceSettings{
		JSONData:                json.RawMessage(`{"authType":"apiKey"}`),
		DecryptedSecureJSONData: map[string]string{"apiKey": "key-secret", "password": "pw-secret"},
	})
	require.NoError(t, err)
	assert.Empty(t, s.Password)
	assert.Equal(t, nanostream.AuthAPIKey, s.ClientAuth())

	s, err = LoadSettings(backend.DataSourceInstanceSettings{})
	require.NoError(t, err)
	assert.True(t, s.BuiltInSimulator())
	assert.Equal(t, nanostream.AuthAPIKey, s.ClientAuth(), "the simulator takes its demo key")
	s, err = LoadSettings(backend.DataSourceInstanceSettings{JSONData: json.RawMessage(`{"simulatorUrl":"http://127.0.0.1:8090"}`)})
	require.NoError(t, err)
	assert.False(t, s.BuiltInSimulator())
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
