package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/models"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// routeProbe is one small authenticated call to a route family the plugin
// relies on.
type routeProbe struct {
	name string
	call func(ctx context.Context, last nanostream.Series) (nanostream.Call, error)
}

func (d *Datasource) probes() []routeProbe {
	c := d.client
	return []routeProbe{
		{"byte usage", func(ctx context.Context, s nanostream.Series) (nanostream.Call, error) {
			_, call, err := c.Bytes(ctx, s)
			return call, err
		}},
		{"hourly byte usage", func(ctx context.Context, s nanostream.Series) (nanostream.Call, error) {
			_, call, err := c.HourlyBytes(ctx, s)
			return call, err
		}},
		{"viewers", func(ctx context.Context, s nanostream.Series) (nanostream.Call, error) {
			_, call, err := c.MaxViewers(ctx, s)
			return call, err
		}},
		{"usage by stream", func(ctx context.Context, s nanostream.Series) (nanostream.Call, error) {
			_, call, err := c.UsageBreakdown(ctx, nanostream.Breakdown{Range: s.Range, Term: "stream", Direction: "ingest", Limit: 1})
			return call, err
		}},
		{"countries", func(ctx context.Context, _ nanostream.Series) (nanostream.Call, error) {
			_, call, err := c.Countries(ctx)
			return call, err
		}},
	}
}

// probeResult is one route's line in the health check details.
type probeResult struct {
	Name    string `json:"name"`
	Request string `json:"request"`
	OK      bool   `json:"ok"`
	Error   string `json:"error,omitempty"`
}

// CheckHealth makes one small authenticated call per route family, one
// after the other, and names every route that fails.
func (d *Datasource) CheckHealth(ctx context.Context, _ *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	if d.setupErr != nil {
		return healthResult(backend.HealthStatusError, "The data source settings need attention: "+d.setupErr.Error()+".", nil), nil
	}
	hour := d.now().UTC().Truncate(time.Hour)
	last := nanostream.Series{Range: nanostream.Range{From: hour.Add(-time.Hour), To: hour}, Interval: models.IntervalHour}

	ctx = nanostream.Fresh(ctx) // a health check asks the API, never the cache
	var results []probeResult
	var failures []string
	for _, p := range d.probes() {
		call, err := p.call(ctx, last)
		r := probeResult{Name: p.name, Request: call.String(), OK: err == nil}
		results = append(results, r)
		if err == nil {
			continue
		}
		results[len(results)-1].Error = err.Error()
		if stopsAll(err) { // the same answer on every route: say it once
			return healthResult(backend.HealthStatusError, sentence(err.Error()), results), nil
		}
		failures = append(failures, fmt.Sprintf("the %s route is not available: %s", p.name, lowerFirst(err.Error())))
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
	return fmt.Sprintf("Connected to the nanoStream Analytics API at %s: all %d routes the plugin uses answered.", d.settings.URL, routes)
}

// stopsAll: failures that every further route would repeat.
func stopsAll(err error) bool {
	switch nanostream.KindOf(err) {
	case nanostream.KindUnauthorized, nanostream.KindThrottled, nanostream.KindBudget, nanostream.KindUnreachable, nanostream.KindTimeout, nanostream.KindCanceled:
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

// sentence capitalises the first letter and ends with a full stop.
func sentence(s string) string {
	if s == "" {
		return s
	}
	r, size := utf8.DecodeRuneInString(s)
	s = string(unicode.ToUpper(r)) + s[size:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[size:]
}
