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
	UID         string                    `json:"uid"`
	Title       string                    `json:"title"`
	Time        struct{ From, To string } `json:"time"`
	Panels      []Panel                   `json:"panels"`
	Templating  struct{ List []Variable } `json:"templating"`
	Annotations struct {
		List []Annotation `json:"list"`
	} `json:"annotations"`
}

// Panel is one dashboard panel; a row carries its panels when collapsed.
type Panel struct {
	ID              int              `json:"id"`
	Type            string           `json:"type"`
	Title           string           `json:"title"`
	Description     string           `json:"description"`
	Datasource      map[string]any   `json:"datasource"`
	TimeFrom        string           `json:"timeFrom"`
	TimeShift       string           `json:"timeShift"`
	MaxDataPoints   int64            `json:"maxDataPoints"`
	Targets         []map[string]any `json:"targets"`
	Panels          []Panel          `json:"panels"`
	FieldConfig     map[string]any   `json:"fieldConfig"`
	Options         map[string]any   `json:"options"`
	Transformations []map[string]any `json:"transformations"`
}

// Variable is a dashboard template variable.
type Variable struct {
	Name    string `json:"name"`
	Type    string `json:"type"`
	Query   any    `json:"query"`
	Multi   bool   `json:"multi"`
	Current struct {
		Value any `json:"value"`
	} `json:"current"`
}

// Annotation is one entry of the dashboard's annotation list: its data
// source, its query (target) and the panels it is drawn on.
type Annotation struct {
	Name       string         `json:"name"`
	Datasource map[string]any `json:"datasource"`
	Enable     bool           `json:"enable"`
	IconColor  string         `json:"iconColor"`
	Target     map[string]any `json:"target"`
	Filter     *struct {
		Exclude bool  `json:"exclude"`
		IDs     []int `json:"ids"`
	} `json:"filter"`
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
// with the template variables at their defaults (All for the filters).
func (d *Dashboard) Requests(now time.Time) ([]PanelRequest, error) {
	start, end, err := d.Range(now)
	if err != nil {
		return nil, err
	}
	values := d.Values()
	var out []PanelRequest
	for _, p := range d.Leaves() {
		start, end := start, end
		if p.TimeFrom != "" {
			span, err := Relative(p.TimeFrom)
			if err != nil {
				return nil, fmt.Errorf("panel %q: %w", p.Title, err)
			}
			start, end = now.Add(-span), now
		}
		if p.TimeShift != "" {
			shift, err := Relative(p.TimeShift)
			if err != nil {
				return nil, fmt.Errorf("panel %q: %w", p.Title, err)
			}
			start, end = start.Add(-shift), end.Add(-shift)
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
			body, err := json.Marshal(Interpolate(target, values))
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

// AnnotationRequests builds the query of every enabled annotation of this
// plugin as Grafana sends it at now: the annotation's target over the
// dashboard's time range, the variables at their defaults.
func (d *Dashboard) AnnotationRequests(now time.Time) ([]PanelRequest, error) {
	start, end, err := d.Range(now)
	if err != nil {
		return nil, err
	}
	values := d.Values()
	var out []PanelRequest
	for _, a := range d.Annotations.List {
		if !a.Enable || a.Target == nil || a.Datasource["type"] != PluginType {
			continue
		}
		body, err := json.Marshal(Interpolate(a.Target, values))
		if err != nil {
			return nil, err
		}
		refID, _ := a.Target["refId"].(string)
		if refID == "" {
			refID = "Anno"
		}
		out = append(out, PanelRequest{Title: a.Name, Type: "annotations", Queries: []backend.DataQuery{{RefID: refID,
			JSON: body, MaxDataPoints: DefaultMaxDataPoints, Interval: time.Minute, TimeRange: backend.TimeRange{From: start, To: end}}}})
	}
	return out, nil
}

// Range is the dashboard's time range at now.
func (d *Dashboard) Range(now time.Time) (from, to time.Time, err error) {
	before, err := Relative(d.Time.From)
	if err != nil {
		return from, to, err
	}
	after, err := Relative(d.Time.To)
	if err != nil {
		return from, to, err
	}
	return now.Add(-before), now.Add(-after), nil
}

// Values is the default value of every single-value variable: the saved
// current value, else a custom variable's first option.
func (d *Dashboard) Values() map[string]string {
	out := map[string]string{}
	for _, v := range d.Templating.List {
		if v.Multi {
			continue
		}
		switch current := v.Current.Value.(type) {
		case string:
			if current != "" && current != "$__all" {
				out[v.Name] = current
				continue
			}
		case []any:
			if len(current) == 1 {
				if s, ok := current[0].(string); ok && s != "$__all" {
					out[v.Name] = s
					continue
				}
			}
		}
		if query, ok := v.Query.(string); ok && v.Type == "custom" {
			first, _, _ := strings.Cut(query, ",")
			if first = strings.TrimSpace(first); first != "" {
				out[v.Name] = first
			}
		}
	}
	return out
}

// Interpolate does what the frontend does with the variables at their
// defaults: list items that are variables ("$stream", multi-value at All)
// are dropped, so a filter of All is no filter, and a field that is one
// single-value variable ("$direction") takes its value from values.
func Interpolate(target map[string]any, values map[string]string) map[string]any {
	out := make(map[string]any, len(target))
	for k, v := range target {
		switch value := v.(type) {
		case []any:
			kept := []any{}
			for _, item := range value {
				if s, ok := item.(string); !ok || !strings.HasPrefix(s, "$") {
					kept = append(kept, item)
				}
			}
			v = kept
		case string:
			if name, ok := variableName(value); ok {
				if replacement, found := values[name]; found {
					v = replacement
				}
			}
		}
		out[k] = v
	}
	return out
}

// variableName is the variable a value consists of: "$name" or "${name}".
func variableName(s string) (string, bool) {
	if strings.HasPrefix(s, "${") && strings.HasSuffix(s, "}") {
		return s[2 : len(s)-1], len(s) > 3
	}
	if strings.HasPrefix(s, "$") && len(s) > 1 && !strings.ContainsAny(s[1:], "${}: ") {
		return s[1:], true
	}
	return "", false
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
