package plugin

import (
	"context"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/backend/tracing"
	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// processObserver records the metrics, log lines and traces of every API
// client of the process. Its metrics are registered once, on the registry
// the SDK serves to Grafana (/api/plugins/<id>/metrics).
var processObserver = newObserver(prometheus.DefaultRegisterer, log.DefaultLogger)

// Buckets of the latency of an exchange with the API and of a wait for the
// request budget, in seconds: the budget holds a query up to its deadline,
// and a throttling pause lasts up to a minute.
var (
	latencyBuckets = []float64{0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}
	waitBuckets    = []float64{0, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60}
)

// observer is the plugin's nanostream.Observer: Prometheus metrics with
// labels of bounded cardinality (route constants, kinds of failure, cache
// statuses), a span per call through the SDK's tracer, and log lines
// through the SDK's context logger, once per episode (see logs.go).
type observer struct {
	requests    *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	calls       *prometheus.CounterVec
	budgetWait  *prometheus.HistogramVec
	pauses      prometheus.Counter
	pausedFor   prometheus.Counter
	logins      *prometheus.CounterVec
	undecodable *prometheus.CounterVec

	logs *episodeLog
}

var _ nanostream.Observer = (*observer)(nil)

// newObserver registers the metrics on reg and logs through logger.
func newObserver(reg prometheus.Registerer, logger log.Logger) *observer {
	const ns = "nanostream"
	o := &observer{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "upstream_requests_total",
			Help: "HTTP requests sent to the nanoStream API, login included, by route and outcome (ok or the kind of failure)."},
			[]string{"route", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: ns, Name: "upstream_request_duration_seconds",
			Help: "Time from sending a request to the nanoStream API to its answer, by route.", Buckets: latencyBuckets},
			[]string{"route"}),
		calls: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "calls_total",
			Help: "Calls of the API client by route, how the answer cache served them (hit, miss, shared, stale, off) and outcome."},
			[]string{"route", "cache", "outcome"}),
		budgetWait: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: ns, Name: "budget_wait_seconds",
			Help: "Time requests waited for the organisation's request budget, by how the wait ended (turn, exhausted, gaveUp).", Buckets: waitBuckets},
			[]string{"outcome"}),
		pauses: prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Name: "throttling_pauses_total",
			Help: "Throttling episodes: runs of throttled answers of an organisation until the API answered again."}),
		pausedFor: prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Name: "throttling_pause_seconds_total",
			Help: "Time the request budget was paused after the API throttled, as announced when each throttled answer came."}),
		logins: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "logins_total",
			Help: "Logins to the nanoStream API (account authentication) by outcome."},
			[]string{"outcome"}),
		undecodable: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "undecodable_answers_total",
			Help: "Answers of the nanoStream API that came with success but could not be decoded, by route."},
			[]string{"route"}),
		logs: newEpisodeLog(logger, time.Now),
	}
	reg.MustRegister(o.requests, o.latency, o.calls, o.budgetWait, o.pauses, o.pausedFor, o.logins, o.undecodable)
	return o
}

// Call starts the call's span; its end counts the call and ends the span.
func (o *observer) Call(ctx context.Context, s nanostream.Scope) (context.Context, func(nanostream.CacheStatus, error)) {
	ctx, span := tracing.DefaultTracer().Start(ctx, "nanostream "+s.Route,
		trace.WithAttributes(attribute.String("nanostream.route", s.Route)))
	return ctx, func(cache nanostream.CacheStatus, err error) {
		outcome := nanostream.Outcome(err)
		o.calls.WithLabelValues(s.Route, string(cache), outcome).Inc()
		span.SetAttributes(attribute.String("nanostream.cache", string(cache)), attribute.String("nanostream.outcome", outcome))
		if err != nil {
			span.SetStatus(codes.Error, redactErr(s, err))
		} else {
			o.logs.answered(ctx, s, cache)
		}
		if nanostream.KindOf(err) == nanostream.KindBudget {
			o.logs.budgetExhausted(ctx, s, err)
		}
		span.End()
	}
}

// Exchange counts an HTTP exchange and logs what an operator looks for.
func (o *observer) Exchange(ctx context.Context, s nanostream.Scope, x nanostream.Exchange) {
	o.requests.WithLabelValues(s.Route, x.Outcome).Inc()
	if x.HTTPStatus != 0 {
		o.latency.WithLabelValues(s.Route).Observe(x.Duration.Seconds())
	}
	if s.Route == nanostream.RouteAuthenticate {
		o.logins.WithLabelValues(x.Outcome).Inc()
	}
	if x.Outcome == string(nanostream.KindThrottled) {
		o.pausedFor.Add(x.Pause.Seconds())
		if o.logs.throttled(ctx, s, x) {
			o.pauses.Inc()
		}
		return
	}
	o.logs.exchanged(ctx, s, x)
}

// BudgetWaited observes a wait for the budget.
func (o *observer) BudgetWaited(ctx context.Context, s nanostream.Scope, waited time.Duration, outcome nanostream.BudgetOutcome) {
	o.budgetWait.WithLabelValues(string(outcome)).Observe(waited.Seconds())
	if outcome == nanostream.BudgetTurn {
		o.logs.turn(ctx, s)
	}
}

// Undecodable counts an answer that could not be decoded.
func (o *observer) Undecodable(ctx context.Context, s nanostream.Scope, err error) {
	o.undecodable.WithLabelValues(s.Route).Inc()
	o.logs.undecodable(ctx, s, err)
}
