package e2e

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// A small stand-in for the Grafana transformations the provisioned
// dashboards use, so that a panel's shape is checked on the data it shows,
// and for the field names a panel refers to (overrides, reduce options,
// axes, map layers, data links), which have to name a field of that data.

// displayName is the name Grafana shows for a field and matches a name
// against: the data source's display name, else the field's name.
func displayName(f *data.Field) string {
	if f.Config != nil && f.Config.DisplayName != "" {
		return f.Config.DisplayName
	}
	if f.Config != nil && f.Config.DisplayNameFromDS != "" {
		return f.Config.DisplayNameFromDS
	}
	return f.Name
}

// findField is the field of fr named name, by display name or name.
func findField(fr *data.Frame, name string) *data.Field {
	for _, f := range fr.Fields {
		if displayName(f) == name {
			return f
		}
	}
	for _, f := range fr.Fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// transform applies a panel's transformations in order.
func transform(frames data.Frames, transformations []map[string]any) (data.Frames, error) {
	var err error
	for _, tr := range transformations {
		opts, _ := tr["options"].(map[string]any)
		switch tr["id"] {
		case "filterByValue":
			frames, err = filterByValue(frames, opts)
		case "reduce":
			frames, err = reduceFields(frames, opts)
		case "calculateField":
			frames, err = calculateBinary(frames, opts)
		default:
			err = fmt.Errorf("transformation %v is not known here", tr["id"])
		}
		if err != nil {
			return nil, err
		}
	}
	return frames, nil
}

// filterByValue keeps (include) or drops (exclude) the rows whose fields
// equal a value.
func filterByValue(frames data.Frames, opts map[string]any) (data.Frames, error) {
	include := opts["type"] == "include"
	var out data.Frames
	for _, fr := range frames {
		var tests []func(row int) bool
		for _, raw := range opts["filters"].([]any) {
			filter := raw.(map[string]any)
			name, _ := filter["fieldName"].(string)
			f := findField(fr, name)
			if f == nil {
				return nil, fmt.Errorf("filterByValue: no field %q", name)
			}
			config := filter["config"].(map[string]any)
			if config["id"] != "equal" {
				return nil, fmt.Errorf("filterByValue: matcher %v is not known here", config["id"])
			}
			want := fmt.Sprint(config["options"].(map[string]any)["value"])
			tests = append(tests, func(row int) bool {
				v, ok := f.ConcreteAt(row)
				return ok && fmt.Sprint(v) == want
			})
		}
		var rows []int
		for row := 0; row < fr.Rows(); row++ {
			match := opts["match"] != "all" && len(tests) == 0
			for i, test := range tests {
				hit := test(row)
				if opts["match"] == "all" {
					match = (i == 0 || match) && hit
				} else {
					match = match || hit
				}
			}
			if match == include {
				rows = append(rows, row)
			}
		}
		kept := emptyCopy(fr)
		for _, row := range rows {
			kept.AppendRow(fr.RowCopy(row)...)
		}
		out = append(out, kept)
	}
	return out, nil
}

// reduceFields reduces every numeric field to one value (the reduce
// transformation's "reduce fields" mode).
func reduceFields(frames data.Frames, opts map[string]any) (data.Frames, error) {
	if opts["mode"] != "reduceFields" {
		return nil, fmt.Errorf("reduce: mode %v is not known here", opts["mode"])
	}
	reducers := opts["reducers"].([]any)
	if len(reducers) != 1 {
		return nil, fmt.Errorf("reduce: one reducer here, not %d", len(reducers))
	}
	var out data.Frames
	for _, fr := range frames {
		reduced := data.NewFrame(fr.Name)
		for _, f := range fr.Fields {
			if !f.Type().Numeric() {
				continue
			}
			var points []float64
			for i := 0; i < f.Len(); i++ {
				if v := valueAt(f, i); v != nil {
					points = append(points, *v)
				}
			}
			v, err := reduceNumbers(reducers[0].(string), points, f.Len())
			if err != nil {
				return nil, err
			}
			field := data.NewField(f.Name, f.Labels, []*float64{v})
			field.Config = f.Config
			reduced.Fields = append(reduced.Fields, field)
		}
		out = append(out, reduced)
	}
	return out, nil
}

// calculateBinary adds a field computed row by row from two fields or
// numbers (add field from calculation, binary operation).
func calculateBinary(frames data.Frames, opts map[string]any) (data.Frames, error) {
	if opts["mode"] != "binary" || opts["replaceFields"] == true {
		return nil, fmt.Errorf("calculateField: only binary operations that add a field are known here")
	}
	binary := opts["binary"].(map[string]any)
	alias, _ := opts["alias"].(string)
	var out data.Frames
	for _, fr := range frames {
		operand := func(side string) (func(row int) *float64, error) {
			v := binary[side].(map[string]any)
			if fixed, ok := v["fixed"].(string); ok {
				return func(int) *float64 { return valueOfText(fixed) }, nil
			}
			name := v["matcher"].(map[string]any)["options"].(string)
			f := findField(fr, name)
			if f == nil || !f.Type().Numeric() {
				return nil, fmt.Errorf("calculateField: no numeric field %q", name)
			}
			return func(row int) *float64 { return valueAt(f, row) }, nil
		}
		left, err := operand("left")
		if err != nil {
			return nil, err
		}
		right, err := operand("right")
		if err != nil {
			return nil, err
		}
		values := make([]*float64, fr.Rows())
		for row := range values {
			values[row] = apply(left(row), right(row), binary["operator"].(string))
		}
		next := data.NewFrame(fr.Name)
		next.Meta = fr.Meta
		next.Fields = append(fr.Fields[:len(fr.Fields):len(fr.Fields)], data.NewField(alias, nil, values))
		out = append(out, next)
	}
	return out, nil
}

// emptyCopy is fr without rows, its fields' config and its meta kept.
func emptyCopy(fr *data.Frame) *data.Frame {
	out := fr.EmptyCopy()
	out.Meta = fr.Meta
	for i, f := range fr.Fields {
		out.Fields[i].Config = f.Config
	}
	return out
}

func valueOfText(s string) *float64 {
	var f float64
	if _, err := fmt.Sscan(s, &f); err != nil {
		return nil
	}
	return &f
}

// dataFieldRef finds ${__data.fields.name} and ${__data.fields["name"]}.
var dataFieldRef = regexp.MustCompile(`\$\{__data\.fields(?:\.(\w+)|\["([^"]+)"\])(?::\w+)?\}`)

// references are the field names a panel's settings refer to, each with
// where it is referred to, and the field-selecting regular expressions.
func references(fieldConfig, options map[string]any) (names map[string]string, patterns map[string]string) {
	names, patterns = map[string]string{}, map[string]string{}
	addLinks := func(where string, v any) {
		text := fmt.Sprint(v)
		for _, m := range dataFieldRef.FindAllStringSubmatch(text, -1) {
			names[m[1]+m[2]] = where
		}
	}
	if defaults, ok := fieldConfig["defaults"].(map[string]any); ok {
		addLinks("defaults.links", defaults["links"])
		addLinks("defaults.displayName", defaults["displayName"])
	}
	overrides, _ := fieldConfig["overrides"].([]any)
	for _, o := range overrides {
		o := o.(map[string]any)
		matcher := o["matcher"].(map[string]any)
		opt, _ := matcher["options"].(string)
		switch matcher["id"] {
		case "byName":
			names[opt] = "override"
		case "byRegexp":
			patterns[opt] = "override"
		}
		addLinks("override links", o["properties"])
	}
	if reduce, ok := options["reduceOptions"].(map[string]any); ok {
		if fields, _ := reduce["fields"].(string); fields != "" {
			patterns[fields] = "reduceOptions.fields"
		}
	}
	if x, _ := options["xField"].(string); x != "" {
		names[x] = "xField"
	}
	layers, _ := options["layers"].([]any)
	for _, l := range layers {
		l := l.(map[string]any)
		if loc, ok := l["location"].(map[string]any); ok {
			if lookup, _ := loc["lookup"].(string); lookup != "" {
				names[lookup] = "layer lookup"
			}
		}
		config, _ := l["config"].(map[string]any)
		style, _ := config["style"].(map[string]any)
		for _, dim := range []string{"size", "color", "text"} {
			if d, ok := style[dim].(map[string]any); ok {
				if field, _ := d["field"].(string); field != "" {
					names[field] = "layer " + dim
				}
			}
		}
	}
	return names, patterns
}

// fieldPattern reads Grafana's "/regex/" spelling of a field selection.
func fieldPattern(p string) (*regexp.Regexp, error) {
	if strings.HasPrefix(p, "/") && strings.HasSuffix(p, "/") && len(p) > 1 {
		return regexp.Compile(p[1 : len(p)-1])
	}
	return regexp.Compile("^" + regexp.QuoteMeta(p) + "$")
}
