package nanostream

import (
	"context"
	"encoding/json"
	"errors"
	"sync/atomic"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// AuthMode is how a client authenticates. The settings decide it; a client
// never guesses it from the credentials it was given.
type AuthMode string

// Authentication modes.
const (
	// AuthAPIKey sends the organisation API key on every request.
	AuthAPIKey AuthMode = "apiKey"
	// AuthAccount logs in with email and password and sends the session
	// token.
	AuthAccount AuthMode = "account"
)

// credential is the header that authenticates one request.
type credential struct{ header, value string }

// authenticator supplies credentials for requests.
type authenticator interface {
	credential(ctx context.Context) (credential, error)
	// expired reports whether a fresh credential is worth one more try
	// after used was refused with err, and forgets used if it is still the
	// current one.
	expired(used credential, err error) bool
}

// apiKeyAuth sends the organisation API key on every request.
type apiKeyAuth struct{ header, key string }

func (a *apiKeyAuth) credential(context.Context) (credential, error) {
	return credential{header: a.header, value: a.key}, nil
}

func (a *apiKeyAuth) expired(credential, error) bool { return false }

// session is an organisation's account-mode login, shared by every client
// of the organisation: the session token, one login at a time, and a
// refused login remembered for a while.
type session struct {
	lock   chan struct{} // one login at a time; holds at most one
	token  atomic.Pointer[string]
	refuse atomic.Pointer[refusal]
}

func newSession() *session { return &session{lock: make(chan struct{}, 1)} }

// refusal is a login the API refused, and until when to repeat its answer.
type refusal struct {
	err   error
	until time.Time
}

// refusalMemory is how long a refused login answers for the API.
const refusalMemory = time.Minute

// accountAuth logs in with email and password and keeps the session token
// in memory, logging in again only when the API says the token expired or
// is invalid. Only a refused login (a wrong password, an unknown user) is
// remembered for a while, so that queries do not try the same wrong
// password again and again; a refused token is not: the next query logs in
// afresh.
type accountAuth struct {
	email, password string
	session         *session
	secrets         *redactor
	login           func(ctx context.Context, email, password string) (string, error)
	now             func() time.Time
}

func (a *accountAuth) credential(ctx context.Context) (credential, error) {
	s := a.session
	if t := s.token.Load(); t != nil {
		return credential{header: headerAccessToken, value: *t}, nil
	}
	select {
	case s.lock <- struct{}{}:
		defer func() { <-s.lock }()
	case <-ctx.Done():
		return credential{}, backend.DownstreamError(classifyTransport(ctx, RouteAuthenticate, ctx.Err()))
	}
	if t := s.token.Load(); t != nil { // another request logged in meanwhile
		return credential{header: headerAccessToken, value: *t}, nil
	}
	if r := s.refuse.Load(); r != nil && a.now().Before(r.until) {
		return credential{}, r.err
	}
	token, err := a.login(ctx, a.email, a.password)
	if KindOf(err) == KindUnauthorized {
		s.refuse.Store(&refusal{err: err, until: a.now().Add(refusalMemory)})
	}
	if err != nil {
		return credential{}, err
	}
	a.secrets.addToken(token) // before any request carries it
	s.refuse.Store(nil)
	s.token.Store(&token)
	return credential{header: headerAccessToken, value: token}, nil
}

func (a *accountAuth) expired(used credential, err error) bool {
	var e *Error
	if !errors.As(err, &e) || (e.Code != 105011 && e.Code != 105012) {
		return false
	}
	if t := a.session.token.Load(); t != nil && *t == used.value {
		a.session.token.CompareAndSwap(t, nil)
	}
	return true
}

// login exchanges account credentials for a session token.
func (c *Client) login(ctx context.Context, email, password string) (string, error) {
	if err := c.waitTurn(ctx); err != nil {
		return "", c.unsent(ctx, RouteAuthenticate, err)
	}
	sent := c.now()
	resp, err := c.rest.R().
		SetContext(ctx).
		SetHeader("Content-Type", "application/json").
		SetBody(loginRequest{Email: email, Password: password}).
		Post(RouteAuthenticate)
	body, err := c.exchanged(ctx, RouteAuthenticate, sent)(c.result(ctx, RouteAuthenticate, sent, resp, err))
	if err != nil {
		return "", err
	}
	return ParseLogin(body)
}

// loginRequest is the body of POST /authenticate.
type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"` // #nosec G117 -- the login's body must carry the password; it is sent only to the API's origin
}

// ParseLogin reads the session token from the login's answer; anything
// else is a malformed answer.
func ParseLogin(body []byte) (string, error) {
	var answer struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal(body, &answer); err != nil || answer.Token == "" {
		return "", backend.DownstreamError(&Error{Kind: KindMalformed, Route: RouteAuthenticate, Detail: "the login answer has no token", cause: err})
	}
	return answer.Token, nil
}
