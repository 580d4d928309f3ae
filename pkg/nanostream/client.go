package nanostream

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/go-resty/resty/v2"
	"github.com/grafana/grafana-plugin-sdk-go/backend"
	jsoniter "github.com/json-iterator/go"
)

// Config is what a Client needs: where the API is, how to authenticate, and
// the HTTP client built from the data source settings by the SDK.
type Config struct {
	BaseURL      string
	APIKey       string // API-key mode when set
	APIKeyHeader string
	Email        string // account mode when APIKey is empty
	Password     string
	HTTPClient   *http.Client
}

// Client calls the nanoStream Analytics API. It is safe for concurrent use;
// one Client serves one data source instance.
type Client struct {
	rest *resty.Client
	auth authenticator
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
	rest := resty.NewWithClient(cfg.HTTPClient).
		SetBaseURL(base).
		SetLogger(quietLogger{}).
		SetHeader("Accept", "application/json")
	c := &Client{rest: rest}
	if cfg.APIKey != "" {
		c.auth = &apiKeyAuth{header: cfg.APIKeyHeader, key: cfg.APIKey}
	} else {
		c.auth = &accountAuth{email: cfg.Email, password: cfg.Password, login: c.login}
	}
	return c, nil
}

// Close releases idle connections.
func (c *Client) Close() {
	c.rest.GetClient().CloseIdleConnections()
}

// Call is one upstream request: a route and its query parameters. Its
// String form is what frame meta shows as the executed query.
type Call struct {
	Route  string
	Params url.Values
}

func (c Call) String() string {
	if len(c.Params) == 0 {
		return "GET " + c.Route
	}
	return "GET " + c.Route + "?" + c.Params.Encode()
}

// fetch sends a call with credentials, logs in again once when a session
// token has expired, and classifies every failure. The body of a 2xx answer
// is returned.
func (c *Client) fetch(ctx context.Context, call Call) ([]byte, error) {
	credential, err := c.auth.credential(ctx)
	if err != nil {
		return nil, err
	}
	body, err := c.send(ctx, call, credential)
	if KindOf(err) == KindUnauthorized && c.auth.expired(credential, err) {
		if credential, err = c.auth.credential(ctx); err != nil {
			return nil, err
		}
		body, err = c.send(ctx, call, credential)
	}
	return body, err
}

func (c *Client) send(ctx context.Context, call Call, cred credential) ([]byte, error) {
	resp, err := c.rest.R().
		SetContext(ctx).
		SetHeader(cred.header, cred.value).
		SetQueryParamsFromValues(call.Params).
		Get(call.Route)
	return c.result(ctx, call.Route, resp, err)
}

// result classifies the outcome of one HTTP exchange, once.
func (c *Client) result(ctx context.Context, route string, resp *resty.Response, err error) ([]byte, error) {
	if err != nil {
		return nil, backend.DownstreamError(c.redact(classifyTransport(ctx, route, err)))
	}
	if resp.StatusCode() < 200 || resp.StatusCode() > 299 {
		e := classifyResponse(route, resp.StatusCode(), resp.Header().Get("Content-Type"), resp.Body())
		return nil, backend.DownstreamError(c.redact(e))
	}
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

// getData fetches a call and decodes its answer.
func getData[T any](ctx context.Context, c *Client, call Call) ([]T, error) {
	body, err := c.fetch(ctx, call)
	if err != nil {
		return nil, err
	}
	return Decode[T](call.Route, body)
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

// jsonAPI decodes answers; json-iterator, already part of the SDK, reads
// the API's long time series several times faster than encoding/json.
var jsonAPI = jsoniter.ConfigDefault

type quietLogger struct{}

func (quietLogger) Errorf(string, ...any) {}
func (quietLogger) Warnf(string, ...any)  {}
func (quietLogger) Debugf(string, ...any) {}
