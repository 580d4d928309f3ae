package nanostream

import (
	"context"
	"errors"
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

// fetch answers a call. A recent request of the hourly route is served
// from the organisation's canonical request for its recent hours (see
// reuse.go); every other call from its own request.
func (c *Client) fetch(ctx context.Context, call Call, decode decoder) (any, Served, error) {
	target, fam, interval := call, "", call.Params.Get(paramInterval)
	if c.useCache {
		target, fam, interval = canonical(call, c.now())
	}
	ctx, observed := c.observe().Call(ctx, c.scope(call.Route))
	value, served, err := c.fetchRequest(ctx, target, fam, decode)
	observed(served.Cache, err)
	if err != nil {
		return value, served, err
	}
	if from := target.String(); from != call.String() {
		served.From = from
		value = shape(value, interval, call)
	}
	return value, served, nil
}

// fetchRequest answers an upstream request from the organisation's cache,
// fresh; or, when ctx allows, stale, from the request's own answer or the
// newest of its family, queueing a refresh; or it joins or starts the
// flight for the request and waits for it as long as ctx allows. Once ctx
// has ended nothing more is sent: what the cache holds still answers.
func (c *Client) fetchRequest(ctx context.Context, call Call, fam string, decode decoder) (any, Served, error) {
	key := call.String()
	if c.useCache {
		now := c.now()
		e, ok := c.lookup(ctx, key, fam, decode)
		if ok && e.fresh(now) && youngEnough(ctx, e, now) {
			return e.Value, Served{Cache: CacheHit, Age: now.Sub(e.FetchedAt), Lifetime: e.lifetime()}, nil
		}
		if staleAllowed(ctx) {
			value := e.Value
			if !ok && fam != "" {
				if e, ok = c.latest(ctx, fam, decode, false); ok {
					// the family's newest may be this very request's, fresh
					if own, hit := c.org.cache.Lookup(key); hit && own.fresh(now) && youngEnough(ctx, own, now) {
						return own.Value, Served{Cache: CacheHit, Age: now.Sub(own.FetchedAt), Lifetime: own.lifetime()}, nil
					}
					value = shape(e.Value, call.Params.Get(paramInterval), call)
				}
			}
			if ok && e.usable(now) {
				// a fresh answer of the panel's newer request stands in until
				// it expires: queued now, the refresh would wait ahead of
				// panels whose answers are older
				problem := ""
				if !e.fresh(now) {
					problem = c.org.refresh.enqueue(c, call, fam, decode)
				}
				return value, Served{Cache: CacheStale, Age: now.Sub(e.FetchedAt), Lifetime: e.lifetime(), Problem: problem}, nil
			}
		}
	}
	if ctx.Err() != nil {
		return nil, Served{}, c.unsent(ctx, call.Route, nil)
	}
	flights := &c.org.flights
	f, leader := flights.join(key)
	if !leader {
		return c.await(ctx, f, call.Route, Served{Cache: CacheShared})
	}
	// a twin may have landed between the look-up and the join; it cached first
	if c.useCache {
		if e, ok := c.org.cache.Lookup(key); ok && e.fresh(c.now()) && youngEnough(ctx, e, c.now()) {
			flights.land(f, e.Value, e, nil)
			return e.Value, Served{Cache: CacheHit, Age: c.now().Sub(e.FetchedAt), Lifetime: e.lifetime()}, nil
		}
	}
	c.launch(ctx, f, call, fam, decode)
	served := Served{Cache: CacheMiss}
	if !c.useCache {
		served.Cache = CacheOff
	}
	return c.await(ctx, f, call.Route, served)
}

// youngEnough reports whether a fresh answer is within the oldest age ctx
// takes (see MaxAge).
func youngEnough(ctx context.Context, e Entry, now time.Time) bool {
	limit, limited := maxAge(ctx)
	return !limited || now.Sub(e.FetchedAt) <= limit
}

// await waits for a flight while ctx allows.
func (c *Client) await(ctx context.Context, f *flight, route string, served Served) (any, Served, error) {
	select {
	case <-f.done:
		if f.elsewhere && served.Cache == CacheMiss {
			served.Cache = CacheShared
		}
		if f.err == nil {
			served.Lifetime = f.entry.lifetime()
			if f.elsewhere {
				served.Age = max(c.now().Sub(f.entry.FetchedAt), 0)
			}
		}
		return f.value, served, f.err
	case <-ctx.Done():
		if c.org.flights.leave(f) {
			return nil, served, backend.DownstreamError(classifyTransport(ctx, route, ctx.Err()))
		}
		return nil, served, c.unsent(ctx, route, nil)
	}
}

// launch starts a flight. It waits for the budget as long as anyone waits
// for it and the deadline of the caller who started it allows; once sent
// it runs to its end, past every caller's deadline, so that its answer
// reaches the cache. The end of the organisation's last client stops it
// at any time.
func (c *Client) launch(ctx context.Context, f *flight, call Call, fam string, decode decoder) {
	detached := withBudgetDeadline(context.WithoutCancel(ctx), budgetDeadline(ctx))
	flightCtx, cancel := context.WithCancel(detached)
	stopWithOrg := context.AfterFunc(c.base(), cancel)
	c.org.flights.started(f, cancel)
	go func() {
		defer cancel()
		defer stopWithOrg()
		value, e, err := c.exchange(flightCtx, f, call, fam, decode)
		c.org.flights.land(f, value, e, err) // kept before it lands: no gap for a twin
	}()
}

// exchange sends a call within the budget, decodes its answer and keeps
// it. With a shared store it first claims the request, or waits for the
// process that claimed it and takes its answer, so that the processes of
// an organisation send each request once.
func (c *Client) exchange(ctx context.Context, f *flight, call Call, fam string, decode decoder) (any, Entry, error) {
	key := call.String()
	if c.useCache {
		if s, ok := c.org.shared(); ok {
			e, found, release, err := c.claimOrAwait(ctx, s, f, key, fam, decode)
			defer release()
			switch {
			case found:
				f.elsewhere = true
				return e.Value, e, nil
			case errors.Is(err, errNoAnswerInTime):
				return nil, Entry{}, c.unsent(ctx, call.Route, &noTurn{retryAfter: c.org.budget.Next()})
			case err != nil:
				return nil, Entry{}, c.unsent(ctx, call.Route, nil)
			}
		}
	}
	waitBegan := time.Now()
	err := c.org.budget.Take(ctx, budgetDeadline(ctx))
	c.budgetWaited(ctx, call.Route, waitBegan, err)
	f.turnTaken()
	if err != nil {
		return nil, Entry{}, c.unsent(ctx, call.Route, err)
	}
	if !c.org.flights.begin(f) {
		c.org.budget.Refund()
		return nil, Entry{}, c.unsent(ctx, call.Route, nil)
	}
	body, err := c.sendWithRecovery(ctx, call)
	if err != nil {
		return nil, Entry{}, err
	}
	value, err := decode(body)
	if err != nil {
		c.observe().Undecodable(ctx, c.scope(call.Route), err)
		if e := (*Error)(nil); errors.As(err, &e) {
			c.org.secrets.redactError(e)
		}
		return nil, Entry{}, err
	}
	now := c.now()
	e := Entry{Value: value, Size: len(body), FetchedAt: now, Expires: now.Add(lifetime(call, now))}
	if c.useCache {
		c.keep(key, fam, e, body)
	}
	return value, e, nil
}

// waitTurn takes a token of the organisation's budget, waiting for it
// until the budget deadline of ctx.
func (c *Client) waitTurn(ctx context.Context) error {
	return c.org.budget.Take(ctx, budgetDeadline(ctx))
}

// sendWithRecovery sends with credentials. It logs in again once when a
// session token expired or was refused, retries a server failure once when
// a token of the budget is free and the deadline allows, and never retries
// throttling: at most two requests per call, never a loop.
func (c *Client) sendWithRecovery(ctx context.Context, call Call) ([]byte, error) {
	cred, err := c.auth.credential(ctx)
	if err != nil {
		return nil, err
	}
	body, err := c.send(ctx, call, cred)
	switch KindOf(err) {
	case KindUpstream:
		if by := budgetDeadline(ctx); (by.IsZero() || c.now().Before(by)) && c.org.budget.TryTake() {
			return c.send(ctx, call, cred)
		}
	case KindUnauthorized:
		if !c.auth.expired(cred, err) {
			break
		}
		if err := c.waitTurn(ctx); err != nil {
			return nil, c.unsent(ctx, call.Route, err)
		}
		if cred, err = c.auth.credential(ctx); err != nil {
			return nil, err
		}
		body, err = c.send(ctx, call, cred)
		// a fresh token refused too: this call fails, and the token is
		// forgotten, so that the next call logs in afresh; nothing is
		// remembered, since a parallel login may have replaced it
		c.auth.expired(cred, err)
	}
	return body, err
}

// unsent explains why a call never left: its caller gave up, or no turn of
// the budget came before the deadline (the error of waitTurn, or none when
// the deadline had passed already).
func (c *Client) unsent(ctx context.Context, route string, err error) error {
	var nt *noTurn
	switch {
	case errors.As(err, &nt):
		return backend.DownstreamError(&Error{Kind: KindBudget, Route: route, RetryAfter: nt.retryAfter})
	case errors.Is(ctx.Err(), context.Canceled):
		return backend.DownstreamError(classifyTransport(ctx, route, ctx.Err()))
	}
	return backend.DownstreamError(&Error{Kind: KindBudget, Route: route, RetryAfter: c.org.budget.Next()})
}

// send makes one HTTP exchange with a credential.
func (c *Client) send(ctx context.Context, call Call, cred credential) ([]byte, error) {
	sent := c.now()
	resp, err := c.rest.R().
		SetContext(ctx).
		SetHeader(cred.header, cred.value).
		SetQueryParamsFromValues(call.Params).
		Get(call.Route)
	return c.exchanged(ctx, call.Route, sent)(c.result(ctx, call.Route, sent, resp, err))
}

// result classifies the outcome of one HTTP exchange, once, redacts every
// secret of the organisation from it, and tells the budget how the API
// answered a request sent at sent.
func (c *Client) result(ctx context.Context, route string, sent time.Time, resp *resty.Response, err error) ([]byte, error) {
	if err != nil {
		return nil, backend.DownstreamError(c.org.secrets.redactError(classifyTransport(ctx, route, err)))
	}
	if resp.StatusCode() < 200 || resp.StatusCode() > 299 {
		e := classifyResponse(route, resp.StatusCode(), resp.Header().Get("Content-Type"), resp.Body())
		if e.Kind == KindThrottled {
			c.org.budget.Throttled(sent)
		}
		return nil, backend.DownstreamError(c.org.secrets.redactError(e))
	}
	c.org.budget.Answered()
	return resp.Body(), nil
}
