package nanostream

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"
	"github.com/grafana/grafana-plugin-sdk-go/backend"
	jsoniter "github.com/json-iterator/go"
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
	rest := resty.NewWithClient(cfg.HTTPClient).
		SetBaseURL(base).
		SetLogger(quietLogger{}).
		SetHeader("Accept", "application/json")
	c := &Client{rest: rest, budget: newBudget(cfg.RequestsPerSecond, cfg.Burst, cfg.Now), now: cfg.Now}
	if !cfg.CacheDisabled {
		c.cache = newCache(cfg.CacheBytes, cfg.Now)
	}
	c.base, c.stop = context.WithCancel(context.Background())
	if cfg.APIKey != "" {
		c.auth = &apiKeyAuth{header: cfg.APIKeyHeader, key: cfg.APIKey}
	} else {
		c.auth = &accountAuth{email: cfg.Email, password: cfg.Password, login: c.login}
	}
	return c, nil
}

// Close stops every request under way and releases idle connections.
func (c *Client) Close() {
	c.stop()
	c.rest.GetClient().CloseIdleConnections()
}

// Call is one upstream request: a route and its query parameters. Its
// String form is what frame meta shows as the executed query, and the key
// of the cache and of shared flights.
type Call struct {
	Route  string
	Params url.Values
	Served Served // how the answer was obtained
}

func (c Call) String() string {
	if len(c.Params) == 0 {
		return "GET " + c.Route
	}
	return "GET " + c.Route + "?" + c.Params.Encode()
}

// Served says where an answer came from.
type Served struct {
	Cache string        // "hit", "miss" (this call went upstream), "shared" (joined one under way) or "off"
	Age   time.Duration // of a cached answer
}

// getData fetches a call and decodes its answer.
func getData[T any](ctx context.Context, c *Client, call Call) ([]T, Call, error) {
	body, served, err := c.fetch(ctx, call)
	call.Served = served
	if err != nil {
		return nil, call, err
	}
	data, err := Decode[T](call.Route, body)
	return data, call, err
}

// fetch answers from the cache, or joins or starts the flight for the
// call, and waits for it as long as ctx allows.
func (c *Client) fetch(ctx context.Context, call Call) ([]byte, Served, error) {
	key := call.String()
	served := Served{Cache: "off"}
	if c.cache != nil {
		if body, age, ok := c.cache.get(key); ok {
			return body, Served{Cache: "hit", Age: age}, nil
		}
		served.Cache = "miss"
	}
	f, leader := c.flights.join(key)
	switch {
	case !leader:
		served.Cache = "shared"
	case c.cache != nil:
		// a twin may have landed since the look-up above; it cached first
		if body, age, ok := c.cache.get(key); ok {
			c.flights.land(key, f, body, nil)
			return body, Served{Cache: "hit", Age: age}, nil
		}
		fallthrough
	default:
		c.launch(ctx, key, f, call)
	}
	select {
	case <-f.done:
		return f.body, served, f.err
	case <-ctx.Done():
		c.flights.leave(f)
		if !f.sending.Load() {
			return nil, served, budgetError(ctx, call.Route)
		}
		return nil, served, backend.DownstreamError(classifyTransport(ctx, call.Route, ctx.Err()))
	}
}

// launch starts a flight. It lives on when its callers give up, so that
// its answer reaches the cache; it ends with Close, with the leader's
// deadline, or when nobody waits for it before it has begun.
func (c *Client) launch(ctx context.Context, key string, f *flight, call Call) {
	flightCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	if deadline, ok := ctx.Deadline(); ok {
		flightCtx, cancel = context.WithDeadline(context.WithoutCancel(ctx), deadline)
	}
	stopWithClient := context.AfterFunc(c.base, cancel)
	c.flights.mu.Lock()
	f.abandon = cancel
	c.flights.mu.Unlock()
	go func() {
		defer cancel()
		defer stopWithClient()
		body, err := c.exchange(flightCtx, call, f)
		if err == nil && c.cache != nil && hasDataList(body) {
			c.cache.put(key, body, lifetime(call, c.now())) // before the flight lands: no gap for a twin to slip through
		}
		c.flights.land(key, f, body, err)
	}()
}

// exchange sends a call within the budget, with credentials. It logs in
// again once when a session token expired, retries a server failure once
// when the budget and the deadline allow, and never retries throttling.
func (c *Client) exchange(ctx context.Context, call Call, f *flight) ([]byte, error) {
	if err := c.budget.wait(ctx); err != nil {
		return nil, budgetError(ctx, call.Route)
	}
	f.sending.Store(true)
	cred, err := c.auth.credential(ctx)
	if err != nil {
		return nil, err
	}
	body, err := c.send(ctx, call, cred)
	switch KindOf(err) {
	case KindUpstream:
		if hasTime(ctx) && c.budget.tryTake() {
			return c.send(ctx, call, cred)
		}
	case KindUnauthorized:
		if !c.auth.expired(cred, err) {
			break
		}
		if err := c.budget.wait(ctx); err != nil {
			return nil, budgetError(ctx, call.Route)
		}
		if cred, err = c.auth.credential(ctx); err != nil {
			return nil, err
		}
		return c.send(ctx, call, cred)
	}
	return body, err
}

// hasTime: a retry fits before the deadline.
func hasTime(ctx context.Context) bool {
	deadline, ok := ctx.Deadline()
	return ctx.Err() == nil && (!ok || time.Until(deadline) > 2*time.Second)
}

// budgetError explains why a call never left: its caller gave up, or no
// budget came in time.
func budgetError(ctx context.Context, route string) error {
	if errors.Is(ctx.Err(), context.Canceled) {
		return backend.DownstreamError(classifyTransport(ctx, route, ctx.Err()))
	}
	return backend.DownstreamError(&Error{Kind: KindBudget, Route: route})
}

// send makes one HTTP exchange with a credential.
func (c *Client) send(ctx context.Context, call Call, cred credential) ([]byte, error) {
	resp, err := c.rest.R().
		SetContext(ctx).
		SetHeader(cred.header, cred.value).
		SetQueryParamsFromValues(call.Params).
		Get(call.Route)
	return c.result(ctx, call.Route, resp, err)
}

// result classifies the outcome of one HTTP exchange, once, and tells the
// budget about throttling.
func (c *Client) result(ctx context.Context, route string, resp *resty.Response, err error) ([]byte, error) {
	if err != nil {
		return nil, backend.DownstreamError(c.redact(classifyTransport(ctx, route, err)))
	}
	if resp.StatusCode() < 200 || resp.StatusCode() > 299 {
		e := classifyResponse(route, resp.StatusCode(), resp.Header().Get("Content-Type"), resp.Body())
		if e.Kind == KindThrottled {
			c.budget.throttledAnswer()
		}
		return nil, backend.DownstreamError(c.redact(e))
	}
	c.budget.answered()
	return resp.Body(), nil
}

// redact removes any secret the API may have echoed into an error.
func (c *Client) redact(e *Error) *Error {
	for _, secret := range c.auth.secrets() {
		if len(secret) >= 4 {
			e.Detail = strings.ReplaceAll(e.Detail, secret, "[redacted]")
			e.Summary = strings.ReplaceAll(e.Summary, secret, "[redacted]")
		}
	}
	return e
}

// Decode reads the data list of the API's success envelope into a slice of
// T; anything else is a malformed answer of the route.
func Decode[T any](route string, body []byte) ([]T, error) {
	var envelope struct {
		Data *[]T `json:"data"`
	}
	if jsonAPI.Unmarshal(body, &envelope) != nil {
		// the standard library has the last word, and says what is wrong plainly
		if err := json.Unmarshal(body, &envelope); err != nil {
			return nil, backend.DownstreamError(&Error{Kind: KindMalformed, Route: route, Detail: malformedDetail(err, len(body)), cause: err})
		}
	}
	if envelope.Data == nil {
		return nil, backend.DownstreamError(&Error{Kind: KindMalformed, Route: route, Detail: "the answer has no data list"})
	}
	return *envelope.Data, nil
}

func malformedDetail(err error, size int) string {
	return fmt.Sprintf("%d bytes that are not the expected JSON (%v)", size, err)
}

// hasDataList reports whether body is the API's success envelope with a
// data list, so that an answer that cannot be read is never cached.
func hasDataList(body []byte) bool {
	iter := jsonAPI.BorrowIterator(body)
	defer jsonAPI.ReturnIterator(iter)
	list := false
	iter.ReadObjectCB(func(it *jsoniter.Iterator, field string) bool {
		if field == "data" {
			list = it.WhatIsNext() == jsoniter.ArrayValue
		}
		it.Skip()
		return true
	})
	return list && iter.Error == nil
}

// jsonAPI decodes answers; json-iterator, already part of the SDK, reads
// the API's long time series several times faster than encoding/json.
var jsonAPI = jsoniter.Config{CaseSensitive: true}.Froze()

type quietLogger struct{}

func (quietLogger) Errorf(string, ...any) {}
func (quietLogger) Warnf(string, ...any)  {}
func (quietLogger) Debugf(string, ...any) {}
