package simulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// Faults are switches that make the data routes misbehave on purpose. Tests
// set them with SetFaults. A simulator that runs as its own process takes
// them as the JSON body of POST /_simulator/faults, which replaces every
// switch at once ({} clears them) and answers with the switches now active:
//
//	{
//	  "latency": "250ms",     // delay before every answer, login included: a Go duration or nanoseconds
//	  "status": 503,          // data routes answer this HTTP status with the JSON error 104001
//	  "htmlStatus": 502,      // data routes answer this status with nginx's HTML page, as when throttled
//	  "malformed": true,      // data routes answer 200 with a body that is not JSON
//	  "truncated": true,      // data routes answer 200 with their JSON cut in half
//	  "routeStatus": {        // one route (its path without /api) fails on its own:
//	    "/v2/filters/countries": 105003  // 105001, 105002, 105003: 403 with that code; any other value: 404/101001
//	  },
//	  "levelTooLow": true     // the quality routes answer 403 with 105002 (access level too low)
//	}
//
// levelTooLow plays an organisation without the analytics level that stream
// health and quality of service need: every route under /v2/playback/,
// /v2/monitoring/ and /v2/alerting/ answers 403 with errorCode 105002, while
// usage, viewers, breakdowns and filters answer as usual. A routeStatus entry
// for one of those routes wins over it.
//
// Every field is optional. An unknown field, a route the simulator does not
// serve or a latency that is not a duration is refused with 400 and
// {"error": "…"} naming it, and the active switches stay as they were. The
// package documentation gives the order in which the switches apply.
type Faults struct {
	Latency     time.Duration  // delay before any non-admin answer, login included
	Status      int            // data routes answer this status with a JSON 104001 error
	HTMLStatus  int            // data routes answer this status with an nginx HTML page
	Malformed   bool           // data routes answer 200 with a body that is not JSON
	Truncated   bool           // data routes answer 200 with their JSON cut in half
	RouteStatus map[string]int // route path (no /api prefix) -> 404/101001, or 403 when the value is 105001, 105002 or 105003
	LevelTooLow bool           // the playback, monitoring and alerting routes answer 403 with 105002
}

// faultsJSON is the wire form of Faults.
type faultsJSON struct {
	Latency     json.RawMessage `json:"latency,omitempty"`
	Status      int             `json:"status,omitempty"`
	HTMLStatus  int             `json:"htmlStatus,omitempty"`
	Malformed   bool            `json:"malformed,omitempty"`
	Truncated   bool            `json:"truncated,omitempty"`
	RouteStatus map[string]int  `json:"routeStatus,omitempty"`
	LevelTooLow bool            `json:"levelTooLow,omitempty"`
}

// faultFields lists the JSON fields of Faults, for error messages.
const faultFields = "latency, status, htmlStatus, malformed, truncated, routeStatus and levelTooLow"

// MarshalJSON writes latency as a duration string.
func (f Faults) MarshalJSON() ([]byte, error) {
	w := faultsJSON{Status: f.Status, HTMLStatus: f.HTMLStatus, Malformed: f.Malformed,
		Truncated: f.Truncated, RouteStatus: f.RouteStatus, LevelTooLow: f.LevelTooLow}
	if f.Latency != 0 {
		w.Latency, _ = json.Marshal(f.Latency.String())
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads latency as a duration string or nanoseconds and
// refuses unknown fields.
func (f *Faults) UnmarshalJSON(b []byte) error {
	var w faultsJSON
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return fmt.Errorf("unknown field %s: the fields are %s", name, faultFields)
		}
		return err
	}
	*f = Faults{Status: w.Status, HTMLStatus: w.HTMLStatus, Malformed: w.Malformed,
		Truncated: w.Truncated, RouteStatus: w.RouteStatus, LevelTooLow: w.LevelTooLow}
	if len(w.Latency) == 0 || string(w.Latency) == "null" {
		return nil
	}
	var text string
	if err := json.Unmarshal(w.Latency, &text); err == nil {
		d, err := time.ParseDuration(text)
		if err != nil {
			return fmt.Errorf("latency: %w", err)
		}
		f.Latency = d
		return nil
	}
	var ns int64
	if err := json.Unmarshal(w.Latency, &ns); err != nil {
		return fmt.Errorf("latency: want a duration string or nanoseconds")
	}
	f.Latency = time.Duration(ns)
	return nil
}

// SetFaults replaces the active fault switches.
func (s *Simulator) SetFaults(f Faults) {
	f.RouteStatus = maps.Clone(f.RouteStatus)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = f
}

// checkFaults refuses a RouteStatus entry for a path no route answers.
func (s *Simulator) checkFaults(f Faults) error {
	for _, path := range slices.Sorted(maps.Keys(f.RouteStatus)) {
		if _, ok := s.routes[path]; !ok {
			return fmt.Errorf("routeStatus: no route answers %q; give a data route's path without the /api prefix, such as /v2/filters/countries", path)
		}
	}
	return nil
}

// currentFaults returns the active fault switches.
func (s *Simulator) currentFaults() Faults {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.faults
}

// routeFault turns a RouteStatus value into the error it stands for.
func routeFault(path string, value int) *apiError {
	switch value {
	case codeAccessDenied:
		return fail(codeAccessDenied, "This account may not use "+path+".", "route", path)
	case codeLevelTooLow:
		return fail(codeLevelTooLow, "The organisation's metrics level is too low for "+path+".", "route", path)
	case codeDashboardOnly:
		return fail(codeDashboardOnly, path+" is only available to the dashboard, not to API clients.", "route", path)
	}
	return unknownEndpoint(path)
}

// unknownEndpoint is the answer for a path the API does not serve.
func unknownEndpoint(path string) *apiError {
	return fail(codeUnknownEndpoint, "No endpoint answers "+path+"; check the base URL and the /v2/ prefix.", "path", path)
}

// malformedBody is what a data route sends under the Malformed fault.
const malformedBody = "statusCode=200 statusInfo=OK data=<unavailable>\n"
