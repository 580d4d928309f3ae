// Package models holds the data source settings and the query model that
// dashboards and alert rules store.
package models

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// DefaultURL is the API base URL used when the data source's URL is empty.
const DefaultURL = "https://metrics-api.nanostream.cloud"

// DefaultAPIKeyHeader carries the organisation API key unless overridden.
const DefaultAPIKeyHeader = nanostream.DefaultAPIKeyHeader

// Authentication modes.
const (
	AuthAPIKey    = "apiKey"
	AuthAccount   = "account"
	AuthSimulator = "simulator" // no credentials: the built-in simulator answers
)

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

	APIKey   string         `json:"-"`
	Password string         `json:"-"`
	Location *time.Location `json:"-"`
}

// LoadSettings reads, defaults and validates the instance settings.
func LoadSettings(s backend.DataSourceInstanceSettings) (Settings, error) {
	var out Settings
	if len(s.JSONData) > 0 {
		if err := json.Unmarshal(s.JSONData, &out); err != nil {
			return Settings{}, fmt.Errorf("the data source settings are not valid JSON: %w", err)
		}
	}
	out.URL = strings.TrimRight(strings.TrimSpace(s.URL), "/")
	out.APIKey = strings.TrimSpace(s.DecryptedSecureJSONData["apiKey"])
	out.Password = s.DecryptedSecureJSONData["password"]
	out.Email = strings.TrimSpace(out.Email)
	out.SimulatorURL = strings.TrimRight(strings.TrimSpace(out.SimulatorURL), "/")
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
			return fmt.Errorf("API key authentication is selected but no API key is set")
		}
	case AuthAccount:
		if s.Email == "" || s.Password == "" {
			return fmt.Errorf("account authentication needs both an email address and a password")
		}
	default:
		return fmt.Errorf("unknown authentication type %q: use %q or %q", s.AuthType, AuthAPIKey, AuthAccount)
	}
	for _, u := range []string{s.URL, s.SimulatorURL} {
		if u != "" && !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
			return fmt.Errorf("the URL %q must start with http:// or https://", u)
		}
	}
	switch {
	case s.RequestsPerSecond < 0 || s.RequestsPerSecond > 1:
		return fmt.Errorf("requests per second must lie between 0 and 1, the API's limit for the whole organisation, not %g", s.RequestsPerSecond)
	case s.RequestBurst < 0 || s.RequestBurst > 30:
		return fmt.Errorf("the request burst must lie between 0 and 30, the API's limit for the whole organisation, not %d", s.RequestBurst)
	}
	if s.BillingTimeZone != "" {
		loc, err := time.LoadLocation(s.BillingTimeZone)
		if err != nil {
			return fmt.Errorf("unknown billing time zone %q: use an IANA name such as Europe/Berlin", s.BillingTimeZone)
		}
		s.Location = loc
	}
	return nil
}
