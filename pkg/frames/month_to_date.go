package frames

import (
	"fmt"
	"math"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/calendar"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/models"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/usage"
)

// Window colours of the month-to-date comparison: previous blue, current orange.
const (
	colorPrevious = "blue"
	colorCurrent  = "orange"
)

// MonthToDate builds the frame of one month-to-date view: summary for stat
// panels, trend for a bar chart, table for the overview table.
func MonthToDate(m usage.MonthToDate, view string) *data.Frame {
	var frame *data.Frame
	switch view {
	case models.ViewTrend:
		frame = monthToDateTrend(m)
	case models.ViewTable:
		frame = monthToDateTable(m)
	default:
		frame = monthToDateSummary(m)
	}
	frame.Meta.Custom = monthToDateCustom(m)
	frame.Meta.Notices = monthToDateNotices(m)
	return frame
}

// monthToDateSummary has one row per window, stamped with the window's end,
// and one field per category: a stat panel shows the current value and its
// percent change against the previous one. A previous window without
// traffic is +Inf, so that the undefined change shows no trend rather than
// an infinite or a zero one.
func monthToDateSummary(m usage.MonthToDate) *data.Frame {
	frame := data.NewFrame("monthToDate", timeField([]time.Time{m.Windows.Previous.To, m.Windows.Current.To}))
	for _, c := range m.Categories() {
		previous := c.Previous
		if _, ok := calendar.Change(c.Previous, c.Current); !ok && c.Current != 0 {
			// Grafana's percent change is (last − first) / first over the non-null, non-NaN values:
			// +Inf as the first makes it NaN, which the stat panel shows as no trend at all
			previous = math.Inf(1)
		}
		field := data.NewField(c.Key, nil, []float64{previous, c.Current})
		field.Config = &data.FieldConfig{DisplayName: c.Name, Unit: unitBytes}
		frame.Fields = append(frame.Fields, field)
	}
	frame.Meta = newMeta(timeSeriesWide)
	return frame
}

// monthToDateTrend has one row per category and one field per window,
// coloured for a bar chart.
func monthToDateTrend(m usage.MonthToDate) *data.Frame {
	frame := monthToDateRows(m, "monthToDateTrend", "Category")
	frame.Fields[1].Config.Color = fixedColor(colorPrevious)
	frame.Fields[2].Config.Color = fixedColor(colorCurrent)
	return frame
}

// monthToDateTable is the rows with the percent change as a last column.
func monthToDateTable(m usage.MonthToDate) *data.Frame {
	frame := monthToDateRows(m, "monthToDateTable", "Metric")
	changes := make([]*float64, 0, 3)
	for _, c := range m.Categories() {
		changes = append(changes, change(c.Previous, c.Current))
	}
	frame.Fields = append(frame.Fields, data.NewField("change", nil, changes).
		SetConfig(&data.FieldConfig{DisplayName: "Change", Unit: unitPercent, Decimals: decimals(2), NoValue: "n/a"}))
	return frame
}

// monthToDateRows has one row per category: its name, then the previous
// and the current window, named by their dates.
func monthToDateRows(m usage.MonthToDate, name, categoryTitle string) *data.Frame {
	cats := m.Categories()
	names := make([]string, len(cats))
	previous := make([]float64, len(cats))
	current := make([]float64, len(cats))
	for i, c := range cats {
		names[i], previous[i], current[i] = c.Name, c.Previous, c.Current
	}
	frame := data.NewFrame(name,
		data.NewField("category", nil, names).SetConfig(&data.FieldConfig{DisplayName: categoryTitle}),
		windowField("previous", m.Windows.PreviousLabel(), previous),
		windowField("current", m.Windows.CurrentLabel(), current),
	)
	frame.Meta = &data.FrameMeta{Type: data.FrameTypeTable, TypeVersion: data.FrameTypeVersion{0, 1}}
	return frame
}

func windowField(name, label string, values []float64) *data.Field {
	return data.NewField(name, nil, values).SetConfig(&data.FieldConfig{DisplayName: label, Unit: unitBytes, Decimals: decimals(2)})
}

func fixedColor(color string) map[string]any {
	return map[string]any{"mode": "fixed", "fixedColor": color}
}

// monthToDateCustom is what the query inspector shows about the windows.
func monthToDateCustom(m usage.MonthToDate) map[string]any {
	changes := map[string]any{}
	for _, c := range m.Categories() {
		changes[c.Key] = change(c.Previous, c.Current)
	}
	return map[string]any{
		"timeZone":       m.Windows.Location.String(),
		"previousWindow": windowInfo(m.Windows.Previous, m.Windows.PreviousLabel()),
		"currentWindow":  windowInfo(m.Windows.Current, m.Windows.CurrentLabel()),
		"changePercent":  changes,
	}
}

func windowInfo(w calendar.Window, label string) map[string]any {
	return map[string]any{"from": w.From.UTC(), "to": w.To.UTC(), "label": label}
}

func monthToDateNotices(m usage.MonthToDate) []data.Notice {
	var notices []data.Notice
	if m.Windows.Current.Empty() {
		notices = append(notices, data.Notice{Severity: data.NoticeSeverityInfo,
			Text: "The month began less than an hour ago: the current window is still empty and has no trend."})
	} else if m.Previous.Usage() == 0 {
		notices = append(notices, data.Notice{Severity: data.NoticeSeverityInfo,
			Text: fmt.Sprintf("There was no traffic in %s, so the change against it is undefined.", m.Windows.PreviousLabel())})
	}
	return notices
}

func change(previous, current float64) *float64 {
	if p, ok := calendar.Change(previous, current); ok {
		return &p
	}
	return nil
}

func decimals(n uint16) *uint16 { return &n }
