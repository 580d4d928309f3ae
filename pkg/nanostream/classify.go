package nanostream

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"syscall"
)

// apiErrorBody is the API's error envelope.
type apiErrorBody struct {
	Error *struct {
		ErrorCode int             `json:"errorCode"`
		Summary   string          `json:"summary"`
		Message   string          `json:"message"`
		UserInfo  json.RawMessage `json:"userInfo"`
	} `json:"error"`
}

// classifyResponse turns a non-2xx answer into an Error.
func classifyResponse(route string, status int, contentType string, body []byte) *Error {
	e := &Error{Route: route, HTTPStatus: status, Kind: kindFromStatus(status)}
	var parsed apiErrorBody
	if json.Unmarshal(body, &parsed) == nil && parsed.Error != nil {
		e.Code = parsed.Error.ErrorCode
		e.Summary = oneLine(parsed.Error.Summary)
		e.Detail = oneLine(apiDetail(parsed.Error.Message, parsed.Error.UserInfo))
		if k := kindFromCode(e.Code); k != "" {
			e.Kind = k
		}
		return e
	}
	if status == http.StatusTooManyRequests ||
		(status == http.StatusBadGateway || status == http.StatusGatewayTimeout) && looksLikeHTML(contentType, body) {
		e.Kind = KindThrottled
	}
	return e
}

// apiDetail is the API's message with its userInfo, the latter in one
// canonical JSON form: escapes such as \u0041 decoded, so that a secret
// inside is seen, and redacted, whatever escapes the API chose.
func apiDetail(message string, userInfo json.RawMessage) string {
	info := canonicalJSON(userInfo)
	if info == "" || info == "null" || info == "{}" {
		return message
	}
	return fmt.Sprintf("%s (%s)", message, info)
}

func canonicalJSON(raw json.RawMessage) string {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return strings.TrimSpace(string(raw))
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if enc.Encode(v) != nil {
		return strings.TrimSpace(string(raw))
	}
	return strings.TrimSpace(buf.String())
}

// oneLine folds the line breaks and runs of spaces of an API's text: a
// message is one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func looksLikeHTML(contentType string, body []byte) bool {
	return strings.Contains(contentType, "text/html") || bytes.HasPrefix(bytes.TrimSpace(body), []byte("<"))
}

func kindFromStatus(status int) Kind {
	switch {
	case status == http.StatusUnauthorized:
		return KindUnauthorized
	case status == http.StatusForbidden:
		return KindForbidden
	case status == http.StatusNotFound:
		return KindNotFound
	case status >= 500:
		return KindUpstream
	}
	return KindBadRequest
}

func kindFromCode(code int) Kind {
	switch {
	case code == 101001 || code == 101010 || code/1000 == 103:
		return KindNotFound
	case code/1000 == 101:
		return KindBadRequest
	case code == 102012 || code == 105001 || code == 105002 || code == 105003:
		return KindForbidden
	case code/1000 == 102 || code == 105011 || code == 105012:
		return KindUnauthorized
	case code/1000 == 104:
		return KindUpstream
	}
	return ""
}

// classifyTransport turns a failure to get any answer into an Error.
func classifyTransport(ctx context.Context, route string, err error) *Error {
	e := &Error{Route: route, cause: err}
	var dnsErr *net.DNSError
	var urlErr *url.Error
	var redirect *redirectError
	switch {
	case errors.As(err, &redirect):
		e.Kind = KindRedirected
		e.Location = redirect.location
	case errors.Is(err, context.Canceled) || errors.Is(ctx.Err(), context.Canceled):
		e.Kind = KindCanceled
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) || isTimeout(err):
		e.Kind = KindTimeout
	case errors.As(err, &dnsErr):
		e.Kind = KindUnreachable
		e.Detail = fmt.Sprintf("the host name %q does not resolve; check the data source URL", dnsErr.Name)
	case errors.Is(err, syscall.ECONNREFUSED):
		e.Kind = KindUnreachable
		e.Detail = "the connection was refused; check the data source URL"
	default:
		e.Kind = KindUnreachable
		if errors.As(err, &urlErr) {
			e.Detail = oneLine(urlErr.Err.Error())
		} else {
			e.Detail = oneLine(err.Error())
		}
	}
	return e
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}
