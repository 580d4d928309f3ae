package nanostream

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/go-resty/resty/v2"
)

// Config is what a Client needs: where the API is, how to authenticate, the
// HTTP client built from the data source settings by the SDK, the request
// budget, and the registry whose organisation state it shares.
type Config struct {
	BaseURL string
	// Auth is the authentication mode; it alone decides which credential
	// is sent.
	Auth         AuthMode
	APIKey       string // AuthAPIKey
	APIKeyHeader string // default DefaultAPIKeyHeader
	Email        string // AuthAccount
	Password     string // AuthAccount
	HTTPClient   *http.Client

	// Orgs holds the state the client shares with every client of the same
	// organisation; nil gives the client state of its own.
	Orgs *Orgs
	// Shared is a store the organisation's state is shared through with
	// other processes (see SharedState); nil keeps it in this process.
	Shared SharedState

	RequestsPerSecond float64 // default DefaultRequestsPerSecond
	Burst             int     // default DefaultBurst
	CacheDisabled     bool
	CacheBytes        int              // default DefaultCacheBytes
	Now               func() time.Time // default time.Now
	// Observer is told what the client does, for metrics, logs and traces; nil observes nothing.
	Observer Observer
}

// Client calls the nanoStream Analytics API for one data source instance.
// Every request passes one choke point: the response cache, then a shared
// flight for identical requests under way, then the request budget. The
// cache, the flights, the budget and the session belong to the API
// organisation and are shared by every client of it (see Orgs). It is safe
// for concurrent use.
type Client struct {
	rest     *resty.Client
	auth     authenticator
	orgs     *Orgs
	org      *org
	useCache bool
	now      func() time.Time
	obs      Observer

	closeOnce sync.Once
}

// New builds a Client on top of the given HTTP client, keeping its
// middlewares (tracing, metrics, user agent, response limits).
func New(cfg Config) (*Client, error) {
	if cfg.HTTPClient == nil {
		return nil, fmt.Errorf("nanostream: an HTTP client is required")
	}
	base := strings.TrimRight(cfg.BaseURL, "/")
	u, err := url.ParseRequestURI(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, Sentencef("The data source URL %s is not a valid http:// or https:// URL", Excerpt(cfg.BaseURL))
	}
	switch {
	case cfg.Auth == AuthAPIKey && cfg.APIKey == "":
		return nil, Sentencef("API key authentication needs an API key")
	case cfg.Auth == AuthAccount && (cfg.Email == "" || cfg.Password == ""):
		return nil, Sentencef("Account authentication needs both an email address and a password")
	case cfg.Auth != AuthAPIKey && cfg.Auth != AuthAccount:
		return nil, Sentencef("The authentication mode %s is unknown: use %q or %q", Excerpt(string(cfg.Auth)), AuthAPIKey, AuthAccount)
	}
	if cfg.APIKeyHeader == "" {
		cfg.APIKeyHeader = DefaultAPIKeyHeader
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	orgs := cfg.Orgs
	if orgs == nil {
		orgs = newOrgs(0)
	}
	normalised := strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Host) + u.EscapedPath()
	o := orgs.acquire(orgKey(cfg, normalised), cfg)
	c := &Client{orgs: orgs, org: o, useCache: !cfg.CacheDisabled, now: cfg.Now}
	c.obs = cfg.Observer
	c.rest = resty.NewWithClient(cfg.HTTPClient).
		SetBaseURL(base).
		SetLogger(quietLogger{}).
		SetHeader("Accept", "application/json").
		SetRedirectPolicy(sameOriginOnly())
	switch cfg.Auth {
	case AuthAPIKey:
		o.secrets.add(cfg.APIKey)
		c.auth = &apiKeyAuth{header: cfg.APIKeyHeader, key: cfg.APIKey}
	case AuthAccount:
		o.secrets.add(cfg.Password)
		c.auth = &accountAuth{email: cfg.Email, password: cfg.Password, session: o.session, secrets: o.secrets, login: c.login, now: cfg.Now}
	}
	return c, nil
}

// Redact removes every secret of the client's organisation from s, in every
// form the client knows: for a log line or a message built outside the
// client.
func (c *Client) Redact(s string) string { return c.org.secrets.redact(s) }

// Close ends the client. When it was the last client of its organisation,
// every request under way stops; the organisation's state stays for a while
// for the next client. Idle connections are released.
func (c *Client) Close() {
	c.closeOnce.Do(func() {
		c.orgs.release(c.org)
		c.rest.GetClient().CloseIdleConnections()
	})
}

// base is the context that stops the client's flights: the organisation's.
func (c *Client) base() context.Context { return c.orgs.base(c.org) }

type quietLogger struct{}

func (quietLogger) Errorf(string, ...any) {}
func (quietLogger) Warnf(string, ...any)  {}
func (quietLogger) Debugf(string, ...any) {}
