package frames

import (
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/calendar"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// Custom is the custom frame meta of the plugin's frames: where the answer
// came from and, for month to date, the windows compared, the billing time
// zone and the percent changes.
type Custom struct {
	Cache          *Cache              `json:"cache,omitempty"`
	ChangePercent  map[string]*float64 `json:"changePercent,omitempty"` // by category; null where undefined
	CurrentWindow  *WindowMeta         `json:"currentWindow,omitempty"`
	PreviousWindow *WindowMeta         `json:"previousWindow,omitempty"`
	TimeZone       string              `json:"timeZone,omitempty"`
}

// Cache tells whether an answer came from the cache, and how old it is.
// A stale answer (status "stale") is shown after its lifetime while its
// refresh waits for the budget; From names the wider request an answer
// was cut from.
type Cache struct {
	Status          nanostream.CacheStatus `json:"status"`
	AgeSeconds      int                    `json:"ageSeconds"`
	LifetimeSeconds int                    `json:"lifetimeSeconds,omitempty"`
	From            string                 `json:"from,omitempty"`
}

// WindowMeta is a month-to-date window in UTC with its label.
type WindowMeta struct {
	From  time.Time `json:"from"`
	Label string    `json:"label"`
	To    time.Time `json:"to"`
}

func windowMeta(w calendar.Window, label string) *WindowMeta {
	return &WindowMeta{From: w.From.UTC(), Label: label, To: w.To.UTC()}
}

// Served completes the meta of an answered query's frames: the executed
// request for the query inspector (unless the frame lists already the
// requests of a query that made several), whether the answer came from the
// cache, and the notices given.
func Served(frames data.Frames, call nanostream.Call, notices ...data.Notice) {
	for _, f := range frames {
		if f.Meta == nil {
			f.Meta = &data.FrameMeta{}
		}
		if call.Route != "" && f.Meta.ExecutedQueryString == "" {
			f.Meta.ExecutedQueryString = call.String()
		}
		if call.Served.Cache != "" {
			custom(f).Cache = &Cache{Status: call.Served.Cache, AgeSeconds: int(call.Served.Age.Seconds()),
				LifetimeSeconds: int(call.Served.Lifetime.Seconds()), From: call.Served.From}
			if stale := call.Served.Notice(); stale != "" {
				f.Meta.Notices = append(f.Meta.Notices, data.Notice{Severity: data.NoticeSeverityWarning, Text: stale})
			}
		}
		f.Meta.Notices = append(f.Meta.Notices, notices...)
	}
}

// Failed is the frame of a failed query: empty, with the executed request
// in its meta so that the query inspector shows what was asked.
func Failed(call nanostream.Call) *data.Frame {
	return data.NewFrame("").SetMeta(&data.FrameMeta{ExecutedQueryString: call.String()})
}

// custom is the frame's custom meta, created when it has none yet.
func custom(f *data.Frame) *Custom {
	c, ok := f.Meta.Custom.(*Custom)
	if !ok {
		c = &Custom{}
		f.Meta.Custom = c
	}
	return c
}
