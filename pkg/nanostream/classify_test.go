package nanostream

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// nginx502 is nginx's page when it refuses a request.
const nginx502 = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"

// errorClassCases are answers the client must classify, and how; the fuzz
// targets start from them too.
var errorClassCases = []struct {
	name     string
	reply    reply
	kind     Kind
	contains string
}{
	{"nginx 502 page is throttling", htmlReply(502, nginx502), KindThrottled, "throttling requests (HTTP 502"},
	{"nginx 504 page is throttling", htmlReply(504, strings.ReplaceAll(nginx502, "502 Bad Gateway", "504 Gateway Time-out")), KindThrottled, "HTTP 504"},
	{"an HTML 503 is an upstream failure", htmlReply(503, "<html>down</html>"), KindUpstream, "failed with HTTP 503"},
	{"internal error code", apiErrorReply(500, 104001, "Internal error", "database unavailable"), KindUpstream, "(error 104001, Internal error): database unavailable"},
	{"unknown API key", apiErrorReply(404, 102021, "Invalid API key", "the API key is invalid"), KindUnauthorized, "does not know this API key"},
	{"access level too low", apiErrorReply(403, 105002, "Access level too low", "premium required"), KindForbidden, "access level is too low"},
	{"dashboard-only route", apiErrorReply(403, 105003, "Dashboard only", "not via API"), KindForbidden, "only available in the nanoStream dashboard"},
	{"unknown route", apiErrorReply(404, 101001, "Unknown endpoint", "no such route"), KindNotFound, "does not know this route"},
	{"too many filter values", apiErrorReply(400, 101005, "Too many values", "max 50 streams"), KindBadRequest, "at most 50 per list"},
	{"validation failure", apiErrorReply(400, 101004, "Param validation failed", "from must be a whole hour"), KindBadRequest, "refused the request parameters (error 101004, Param validation failed): from must be a whole hour"},
	{"unknown stream", apiErrorReply(404, 103001, "Stream not found", "nS4kq-nope"), KindNotFound, "stream name is unknown"},
	{"a message over several lines", apiErrorReply(400, 101004, "Param\nvalidation", "from must be\r\na whole hour"), KindBadRequest, "(error 101004, Param validation): from must be a whole hour."},
	{"a body that is not JSON", okReply("OK but not json"), KindMalformed, "cannot be read"},
	{"a truncated body", okReply(`{"statusCode":200,"data":[{"timestamp":1,"maxConcurrentVi`), KindMalformed, "unexpected end of JSON input"},
	{"a success without a data list", okReply(`{"statusCode":200,"statusInfo":"OK"}`), KindMalformed, "no data list"},
	{"a data list of the wrong shape", okReply(`{"data":{"timestamp":1}}`), KindMalformed, "cannot be read"},
}

func TestErrorClasses(t *testing.T) {
	tests := errorClassCases
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.reply)
			defer srv.Close()
			c := newTestClient(t, srv.URL, Config{APIKey: testKey})
			_, _, err := c.MaxViewers(context.Background(), lastHour)
			require.Error(t, err)
			assert.Equal(t, tt.kind, KindOf(err))
			assert.Contains(t, err.Error(), tt.contains)
			assert.True(t, backend.IsDownstreamError(err), "every API failure is downstream")
			assert.NotContains(t, err.Error(), "<html")
			assertSentence(t, err.Error())
		})
	}
}

func TestHTTP429IsThrottling(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, Config{APIKey: testKey})
	_, _, err := c.Countries(context.Background())
	assert.Equal(t, KindThrottled, KindOf(err))
	assert.False(t, c.org.budget.TryTake(), "the budget pauses")
}

func TestUnreachableHosts(t *testing.T) {
	t.Run("connection refused", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		addr := ln.Addr().String()
		require.NoError(t, ln.Close())
		c := newTestClient(t, "http://"+addr, Config{APIKey: testKey})
		_, _, err = c.Countries(context.Background())
		assert.Equal(t, KindUnreachable, KindOf(err))
		assert.Contains(t, err.Error(), "connection was refused")
	})
	t.Run("DNS failure", func(t *testing.T) {
		transport := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{Err: "no such host", Name: "metrics-api.example.invalid", IsNotFound: true}}
		}}
		c := newTestClient(t, "https://metrics-api.example.invalid", Config{APIKey: testKey, HTTPClient: &http.Client{Transport: transport}})
		_, _, err := c.Countries(context.Background())
		assert.Equal(t, KindUnreachable, KindOf(err))
		assert.Contains(t, err.Error(), `the host name "metrics-api.example.invalid" does not resolve`)
	})
}

func TestTimeoutAndCancellation(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	c := newTestClient(t, srv.URL, Config{APIKey: testKey})

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, _, err := c.Countries(ctx)
	assert.Equal(t, KindTimeout, KindOf(err))
	assert.True(t, backend.IsDownstreamError(err))

	ctx, cancel = context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, _, err := c.Countries(ctx)
		done <- err
	}()
	cancel()
	select {
	case err := <-done:
		assert.Equal(t, KindCanceled, KindOf(err))
		assert.True(t, errors.Is(err, context.Canceled))
	case <-time.After(5 * time.Second):
		t.Fatal("a cancelled call kept waiting")
	}
}
