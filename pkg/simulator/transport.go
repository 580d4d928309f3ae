package simulator

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync/atomic"
)

// BuiltInURL is the base URL a client of a Transport uses. The .invalid
// domain never resolves, so a request that misses the transport fails
// instead of leaving the machine.
const BuiltInURL = "http://nanostream-simulator.invalid"

// ErrTransportClosed is the error of a request sent after Close.
var ErrTransportClosed = errors.New("the built-in simulator is stopped")

// Transport is a simulator behind an http.RoundTripper: it answers in
// memory, in the caller's goroutine, and opens no socket. Its admin routes
// are off; the Go API (Sim) steers it.
type Transport struct {
	URL    string     // base URL for clients: BuiltInURL
	Sim    *Simulator // the simulator behind it
	closed atomic.Bool
}

var _ http.RoundTripper = (*Transport)(nil)

// NewTransport builds a simulator that answers in memory.
func NewTransport(opts Options) *Transport {
	opts.Admin = false
	return &Transport{URL: BuiltInURL, Sim: New(opts)}
}

// Close makes every later request fail with ErrTransportClosed.
func (t *Transport) Close() {
	t.closed.Store(true)
}

// RoundTrip answers req as the simulator's HTTP server would. A request
// abandoned before its answer is complete ends with its context's error.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		defer req.Body.Close()
	}
	if t.closed.Load() {
		return nil, ErrTransportClosed
	}
	ctx := req.Context()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rec := &recorder{header: http.Header{}}
	t.Sim.ServeHTTP(rec, serverRequest(req))
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return rec.response(req), nil
}

// serverRequest is req as a server's handler sees it.
func serverRequest(req *http.Request) *http.Request {
	in := req.Clone(req.Context())
	in.RequestURI = req.URL.RequestURI()
	in.RemoteAddr = "in-memory"
	if in.Host == "" {
		in.Host = req.URL.Host
	}
	if in.Body == nil {
		in.Body = http.NoBody
	}
	return in
}

// recorder collects a handler's answer. Like net/http, it sends the headers
// as they were at WriteHeader.
type recorder struct {
	header http.Header
	sent   http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.sent != nil {
		return
	}
	r.status, r.sent = status, r.header.Clone()
}

func (r *recorder) Write(p []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	return r.body.Write(p)
}

// response is the recorded answer to req.
func (r *recorder) response(req *http.Request) *http.Response {
	r.WriteHeader(http.StatusOK)
	r.sent.Set("Content-Length", strconv.Itoa(r.body.Len()))
	var body io.ReadCloser = io.NopCloser(bytes.NewReader(r.body.Bytes()))
	if req.Method == http.MethodHead {
		body = http.NoBody
	}
	return &http.Response{
		Status:        fmt.Sprintf("%d %s", r.status, http.StatusText(r.status)),
		StatusCode:    r.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        r.sent,
		Body:          body,
		ContentLength: int64(r.body.Len()),
		Request:       req,
	}
}
