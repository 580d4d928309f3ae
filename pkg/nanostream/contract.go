package nanostream

import (
	"encoding/json"
	"net/url"
)

// What a check of the API contract needs from the client: the requests
// exactly as the client builds them, the login's body, the reading of an
// error answer and the redaction of secrets. Such a check sends each
// request itself, outside the client's choke point (no cache, no budget, no
// retry), to see the raw answer.

// AccessTokenHeader carries the session token of account mode.
const AccessTokenHeader = headerAccessToken // #nosec G101 -- the name of a header, not a credential

// SeriesCall is the request the client sends for a time series route.
func SeriesCall(route string, s Series) Call { return s.call(route) }

// RangeCall is the request the client sends for a route that takes a time
// range and the filters but no interval.
func RangeCall(route string, r Range) Call { return r.rangeCall(route) }

// BreakdownCall is the request the client sends for a usage breakdown.
func BreakdownCall(b Breakdown) Call { return b.call() }

// PlaybackSplitCall is the request the client sends for a split success
// ratio.
func PlaybackSplitCall(p PlaybackSplit) Call { return p.call() }

// IngestAlertsCall is the request the client sends for the ingest alerts.
func IngestAlertsCall(f Filter) Call {
	v := url.Values{}
	setList(v, paramStreamNames, f.StreamNames)
	setList(v, paramTags, f.Tags)
	setList(v, paramCountries, f.Countries)
	return Call{Route: RouteIngestAlerts, Params: v}
}

// LoginBody is the JSON body of the login request.
func LoginBody(email, password string) ([]byte, error) {
	return json.Marshal(loginRequest{Email: email, Password: password})
}

// ResponseError reads an answer outside 2xx as the client does: its kind,
// the API's error code, summary and message. Its texts are not redacted.
func ResponseError(route string, status int, contentType string, body []byte) *Error {
	return classifyResponse(route, status, contentType, body)
}

// Redactor removes secrets from text in every form the client knows (see
// Client.Redact). It is safe for concurrent use.
type Redactor struct{ r redactor }

// NewRedactor builds a redactor of the given secrets; empty ones are left
// out.
func NewRedactor(secrets ...string) *Redactor {
	r := &Redactor{}
	for _, s := range secrets {
		r.r.add(s)
	}
	return r
}

// AddToken registers a session token, before any request carries it.
func (r *Redactor) AddToken(token string) { r.r.addToken(token) }

// Redact replaces every known form of every secret in s.
func (r *Redactor) Redact(s string) string { return r.r.redact(s) }
