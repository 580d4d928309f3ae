// Package dashboards reads provisioned Grafana dashboards and builds every
// panel's query request as Grafana sends it to this plugin. The end-to-end
// tests and the load harness use it.
package dashboards

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// PluginType is the data source type whose targets are sent.
const PluginType = "nanostream-analytics-datasource"

// DefaultMaxDataPoints is what a panel about 1200 pixels wide asks for,
// the max data points of a panel that sets none.
const DefaultMaxDataPoints = 1200

// Dashboard is the part of a provisioned dashboard that is read.
type Dashboard struct {
	UID    string                    `json:"uid"`
	Title  string                    `json:"title"`
	Time   struct{ From, To string } `json:"time"`
	Panels []Panel                   `json:"panels"`
}

// Panel is one dashboard panel; a row carries its panels when collapsed.
type Panel struct {
	ID            int              `json:"id"`
	Type          string           `json:"type"`
	Title         string           `json:"title"`
	Datasource    map[string]any   `json:"datasource"`
	TimeFrom      string           `json:"timeFrom"`
	MaxDataPoints int64            `json:"maxDataPoints"`
	Targets       []map[string]any `json:"targets"`
	Panels        []Panel          `json:"panels"`
}

// PanelRequest is one panel's queries, which Grafana sends as one QueryData.
type PanelRequest struct {
	Title   string
	Type    string // the panel plugin, e.g. stat or timeseries
	Queries []backend.DataQuery
}

// Read reads a dashboard JSON file.
func Read(path string) (*Dashboard, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	d, err := Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}

// Parse decodes a dashboard's JSON.
func Parse(raw []byte) (*Dashboard, error) {
	var d Dashboard
	if err := json.Unmarshal(raw, &d); err != nil {
		return nil, err
	}
	if d.Time.From == "" {
		d.Time.From = "now-6h" // Grafana's default
	}
	if d.Time.To == "" {
		d.Time.To = "now"
	}
	return &d, nil
}

// Leaves lists the panels that show data, rows flattened.
func (d *Dashboard) Leaves() []Panel {
	return leaves(d.Panels)
}

func leaves(panels []Panel) []Panel {
	var out []Panel
	for _, p := range panels {
		if p.Type == "row" {
			out = append(out, leaves(p.Panels)...)
			continue
		}
		out = append(out, p)
	}
	return out
}

// Requests builds every panel's request as Grafana would send it at now,
// with the template variables at their All default.
func (d *Dashboard) Requests(now time.Time) ([]PanelRequest, error) {
	from, err := Relative(d.Time.From)
	if err != nil {
		return nil, err
	}
	to, err := Relative(d.Time.To)
	if err != nil {
		return nil, err
	}
	var out []PanelRequest
	for _, p := range d.Leaves() {
		start, end := now.Add(-from), now.Add(-to)
		if p.TimeFrom != "" {
			span, err := Relative(p.TimeFrom)
			if err != nil {
				return nil, fmt.Errorf("panel %q: %w", p.Title, err)
			}
			start, end = now.Add(-span), now
		}
		maxPoints := p.MaxDataPoints
		if maxPoints <= 0 {
			maxPoints = DefaultMaxDataPoints
		}
		req := PanelRequest{Title: p.Title, Type: p.Type}
		for i, target := range p.Targets {
			if ds, ok := target["datasource"].(map[string]any); ok && ds["type"] != nil && ds["type"] != PluginType {
				continue
			}
			body, err := json.Marshal(Interpolate(target))
			if err != nil {
				return nil, err
			}
			refID, _ := target["refId"].(string)
			if refID == "" {
				refID = string(rune('A' + i))
			}
			req.Queries = append(req.Queries, backend.DataQuery{RefID: refID, JSON: body, MaxDataPoints: maxPoints,
				Interval: time.Minute, TimeRange: backend.TimeRange{From: start, To: end}})
		}
		if len(req.Queries) > 0 {
			out = append(out, req)
		}
	}
	return out, nil
}

// Interpolate does what the frontend does with multi-value variables at
// their All default: list items that are variables ("$stream") are dropped,
// so a filter of All is no filter.
func Interpolate(target map[string]any) map[string]any {
	out := make(map[string]any, len(target))
	for k, v := range target {
		if list, ok := v.([]any); ok {
			kept := []any{}
			for _, item := range list {
				if s, ok := item.(string); !ok || !strings.HasPrefix(s, "$") {
					kept = append(kept, item)
				}
			}
			v = kept
		}
		out[k] = v
	}
	return out
}

// Relative turns a relative time ("now", "now-24h", a panel's "15m", "7d")
// into how long before now it lies.
func Relative(expr string) (time.Duration, error) {
	expr = strings.TrimSpace(expr)
	if expr == "now" {
		return 0, nil
	}
	s := strings.TrimPrefix(expr, "now-")
	if len(s) < 2 {
		return 0, fmt.Errorf("unsupported relative time %q", expr)
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n < 0 {
		return 0, fmt.Errorf("unsupported relative time %q", expr)
	}
	units := map[byte]time.Duration{'s': time.Second, 'm': time.Minute, 'h': time.Hour, 'd': 24 * time.Hour,
		'w': 7 * 24 * time.Hour, 'M': 30 * 24 * time.Hour, 'y': 365 * 24 * time.Hour}
	unit, ok := units[s[len(s)-1]]
	if !ok {
		return 0, fmt.Errorf("unsupported relative time %q", expr)
	}
	return time.Duration(n) * unit, nil
}
