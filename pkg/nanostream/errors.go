package nanostream

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Kind classifies a failed API call.
type Kind string

// The kinds of failure a caller may want to tell apart.
const (
	KindThrottled    Kind = "throttled"    // the API's rate limiter refused (HTML 502/504)
	KindBudget       Kind = "budget"       // the plugin's own request budget had no room in time
	KindUnauthorized Kind = "unauthorized" // credentials wrong, unknown or expired
	KindForbidden    Kind = "forbidden"    // access level too low, dashboard-only route
	KindNotFound     Kind = "notFound"     // unknown route or filter value
	KindBadRequest   Kind = "badRequest"   // the request's parameters were refused
	KindUpstream     Kind = "upstream"     // the API failed (5xx)
	KindMalformed    Kind = "malformed"    // the answer could not be read
	KindRedirected   Kind = "redirected"   // the API redirected to another origin, which is not followed
	KindUnreachable  Kind = "unreachable"  // DNS failure, connection refused
	KindTimeout      Kind = "timeout"      // no answer in time
	KindCanceled     Kind = "canceled"     // the caller gave up
)

// Error is a failed API call, classified once where it happened. Its
// message is one readable sentence and never contains a secret.
type Error struct {
	Kind       Kind
	Route      string
	HTTPStatus int
	Code       int    // the API's six-digit error code, 0 if none
	Summary    string // the API's short name of the error
	Detail     string // the API's message, or what went wrong locally
	// RetryAfter is, for KindBudget, how long until the budget has a
	// token again: when a retry can be sent.
	RetryAfter time.Duration
	// Location is, for KindRedirected, the origin the API redirected to:
	// scheme, host and port, never a path or a query.
	Location string
	cause    error
}

// Error is one sentence: it starts with a capital letter and ends with a
// full stop.
func (e *Error) Error() string {
	if e.Detail == "" {
		return EndSentence(e.sentence())
	}
	return EndSentence(e.sentence() + ": " + e.Detail)
}

func (e *Error) Unwrap() error { return e.cause }

func (e *Error) sentence() string {
	if s, ok := codeSentences[e.Code]; ok {
		return s + fmt.Sprintf(" (error %d)", e.Code)
	}
	switch e.Kind {
	case KindThrottled:
		return fmt.Sprintf("The nanoStream API is throttling requests (HTTP %d from its rate limiter); the data will return once the request budget recovers", e.HTTPStatus)
	case KindBudget:
		return "The nanoStream API's request budget is exhausted: the query could not be sent before its deadline without exceeding the API's rate limit; retry in " + retryIn(e.RetryAfter)
	case KindRedirected:
		return "The nanoStream API redirected the request to " + e.Location + ", another origin than the data source URL's, and the plugin does not follow it, so that no credential leaves the API's origin: check the data source URL"
	case KindUnauthorized:
		return "The nanoStream API refused the credentials" + e.codeSuffix()
	case KindForbidden:
		return "The nanoStream API denied access" + e.codeSuffix()
	case KindNotFound:
		return "The nanoStream API does not know " + e.Route + e.codeSuffix()
	case KindBadRequest:
		return "The nanoStream API refused the request parameters" + e.codeSuffix()
	case KindUpstream:
		return fmt.Sprintf("The nanoStream API failed with HTTP %d", e.HTTPStatus) + e.codeSuffix()
	case KindMalformed:
		return "The nanoStream API sent an answer that cannot be read"
	case KindUnreachable:
		return "The nanoStream API cannot be reached"
	case KindTimeout:
		return "The nanoStream API did not answer in time"
	case KindCanceled:
		return "The request to the nanoStream API was cancelled"
	}
	return "The nanoStream API call failed"
}

func (e *Error) codeSuffix() string {
	switch {
	case e.Code != 0 && e.Summary != "":
		return fmt.Sprintf(" (error %d, %s)", e.Code, e.Summary)
	case e.Code != 0:
		return fmt.Sprintf(" (error %d)", e.Code)
	}
	return ""
}

// codeSentences explains the API error codes a user can act on.
var codeSentences = map[int]string{
	101001: "The nanoStream API does not know this route: check the data source URL and that it ends without /v2",
	101005: "A filter has more values than the nanoStream API accepts (at most 50 per list)",
	101010: "No stream carries all of the selected tags",
	102001: "The nanoStream API does not know this user: check the email address",
	102002: "The nanoStream API rejected the email address or password",
	102011: "The nanoStream API does not know the organisation",
	102012: "The organisation is not enabled for nanoStream Analytics",
	102021: "The nanoStream API does not know this API key: check the key in the data source settings",
	103001: "A selected stream name is unknown to the nanoStream API",
	103002: "A selected tag is unknown to the nanoStream API",
	103003: "A selected country is unknown to the nanoStream API",
	105001: "The nanoStream API denied access to this data",
	105002: "The organisation's analytics access level is too low for this data",
	105003: "This data is only available in the nanoStream dashboard, not through the API",
	105011: "The nanoStream API session token is invalid or expired",
	105012: "The nanoStream API session token is missing",
}

// KindOf returns the kind of a failed call, or "" if err is not one.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return ""
}

// retryIn says a wait in whole seconds, at least one.
func retryIn(d time.Duration) string {
	s := max(1, int(math.Ceil(d.Seconds())))
	if s == 1 {
		return "about a second"
	}
	return fmt.Sprintf("about %d s", s)
}

// EndSentence makes s one sentence: its first letter upper-case and a full
// stop at its end, unless it has one.
func EndSentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	r, size := utf8.DecodeRuneInString(s)
	s = string(unicode.ToUpper(r)) + s[size:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// Sentencef is fmt.Errorf for a message a user reads: the message is one
// sentence (see EndSentence), and %w wraps as usual.
func Sentencef(format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	return &sentenceError{msg: EndSentence(err.Error()), err: err}
}

// sentenceError is an error whose message is one sentence.
type sentenceError struct {
	msg string
	err error
}

func (e *sentenceError) Error() string { return e.msg }

func (e *sentenceError) Unwrap() error { return errors.Unwrap(e.err) }

// excerptRunes is how much of a value a message quotes.
const excerptRunes = 40

// Excerpt quotes the start of a value for a message, so that a message
// about a value of a megabyte does not repeat it.
func Excerpt(s string) string {
	if utf8.RuneCountInString(s) <= excerptRunes {
		return fmt.Sprintf("%q", s)
	}
	runes := []rune(s)
	return fmt.Sprintf("%q…", string(runes[:excerptRunes]))
}
