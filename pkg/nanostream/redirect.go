package nanostream

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/go-resty/resty/v2"
)

// maxRedirects bounds the redirects one request follows.
const maxRedirects = 3

// sameOriginOnly follows a redirect only within the origin of the request
// that was redirected: the same scheme, host and port. Credentials travel
// in headers (the API key, the session token) and in the login's body,
// which Go's HTTP client carries along on a redirect: to another origin,
// even the same host on another port, they would reach whoever answers
// there, and from HTTPS to HTTP they would travel in clear. A redirect
// that is not followed ends the request with a *redirectError.
func sameOriginOnly() resty.RedirectPolicy {
	return resty.RedirectPolicyFunc(func(req *http.Request, via []*http.Request) error {
		if len(via) == 0 {
			return nil
		}
		if origin(req.URL) != origin(via[0].URL) {
			return &redirectError{location: displayOrigin(req.URL)}
		}
		if len(via) >= maxRedirects {
			return fmt.Errorf("stopped after %d redirects", maxRedirects)
		}
		return nil
	})
}

// redirectError is a redirect to another origin, which is not followed.
type redirectError struct{ location string }

func (e *redirectError) Error() string {
	return "a redirect to another origin, " + e.location + ", is not followed"
}

// origin compares: the scheme, the host and the port, the default port of
// the scheme written out.
func origin(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[scheme]
	}
	return scheme + "://" + net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// displayOrigin is the origin as a message names it: scheme, host and port
// as written, never a user, a path or a query.
func displayOrigin(u *url.URL) string {
	return strings.ToLower(u.Scheme) + "://" + u.Host
}
