package e2e

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// A small stand-in for Grafana's server-side expressions, enough to
// evaluate the provisioned alert rules against the plugin's frames: the
// conversion of a data source's frames into series and numbers (the data
// plane formats, and the number table and wide series of the formats
// before it), and the reduce, math and threshold expressions over numbers.
// Series and numbers are identified by their labels alone, as in Grafana,
// and a binary operation pairs them the way Grafana's union does.

// sseValue is one item of an expression's result: a series or a number.
type sseValue struct {
	labels data.Labels
	series []*float64 // the points of a series
	number *float64   // the value of a number; nil is null
	single bool       // a number, not a series
}

// sseResults are the items of one expression; none is No Data.
type sseResults []sseValue

// fromFrames converts a data source's answer the way Grafana's server-side
// expressions read it.
func fromFrames(frames data.Frames) (sseResults, error) {
	if len(frames) == 0 {
		return nil, nil
	}
	if m := frames[0].Meta; m != nil && m.Type != "" && !m.TypeVersion.IsZero() && m.Type != data.FrameTypeTable {
		return fromDataplane(frames)
	}
	if len(frames) == 1 && isNumberTable(frames[0]) {
		return numberTable(frames[0]), nil
	}
	var out sseResults
	for _, fr := range frames {
		schema := fr.TimeSeriesSchema()
		if schema.Type != data.TimeSeriesTypeWide {
			return nil, fmt.Errorf("input data must be a wide series but got type %s", schema.Type)
		}
		for _, i := range schema.ValueIndices {
			out = append(out, seriesOf(fr.Fields[i]))
		}
	}
	return out, nil
}

// fromDataplane reads the data plane formats: a multi frame's first value
// field is its series or number (the rest is remainder data, which
// expressions leave out), a wide frame's every value field is one.
func fromDataplane(frames data.Frames) (sseResults, error) {
	var out sseResults
	for _, fr := range frames {
		if len(fr.Fields) == 0 {
			continue // the data plane's No Data
		}
		var values []*data.Field
		for _, f := range fr.Fields {
			if f.Type().Numeric() {
				values = append(values, f)
			}
		}
		if len(values) == 0 {
			return nil, fmt.Errorf("frame %q has no value field", fr.Name)
		}
		switch fr.Meta.Type {
		case data.FrameTypeTimeSeriesMulti:
			out = append(out, seriesOf(values[0]))
		case data.FrameTypeTimeSeriesWide:
			for _, f := range values {
				out = append(out, seriesOf(f))
			}
		case data.FrameTypeNumericMulti:
			if values[0].Len() > 0 {
				out = append(out, sseValue{labels: values[0].Labels, number: valueAt(values[0], 0), single: true})
			}
		case data.FrameTypeNumericWide:
			for _, f := range values {
				out = append(out, sseValue{labels: f.Labels, number: valueAt(f, 0), single: true})
			}
		default:
			return nil, fmt.Errorf("kind %s not supported by server side expressions", fr.Meta.Type)
		}
	}
	return out, nil
}

func isNumberTable(fr *data.Frame) bool {
	numeric := 0
	for _, f := range fr.Fields {
		switch {
		case f.Type().Numeric():
			numeric++
		case f.Type() != data.FieldTypeString && f.Type() != data.FieldTypeNullableString:
			return false
		}
	}
	return numeric == 1 && fr.TimeSeriesSchema().Type == data.TimeSeriesTypeNot
}

func numberTable(fr *data.Frame) sseResults {
	var out sseResults
	for row := 0; row < fr.Rows(); row++ {
		v := sseValue{labels: data.Labels{}, single: true}
		for _, f := range fr.Fields {
			if f.Type().Numeric() {
				v.number = valueAt(f, row)
			} else if s, ok := f.ConcreteAt(row); ok {
				v.labels[f.Name] = fmt.Sprint(s)
			}
		}
		out = append(out, v)
	}
	return out
}

func seriesOf(f *data.Field) sseValue {
	points := make([]*float64, f.Len())
	for i := range points {
		points[i] = valueAt(f, i)
	}
	return sseValue{labels: f.Labels, series: points}
}

func valueAt(f *data.Field, i int) *float64 {
	v, err := f.NullableFloatAt(i)
	if err != nil || v == nil {
		return nil
	}
	x := *v
	return &x
}

// reduce turns every series into one number; a number stays as it is.
// mode is strict (""), dropNN (nulls and NaN dropped) or replaceNN.
func reduce(in sseResults, reducer, mode string, replacement float64) (sseResults, error) {
	out := make(sseResults, 0, len(in))
	for _, v := range in {
		if v.single {
			out = append(out, v)
			continue
		}
		var points []float64
		strictNull := false
		for _, p := range v.series {
			switch {
			case p != nil && !math.IsNaN(*p):
				points = append(points, *p)
			case mode == "dropNN":
			case mode == "replaceNN":
				points = append(points, replacement)
			default:
				strictNull = true
			}
		}
		r, err := reduceNumbers(reducer, points, len(v.series))
		if err != nil {
			return nil, err
		}
		if strictNull && reducer != "count" {
			r = nil
		}
		out = append(out, sseValue{labels: v.labels, number: r, single: true})
	}
	return out, nil
}

func reduceNumbers(reducer string, points []float64, all int) (*float64, error) {
	num := func(f float64) *float64 { return &f }
	if reducer == "count" {
		return num(float64(all)), nil
	}
	if reducer == "sum" {
		var s float64
		for _, p := range points {
			s += p
		}
		return num(s), nil
	}
	if len(points) == 0 {
		return num(math.NaN()), nil
	}
	switch reducer {
	case "mean":
		r, _ := reduceNumbers("sum", points, all)
		return num(*r / float64(len(points))), nil
	case "min":
		return num(slicesMin(points)), nil
	case "max":
		return num(-slicesMin(negate(points))), nil
	case "last":
		return num(points[len(points)-1]), nil
	}
	return nil, fmt.Errorf("reducer %q is not known here", reducer)
}

func slicesMin(p []float64) float64 {
	m := p[0]
	for _, v := range p[1:] {
		m = math.Min(m, v)
	}
	return m
}

func negate(p []float64) []float64 {
	out := make([]float64, len(p))
	for i, v := range p {
		out[i] = -v
	}
	return out
}

// threshold is 1 for every number the evaluator holds for, else 0.
func threshold(in sseResults, evaluator string, params []float64) (sseResults, error) {
	test := map[string]func(float64) bool{
		"gt":            func(v float64) bool { return v > params[0] },
		"lt":            func(v float64) bool { return v < params[0] },
		"within_range":  func(v float64) bool { return v > params[0] && v < params[1] },
		"outside_range": func(v float64) bool { return v < params[0] || v > params[1] },
	}[evaluator]
	if test == nil {
		return nil, fmt.Errorf("threshold type %q is not known here", evaluator)
	}
	out := make(sseResults, 0, len(in))
	for _, v := range in {
		if !v.single {
			return nil, fmt.Errorf("the threshold here takes numbers, reduce the series first")
		}
		r := sseValue{labels: v.labels, single: true}
		if v.number != nil {
			r.number = boolNumber(test(*v.number))
		}
		out = append(out, r)
	}
	return out, nil
}

func boolNumber(b bool) *float64 {
	f := 0.0
	if b {
		f = 1
	}
	return &f
}

// mathExpr evaluates a math expression over numbers: $A, ${A}, numbers,
// parentheses, unary ! and -, and the binary operators of Grafana's math
// expressions.
func mathExpr(expr string, vars map[string]sseResults) (sseResults, error) {
	p := &mathParser{tokens: tokenize(expr), vars: vars}
	out, err := p.binary(0)
	if err == nil && p.pos < len(p.tokens) {
		err = fmt.Errorf("unexpected %q in %q", p.tokens[p.pos], expr)
	}
	return out, err
}

var mathToken = regexp.MustCompile(`\$\{\w+\}|\$\w+|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|&&|\|\||==|!=|<=|>=|[-+*/%<>!()]`)

func tokenize(expr string) []string {
	return mathToken.FindAllString(expr, -1)
}

type mathParser struct {
	tokens []string
	pos    int
	vars   map[string]sseResults
}

var precedence = map[string]int{"||": 1, "&&": 2, "==": 3, "!=": 3, "<": 3, ">": 3, "<=": 3, ">=": 3, "+": 4, "-": 4, "*": 5, "/": 5, "%": 5}

func (p *mathParser) binary(min int) (sseResults, error) {
	left, err := p.unary()
	if err != nil {
		return nil, err
	}
	for p.pos < len(p.tokens) {
		op := p.tokens[p.pos]
		prec, ok := precedence[op]
		if !ok || prec <= min {
			break
		}
		p.pos++
		right, err := p.binary(prec)
		if err != nil {
			return nil, err
		}
		if left, err = combine(left, right, op); err != nil {
			return nil, err
		}
	}
	return left, nil
}

func (p *mathParser) unary() (sseResults, error) {
	if p.pos >= len(p.tokens) {
		return nil, fmt.Errorf("the expression ends early")
	}
	tok := p.tokens[p.pos]
	p.pos++
	switch {
	case tok == "(":
		v, err := p.binary(0)
		if err != nil {
			return nil, err
		}
		if p.pos >= len(p.tokens) || p.tokens[p.pos] != ")" {
			return nil, fmt.Errorf("a parenthesis is not closed")
		}
		p.pos++
		return v, nil
	case tok == "-" || tok == "!":
		v, err := p.unary()
		if err != nil {
			return nil, err
		}
		out := make(sseResults, len(v))
		for i, x := range v {
			out[i] = x
			if x.number != nil {
				if tok == "-" {
					n := -*x.number
					out[i].number = &n
				} else {
					out[i].number = boolNumber(*x.number == 0)
				}
			}
		}
		return out, nil
	case strings.HasPrefix(tok, "$"):
		name := strings.Trim(tok, "${}")
		v, ok := p.vars[name]
		if !ok {
			return nil, fmt.Errorf("$%s is not an expression of the rule", name)
		}
		for _, x := range v {
			if !x.single {
				return nil, fmt.Errorf("$%s is a series: math here takes numbers", name)
			}
		}
		return v, nil
	}
	f, err := strconv.ParseFloat(tok, 64)
	if err != nil {
		return nil, fmt.Errorf("unexpected %q", tok)
	}
	return sseResults{{single: true, number: &f}}, nil
}

// combine applies op to the pairs of a and b that Grafana's union pairs:
// equal labels, or one side's labels contained in the other's, or one
// side without labels; one item on each side always pairs.
func combine(a, b sseResults, op string) (sseResults, error) {
	var out sseResults
	for _, x := range a {
		for _, y := range b {
			var labels data.Labels
			switch {
			case x.labels.Equals(y.labels) || len(x.labels) == 0 || len(y.labels) == 0:
				labels = x.labels
				if len(labels) == 0 {
					labels = y.labels
				}
			case len(x.labels) == len(y.labels):
				continue
			case x.labels.Contains(y.labels):
				labels = x.labels
			case y.labels.Contains(x.labels):
				labels = y.labels
			default:
				continue
			}
			out = append(out, sseValue{labels: labels, number: apply(x.number, y.number, op), single: true})
		}
	}
	if len(out) == 0 && len(a) == 1 && len(b) == 1 {
		out = append(out, sseValue{number: apply(a[0].number, b[0].number, op), single: true})
	}
	return out, nil
}

func apply(x, y *float64, op string) *float64 {
	if x == nil || y == nil {
		return nil
	}
	a, b := *x, *y
	var r float64
	switch op {
	case "+":
		r = a + b
	case "-":
		r = a - b
	case "*":
		r = a * b
	case "/":
		r = a / b
	case "%":
		r = math.Mod(a, b)
	case "<":
		return boolNumber(a < b)
	case ">":
		return boolNumber(a > b)
	case "<=":
		return boolNumber(a <= b)
	case ">=":
		return boolNumber(a >= b)
	case "==":
		return boolNumber(a == b)
	case "!=":
		return boolNumber(a != b)
	case "&&":
		return boolNumber(a != 0 && b != 0 && !math.IsNaN(a) && !math.IsNaN(b))
	case "||":
		return boolNumber((a != 0 && !math.IsNaN(a)) || (b != 0 && !math.IsNaN(b)))
	}
	return &r
}

// instance is one alert instance of a rule's condition: its labels, and
// whether it fires (a condition value that is neither 0 nor null nor NaN).
type instance struct {
	labels data.Labels
	value  *float64
	firing bool
}

// instances reads the condition's results as Grafana's alerting does: an
// error when two results have the same labels.
func instances(cond sseResults) ([]instance, error) {
	seen := map[string]bool{}
	out := make([]instance, 0, len(cond))
	for _, v := range cond {
		if !v.single {
			return nil, fmt.Errorf("the condition is a series; it has to be reduced to numbers")
		}
		key := v.labels.String()
		if seen[key] {
			return nil, fmt.Errorf("frame cannot uniquely be identified by its labels: has duplicate results with labels %s", key)
		}
		seen[key] = true
		out = append(out, instance{labels: v.labels, value: v.number,
			firing: v.number != nil && *v.number != 0 && !math.IsNaN(*v.number)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].labels.String() < out[j].labels.String() })
	return out, nil
}
