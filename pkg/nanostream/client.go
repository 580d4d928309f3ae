package nanostream

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"
)

// Config is what a Client needs: where the API is, how to authenticate, the
// HTTP client built from the data source settings by the SDK, and the
// request budget.
type Config struct {
	BaseURL      string
	APIKey       string // API-key mode when set
	APIKeyHeader string
	Email        string // account mode when APIKey is empty
	Password     string
	HTTPClient   *http.Client

	RequestsPerSecond float64 // default DefaultRequestsPerSecond
	Burst             int     // default DefaultBurst
	CacheDisabled     bool
	CacheBytes        int              // default DefaultCacheBytes
	Now               func() time.Time // default time.Now
}

// Client calls the nanoStream Analytics API for one data source instance.
// Every request passes one choke point: the response cache, then a shared
// flight for identical requests under way, then the request budget. It is
// safe for concurrent use.
type Client struct {
	rest    *resty.Client
	auth    authenticator
	budget  *budget
	cache   *cache // nil when disabled
	flights flights
	now     func() time.Time

	base context.Context // cancelled by Close: stops every flight
	stop context.CancelFunc
}

// New builds a Client on top of the given HTTP client, keeping its
// middlewares (tracing, metrics, user agent, response limits).
func New(cfg Config) (*Client, error) {
	if cfg.HTTPClient == nil {
		return nil, fmt.Errorf("nanostream: an HTTP client is required")
	}
	base := strings.TrimRight(cfg.BaseURL, "/")
	if _, err := url.ParseRequestURI(base); err != nil {
		return nil, fmt.Errorf("the data source URL %q is not a valid URL", cfg.BaseURL)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	host, err := url.Parse(base)
	if err != nil {
		return nil, fmt.Errorf("the data source URL %q is not a valid URL", cfg.BaseURL)
	}
	rest := resty.NewWithClient(cfg.HTTPClient).
		SetBaseURL(base).
		SetLogger(quietLogger{}).
		SetHeader("Accept", "application/json").
		// credentials travel in headers and bodies: never to another host
		SetRedirectPolicy(resty.DomainCheckRedirectPolicy(host.Hostname()), resty.FlexibleRedirectPolicy(3))
	c := &Client{rest: rest, budget: newBudget(cfg.RequestsPerSecond, cfg.Burst, cfg.Now), now: cfg.Now}
	if !cfg.CacheDisabled {
		c.cache = newCache(cfg.CacheBytes, cfg.Now)
	}
	c.base, c.stop = context.WithCancel(context.Background())
	if cfg.APIKey != "" {
		c.auth = &apiKeyAuth{header: cfg.APIKeyHeader, key: cfg.APIKey}
	} else {
		c.auth = newAccountAuth(cfg.Email, cfg.Password, c.login, cfg.Now)
	}
	return c, nil
}

// Close stops every request under way and releases idle connections.
func (c *Client) Close() {
	c.stop()
	c.rest.GetClient().CloseIdleConnections()
}

type quietLogger struct{}

func (quietLogger) Errorf(string, ...any) {}
func (quietLogger) Warnf(string, ...any)  {}
func (quietLogger) Debugf(string, ...any) {}
