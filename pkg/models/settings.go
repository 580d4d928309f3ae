// Package models holds the data source settings and the query model that
// dashboards and alert rules store.
package models

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/redisstore"
)

// DefaultURL is the API base URL used when the data source's URL is empty.
const DefaultURL = "https://metrics-api.nanostream.cloud"

// DefaultAPIKeyHeader carries the organisation API key unless overridden.
const DefaultAPIKeyHeader = nanostream.DefaultAPIKeyHeader

// Authentication modes, the values of jsonData.authType. The mode alone
// decides which credential is sent: with "account" an API key still stored
// from an earlier setup is ignored, and with "apiKey" the password is. An
// unset authType (data sources saved before the setting existed) keeps the
// older rule: an API key selects API-key mode, else a password account
// mode, and no credential at all the simulator.
const (
	AuthAPIKey    = string(nanostream.AuthAPIKey)
	AuthAccount   = string(nanostream.AuthAccount)
	AuthSimulator = "simulator" // no credentials: the simulator answers
)

// Keys of the secrets in secureJsonData.
const (
	secureAPIKey        = "apiKey"        // #nosec G101 -- the key's name in secureJsonData, not a credential
	securePassword      = "password"      // #nosec G101 -- the key's name in secureJsonData, not a credential
	secureRedisPassword = "redisPassword" // #nosec G101 -- the key's name in secureJsonData, not a credential
)

// maxRedisKeyPrefix bounds the Redis key prefix.
const maxRedisKeyPrefix = 64

// Settings is one data source instance's configuration, secrets included.
// Secrets come only from DecryptedSecureJSONData and are never serialised.
type Settings struct {
	URL             string `json:"-"`
	AuthType        string `json:"authType"`
	Email           string `json:"email"`
	APIKeyHeader    string `json:"apiKeyHeader"`
	BillingTimeZone string `json:"billingTimeZone"`
	// SimulatorURL points the no-credentials mode at a simulator process
	// (the demo's second service) instead of the built-in one.
	SimulatorURL string `json:"simulatorUrl"`

	// The request budget: requests per second and burst (0 takes the
	// client's defaults, below the API's limits), and the response cache.
	RequestsPerSecond float64 `json:"requestsPerSecond"`
	RequestBurst      int     `json:"requestBurst"`
	DisableCache      bool    `json:"disableCache"`

	// Shared state: a Redis every Grafana replica's plugin uses for the
	// budget, the throttling pause, the answers and the requests under
	// way (see pkg/redisstore); empty keeps them in the plugin's process.
	RedisURL       string `json:"redisUrl"`
	RedisKeyPrefix string `json:"redisKeyPrefix"`

	APIKey        string         `json:"-"`
	Password      string         `json:"-"`
	RedisPassword string         `json:"-"`
	Location      *time.Location `json:"-"`
}

// LoadSettings reads, defaults and validates the instance settings. Its
// errors read as one sentence and never hold a secret.
func LoadSettings(s backend.DataSourceInstanceSettings) (Settings, error) {
	var out Settings
	if len(s.JSONData) > 0 {
		if err := json.Unmarshal(s.JSONData, &out); err != nil {
			return Settings{}, nanostream.Sentencef("The data source settings are not valid JSON: %w", err)
		}
	}
	out.URL = strings.TrimRight(strings.TrimSpace(s.URL), "/")
	out.APIKey = strings.TrimSpace(s.DecryptedSecureJSONData[secureAPIKey])
	out.Password = s.DecryptedSecureJSONData[securePassword]
	out.Email = strings.TrimSpace(out.Email)
	out.SimulatorURL = strings.TrimRight(strings.TrimSpace(out.SimulatorURL), "/")
	out.RedisURL = strings.TrimSpace(out.RedisURL)
	out.RedisKeyPrefix = strings.TrimSpace(out.RedisKeyPrefix)
	out.RedisPassword = s.DecryptedSecureJSONData[secureRedisPassword]
	out.applyDefaults()
	return out, out.validate()
}

func (s *Settings) applyDefaults() {
	if s.APIKeyHeader == "" {
		s.APIKeyHeader = DefaultAPIKeyHeader
	}
	switch {
	case s.AuthType == "" && s.APIKey == "" && s.Password == "":
		s.AuthType = AuthSimulator // a chosen mode with its secret missing is an error, never demo data
	case s.AuthType == "" && s.APIKey != "":
		s.AuthType = AuthAPIKey
	case s.AuthType == "" && s.Password != "":
		s.AuthType = AuthAccount
	}
	// the mode decides: the other mode's secret is not kept
	switch s.AuthType {
	case AuthAPIKey:
		s.Password = ""
	case AuthAccount:
		s.APIKey = ""
	}
	if s.URL == "" && s.AuthType != AuthSimulator {
		s.URL = DefaultURL
	}
	s.Location = time.UTC
}

func (s *Settings) validate() error {
	switch s.AuthType {
	case AuthSimulator:
	case AuthAPIKey:
		if s.APIKey == "" {
			return nanostream.Sentencef("API key authentication is selected but no API key is set")
		}
	case AuthAccount:
		if s.Email == "" || s.Password == "" {
			return nanostream.Sentencef("Account authentication needs both an email address and a password")
		}
	default:
		return nanostream.Sentencef("Unknown authentication type %s: use %q or %q", nanostream.Excerpt(s.AuthType), AuthAPIKey, AuthAccount)
	}
	for _, u := range []string{s.URL, s.SimulatorURL} {
		if u != "" && !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
			return nanostream.Sentencef("The URL %s must start with http:// or https://", nanostream.Excerpt(u))
		}
	}
	switch {
	case s.RequestsPerSecond < 0 || s.RequestsPerSecond > 1:
		return nanostream.Sentencef("Requests per second must lie between 0 and 1, the API's limit for the whole organisation, not %g", s.RequestsPerSecond)
	case s.RequestBurst < 0 || s.RequestBurst > 30:
		return nanostream.Sentencef("The request burst must lie between 0 and 30, the API's limit for the whole organisation, not %d", s.RequestBurst)
	}
	if err := s.validateRedis(); err != nil {
		return err
	}
	if s.BillingTimeZone != "" {
		loc, err := time.LoadLocation(s.BillingTimeZone)
		if err != nil {
			return nanostream.Sentencef("Unknown billing time zone %s: use an IANA name such as Europe/Berlin", nanostream.Excerpt(s.BillingTimeZone))
		}
		s.Location = loc
	}
	return nil
}

// ClientAuth is the client's authentication mode: the simulator takes its
// demo API key.
func (s Settings) ClientAuth() nanostream.AuthMode {
	if s.AuthType == AuthAccount {
		return nanostream.AuthAccount
	}
	return nanostream.AuthAPIKey
}

// BuiltInSimulator reports whether the data source answers from the
// simulator inside the plugin: no credentials and no simulator URL.
func (s Settings) BuiltInSimulator() bool {
	return s.AuthType == AuthSimulator && s.SimulatorURL == ""
}

// validateRedis checks the shared state settings: a redis:// or rediss://
// URL without a password (the password has its field, stored encrypted)
// and a short prefix without spaces.
func (s *Settings) validateRedis() error {
	if s.RedisURL == "" {
		if s.RedisKeyPrefix != "" || s.RedisPassword != "" {
			return nanostream.Sentencef("A Redis key prefix or password is set but no Redis URL: set the URL, such as redis://redis:6379/0, or clear them")
		}
		return nil
	}
	if _, err := redisstore.ParseURL(s.RedisURL); err != nil {
		return err
	}
	if len(s.RedisKeyPrefix) > maxRedisKeyPrefix || strings.ContainsAny(s.RedisKeyPrefix, " \t\r\n") {
		return nanostream.Sentencef("The Redis key prefix %s must be at most %d characters without spaces", nanostream.Excerpt(s.RedisKeyPrefix), maxRedisKeyPrefix)
	}
	return nil
}

// SharedState reports whether the data source shares its state through
// Redis: a Redis URL is set, and it does not answer from the built-in
// simulator, whose state is the instance's own.
func (s Settings) SharedState() bool {
	return s.RedisURL != "" && !s.BuiltInSimulator()
}
