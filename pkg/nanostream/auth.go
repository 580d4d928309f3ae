package nanostream

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"sync/atomic"

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
	secrets() []string
}

// apiKeyAuth sends the organisation API key on every request.
type apiKeyAuth struct{ header, key string }

func (a *apiKeyAuth) credential(context.Context) (credential, error) {
	return credential{header: a.header, value: a.key}, nil
}

func (a *apiKeyAuth) expired(credential, error) bool { return false }

func (a *apiKeyAuth) secrets() []string { return []string{a.key} }

// accountAuth logs in with email and password and keeps the session token
// in memory, logging in again only when the API says the token expired.
type accountAuth struct {
	email, password string
	login           func(ctx context.Context, email, password string) (string, error)

	loginMu sync.Mutex // one login at a time
	token   atomic.Pointer[string]
}

func (a *accountAuth) credential(ctx context.Context) (credential, error) {
	if t := a.token.Load(); t != nil {
		return credential{header: headerAccessToken, value: *t}, nil
	}
	a.loginMu.Lock()
	defer a.loginMu.Unlock()
	if t := a.token.Load(); t != nil { // another request logged in meanwhile
		return credential{header: headerAccessToken, value: *t}, nil
	}
	token, err := a.login(ctx, a.email, a.password)
	if err != nil {
		return credential{}, err
	}
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

func (a *accountAuth) secrets() []string {
	if t := a.token.Load(); t != nil {
		return []string{a.password, *t}
	}
	return []string{a.password}
}

// login exchanges account credentials for a session token.
func (c *Client) login(ctx context.Context, email, password string) (string, error) {
	if err := c.budget.wait(ctx); err != nil {
		return "", budgetError(ctx, RouteAuthenticate)
	}
	resp, err := c.rest.R().
		SetContext(ctx).
		SetHeader("Content-Type", "application/json").
		SetBody(map[string]string{"email": email, "password": password}).
		Post(RouteAuthenticate)
	body, err := c.result(ctx, RouteAuthenticate, resp, err)
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
