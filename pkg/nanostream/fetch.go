package nanostream

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"
	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// decoder turns an answer's body into the value callers share and the
// cache keeps; an answer it refuses is never kept.
type decoder func(body []byte) (any, error)

// getData fetches a call and returns its decoded data list.
func getData[T any](ctx context.Context, c *Client, call Call) ([]T, Call, error) {
	value, served, err := c.fetch(ctx, call, func(body []byte) (any, error) {
		return Decode[T](call.Route, body)
	})
	call.Served = served
	if err != nil {
		return nil, call, err
	}
	return value.([]T), call, nil
}

// fetch answers from the cache, or joins or starts the flight for the
// call, and waits for it as long as ctx allows.
func (c *Client) fetch(ctx context.Context, call Call, decode decoder) (any, Served, error) {
	key := call.String()
	useCache := c.cache != nil && !isFresh(ctx)
	if value, age, ok := c.cached(useCache, key); ok {
		return value, Served{Cache: CacheHit, Age: age}, nil
	}
	f, leader := c.flights.join(key)
	if !leader {
		return c.await(ctx, f, call.Route, Served{Cache: CacheShared})
	}
	// a twin may have landed between the look-up and the join; it cached first
	if value, age, ok := c.cached(useCache, key); ok {
		c.flights.land(f, value, nil)
		return value, Served{Cache: CacheHit, Age: age}, nil
	}
	c.launch(ctx, f, call, decode)
	served := Served{Cache: CacheMiss}
	if c.cache == nil {
		served.Cache = CacheOff
	}
	return c.await(ctx, f, call.Route, served)
}

func (c *Client) cached(use bool, key string) (any, time.Duration, bool) {
	if !use {
		return nil, 0, false
	}
	return c.cache.get(key)
}

// await waits for a flight while ctx allows.
func (c *Client) await(ctx context.Context, f *flight, route string, served Served) (any, Served, error) {
	select {
	case <-f.done:
		return f.value, served, f.err
	case <-ctx.Done():
		if c.flights.leave(f) {
			return nil, served, backend.DownstreamError(classifyTransport(ctx, route, ctx.Err()))
		}
		return nil, served, unsentError(ctx, route)
	}
}

// launch starts a flight. It waits for the budget as long as anyone waits
// for it, and once sent it runs to its end so that its answer reaches the
// cache; Close stops it at any time.
func (c *Client) launch(ctx context.Context, f *flight, call Call, decode decoder) {
	flightCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stopWithClient := context.AfterFunc(c.base, cancel)
	c.flights.started(f, cancel)
	go func() {
		defer cancel()
		defer stopWithClient()
		value, size, err := c.exchange(flightCtx, f, call, decode)
		if err == nil && c.cache != nil {
			c.cache.put(f.key, value, size, lifetime(call, c.now())) // before the flight lands: no gap for a twin
		}
		c.flights.land(f, value, err)
	}()
}

// exchange sends a call within the budget and decodes its answer.
func (c *Client) exchange(ctx context.Context, f *flight, call Call, decode decoder) (any, int, error) {
	if err := c.budget.wait(ctx); err != nil {
		return nil, 0, unsentError(ctx, call.Route)
	}
	if !c.flights.begin(f) {
		c.budget.cancel()
		return nil, 0, unsentError(ctx, call.Route)
	}
	body, err := c.sendWithRecovery(ctx, call)
	if err != nil {
		return nil, 0, err
	}
	value, err := decode(body)
	return value, len(body), err
}

// sendWithRecovery sends with credentials. It logs in again once when a
// session token expired, retries a server failure once when a token of
// the budget is free, and never retries throttling.
func (c *Client) sendWithRecovery(ctx context.Context, call Call) ([]byte, error) {
	cred, err := c.auth.credential(ctx)
	if err != nil {
		return nil, err
	}
	body, err := c.send(ctx, call, cred)
	switch KindOf(err) {
	case KindUpstream:
		if c.budget.tryTake() {
			return c.send(ctx, call, cred)
		}
	case KindUnauthorized:
		if !c.auth.expired(cred, err) {
			break
		}
		if err := c.budget.wait(ctx); err != nil {
			return nil, unsentError(ctx, call.Route)
		}
		if cred, err = c.auth.credential(ctx); err != nil {
			return nil, err
		}
		body, err = c.send(ctx, call, cred)
		if KindOf(err) == KindUnauthorized {
			c.auth.refused(err)
		}
	}
	return body, err
}

// unsentError explains why a call never left: its caller gave up, or no
// budget came in time.
func unsentError(ctx context.Context, route string) error {
	if errors.Is(ctx.Err(), context.Canceled) {
		return backend.DownstreamError(classifyTransport(ctx, route, ctx.Err()))
	}
	return backend.DownstreamError(&Error{Kind: KindBudget, Route: route})
}

// send makes one HTTP exchange with a credential.
func (c *Client) send(ctx context.Context, call Call, cred credential) ([]byte, error) {
	sent := c.now()
	resp, err := c.rest.R().
		SetContext(ctx).
		SetHeader(cred.header, cred.value).
		SetQueryParamsFromValues(call.Params).
		Get(call.Route)
	return c.result(ctx, call.Route, sent, resp, err)
}

// result classifies the outcome of one HTTP exchange, once, and tells the
// budget how the API answered a request sent at sent.
func (c *Client) result(ctx context.Context, route string, sent time.Time, resp *resty.Response, err error) ([]byte, error) {
	if err != nil {
		return nil, backend.DownstreamError(c.redact(classifyTransport(ctx, route, err)))
	}
	if resp.StatusCode() < 200 || resp.StatusCode() > 299 {
		e := classifyResponse(route, resp.StatusCode(), resp.Header().Get("Content-Type"), resp.Body())
		if e.Kind == KindThrottled {
			c.budget.throttledAnswer(sent)
		}
		return nil, backend.DownstreamError(c.redact(e))
	}
	c.budget.answered()
	return resp.Body(), nil
}

// redact removes any secret the API may have echoed into an error, plain
// or escaped as in JSON.
func (c *Client) redact(e *Error) *Error {
	for _, secret := range c.auth.secrets() {
		if secret == "" {
			continue
		}
		quoted, _ := json.Marshal(secret)
		for _, form := range []string{secret, string(quoted[1 : len(quoted)-1])} {
			e.Detail = strings.ReplaceAll(e.Detail, form, "[redacted]")
			e.Summary = strings.ReplaceAll(e.Summary, form, "[redacted]")
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
