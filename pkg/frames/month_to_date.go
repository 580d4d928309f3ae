package frames

import (
	"fmt"
	"math"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/calendar"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// View is a way to show the month-to-date figures, one per panel type.
type View string

// Views of the month-to-date query.
const (
	ViewSummary View = "summary" // stat panels: previous and current window as two rows
	ViewTrend   View = "trend"   // bar chart: one row per category, one column per window
	ViewTable   View = "table"   // overview table with exact figures and the change
)

// Window colours of the month-to-date comparison: previous blue, current orange.
const (
	colorPrevious = "blue"
	colorCurrent  = "orange"
)

// MonthToDate adds the hourly byte usage up over both windows and builds
// the frame of one view: summary for stat panels, trend for a bar chart,
// table for the overview table.
func MonthToDate(points []nanostream.BytesPoint, windows calendar.MonthToDate, view View) *data.Frame {
	m := sumMonthToDate(points, windows)
	var frame *data.Frame
	switch view {
	case ViewTrend:
		frame = monthToDateTrend(m)
	case ViewTable:
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
func monthToDateSummary(m monthToDate) *data.Frame {
	frame := data.NewFrame("monthToDate", timeField([]time.Time{m.windows.Previous.To, m.windows.Current.To}))
	for _, c := range m.categories() {
		previous := c.previous
		if _, ok := calendar.Change(c.previous, c.current); !ok && c.current != 0 {
			// Grafana's percent change is (last − first) / first over the non-null, non-NaN values:
			// +Inf as the first makes it NaN, which the stat panel shows as no trend at all
			previous = math.Inf(1)
		}
		field := data.NewField(c.key, nil, []float64{previous, c.current})
		field.Config = &data.FieldConfig{DisplayName: c.name, Unit: unitBytes}
		frame.Fields = append(frame.Fields, field)
	}
	frame.Meta = newMeta(timeSeriesWide)
	return frame
}

// monthToDateTrend has one row per category and one field per window,
// coloured for a bar chart.
func monthToDateTrend(m monthToDate) *data.Frame {
	frame := monthToDateRows(m, "monthToDateTrend", "Category")
	frame.Fields[1].Config.Color = fixedColor(colorPrevious)
	frame.Fields[2].Config.Color = fixedColor(colorCurrent)
	return frame
}

// monthToDateTable is the rows with the percent change as a last column.
func monthToDateTable(m monthToDate) *data.Frame {
	frame := monthToDateRows(m, "monthToDateTable", "Metric")
	changes := make([]*float64, 0, 3)
	for _, c := range m.categories() {
		changes = append(changes, change(c.previous, c.current))
	}
	frame.Fields = append(frame.Fields, data.NewField("change", nil, changes).
		SetConfig(&data.FieldConfig{DisplayName: "Change", Unit: unitPercent, Decimals: decimals(2), NoValue: "n/a"}))
	return frame
}

// monthToDateRows has one row per category: its name, then the previous
// and the current window, named by their dates.
func monthToDateRows(m monthToDate, name, categoryTitle string) *data.Frame {
	cats := m.categories()
	names := make([]string, len(cats))
	previous := make([]float64, len(cats))
	current := make([]float64, len(cats))
	for i, c := range cats {
		names[i], previous[i], current[i] = c.name, c.previous, c.current
	}
	frame := data.NewFrame(name,
		data.NewField("category", nil, names).SetConfig(&data.FieldConfig{DisplayName: categoryTitle}),
		windowField("previous", m.windows.PreviousLabel(), previous),
		windowField("current", m.windows.CurrentLabel(), current),
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
func monthToDateCustom(m monthToDate) *Custom {
	changes := map[string]*float64{}
	for _, c := range m.categories() {
		changes[c.key] = change(c.previous, c.current)
	}
	return &Custom{
		TimeZone:       m.windows.Location.String(),
		PreviousWindow: windowMeta(m.windows.Previous, m.windows.PreviousLabel()),
		CurrentWindow:  windowMeta(m.windows.Current, m.windows.CurrentLabel()),
		ChangePercent:  changes,
	}
}

func monthToDateNotices(m monthToDate) []data.Notice {
	var notices []data.Notice
	if m.windows.Current.Empty() {
		notices = append(notices, data.Notice{Severity: data.NoticeSeverityInfo,
			Text: "The month began less than an hour ago: the current window is still empty and has no trend."})
	} else if m.previous.usage() == 0 {
		notices = append(notices, data.Notice{Severity: data.NoticeSeverityInfo,
			Text: fmt.Sprintf("There was no traffic in %s, so the change against it is undefined.", m.windows.PreviousLabel())})
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
