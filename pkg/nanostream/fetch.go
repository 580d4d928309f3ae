package nanostream

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"
	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

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
	if c.cache != nil && !isFresh(ctx) {
		if body, age, ok := c.cache.get(key); ok {
			return body, Served{Cache: "hit", Age: age}, nil
		}
		served.Cache = "miss"
	}
	f, leader := c.flights.join(key)
	switch {
	case !leader:
		served.Cache = "shared"
	case c.cache != nil && !isFresh(ctx):
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

// freshKey marks a context whose calls skip the cache.
type freshKey struct{}

// Fresh returns a context whose calls go upstream even when a fresh answer
// is cached, as a health check must. Their answers still fill the cache.
func Fresh(ctx context.Context) context.Context {
	return context.WithValue(ctx, freshKey{}, true)
}

func isFresh(ctx context.Context) bool {
	fresh, _ := ctx.Value(freshKey{}).(bool)
	return fresh
}
