package loadharness

import (
	"context"
	"errors"
	"sort"
	"strings"
	"sync"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/simulator"
)

// maxDistinctMessages bounds the distinct error messages kept per phase.
const maxDistinctMessages = 20

// ErrorCount is one distinct error message and how often it was seen.
type ErrorCount struct {
	Message string `json:"message"`
	Count   int    `json:"count"`
}

// Phase is what a group of QueryData requests got and cost upstream.
type Phase struct {
	Requests      int              `json:"requests"`       // QueryData requests sent
	Queries       int              `json:"queries"`        // queries in them
	WithData      int              `json:"withData"`       // answers without error and with at least one value
	Errors        int              `json:"errors"`         // answers with an error, failed requests included
	Deadlines     int              `json:"deadlineErrors"` // of Errors: the request's deadline passed
	Upstream      int64            `json:"upstreamCalls"`  // requests the simulator received
	Throttled     int64            `json:"throttled"`      // of Upstream: answered with the throttling page
	ByRoute       map[string]int64 `json:"upstreamByRoute,omitempty"`
	UpstreamLog   []string         `json:"upstreamLog,omitempty"` // the requests, when there were few
	ElapsedMs     float64          `json:"elapsedMs"`
	ErrorMessages []ErrorCount     `json:"errorMessages,omitempty"`

	// Distinct is the different upstream requests among Upstream (scenario 1).
	Distinct int `json:"distinctUpstreamRequests,omitempty"`
}

// Tally counts the answers of QueryData requests; safe for concurrent use.
type Tally struct {
	mu       sync.Mutex
	phase    Phase
	messages map[string]int
}

// Add counts one request's outcome: its answer or the error of the call.
func (t *Tally) Add(queries []backend.DataQuery, resp *backend.QueryDataResponse, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.phase.Requests++
	t.phase.Queries += len(queries)
	if err != nil {
		t.phase.Errors += len(queries)
		if isDeadline(err) {
			t.phase.Deadlines += len(queries)
		}
		t.note(callMessage(err), len(queries))
		return
	}
	for _, q := range queries {
		res, ok := resp.Responses[q.RefID]
		switch {
		case !ok:
			t.phase.Errors++
			t.note("no answer for refId "+q.RefID, 1)
		case res.Error != nil:
			t.phase.Errors++
			t.note(res.Error.Error(), 1)
		case HasData(res.Frames):
			t.phase.WithData++
		}
	}
}

// note records a message, folding rare ones into "other" past the bound.
func (t *Tally) note(msg string, n int) {
	if t.messages == nil {
		t.messages = map[string]int{}
	}
	msg = strings.TrimSpace(msg)
	if len(msg) > 300 {
		msg = msg[:300] + "…"
	}
	if _, ok := t.messages[msg]; !ok && len(t.messages) >= maxDistinctMessages {
		msg = "(other messages)"
	}
	t.messages[msg] += n
}

// Phase returns the counts so far, messages most frequent first.
func (t *Tally) Phase() Phase {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := t.phase
	out.ErrorMessages = nil
	for msg, n := range t.messages {
		out.ErrorMessages = append(out.ErrorMessages, ErrorCount{Message: msg, Count: n})
	}
	sort.Slice(out.ErrorMessages, func(i, j int) bool {
		a, b := out.ErrorMessages[i], out.ErrorMessages[j]
		return a.Count > b.Count || a.Count == b.Count && a.Message < b.Message
	})
	return out
}

// withUpstream adds what the simulator saw between two snapshots.
func (p Phase) withUpstream(before, after simulator.Stats) Phase {
	p.Upstream = after.Requests - before.Requests
	p.Throttled = after.Throttled - before.Throttled
	p.ByRoute = map[string]int64{}
	for route, n := range after.ByRoute {
		if d := n - before.ByRoute[route]; d > 0 {
			p.ByRoute[route] = d
		}
	}
	return p
}

// HasData tells whether any numeric field of the frames holds a value.
func HasData(frames data.Frames) bool {
	for _, f := range frames {
		for _, field := range f.Fields {
			if !field.Type().Numeric() {
				continue
			}
			for i := 0; i < field.Len(); i++ {
				if v, ok := field.ConcreteAt(i); ok && v != nil {
					return true
				}
			}
		}
	}
	return false
}

// failed tells whether a request or any of its queries failed.
func failed(queries []backend.DataQuery, resp *backend.QueryDataResponse, err error) bool {
	if err != nil {
		return true
	}
	for _, q := range queries {
		if res, ok := resp.Responses[q.RefID]; !ok || res.Error != nil {
			return true
		}
	}
	return false
}

// isDeadline tells whether a call failed because its deadline passed.
func isDeadline(err error) bool {
	return errors.Is(err, context.DeadlineExceeded)
}

// callMessage names a failed QueryData call.
func callMessage(err error) string {
	if isDeadline(err) {
		return "QueryData call failed: the request's deadline passed"
	}
	return "QueryData call failed: " + err.Error()
}
