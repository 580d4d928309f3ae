package nanostream

import (
	"context"
	"encoding/json"
	"errors"
	"sync/atomic"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// credential is the header that authenticates one request.
type credential struct{ header, value string }

// authenticator supplies credentials for requests.
type authenticator interface {
	credential(ctx context.Context) (credential, error)
	// expired reports whether a fresh credential is worth one more try
	// after used was refused with err.
	expired(used credential, err error) bool
	// refused records that even a fresh credential was refused with err.
	refused(err error)
	secrets() []string
}

// apiKeyAuth sends the organisation API key on every request.
type apiKeyAuth struct{ header, key string }

func (a *apiKeyAuth) credential(context.Context) (credential, error) {
	return credential{header: a.header, value: a.key}, nil
}

func (a *apiKeyAuth) expired(credential, error) bool { return false }

func (a *apiKeyAuth) refused(error) {}

func (a *apiKeyAuth) secrets() []string { return []string{a.key} }

// accountAuth logs in with email and password and keeps the session token
// in memory, logging in again only when the API says the token expired. A
// refused login is remembered for a while, so that queries do not try the
// same wrong password again and again.
type accountAuth struct {
	email, password string
	login           func(ctx context.Context, email, password string) (string, error)
	now             func() time.Time

	lock   chan struct{} // one login at a time; holds at most one
	token  atomic.Pointer[string]
	refuse atomic.Pointer[refusal]
}

// refusal is a login the API refused, and until when to repeat its answer.
type refusal struct {
	err   error
	until time.Time
}

// refusalMemory is how long a refused login answers for the API.
const refusalMemory = time.Minute

func newAccountAuth(email, password string, login func(context.Context, string, string) (string, error), now func() time.Time) *accountAuth {
	return &accountAuth{email: email, password: password, login: login, now: now, lock: make(chan struct{}, 1)}
}

func (a *accountAuth) credential(ctx context.Context) (credential, error) {
	if t := a.token.Load(); t != nil {
		return credential{header: headerAccessToken, value: *t}, nil
	}
	select {
	case a.lock <- struct{}{}:
		defer func() { <-a.lock }()
	case <-ctx.Done():
		return credential{}, unsentError(ctx, RouteAuthenticate)
	}
	if t := a.token.Load(); t != nil { // another request logged in meanwhile
		return credential{header: headerAccessToken, value: *t}, nil
	}
	if r := a.refuse.Load(); r != nil && a.now().Before(r.until) {
		return credential{}, r.err
	}
	token, err := a.login(ctx, a.email, a.password)
	if KindOf(err) == KindUnauthorized {
		a.refuse.Store(&refusal{err: err, until: a.now().Add(refusalMemory)})
	}
	if err != nil {
		return credential{}, err
	}
	a.refuse.Store(nil)
	a.token.Store(&token)
	return credential{header: headerAccessToken, value: token}, nil
}

func (a *accountAuth) expired(used credential, err error) bool {
	var e *Error
	if !errors.As(err, &e) || (e.Code != 105011 && e.Code != 105012) {
		return false
	}
	if t := a.token.Load(); t != nil && *t == used.value {
		a.token.CompareAndSwap(t, nil)
	}
	return true
}

// refused forgets the token and answers with err for a while, instead of
// logging in for every query when the API refuses even fresh tokens.
func (a *accountAuth) refused(err error) {
	a.token.Store(nil)
	a.refuse.Store(&refusal{err: err, until: a.now().Add(refusalMemory)})
}

func (a *accountAuth) secrets() []string {
	if t := a.token.Load(); t != nil {
		return []string{a.password, *t}
	}
	return []string{a.password}
}

// login exchanges account credentials for a session token.
func (c *Client) login(ctx context.Context, email, password string) (string, error) {
	if err := c.budget.wait(ctx); err != nil {
		return "", unsentError(ctx, RouteAuthenticate)
	}
	sent := c.now()
	resp, err := c.rest.R().
		SetContext(ctx).
		SetHeader("Content-Type", "application/json").
		SetBody(map[string]string{"email": email, "password": password}).
		Post(RouteAuthenticate)
	body, err := c.result(ctx, RouteAuthenticate, sent, resp, err)
	if err != nil {
		return "", err
	}
	var answer struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal(body, &answer); err != nil || answer.Token == "" {
		return "", backend.DownstreamError(&Error{Kind: KindMalformed, Route: RouteAuthenticate, Detail: "the login answer has no token", cause: err})
	}
	return answer.Token, nil
}
