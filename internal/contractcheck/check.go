// Package contractcheck checks the working contract of the nanoStream
// Analytics API against an organisation: it calls every route of the
// contract once, with the plugin's own route and parameter names and a
// range of one hour, and reports route by route whether the path, the
// parameter names and the fields the plugin reads held, and what came back
// instead. The report carries names, JSON types, counts, status codes and
// the API's error texts, never a credential and never a value of the data.
package contractcheck

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/calendar"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// Config is what a check needs. Credentials come from the environment (see
// FromEnv), never from flags.
type Config struct {
	BaseURL      string              // default nanostream's public API
	Auth         nanostream.AuthMode // AuthAPIKey or AuthAccount
	APIKey       string
	APIKeyHeader string // default nanostream.DefaultAPIKeyHeader
	Email        string
	Password     string

	// HTTPClient sends the requests; its redirect policy is replaced by
	// one that follows at most three redirects within the API's origin.
	// Default: a client with the environment's proxy settings.
	HTTPClient *http.Client
	Now        func() time.Time // default time.Now
	// AllBreakdowns asks every usage breakdown term in both directions
	// (ten requests) instead of each term once.
	AllBreakdowns bool
	Pacing        Pacing        // zero: no pacing (the simulator)
	Timeout       time.Duration // per request; default 30 s
	Simulator     bool          // the base URL is the built-in simulator
	Revision      string        // of the check's build, for the report
}

// DefaultBaseURL is the API's base URL when none is given.
const DefaultBaseURL = "https://metrics-api.nanostream.cloud"

// Pacing spaces the requests: Burst of them at once, then at most one per
// Every, well inside the API's budget of 1 request/s with a burst of 30.
type Pacing struct {
	Burst int
	Every time.Duration
}

// DefaultPacing is the pacing against a real API.
var DefaultPacing = Pacing{Burst: 3, Every: 1100 * time.Millisecond}

func (p Pacing) String() string {
	if p.Every <= 0 {
		return "none"
	}
	return fmt.Sprintf("the first %d at once, then at most one every %s", max(p.Burst, 1), p.Every)
}

const (
	defaultTimeout = 30 * time.Second
	maxBody        = 16 << 20 // bytes read of an answer
	maxRedirects   = 3
	maxMessage     = 300 // runes of an API message in the report
)

// Check runs one check of the contract.
type Check struct {
	cfg     Config
	base    *url.URL
	client  *http.Client
	redact  *nanostream.Redactor
	token   string // the session token, account mode
	pace    pacer
	stopped string // why the remaining routes are not sent
}

// New validates cfg and builds a check; nothing is sent yet.
func New(cfg Config) (*Check, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	base, err := url.ParseRequestURI(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("the API URL %s is not a valid http:// or https:// URL", nanostream.Excerpt(printableURL(cfg.BaseURL)))
	}
	switch {
	case cfg.Auth == nanostream.AuthAPIKey && cfg.APIKey == "":
		return nil, errors.New("API key mode needs an API key")
	case cfg.Auth == nanostream.AuthAccount && (cfg.Email == "" || cfg.Password == ""):
		return nil, errors.New("account mode needs both an email address and a password")
	case cfg.Auth != nanostream.AuthAPIKey && cfg.Auth != nanostream.AuthAccount:
		return nil, fmt.Errorf("the authentication mode %q is unknown: use %q or %q", cfg.Auth, nanostream.AuthAPIKey, nanostream.AuthAccount)
	}
	if cfg.APIKeyHeader == "" {
		cfg.APIKeyHeader = nanostream.DefaultAPIKeyHeader
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = defaultTimeout
	}
	secrets := []string{cfg.Password}
	if cfg.Auth == nanostream.AuthAPIKey {
		secrets = []string{cfg.APIKey}
	}
	if p, ok := base.User.Password(); ok {
		secrets = append(secrets, p)
	}
	client := &http.Client{}
	if cfg.HTTPClient != nil {
		copied := *cfg.HTTPClient
		client = &copied
	}
	c := &Check{cfg: cfg, base: base, client: client, redact: nanostream.NewRedactor(secrets...), pace: pacer{Pacing: cfg.Pacing}}
	client.CheckRedirect = c.sameOrigin
	return c, nil
}

// Redact removes the API key, the password and the session token from s,
// in every form the plugin's client knows.
func (c *Check) Redact(s string) string { return c.redact.Redact(s) }

// Run calls every route once and reports. It never retries; after an
// answer that makes further requests pointless (refused credentials,
// throttling, an unreachable API, a redirect to another origin) the
// remaining routes are reported as not run. The report's strings are
// redacted; write it with the same Redact as a last pass.
func (c *Check) Run(ctx context.Context) *Report {
	to := c.cfg.Now().UTC().Truncate(time.Hour)
	from := to.Add(-time.Hour)
	rep := &Report{
		API:        printableURL(c.base.String()),
		Simulator:  c.cfg.Simulator,
		SignIn:     c.signIn(),
		From:       from.Format("2006-01-02T15:04"),
		To:         to.Format("2006-01-02T15:04"),
		Interval:   calendar.IntervalHour,
		Breakdowns: "sample",
		Pacing:     c.cfg.Pacing.String(),
		Revision:   c.cfg.Revision,
	}
	if c.cfg.AllBreakdowns {
		rep.Breakdowns = "all"
	}
	for _, p := range probes(from, to, c.cfg.Auth == nanostream.AuthAccount, c.cfg.AllBreakdowns) {
		rt := Route{Name: p.name, Part: p.part, Request: p.request(), Route: p.call.Route,
			Parameters: slices.Sorted(maps.Keys(p.call.Params))}
		if c.stopped == "" && ctx.Err() != nil {
			c.stopped = "the check was interrupted"
		}
		if c.stopped != "" {
			rt.Status = StatusNotRun
			rt.Notes = []string{"not sent: " + c.stopped}
		} else {
			c.probe(ctx, p, &rt)
		}
		rep.Routes = append(rep.Routes, c.redactRoute(rt))
	}
	rep.summarise()
	return rep
}

func (c *Check) signIn() string {
	if c.cfg.Auth == nanostream.AuthAccount {
		return "account (email and password at POST " + nanostream.RouteAuthenticate + ", then the session token in " + nanostream.AccessTokenHeader + ")"
	}
	return "API key in the header " + c.cfg.APIKeyHeader
}

// probe sends one request and reads its answer into rt.
func (c *Check) probe(ctx context.Context, p probe, rt *Route) {
	if err := c.pace.wait(ctx); err != nil {
		rt.Status = StatusNotRun
		rt.Notes = []string{"not sent: the check was interrupted"}
		c.stopped = "the check was interrupted"
		return
	}
	reqCtx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	req, err := c.newRequest(reqCtx, p)
	if err != nil {
		rt.Status = StatusNotRun
		rt.Notes = []string{"not sent: " + err.Error()}
		return
	}
	start := time.Now()
	resp, err := c.client.Do(req)
	var body []byte
	truncated := false
	if err == nil {
		body, err = io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
		_ = resp.Body.Close()
		if len(body) > maxBody {
			body, truncated = body[:maxBody], true
		}
	}
	rt.Milliseconds = time.Since(start).Milliseconds()
	if err != nil {
		c.transportFailure(ctx, reqCtx, err, rt)
		return
	}
	rt.HTTPStatus = resp.StatusCode
	rt.ContentType = cut(c.Redact(resp.Header.Get("Content-Type")), maxNameRunes)
	rt.BodyBytes = len(body)
	if truncated {
		rt.Notes = append(rt.Notes, fmt.Sprintf("the answer is larger than %d MB; only its start was read", maxBody>>20))
	}
	switch {
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		c.refusal(p, body, rt)
	case p.login:
		c.loginAnswer(body, rt)
	default:
		c.dataAnswer(p, body, rt)
	}
	if p.login && rt.Status != StatusOK && c.stopped == "" {
		c.stopped = "every other route needs the login's session token"
	}
}

func (c *Check) newRequest(ctx context.Context, p probe) (*http.Request, error) {
	target := strings.TrimRight(c.base.String(), "/") + p.call.Route
	if len(p.call.Params) > 0 {
		target += "?" + p.call.Params.Encode()
	}
	var body io.Reader
	if p.login {
		b, err := nanostream.LoginBody(c.cfg.Email, c.cfg.Password)
		if err != nil {
			return nil, err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, p.method(), target, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	switch {
	case p.login:
		req.Header.Set("Content-Type", "application/json")
	case c.cfg.Auth == nanostream.AuthAccount:
		req.Header.Set(nanostream.AccessTokenHeader, c.token)
	default:
		req.Header.Set(c.cfg.APIKeyHeader, c.cfg.APIKey)
	}
	return req, nil
}

// redirectError is a redirect the check does not follow.
type redirectError struct{ origin string }

func (e *redirectError) Error() string {
	return "the API redirected to " + e.origin + ", another origin, which the plugin does not follow"
}

// sameOrigin follows a redirect only within the API's origin, as the
// plugin does, so that no credential leaves it.
func (c *Check) sameOrigin(req *http.Request, via []*http.Request) error {
	if !strings.EqualFold(req.URL.Scheme, c.base.Scheme) || !strings.EqualFold(req.URL.Host, c.base.Host) {
		return &redirectError{origin: req.URL.Scheme + "://" + req.URL.Host}
	}
	if len(via) >= maxRedirects {
		return fmt.Errorf("the API redirected more than %d times", maxRedirects)
	}
	return nil
}

// transportFailure reports a request that got no answer.
func (c *Check) transportFailure(ctx, reqCtx context.Context, err error, rt *Route) {
	var redirect *redirectError
	var urlErr *url.Error
	switch {
	case errors.As(err, &redirect):
		rt.Status = StatusRedirected
		rt.Notes = append(rt.Notes, redirect.Error()+": check the API URL")
		c.stopped = "the API redirected to another origin"
	case ctx.Err() != nil:
		rt.Status = StatusNotRun
		rt.Notes = append(rt.Notes, "the check was interrupted before the answer came")
		c.stopped = "the check was interrupted"
	case errors.Is(reqCtx.Err(), context.DeadlineExceeded):
		rt.Status = StatusTimeout
		rt.Notes = append(rt.Notes, fmt.Sprintf("no complete answer within %s", c.cfg.Timeout))
	default:
		rt.Status = StatusUnreachable
		detail := err.Error()
		if errors.As(err, &urlErr) {
			detail = urlErr.Err.Error()
		}
		rt.Notes = append(rt.Notes, "no answer: "+cut(c.Redact(detail), maxMessage))
		c.stopped = "the API could not be reached"
	}
}

// refusal reads an answer outside 2xx as the plugin's client does.
func (c *Check) refusal(p probe, body []byte, rt *Route) {
	e := nanostream.ResponseError(p.call.Route, rt.HTTPStatus, rt.ContentType, body)
	detail := c.Redact(e.Detail)
	apiErr := &APIError{Code: e.Code, Summary: cut(c.Redact(e.Summary), maxNameRunes), Message: cut(detail, maxMessage),
		Shape: errorShape(rt.ContentType, body)}
	apiErr.Parameter = namedParameter(body, detail, rt.Parameters, c.Redact)
	rt.Error = apiErr
	code := e.Code
	switch {
	case e.Kind == nanostream.KindThrottled:
		rt.Status = StatusThrottled
		rt.Notes = append(rt.Notes, "the API's rate limiter refused: the organisation's request budget is spent, perhaps by a Grafana that uses it; run the check again in a few minutes")
		c.stopped = "the API throttled, and more requests would prolong it"
	case code == 105001 || code == 105002 || code == 105003:
		rt.Status = StatusAccess
		note := "the organisation's analytics level or the user's role does not reach this route: not a contract failure"
		if code == 105003 {
			note = "the API keeps this route for the vendor's dashboard: not a contract failure"
		}
		rt.Notes = append(rt.Notes, note)
	case p.login && (code == 102001 || code == 102002 || rt.HTTPStatus == http.StatusUnauthorized):
		rt.Status = StatusCredentials
		rt.Notes = append(rt.Notes, "the API refused the email address or the password")
	case rt.HTTPStatus == http.StatusUnauthorized || code/1000 == 102 || code == 105011 || code == 105012:
		rt.Status = StatusCredentials
		rt.Notes = append(rt.Notes, "the API refused the credentials: check NANOSTREAM_API_KEY (and NANOSTREAM_API_KEY_HEADER) or NANOSTREAM_EMAIL and NANOSTREAM_PASSWORD")
		c.stopped = "the API refused the credentials"
	case code == 101001 || (rt.HTTPStatus == http.StatusNotFound && code == 0):
		rt.Status = StatusMissingPath
		rt.Notes = append(rt.Notes, "the API does not know this path: the route name in pkg/nanostream/routes.go may be wrong, or the API URL")
	case rt.HTTPStatus == http.StatusBadRequest:
		rt.Status = StatusParameterRefused
		rt.Notes = append(rt.Notes, "the API refused the request's parameters: their names and formats live in pkg/nanostream/routes.go")
	case rt.HTTPStatus >= 500:
		rt.Status = StatusServerError
		rt.Notes = append(rt.Notes, "the API failed; this says nothing about the contract, and the check does not retry")
	default:
		rt.Status = StatusRefused
	}
}

// loginAnswer reads the login's answer with the plugin's own reading.
func (c *Check) loginAnswer(body []byte, rt *Route) {
	token, err := nanostream.ParseLogin(body)
	if err == nil {
		c.redact.AddToken(token) // before anything of the answer is kept
		c.token = token
	}
	var top map[string]json.RawMessage
	if jsonTypeOfRaw(body) != jsonObject || json.Unmarshal(body, &top) != nil {
		rt.Status = StatusEnvelope
		rt.Notes = append(rt.Notes, "the login's answer is "+bodyShape(rt.ContentType, body)+", not a JSON object")
		return
	}
	tokenField := ""
	for name, raw := range top {
		var s string
		if err == nil && json.Unmarshal(raw, &s) == nil && s == token {
			tokenField = name
		}
	}
	for _, name := range slices.Sorted(maps.Keys(top)) {
		if name != tokenField {
			rt.OtherFields = append(rt.OtherFields, fieldName(c.Redact, name))
		}
	}
	rt.Items = 1
	rt.FieldsVerified = true
	if err != nil {
		rt.Status = StatusFields
		rt.Notes = append(rt.Notes, "the plugin finds no session token in the login's answer")
		return
	}
	rt.Fields = []Field{{Name: fieldName(c.Redact, tokenField), Want: jsonString, Items: 1, Present: 1, Held: true}}
	rt.Status = StatusOK
}

// dataAnswer checks a success answer: the envelope, then every item
// against the fields the client reads, then the client's own decoding.
func (c *Check) dataAnswer(p probe, body []byte, rt *Route) {
	ok := p.decode(p.call.Route, body) == nil
	rt.ClientDecodes = &ok
	if !strings.Contains(strings.ToLower(rt.ContentType), "json") {
		rt.Notes = append(rt.Notes, "the content type is not JSON (the plugin reads the body as JSON regardless)")
	}
	var top map[string]json.RawMessage
	if jsonTypeOfRaw(body) != jsonObject || json.Unmarshal(body, &top) != nil {
		rt.Status = StatusEnvelope
		rt.Notes = append(rt.Notes, "the answer is "+bodyShape(rt.ContentType, body)+", not the JSON envelope {statusCode, statusInfo, data}")
		return
	}
	env := &Envelope{StatusCode: memberType(top, "statusCode"), StatusInfo: memberType(top, "statusInfo"), Data: memberType(top, "data")}
	for _, name := range slices.Sorted(maps.Keys(top)) {
		if name != "statusCode" && name != "statusInfo" && name != "data" {
			env.Other = append(env.Other, fieldName(c.Redact, name))
		}
	}
	rt.Envelope = env
	switch env.Data {
	case jsonNull:
		rt.Status = StatusOK
		rt.Notes = append(rt.Notes, "data is null, the API's empty answer: the fields could not be verified")
		return
	case jsonArray:
	default:
		rt.Status = StatusEnvelope
		rt.Notes = append(rt.Notes, "the envelope's data is "+env.Data+", not a list")
		return
	}
	var items []json.RawMessage
	if json.Unmarshal(top["data"], &items) != nil {
		rt.Status = StatusEnvelope
		return
	}
	rt.Items = len(items)
	check := checkItems(specOf(p.item), items, c.Redact)
	rt.Fields, rt.OtherFields, rt.NotObjects = check.fields, check.other, check.notObjects
	rt.FieldsVerified = len(items) > check.notObjects
	rt.Status = StatusOK
	if !rt.FieldsVerified && rt.NotObjects == 0 {
		rt.Notes = append(rt.Notes, "the data list is empty: the fields could not be verified")
	}
	for _, f := range rt.Fields {
		if !f.Held {
			rt.Status = StatusFields
		}
	}
	if rt.NotObjects > 0 {
		rt.Status = StatusFields
	}
	switch {
	case rt.Status == StatusFields:
		rt.Notes = append(rt.Notes, "the field names the plugin reads are the json tags of "+p.item.String()+" in pkg/nanostream")
	case !ok:
		rt.Status = StatusFields
		rt.Notes = append(rt.Notes, "the plugin's client cannot read the answer")
	}
}

// redactRoute redacts every text of a route that came from the API.
func (c *Check) redactRoute(rt Route) Route {
	r := c.redact.Redact
	rt.ContentType = r(rt.ContentType)
	for i := range rt.Notes {
		rt.Notes[i] = r(rt.Notes[i])
	}
	for i := range rt.OtherFields {
		rt.OtherFields[i] = r(rt.OtherFields[i])
	}
	for i := range rt.Fields {
		rt.Fields[i].Name = r(rt.Fields[i].Name)
	}
	if rt.Envelope != nil {
		for i := range rt.Envelope.Other {
			rt.Envelope.Other[i] = r(rt.Envelope.Other[i])
		}
	}
	if e := rt.Error; e != nil {
		e.Summary, e.Message, e.Parameter = r(e.Summary), r(e.Message), r(e.Parameter)
	}
	return rt
}

// memberType is the JSON type of an object's member, "absent" if missing.
func memberType(obj map[string]json.RawMessage, name string) string {
	raw, ok := obj[name]
	if !ok {
		return "absent"
	}
	return jsonTypeOfRaw(raw)
}

// errorShape says what an error answer's body was.
func errorShape(contentType string, body []byte) string {
	var parsed struct {
		Error json.RawMessage `json:"error"`
	}
	if json.Unmarshal(body, &parsed) == nil && jsonTypeOfRaw(parsed.Error) == jsonObject {
		return "error envelope"
	}
	return bodyShape(contentType, body)
}

// bodyShape names a body's kind without quoting it.
func bodyShape(contentType string, body []byte) string {
	trimmed := bytes.TrimSpace(body)
	switch {
	case len(trimmed) == 0:
		return "empty"
	case strings.Contains(strings.ToLower(contentType), "html") || trimmed[0] == '<':
		return "HTML page"
	case json.Valid(trimmed):
		return "other JSON (" + jsonTypeOfRaw(trimmed) + ")"
	}
	return "not JSON"
}

// namedParameter is the parameter an error answer names: its userInfo's
// parameter, else the sent parameters its message names.
func namedParameter(body []byte, detail string, sent []string, redact func(string) string) string {
	var parsed struct {
		Error struct {
			UserInfo map[string]json.RawMessage `json:"userInfo"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &parsed) == nil {
		var name string
		if json.Unmarshal(parsed.Error.UserInfo["parameter"], &name) == nil && name != "" {
			return cut(redact(name), maxNameRunes)
		}
	}
	var named []string
	for _, p := range sent {
		if regexp.MustCompile(`\b` + regexp.QuoteMeta(p) + `\b`).MatchString(detail) {
			named = append(named, p)
		}
	}
	return strings.Join(named, ", ")
}

// printableURL is a URL without user info, query and fragment.
func printableURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(not a URL)"
	}
	u.User, u.RawQuery, u.Fragment, u.ForceQuery = nil, "", "", false
	return u.String()
}

// cut shortens s to n runes, on one line.
func cut(s string, n int) string {
	s = oneLine(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// pacer spaces the requests.
type pacer struct {
	Pacing
	sent int
	last time.Time
}

// wait waits for the next request's turn.
func (p *pacer) wait(ctx context.Context) error {
	if p.Every > 0 && p.sent >= max(p.Burst, 1) {
		if d := time.Until(p.last.Add(p.Every)); d > 0 {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case <-t.C:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
	p.sent++
	p.last = time.Now()
	return ctx.Err()
}
