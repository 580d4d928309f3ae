package plugin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/calendar"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/models"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// routeProbe is one small authenticated call to a route family the plugin
// relies on.
type routeProbe struct {
	name string
	call func(ctx context.Context) (nanostream.Call, error)
	// unlocks names, for an optional route, what a failure of it makes
	// unavailable: a query type, or a view or split of one.
	unlocks string
}

// routeProbes are the route families the plugin relies on, in the order the
// health check calls them, each with a small request about the last hour.
func (d *Datasource) routeProbes() []routeProbe {
	last := d.lastHour()
	topStream := nanostream.Breakdown{Range: last.Range, Term: nanostream.TermStream, Direction: nanostream.DirectionIngest, Limit: 1}
	c := d.client
	return []routeProbe{
		probe("byte usage", with(c.Bytes, last)),
		probe("hourly byte usage", with(c.HourlyBytes, last)),
		probe("viewers", with(c.MaxViewers, last)),
		probe("usage by stream", with(c.UsageBreakdown, topStream)),
		probe("countries", c.Countries),
	}
}

// optionalProbes are the stream health routes. Several need a higher
// analytics access level, or are kept for the vendor's dashboard: a
// failure of one makes the query types it serves unavailable, and is a
// warning, never a failed health check.
func (d *Datasource) optionalProbes() []routeProbe {
	last := d.lastHour()
	split := nanostream.PlaybackSplit{Series: last, Split: nanostream.SplitStreams, Limit: 1}
	c := d.client
	optional := func(p routeProbe, unlocks string) routeProbe {
		p.unlocks = unlocks
		return p
	}
	return []routeProbe{
		optional(probe("ingest alerts", with(c.IngestAlerts, nanostream.Filter{})), models.QueryIngestAlerts),
		optional(probe("playback start success", with(c.PlaybackSuccess, last)), models.QueryPlaybackStartSuccess),
		optional(probe("playback start success by stream", with(c.PlaybackSuccessSplit, split)), models.QueryPlaybackStartSuccess+" split by stream, tag or country"),
		optional(probe("worst streams", with(c.WorstStreams, last.Range)), models.QueryPlaybackStartSuccess+" worst streams"),
		optional(probe("playback start errors", with(c.PlaybackErrors, last.Range)), models.QueryPlaybackStartErrors),
		optional(probe("buffering ratio", with(c.BufferingRatio, last)), models.QueryBufferingRatio),
		optional(probe("startup time", with(c.StartupTime, last)), models.QueryStartupTime),
	}
}

// lastHour is the probes' request: the last whole hour, in one bucket.
func (d *Datasource) lastHour() nanostream.Series {
	hour := d.now().UTC().Truncate(time.Hour)
	return nanostream.Series{Range: nanostream.Range{From: hour.Add(-time.Hour), To: hour}, Interval: calendar.IntervalHour}
}

// probe makes a route probe of a client call; the answer is dropped.
func probe[T any](name string, fetch func(context.Context) ([]T, nanostream.Call, error)) routeProbe {
	return routeProbe{name: name, call: func(ctx context.Context) (nanostream.Call, error) {
		_, call, err := fetch(ctx)
		return call, err
	}}
}

// with binds a client call to its request.
func with[R, T any](fetch func(context.Context, R) ([]T, nanostream.Call, error), request R) func(context.Context) ([]T, nanostream.Call, error) {
	return func(ctx context.Context) ([]T, nanostream.Call, error) { return fetch(ctx, request) }
}

// probeResult is one route's line in the health check details.
type probeResult struct {
	Name     string `json:"name"`
	Request  string `json:"request"`
	OK       bool   `json:"ok"`
	Optional bool   `json:"optional,omitempty"`
	Error    string `json:"error,omitempty"`
}

// unavailable is a query type (or a view or split of one) an optional
// route's failure makes unavailable, and why.
type unavailable struct {
	QueryType string `json:"queryType"`
	Route     string `json:"route"`
	Reason    string `json:"reason"`
}

// healthMaxAge is the oldest cached answer a health check takes as the
// route's answer. A Save & test after another one a moment ago, even of
// another instance, finds the routes' answers of the same organisation in
// the cache and spends nothing; an older answer says too little about the
// credentials now.
const healthMaxAge = 5 * time.Minute

// CheckHealth makes one small authenticated call per route family, one
// after the other, and names every route that fails. A fresh answer of the
// same organisation in the cache (at most healthMaxAge old) stands in for
// its route, so that a series of saves spends at most one call per route.
// The routes every query type needs come first; a failure of one fails the
// check. The stream health routes follow as optional: a failure of one, an
// access level too low above all, is a warning that names the query types
// it makes unavailable and why, and the check still succeeds.
func (d *Datasource) CheckHealth(ctx context.Context, _ *backend.CheckHealthRequest) (result *backend.CheckHealthResult, _ error) {
	defer func() { d.withSharedState(result) }() // the shared state, in the details
	if d.setupErr != nil {
		return healthResult(backend.HealthStatusError, settingsAttention(d.setupErr), nil, nil), nil
	}
	ctx, cancel := nanostream.WithinDeadline(ctx)
	defer cancel()
	ctx = nanostream.MaxAge(ctx, healthMaxAge)
	var results []probeResult
	var failures []string
	for _, p := range d.routeProbes() {
		call, err := p.call(ctx)
		results = append(results, newProbeResult(p, call, err))
		switch {
		case err == nil:
		case stopsAll(err): // the same answer on every route: say it once
			return healthResult(backend.HealthStatusError, sentence(err.Error()), results, nil), nil
		default:
			failures = append(failures, fmt.Sprintf("the %s route is not available: %s", p.name, clause(err.Error())))
		}
	}
	if len(failures) > 0 {
		return healthResult(backend.HealthStatusError, sentence(strings.Join(failures, "; ")), results, nil), nil
	}
	required := len(results)
	var missing []unavailable
	var reasons []error
	var stop error // a failure every further route would repeat: they are not asked
	for _, p := range d.optionalProbes() {
		call, err := nanostream.Call{}, stop
		if stop == nil {
			call, err = p.call(ctx)
		}
		r := newProbeResult(p, call, err)
		results = append(results, r)
		if err != nil {
			missing = append(missing, unavailable{QueryType: p.unlocks, Route: p.name, Reason: r.Error})
			reasons = append(reasons, err)
			if stopsAll(err) {
				stop = err
			}
		}
	}
	if len(missing) > 0 {
		return healthResult(backend.HealthStatusOk, d.partialMessage(required, missing, reasons), results, missing), nil
	}
	return healthResult(backend.HealthStatusOk, d.okMessage(len(results)), results, nil), nil
}

func newProbeResult(p routeProbe, call nanostream.Call, err error) probeResult {
	r := probeResult{Name: p.name, OK: err == nil, Optional: p.unlocks != ""}
	if call.Route != "" {
		r.Request = call.String()
	}
	if err != nil {
		r.Error = sentence(err.Error())
	}
	return r
}

func (d *Datasource) okMessage(routes int) string {
	switch {
	case d.settings.AuthType == models.AuthSimulator && d.simulator != nil:
		return "No credentials are set, so this data source shows simulated demo data from the built-in simulator. Add an API key or an account to see your organisation's data."
	case d.settings.AuthType == models.AuthSimulator:
		return fmt.Sprintf("No credentials are set, so this data source shows simulated demo data from the simulator at %s. Add an API key or an account to see your organisation's data.", d.settings.SimulatorURL)
	}
	return fmt.Sprintf("%s: all %d routes the plugin uses answered.", d.connected(), routes)
}

// connected says where the data source is connected and how it signed in.
func (d *Datasource) connected() string {
	switch d.settings.AuthType {
	case models.AuthAccount:
		return fmt.Sprintf("Connected to the nanoStream Analytics API at %s, signed in as %s", d.settings.URL, d.settings.Email)
	case models.AuthSimulator:
		url := d.settings.SimulatorURL
		if d.simulator != nil {
			url = "the built-in simulator"
		}
		return "Connected to the simulated nanoStream Analytics API at " + url
	}
	return fmt.Sprintf("Connected to the nanoStream Analytics API at %s with the API key", d.settings.URL)
}

// partialMessage is the message of a health check whose required routes
// answered and some optional ones did not: the query types unavailable,
// grouped by why.
func (d *Datasource) partialMessage(required int, missing []unavailable, reasons []error) string {
	var order []string
	byReason := map[string][]string{}
	for i, m := range missing {
		reason := shortReason(reasons[i])
		if _, ok := byReason[reason]; !ok {
			order = append(order, reason)
		}
		byReason[reason] = appendFeature(byReason[reason], m.QueryType)
	}
	parts := make([]string, len(order))
	for i, reason := range order {
		features := byReason[reason]
		verb := "is"
		if len(features) > 1 {
			verb = "are"
		}
		parts[i] = fmt.Sprintf("%s %s unavailable: %s", joinAnd(features), verb, clause(reason))
	}
	return sentence(fmt.Sprintf("%s: the %d routes every query type needs answered, but %s",
		d.connected(), required, strings.Join(parts, "; ")))
}

// appendFeature adds a feature to a list unless the list holds the query
// type it belongs to: "playbackStartSuccess" covers its split and worst
// streams.
func appendFeature(features []string, feature string) []string {
	for _, f := range features {
		if f == feature || strings.HasPrefix(feature, f+" ") {
			return features
		}
	}
	return append(features, feature)
}

// shortReason is why a route failed, without the API's own message, so
// that the routes refused for the same reason are named together.
func shortReason(err error) string {
	var e *nanostream.Error
	if errors.As(err, &e) {
		short := *e
		short.Detail = ""
		return short.Error()
	}
	return sentence(err.Error())
}

// joinAnd lists values as a sentence does: "a, b and c".
func joinAnd(values []string) string {
	if len(values) < 2 {
		return strings.Join(values, "")
	}
	return strings.Join(values[:len(values)-1], ", ") + " and " + values[len(values)-1]
}

// settingsAttention is the message of a data source whose settings cannot
// be used.
func settingsAttention(err error) string {
	return "The data source settings need attention: " + clause(err.Error()) + "."
}

// stopsAll: failures that every further route would repeat.
func stopsAll(err error) bool {
	switch nanostream.KindOf(err) {
	case nanostream.KindUnauthorized, nanostream.KindThrottled, nanostream.KindBudget, nanostream.KindUnreachable, nanostream.KindTimeout, nanostream.KindCanceled, nanostream.KindRedirected:
		return true
	}
	return false
}

func healthResult(status backend.HealthStatus, message string, routes []probeResult, missing []unavailable) *backend.CheckHealthResult {
	details := map[string]any{"routes": routes}
	if len(missing) > 0 {
		details["unavailable"] = missing
	}
	var lines []string
	for _, r := range routes {
		state := "ok"
		if !r.OK {
			state = r.Error
		}
		request := r.Request
		if request == "" {
			request = "not asked"
		}
		if r.Optional {
			request += ", optional"
		}
		lines = append(lines, fmt.Sprintf("%s (%s): %s", r.Name, request, state))
	}
	for _, m := range missing {
		lines = append(lines, fmt.Sprintf("unavailable: %s (the %s route): %s", m.QueryType, m.Route, m.Reason))
	}
	details["verboseMessage"] = strings.Join(lines, "\n")
	body, _ := json.Marshal(details)
	return &backend.CheckHealthResult{Status: status, Message: message, JSONDetails: body}
}
