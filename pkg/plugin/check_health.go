package plugin

import (
	"context"
	"encoding/json"
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
}

// routeProbes are the route families the plugin relies on, in the order the
// health check calls them, each with a small request about the last hour.
func (d *Datasource) routeProbes() []routeProbe {
	hour := d.now().UTC().Truncate(time.Hour)
	last := nanostream.Series{Range: nanostream.Range{From: hour.Add(-time.Hour), To: hour}, Interval: calendar.IntervalHour}
	topStream := nanostream.Breakdown{Range: last.Range, Term: "stream", Direction: "ingest", Limit: 1}
	c := d.client
	return []routeProbe{
		probe("byte usage", with(c.Bytes, last)),
		probe("hourly byte usage", with(c.HourlyBytes, last)),
		probe("viewers", with(c.MaxViewers, last)),
		probe("usage by stream", with(c.UsageBreakdown, topStream)),
		probe("countries", c.Countries),
	}
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
	Name    string `json:"name"`
	Request string `json:"request"`
	OK      bool   `json:"ok"`
	Error   string `json:"error,omitempty"`
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
func (d *Datasource) CheckHealth(ctx context.Context, _ *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	if d.setupErr != nil {
		return healthResult(backend.HealthStatusError, settingsAttention(d.setupErr), nil), nil
	}
	ctx, cancel := nanostream.WithinDeadline(ctx)
	defer cancel()
	ctx = nanostream.MaxAge(ctx, healthMaxAge)
	var results []probeResult
	var failures []string
	for _, p := range d.routeProbes() {
		call, err := p.call(ctx)
		r := probeResult{Name: p.name, Request: call.String(), OK: err == nil}
		if err != nil {
			r.Error = err.Error()
		}
		results = append(results, r)
		switch {
		case err == nil:
		case stopsAll(err): // the same answer on every route: say it once
			return healthResult(backend.HealthStatusError, sentence(err.Error()), results), nil
		default:
			failures = append(failures, fmt.Sprintf("the %s route is not available: %s", p.name, clause(err.Error())))
		}
	}
	if len(failures) > 0 {
		return healthResult(backend.HealthStatusError, sentence(strings.Join(failures, "; ")), results), nil
	}
	return healthResult(backend.HealthStatusOk, d.okMessage(len(results)), results), nil
}

func (d *Datasource) okMessage(routes int) string {
	switch {
	case d.settings.AuthType == models.AuthSimulator && d.simulator != nil:
		return "No credentials are set, so this data source shows simulated demo data from the built-in simulator. Add an API key or an account to see your organisation's data."
	case d.settings.AuthType == models.AuthSimulator:
		return fmt.Sprintf("No credentials are set, so this data source shows simulated demo data from the simulator at %s. Add an API key or an account to see your organisation's data.", d.settings.SimulatorURL)
	}
	if d.settings.AuthType == models.AuthAccount {
		return fmt.Sprintf("Connected to the nanoStream Analytics API at %s, signed in as %s: all %d routes the plugin uses answered.", d.settings.URL, d.settings.Email, routes)
	}
	return fmt.Sprintf("Connected to the nanoStream Analytics API at %s with the API key: all %d routes the plugin uses answered.", d.settings.URL, routes)
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

func healthResult(status backend.HealthStatus, message string, routes []probeResult) *backend.CheckHealthResult {
	details := map[string]any{"routes": routes}
	var lines []string
	for _, r := range routes {
		state := "ok"
		if !r.OK {
			state = r.Error
		}
		lines = append(lines, fmt.Sprintf("%s (%s): %s", r.Name, r.Request, state))
	}
	details["verboseMessage"] = strings.Join(lines, "\n")
	body, _ := json.Marshal(details)
	return &backend.CheckHealthResult{Status: status, Message: message, JSONDetails: body}
}
