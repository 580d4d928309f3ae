package contractcheck

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/simulator"
)

// The environment variables a check reads: the names the provisioning
// uses, so that an environment set up for the demo or for Grafana works
// as it is.
const (
	EnvURL          = "NANOSTREAM_URL"
	EnvAuthType     = "NANOSTREAM_AUTH_TYPE"
	EnvAPIKey       = "NANOSTREAM_API_KEY"        // #nosec G101 -- the name of a variable, not a credential
	EnvAPIKeyHeader = "NANOSTREAM_API_KEY_HEADER" // #nosec G101 -- the name of a variable, not a credential
	EnvEmail        = "NANOSTREAM_EMAIL"
	EnvPassword     = "NANOSTREAM_PASSWORD" // #nosec G101 -- the name of a variable, not a credential
)

// ErrNoCredentials says that the environment holds no credential.
var ErrNoCredentials = errors.New("no credentials in the environment: set " + EnvAPIKey + ", or " + EnvEmail + " and " + EnvPassword + " (or run against the built-in simulator)")

// FromEnv reads the API URL and the credentials from the environment. The
// mode is NANOSTREAM_AUTH_TYPE (apiKey or account); without it, the mode of
// the credential set, the API key first, as the plugin chooses.
func FromEnv(getenv func(string) string) (Config, error) {
	cfg := Config{
		BaseURL:      strings.TrimSpace(getenv(EnvURL)),
		APIKey:       getenv(EnvAPIKey),
		APIKeyHeader: strings.TrimSpace(getenv(EnvAPIKeyHeader)),
		Email:        strings.TrimSpace(getenv(EnvEmail)),
		Password:     getenv(EnvPassword),
		Pacing:       DefaultPacing,
	}
	switch mode := nanostream.AuthMode(strings.TrimSpace(getenv(EnvAuthType))); {
	case mode == nanostream.AuthAPIKey || mode == nanostream.AuthAccount:
		cfg.Auth = mode
	case mode != "":
		return Config{}, fmt.Errorf("%s is %q: use %q or %q", EnvAuthType, mode, nanostream.AuthAPIKey, nanostream.AuthAccount)
	case cfg.APIKey != "":
		cfg.Auth = nanostream.AuthAPIKey
	case cfg.Email != "" || cfg.Password != "":
		cfg.Auth = nanostream.AuthAccount
	default:
		return Config{}, ErrNoCredentials
	}
	// only the chosen mode's secret is used, as in the plugin
	if cfg.Auth == nanostream.AuthAPIKey {
		cfg.Email, cfg.Password = "", ""
	} else {
		cfg.APIKey = ""
	}
	return cfg, nil
}

// ForSimulator is a check of a simulator in memory (simulator.NewTransport
// with the default credentials), with its demo credentials in the given
// mode (API key unless account), on the clock now (nil: time.Now), and no
// pacing.
func ForSimulator(mode nanostream.AuthMode, t *simulator.Transport, now func() time.Time) Config {
	cfg := Config{
		BaseURL:    t.URL,
		Auth:       nanostream.AuthAPIKey,
		APIKey:     simulator.DemoAPIKey,
		HTTPClient: &http.Client{Transport: t},
		Now:        now,
		Simulator:  true,
	}
	if mode == nanostream.AuthAccount {
		cfg.Auth, cfg.APIKey, cfg.Email, cfg.Password = nanostream.AuthAccount, "", simulator.DemoEmail, simulator.DemoPassword
	}
	return cfg
}
