package plugin

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// recordingLogger keeps every line as "level message key=value …".
type recordingLogger struct {
	mu    *sync.Mutex
	lines *[]string
}

func newRecordingLogger() recordingLogger {
	return recordingLogger{mu: &sync.Mutex{}, lines: &[]string{}}
}

func (l recordingLogger) add(level, msg string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	*l.lines = append(*l.lines, strings.TrimSpace(level+" "+msg+" "+fmt.Sprintln(args...)))
}
func (l recordingLogger) Debug(msg string, args ...any)          { l.add("debug", msg, args...) }
func (l recordingLogger) Info(msg string, args ...any)           { l.add("info", msg, args...) }
func (l recordingLogger) Warn(msg string, args ...any)           { l.add("warn", msg, args...) }
func (l recordingLogger) Error(msg string, args ...any)          { l.add("error", msg, args...) }
func (l recordingLogger) With(...any) log.Logger                 { return l }
func (l recordingLogger) Level() log.Level                       { return log.Debug }
func (l recordingLogger) FromContext(context.Context) log.Logger { return l }
func (l recordingLogger) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), *l.lines...)
}

const testSecret = "s3cr3t-api-key-0001"

func testScope(route string) nanostream.Scope {
	return nanostream.Scope{Route: route, Org: "0123456789ab", Redact: func(s string) string {
		return strings.ReplaceAll(s, testSecret, "[redacted]")
	}}
}

func TestObserverCountsKnownEvents(t *testing.T) {
	reg := prometheus.NewPedanticRegistry()
	logger := newRecordingLogger()
	o := newObserver(reg, logger)
	ctx := context.Background()
	countries, bytes := testScope(nanostream.RouteCountries), testScope(nanostream.RouteBytes)

	// two identical calls, one answered upstream, one from the cache; one shared; one other
	for _, cache := range []nanostream.CacheStatus{nanostream.CacheMiss, nanostream.CacheHit, nanostream.CacheShared} {
		_, done := o.Call(ctx, countries)
		done(cache, nil)
	}
	o.BudgetWaited(ctx, countries, 1500*time.Millisecond, nanostream.BudgetTurn)
	o.Exchange(ctx, countries, nanostream.Exchange{Outcome: "ok", HTTPStatus: 200, Duration: 30 * time.Millisecond})
	// three throttled answers: one episode
	for range 3 {
		o.Exchange(ctx, bytes, nanostream.Exchange{Outcome: "throttled", HTTPStatus: 502, Duration: time.Millisecond, Pause: 2 * time.Second})
	}
	_, done := o.Call(ctx, bytes)
	done(nanostream.CacheMiss, &nanostream.Error{Kind: nanostream.KindBudget, Route: nanostream.RouteBytes})
	o.Exchange(ctx, testScope(nanostream.RouteAuthenticate), nanostream.Exchange{Outcome: "ok", HTTPStatus: 200})
	o.Undecodable(ctx, bytes, errors.New("cut short"))

	assert.Equal(t, 1.0, value(t, reg, "nanostream_calls_total", nanostream.RouteCountries, "miss", "ok"))
	assert.Equal(t, 1.0, value(t, reg, "nanostream_calls_total", nanostream.RouteCountries, "hit", "ok"))
	assert.Equal(t, 1.0, value(t, reg, "nanostream_calls_total", nanostream.RouteCountries, "shared", "ok"))
	assert.Equal(t, 1.0, value(t, reg, "nanostream_calls_total", nanostream.RouteBytes, "miss", "budget"))
	assert.Equal(t, 1.0, value(t, reg, "nanostream_upstream_requests_total", nanostream.RouteCountries, "ok"))
	assert.Equal(t, 3.0, value(t, reg, "nanostream_upstream_requests_total", nanostream.RouteBytes, "throttled"))
	assert.Equal(t, 1.0, value(t, reg, "nanostream_throttling_pauses_total"))
	assert.Equal(t, 6.0, value(t, reg, "nanostream_throttling_pause_seconds_total"))
	assert.Equal(t, 1.0, value(t, reg, "nanostream_logins_total", "ok"))
	assert.Equal(t, 1.0, value(t, reg, "nanostream_undecodable_answers_total", nanostream.RouteBytes))
	assert.Equal(t, 1.0, value(t, reg, "nanostream_budget_wait_seconds", "turn"))
}

func TestObserverLogsOncePerEpisode(t *testing.T) {
	logger := newRecordingLogger()
	o := newObserver(prometheus.NewRegistry(), logger)
	ctx := context.Background()
	bytes, viewers := testScope(nanostream.RouteBytes), testScope(nanostream.RouteMaxViewers)
	echoed := &nanostream.Error{Kind: nanostream.KindForbidden, Route: nanostream.RouteMaxViewers, HTTPStatus: 403, Code: 105002,
		Detail: "level too low for key " + testSecret}

	for range 5 { // one throttling episode, then the API answers again
		o.Exchange(ctx, bytes, nanostream.Exchange{Outcome: "throttled", HTTPStatus: 502, Pause: 2 * time.Second})
	}
	o.Exchange(ctx, bytes, nanostream.Exchange{Outcome: "ok", HTTPStatus: 200})
	o.Exchange(ctx, bytes, nanostream.Exchange{Outcome: "ok", HTTPStatus: 200})
	for range 4 { // a route refused with the secret echoed
		o.Exchange(ctx, viewers, nanostream.Exchange{Outcome: "forbidden", HTTPStatus: 403, Code: 105002, Err: echoed})
	}
	for range 3 { // the budget exhausted for a while, then a turn
		_, done := o.Call(ctx, bytes)
		done(nanostream.CacheMiss, &nanostream.Error{Kind: nanostream.KindBudget})
	}
	o.BudgetWaited(ctx, bytes, 0, nanostream.BudgetTurn)
	for range 2 { // logins refused, then accepted, then renewed
		o.Exchange(ctx, testScope(nanostream.RouteAuthenticate), nanostream.Exchange{Outcome: "unauthorized", HTTPStatus: 401, Code: 102002})
	}
	o.Exchange(ctx, testScope(nanostream.RouteAuthenticate), nanostream.Exchange{Outcome: "ok", HTTPStatus: 200})
	o.Exchange(ctx, testScope(nanostream.RouteAuthenticate), nanostream.Exchange{Outcome: "ok", HTTPStatus: 200})
	for range 3 { // undecodable answers, then a decoded one
		o.Undecodable(ctx, bytes, errors.New("cut short"))
	}
	_, done := o.Call(ctx, bytes)
	done(nanostream.CacheMiss, nil)

	lines := logger.all()
	var messages []string
	for _, l := range lines {
		assert.NotContains(t, l, testSecret)
		messages = append(messages, strings.Fields(l)[0])
	}
	assert.Equal(t, []string{
		"warn", "info", // throttling began, ended
		"warn",         // the route refused, once
		"warn", "info", // budget exhausted, room again
		"warn", "info", // login refused, accepted again
	}, messages[:7], strings.Join(lines, "\n"))
	require.Len(t, lines, 11, strings.Join(lines, "\n"))
	assert.Contains(t, lines[1], "throttledAnswers 5")
	assert.Contains(t, lines[2], "code 105002")
	assert.Contains(t, lines[2], "[redacted]")
	assert.Contains(t, lines[4], "exhaustedCalls 3")
	assert.Contains(t, lines[7], "Logged in to the nanoStream API")
	assert.Contains(t, lines[8], "Renewed the nanoStream API session token")
	assert.Contains(t, lines[9], "cannot be decoded")
	assert.Contains(t, lines[10], "undecodable 3")
}

// value is the value of the metric name with the label values given, in
// any order: a counter's value, a histogram's sample count.
func value(t *testing.T, reg prometheus.Gatherer, name string, labels ...string) float64 {
	t.Helper()
	families, err := reg.Gather()
	require.NoError(t, err)
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			if !sameLabels(m, labels) {
				continue
			}
			if f.GetType() == dto.MetricType_HISTOGRAM {
				return float64(m.GetHistogram().GetSampleCount())
			}
			return m.GetCounter().GetValue()
		}
	}
	return 0
}

func sameLabels(m *dto.Metric, values []string) bool {
	if len(m.GetLabel()) != len(values) {
		return false
	}
	have := map[string]bool{}
	for _, l := range m.GetLabel() {
		have[l.GetValue()] = true
	}
	for _, v := range values {
		if !have[v] {
			return false
		}
	}
	return true
}
