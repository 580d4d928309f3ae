package loadharness

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/simulator"
)

// maxRecorded bounds the upstream requests remembered per scenario.
const maxRecorded = 5000

// maxShownCalls is the most upstream requests a phase lists by name.
const maxShownCalls = 12

// upstream is the simulator on a loopback port, with a record of the
// requests it received since the last reset.
type upstream struct {
	URL string               // base URL, e.g. http://127.0.0.1:41234
	Sim *simulator.Simulator // the simulator behind it

	srv  *http.Server
	done chan struct{}

	mu    sync.Mutex
	start time.Time
	calls []recordedCall
}

// recordedCall is one request as it arrived and the status it got.
type recordedCall struct {
	at     time.Duration // since the last reset
	method string
	uri    string
	status int
}

// listenUpstream starts a simulator on 127.0.0.1 at an ephemeral port.
func listenUpstream(opts simulator.Options) (*upstream, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	u := &upstream{URL: "http://" + ln.Addr().String(), Sim: simulator.New(opts), done: make(chan struct{}), start: time.Now()}
	u.srv = &http.Server{Handler: u, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		defer close(u.done)
		_ = u.srv.Serve(ln)
	}()
	return u, nil
}

// ServeHTTP records the request, then lets the simulator answer it.
func (u *upstream) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	i := u.record(r)
	u.Sim.ServeHTTP(&statusWriter{ResponseWriter: w, seen: func(code int) { u.setStatus(i, code) }}, r)
}

func (u *upstream) record(r *http.Request) int {
	u.mu.Lock()
	defer u.mu.Unlock()
	if len(u.calls) >= maxRecorded {
		return -1
	}
	u.calls = append(u.calls, recordedCall{at: time.Since(u.start), method: r.Method, uri: r.URL.RequestURI()})
	return len(u.calls) - 1
}

func (u *upstream) setStatus(i, code int) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if i >= 0 && i < len(u.calls) {
		u.calls[i].status = code
	}
}

// reset starts a scenario from zero: counters, throttling and the record.
func (u *upstream) reset() {
	u.Sim.ResetStats()
	u.Sim.ResetThrottle()
	u.mu.Lock()
	defer u.mu.Unlock()
	u.calls, u.start = nil, time.Now()
}

// mark is a position in the record.
func (u *upstream) mark() int {
	u.mu.Lock()
	defer u.mu.Unlock()
	return len(u.calls)
}

// since lists the requests after a mark when there are few enough to read.
func (u *upstream) since(mark int) []string {
	u.mu.Lock()
	defer u.mu.Unlock()
	if mark > len(u.calls) || len(u.calls)-mark > maxShownCalls || len(u.calls) >= maxRecorded {
		return nil
	}
	var out []string
	for _, c := range u.calls[mark:] {
		uri := c.uri
		if plain, err := url.QueryUnescape(uri); err == nil {
			uri = plain
		}
		out = append(out, fmt.Sprintf("+%.3fs %s %s -> %d", c.at.Seconds(), c.method, uri, c.status))
	}
	return out
}

// distinct counts the different requests (method, path and parameters)
// after a mark.
func (u *upstream) distinct(mark int) int {
	u.mu.Lock()
	defer u.mu.Unlock()
	seen := map[string]bool{}
	for _, c := range u.calls[min(mark, len(u.calls)):] {
		seen[c.method+" "+c.uri] = true
	}
	return len(seen)
}

// refreshGaps are the times between two requests for the same panel (the
// same request but for its time range) between two marks.
type refreshGaps struct {
	repeats int           // gaps shorter than the within given: a refresh the budget paid twice
	longest time.Duration // how long the panel that waited longest for a refresh waited
}

// gaps measures refreshGaps between two marks.
func (u *upstream) gaps(from, to int, within time.Duration) refreshGaps {
	u.mu.Lock()
	defer u.mu.Unlock()
	last := map[string]time.Duration{}
	var g refreshGaps
	to = min(to, len(u.calls))
	for _, c := range u.calls[min(from, to):to] {
		panel := c.method + " " + withoutRange(c.uri)
		if at, ok := last[panel]; ok {
			g.longest = max(g.longest, c.at-at)
			if c.at-at < within {
				g.repeats++
			}
		}
		last[panel] = c.at
	}
	return g
}

// withoutRange is a request URI without its from and to parameters.
func withoutRange(uri string) string {
	u, err := url.ParseRequestURI(uri)
	if err != nil {
		return uri
	}
	q := u.Query()
	q.Del("from")
	q.Del("to")
	return u.Path + "?" + q.Encode()
}

// Close stops the server, dropping open connections.
func (u *upstream) Close() {
	_ = u.srv.Close()
	<-u.done
}

// statusWriter reports the status of an answer when it is written.
type statusWriter struct {
	http.ResponseWriter
	seen  func(int)
	wrote bool
}

// WriteHeader reports the status once and passes it on.
func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.wrote = true
		w.seen(code)
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write reports an implicit 200 before the first body bytes.
func (w *statusWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}
