package plugin

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/resource/httpadapter"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/calendar"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/models"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// streamLookback is how far back the stream list looks.
const streamLookback = 30 * 24 * time.Hour

// maxStreams bounds the stream list.
const maxStreams = 1000

func newResourceHandler(d *Datasource) backend.CallResourceHandler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /streams", d.handleStreams)
	mux.HandleFunc("GET /countries", d.handleCountries)
	mux.HandleFunc("GET /months", d.handleMonths)
	mux.HandleFunc("GET /keys", d.handleKeys)
	mux.HandleFunc("/streams", methodNotAllowed)
	mux.HandleFunc("/countries", methodNotAllowed)
	mux.HandleFunc("/months", methodNotAllowed)
	mux.HandleFunc("/keys", methodNotAllowed)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSONError(w, http.StatusNotFound, "unknown resource "+r.URL.Path+": use streams, countries, months or keys")
	})
	return httpadapter.New(mux)
}

// CallResource serves the small JSON resources the editors and template
// variables use.
func (d *Datasource) CallResource(ctx context.Context, req *backend.CallResourceRequest, sender backend.CallResourceResponseSender) error {
	ctx, cancel := nanostream.WithinDeadline(ctx)
	defer cancel()
	return d.resources.CallResource(ctx, req, sender)
}

type streamItem struct {
	Name  string  `json:"name"`
	Bytes float64 `json:"bytes"`
}

// handleStreams lists the stream names with ingest in the last 30 days,
// busiest first, from one call to the usage-by-stream route.
func (d *Datasource) handleStreams(w http.ResponseWriter, r *http.Request) {
	if !d.usable(w) {
		return
	}
	end := d.now().UTC().Truncate(time.Hour).Add(time.Hour)
	entries, _, err := d.client.UsageBreakdown(r.Context(), nanostream.Breakdown{
		Range: nanostream.Range{From: end.Add(-streamLookback), To: end},
		Term:  nanostream.TermStream, Direction: nanostream.DirectionIngest, Limit: maxStreams,
	})
	if err != nil {
		writeJSONError(w, resourceStatus(err), err.Error())
		return
	}
	items := make([]streamItem, 0, len(entries))
	for _, e := range entries {
		items = append(items, streamItem{Name: e.Key, Bytes: e.Bytes})
	}
	writeJSON(w, http.StatusOK, map[string]any{"streams": items})
}

// handleCountries lists the countries the API accepts as filter values.
func (d *Datasource) handleCountries(w http.ResponseWriter, r *http.Request) {
	if !d.usable(w) {
		return
	}
	countries, _, err := d.client.Countries(r.Context())
	if err != nil {
		writeJSONError(w, resourceStatus(err), err.Error())
		return
	}
	if countries == nil {
		countries = []nanostream.Country{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"countries": countries})
}

// handleMonths names the month-to-date windows now, for panel titles such
// as "Usage Trends (10/26 – 11/26)". It asks nothing upstream.
func (d *Datasource) handleMonths(w http.ResponseWriter, _ *http.Request) {
	if !d.usable(w) {
		return
	}
	m := calendar.NewMonthToDate(d.now(), d.settings.Location)
	writeJSON(w, http.StatusOK, map[string]string{
		"months":         m.MonthsLabel(),
		"previousWindow": m.PreviousLabel(),
		"currentWindow":  m.CurrentLabel(),
	})
}

// defaultTopKeys is how many keys the keys resource lists unless limit
// says otherwise.
const defaultTopKeys = 20

// keyItem is one key of the keys resource.
type keyItem struct {
	Key   string  `json:"key"`
	Name  string  `json:"name,omitempty"` // the country's name, for the country term
	Bytes float64 `json:"bytes"`
}

// handleKeys lists the busiest keys of a usage breakdown, busiest first,
// for a template variable: GET keys?term=…&direction=…&limit=…&from=…&to=…
// with the bounds in epoch milliseconds, the last 30 days without them.
// The parameters are those of a usageBreakdown query and are checked as
// that query's are; the range is widened to whole buckets as that query's, so
// that a variable and a breakdown panel over the same range share one
// upstream request per direction.
func (d *Datasource) handleKeys(w http.ResponseWriter, r *http.Request) {
	if !d.usable(w) {
		return
	}
	params := r.URL.Query()
	tr, err := keysRange(params.Get("from"), params.Get("to"), d.now())
	if err != nil {
		writeJSONError(w, http.StatusBadRequest, err.Error())
		return
	}
	limit := params.Get("limit")
	if limit == "" {
		limit = strconv.Itoa(defaultTopKeys)
	}
	body, _ := json.Marshal(map[string]string{"queryType": models.QueryUsageBreakdown,
		"term": params.Get("term"), "direction": params.Get("direction"), "limit": limit})
	q, err := models.LoadQuery(backend.DataQuery{JSON: body, TimeRange: tr})
	if err != nil {
		writeJSONError(w, http.StatusBadRequest, err.Error())
		return
	}
	fetched, err := d.fetchBreakdown(r.Context(), q.Range(), q.Term, q.Directions())
	if err != nil {
		writeJSONError(w, resourceStatus(err), err.Error())
		return
	}
	var names map[string]string
	if q.Term == nanostream.TermCountry {
		names, _, _ = d.countryNames(r.Context()) // without names the codes stand alone
	}
	top := fetched.entries[:min(q.Limit, len(fetched.entries))]
	items := make([]keyItem, len(top))
	for i, e := range top {
		items[i] = keyItem{Key: e.Key, Name: names[e.Key], Bytes: e.Bytes}
	}
	writeJSON(w, http.StatusOK, map[string]any{"keys": items})
}

// keysRange reads the keys resource's bounds, epoch milliseconds; without
// them it is the last 30 days up to the end of the current hour.
func keysRange(from, to string, now time.Time) (backend.TimeRange, error) {
	if from == "" && to == "" {
		end := now.UTC().Truncate(time.Hour).Add(time.Hour)
		return backend.TimeRange{From: end.Add(-streamLookback), To: end}, nil
	}
	f, errFrom := strconv.ParseInt(from, 10, 64)
	t, errTo := strconv.ParseInt(to, 10, 64)
	if errFrom != nil || errTo != nil {
		return backend.TimeRange{}, nanostream.Sentencef("The time range from %s to %s is not two epoch times in milliseconds",
			nanostream.Excerpt(from), nanostream.Excerpt(to))
	}
	return backend.TimeRange{From: time.UnixMilli(f).UTC(), To: time.UnixMilli(t).UTC()}, nil
}

func (d *Datasource) usable(w http.ResponseWriter) bool {
	if d.setupErr != nil {
		writeJSONError(w, http.StatusBadRequest, settingsAttention(d.setupErr))
		return false
	}
	return true
}

// resourceStatus is the query status of the failure; it is never 401,
// which Grafana's frontend would take for its own session.
func resourceStatus(err error) int {
	return int(statusOf(err))
}

func methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Allow", http.MethodGet)
	writeJSONError(w, http.StatusMethodNotAllowed, r.URL.Path+" answers GET only")
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func writeJSONError(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, map[string]string{"error": sentence(message)})
}
