package frames

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// unitSeconds is Grafana's unit for a duration in seconds.
const unitSeconds = "s"

// unitNone shows a number as it is: an alert code such as 22001, not 22 K.
const unitNone = "none"

// Label keys of the alert count: they become the labels of the alert
// instances of a Grafana-managed alert rule, which its notification
// templates read ({{ $labels.name }}).
const (
	LabelStream      = "stream"
	LabelSeverity    = "severity"
	LabelName        = "name"        // the alerts' names, e.g. "DUPLICATED_INGEST"
	LabelCode        = "code"        // their codes, e.g. "24100"
	LabelDescription = "description" // their descriptions
)

// labelSeparator joins the names and codes of several alerts of one
// stream and severity in one label.
const labelSeparator = ", "

// maxDescriptionLabel bounds the description label, in characters: a
// label is there to be read in a notification.
const maxDescriptionLabel = 400

// severityLooks is how each severity reads at a glance: a colour, and a
// symbol before the name that tells them apart without the colour too.
var severityLooks = []struct {
	severity, text, color string
}{
	{nanostream.SeverityCritical, "✖ Critical", "red"},
	{nanostream.SeverityModerate, "▲ Moderate", "orange"},
	{nanostream.SeverityMinor, "● Minor", "yellow"},
	{nanostream.SeverityAdvice, "ℹ Advice", "blue"},
}

// severityMappings maps the API's severities to their look.
func severityMappings() data.ValueMappings {
	m := data.ValueMapper{}
	for i, l := range severityLooks {
		m[l.severity] = data.ValueMappingResult{Text: l.text, Color: l.color, Index: i}
	}
	return data.ValueMappings{m}
}

// severityTitle is a severity as a title word: "Critical".
func severityTitle(severity string) string {
	if severity == "" {
		return "Unknown"
	}
	return strings.ToUpper(severity[:1]) + severity[1:]
}

// noAlertsNotice says that an empty answer is good news: every live
// ingest is healthy, or, when the query keeps some severities only, none
// of them is active ("No critical or moderate ingest alert is active.").
func noAlertsNotice(severities []string) data.Notice {
	text := "No ingest alert or advice is active: every live ingest is healthy."
	if len(severities) > 0 && len(severities) < len(nanostream.Severities) {
		alerts := slices.DeleteFunc(slices.Clone(severities), func(s string) bool { return s == nanostream.SeverityAdvice })
		switch {
		case len(alerts) == 0:
			text = "No ingest advice is active."
		case len(alerts) < len(severities):
			text = "No " + orList(alerts) + " ingest alert or advice is active."
		default:
			text = "No " + orList(alerts) + " ingest alert is active."
		}
	}
	return data.Notice{Severity: data.NoticeSeverityInfo, Text: text}
}

// orList joins words as a sentence lists alternatives: "a, b or c".
func orList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// sortedAlerts is a copy of alerts, most severe first, then the longest
// running, then by stream and code: the order an operator works through
// them.
func sortedAlerts(alerts []nanostream.Alert) []nanostream.Alert {
	out := append([]nanostream.Alert(nil), alerts...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if ra, rb := nanostream.SeverityRank(a.Severity), nanostream.SeverityRank(b.Severity); ra != rb {
			return ra < rb
		}
		if a.ElapsedTime != b.ElapsedTime {
			return a.ElapsedTime > b.ElapsedTime
		}
		if a.StreamName != b.StreamName {
			return a.StreamName < b.StreamName
		}
		return a.Code < b.Code
	})
	return out
}

// IngestAlertsTable has one row per active alert or advice: severity (its
// look mapped from the API's value), code, name, description, stream,
// country, servers, first detection, the seconds elapsed since then and
// the number of ingest connections; most severe first, then the longest
// running. age is how old the answer is (0 unless it came from the cache):
// it is added to the API's elapsed time, so that a cached answer does not
// make an alert look younger than it is. severities are the ones the query
// keeps (none: all), for the notice of an empty table.
func IngestAlertsTable(alerts []nanostream.Alert, age time.Duration, severities []string) *data.Frame {
	alerts = sortedAlerts(alerts)
	n := len(alerts)
	severity := make([]string, n)
	code := make([]int64, n)
	name := make([]string, n)
	description := make([]string, n)
	stream := make([]string, n)
	country := make([]string, n)
	servers := make([]string, n)
	first := make([]time.Time, n)
	elapsed := make([]float64, n)
	connections := make([]int64, n)
	for i, a := range alerts {
		severity[i], code[i], name[i], description[i], stream[i] = a.Severity, int64(a.Code), a.Name, a.Description, a.StreamName
		country[i] = a.CountryName
		if country[i] == "" {
			country[i] = a.CountryCode
		}
		servers[i] = strings.Join(a.Servers, ", ")
		first[i] = time.Unix(a.FirstDetection, 0).UTC()
		elapsed[i] = a.ElapsedTime + age.Truncate(time.Second).Seconds()
		connections[i] = int64(len(a.ConnectionsDetails))
	}
	frame := data.NewFrame("ingestAlerts",
		data.NewField("severity", nil, severity).SetConfig(&data.FieldConfig{DisplayName: "Severity",
			Mappings: severityMappings(), Custom: map[string]any{"cellOptions": map[string]any{"type": "color-text"}}}),
		data.NewField("code", nil, code).SetConfig(&data.FieldConfig{DisplayName: "Code", Unit: unitNone}),
		data.NewField("name", nil, name).SetConfig(&data.FieldConfig{DisplayName: "Alert"}),
		data.NewField("description", nil, description).SetConfig(&data.FieldConfig{DisplayName: "Description"}),
		data.NewField("stream", nil, stream).SetConfig(&data.FieldConfig{DisplayName: "Stream"}),
		data.NewField("country", nil, country).SetConfig(&data.FieldConfig{DisplayName: "Country"}),
		data.NewField("servers", nil, servers).SetConfig(&data.FieldConfig{DisplayName: "Servers"}),
		data.NewField("firstDetection", nil, first).SetConfig(&data.FieldConfig{DisplayName: "First detection"}),
		data.NewField("elapsed", nil, elapsed).SetConfig(&data.FieldConfig{DisplayName: "Elapsed", Unit: unitSeconds, Decimals: decimals(0)}),
		data.NewField("connections", nil, connections).SetConfig(&data.FieldConfig{DisplayName: "Connections", Unit: unitCount}),
	)
	frame.Meta = &data.FrameMeta{Type: data.FrameTypeTable, TypeVersion: data.FrameTypeVersion{0, 1}}
	if n == 0 {
		frame.Meta.Notices = []data.Notice{noAlertsNotice(severities)}
	}
	return frame
}

// IngestAlertsCount is the number of active alerts per stream and severity
// as numeric data for Grafana-managed alert rules: one frame per stream and
// severity (the numeric-multi format of Grafana's data plane contract),
// each with one value whose labels become the labels of the alert rule's
// instance, so that one rule watches every stream and notifications can be
// routed by severity: stream, severity, and what the alerts are, for the
// notification's templates: name, code and description. Several alerts of
// one stream and severity share the item; their names and codes are joined
// by ", " in the order of their codes, their descriptions by a space, each
// value once. The labels hold nothing that changes while the same alerts
// are active (no elapsed time), so an instance keeps its labels from one
// evaluation to the next; when an alert of the stream and severity starts
// or ends, the labels change with it and Grafana resolves the old instance
// and fires the new one.
//
// With no alert active it is one frame with one value, 0, and no labels:
// all healthy. It is never an empty answer, because Grafana reads a
// response without items as No Data: server-side expressions turn a typed
// numeric frame without rows into NoData (the data plane's "no data"
// response), and the rule would then take its No Data state, by default
// an alert of its own, or need "No Data handling: Normal", which would
// also hide a data source that really answers nothing. With the unlabelled
// 0 the rule evaluates to Normal; the instances of streams whose alerts
// ended are resolved by Grafana as their series disappear, and the
// unlabelled instance disappears the same way while alerts are active.
// severities are the ones the query keeps (none: all), for its notice.
//
// Every value is a nullable float64 in a frame of its own with one row, so
// a rule may take the query as its condition directly, or pass it through
// a threshold expression ("is above 0").
func IngestAlertsCount(alerts []nanostream.Alert, severities []string) data.Frames {
	if len(alerts) == 0 {
		frame := countFrame("Active alerts", nil, 0)
		frame.Meta.Notices = []data.Notice{noAlertsNotice(severities)}
		return data.Frames{frame}
	}
	type group struct{ stream, severity string }
	members := map[group][]nanostream.Alert{}
	var order []group
	for _, a := range alerts {
		g := group{a.StreamName, a.Severity}
		if _, ok := members[g]; !ok {
			order = append(order, g)
		}
		members[g] = append(members[g], a)
	}
	sort.SliceStable(order, func(i, j int) bool {
		if ri, rj := nanostream.SeverityRank(order[i].severity), nanostream.SeverityRank(order[j].severity); ri != rj {
			return ri < rj
		}
		return order[i].stream < order[j].stream
	})
	out := make(data.Frames, 0, len(order))
	for _, g := range order {
		labels := alertLabels(members[g])
		labels[LabelStream], labels[LabelSeverity] = g.stream, g.severity
		out = append(out, countFrame(fmt.Sprintf("%s %s", g.stream, g.severity), labels, len(members[g])))
	}
	return out
}

// alertLabels are the name, code and description labels of the alerts of
// one stream and severity: each value once, in the order of the codes
// (then names, then descriptions), so that the same alerts give the same
// labels whatever order the API lists them in.
func alertLabels(alerts []nanostream.Alert) data.Labels {
	alerts = append([]nanostream.Alert(nil), alerts...)
	sort.SliceStable(alerts, func(i, j int) bool {
		a, b := alerts[i], alerts[j]
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.Description < b.Description
	})
	var names, codes, descriptions []string
	for _, a := range alerts {
		names = appendOnce(names, oneLine(a.Name))
		codes = appendOnce(codes, strconv.Itoa(a.Code))
		descriptions = appendOnce(descriptions, oneLine(a.Description))
	}
	return data.Labels{
		LabelName:        strings.Join(names, labelSeparator),
		LabelCode:        strings.Join(codes, labelSeparator),
		LabelDescription: shorten(strings.Join(descriptions, " "), maxDescriptionLabel),
	}
}

// appendOnce appends v unless it is empty or already there.
func appendOnce(values []string, v string) []string {
	if v == "" || slices.Contains(values, v) {
		return values
	}
	return append(values, v)
}

// oneLine is s with every run of white space, line breaks included, as
// one space.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// shorten cuts s to at most limit characters, ending with "…" when cut.
func shorten(s string, limit int) string {
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	runes := []rune(s)
	return strings.TrimSpace(string(runes[:limit-1])) + "…"
}

// countFrame is one item of the alert count.
func countFrame(display string, labels data.Labels, count int) *data.Frame {
	v := float64(count)
	field := data.NewField("alerts", labels, []*float64{&v}).
		SetConfig(&data.FieldConfig{DisplayName: display, Unit: unitCount, Decimals: decimals(0)})
	frame := data.NewFrame("ingestAlertCount", field)
	frame.Meta = &data.FrameMeta{Type: data.FrameTypeNumericMulti, TypeVersion: data.FrameTypeVersion{0, 1}}
	return frame
}

// IngestAlertAnnotations is the active alerts as Grafana annotations: one
// region per alert from its first detection to now, with a title, a text,
// tags (severity, code and stream, comma-separated as Grafana splits them)
// and the alert's id. The field names are the ones Grafana's standard
// annotation support looks for; they carry no display names, since it
// matches fields by the name it displays. severities are the ones the
// query keeps (none: all), for the notice of an empty answer.
func IngestAlertAnnotations(alerts []nanostream.Alert, now time.Time, severities []string) *data.Frame {
	alerts = append([]nanostream.Alert(nil), alerts...)
	sort.SliceStable(alerts, func(i, j int) bool { return alerts[i].FirstDetection < alerts[j].FirstDetection })
	n := len(alerts)
	start := make([]time.Time, n)
	end := make([]time.Time, n)
	title := make([]string, n)
	text := make([]string, n)
	tags := make([]string, n)
	id := make([]string, n)
	for i, a := range alerts {
		start[i] = time.Unix(a.FirstDetection, 0).UTC()
		end[i] = now.UTC()
		if end[i].Before(start[i]) {
			end[i] = start[i]
		}
		title[i] = fmt.Sprintf("%s: %s (%d) on %s", severityTitle(a.Severity), a.Name, a.Code, a.StreamName)
		text[i] = annotationText(a)
		tags[i] = strings.Join([]string{a.Severity, strconv.Itoa(a.Code), a.StreamName}, ",")
		id[i] = a.ID
	}
	frame := data.NewFrame("ingestAlertAnnotations",
		data.NewField("time", nil, start),
		data.NewField("timeEnd", nil, end),
		data.NewField("title", nil, title),
		data.NewField("text", nil, text),
		data.NewField("tags", nil, tags),
		data.NewField("id", nil, id),
	)
	frame.Meta = &data.FrameMeta{}
	if n == 0 {
		frame.Meta.Notices = []data.Notice{noAlertsNotice(severities)}
	}
	return frame
}

// annotationText says what the alert is and where: its description, the
// country, the servers and the ingest connections.
func annotationText(a nanostream.Alert) string {
	parts := []string{strings.TrimSpace(a.Description)}
	country := a.CountryName
	if country == "" {
		country = a.CountryCode
	}
	if country != "" {
		parts = append(parts, "Country: "+country+".")
	}
	if len(a.Servers) > 0 {
		parts = append(parts, "Servers: "+strings.Join(a.Servers, ", ")+".")
	}
	switch n := len(a.ConnectionsDetails); n {
	case 0:
		parts = append(parts, "No ingest connection.")
	case 1:
		parts = append(parts, "1 ingest connection.")
	default:
		parts = append(parts, fmt.Sprintf("%d ingest connections.", n))
	}
	return strings.Join(parts, " ")
}
