package contractcheck

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Status is what became of one route's request.
type Status string

// The statuses of a route. OK held; MissingPath, ParameterRefused, Refused,
// Envelope and Fields did not hold; Access is the organisation's level, not
// the contract; the rest could not check the route.
const (
	StatusOK               Status = "ok"
	StatusMissingPath      Status = "missingPath"      // 404 or 101001
	StatusParameterRefused Status = "parameterRefused" // 400
	StatusRefused          Status = "refused"          // another refusal, e.g. 403 101009 or 422
	StatusEnvelope         Status = "envelope"         // the answer is not the success envelope
	StatusFields           Status = "fields"           // a field the plugin reads is absent or of another type
	StatusAccess           Status = "access"           // 105001, 105002, 105003
	StatusCredentials      Status = "credentials"      // the API refused the credentials
	StatusThrottled        Status = "throttled"        // the API's rate limiter refused
	StatusServerError      Status = "serverError"      // 5xx
	StatusTimeout          Status = "timeout"
	StatusUnreachable      Status = "unreachable"
	StatusRedirected       Status = "redirected" // to another origin, not followed
	StatusNotRun           Status = "notRun"
)

var statusLabels = map[Status]string{
	StatusOK:               "OK",
	StatusMissingPath:      "MISSING PATH",
	StatusParameterRefused: "PARAMETER REFUSED",
	StatusRefused:          "REFUSED",
	StatusEnvelope:         "ENVELOPE",
	StatusFields:           "FIELDS",
	StatusAccess:           "ACCESS",
	StatusCredentials:      "CREDENTIALS",
	StatusThrottled:        "THROTTLED",
	StatusServerError:      "SERVER ERROR",
	StatusTimeout:          "TIMEOUT",
	StatusUnreachable:      "UNREACHABLE",
	StatusRedirected:       "REDIRECTED",
	StatusNotRun:           "NOT RUN",
}

// Label is the status as the text report writes it.
func (s Status) Label() string { return statusLabels[s] }

// Outcome sorts statuses for the summary and the exit code.
type Outcome string

// Outcomes of a route.
const (
	OutcomeHeld       Outcome = "held"
	OutcomeNotHeld    Outcome = "notHeld"
	OutcomeAccess     Outcome = "access"     // the organisation lacks the level: not a contract failure
	OutcomeNotChecked Outcome = "notChecked" // no answer that tells
)

// Outcome is what a status means for the contract.
func (s Status) Outcome() Outcome {
	switch s {
	case StatusOK:
		return OutcomeHeld
	case StatusMissingPath, StatusParameterRefused, StatusRefused, StatusEnvelope, StatusFields:
		return OutcomeNotHeld
	case StatusAccess:
		return OutcomeAccess
	}
	return OutcomeNotChecked
}

// Report is the outcome of a check. It holds no credential and no value of
// the API's data: names, types, counts, codes and the API's error texts,
// redacted.
type Report struct {
	API        string  `json:"api"` // the base URL, without user info, query or fragment
	Simulator  bool    `json:"simulator,omitempty"`
	SignIn     string  `json:"signIn"`
	From       string  `json:"from"`
	To         string  `json:"to"`
	Interval   string  `json:"interval"`
	Breakdowns string  `json:"breakdowns"` // "sample" or "all"
	Pacing     string  `json:"pacing"`
	Revision   string  `json:"revision,omitempty"` // of the check's build
	Routes     []Route `json:"routes"`
	Summary    Summary `json:"summary"`
	ExitCode   int     `json:"exitCode"`
}

// Route is the outcome of one route's request.
type Route struct {
	Name string `json:"name"`
	Part int    `json:"part"` // of the working contract
	// Request is the method, the route and the parameters as sent,
	// without the base URL; it never carries a credential.
	Request     string   `json:"request"`
	Route       string   `json:"route"`
	Parameters  []string `json:"parameters,omitempty"` // names
	Status      Status   `json:"status"`
	Outcome     Outcome  `json:"outcome"`
	HTTPStatus  int      `json:"httpStatus,omitempty"`
	ContentType string   `json:"contentType,omitempty"`
	// Milliseconds from sending the request to the end of its answer.
	Milliseconds int64 `json:"ms"`
	BodyBytes    int   `json:"bodyBytes"`
	// Envelope is the shape of a success answer.
	Envelope *Envelope `json:"envelope,omitempty"`
	// Items is the length of the data list; FieldsVerified is false when
	// there was none to check the fields on.
	Items          int      `json:"items"`
	FieldsVerified bool     `json:"fieldsVerified"`
	Fields         []Field  `json:"fields,omitempty"`
	OtherFields    []string `json:"otherFields,omitempty"` // names that came back, not read by the plugin
	NotObjects     int      `json:"notObjects,omitempty"`  // items that are not JSON objects
	// ClientDecodes says whether the plugin's client reads the answer.
	ClientDecodes *bool     `json:"clientDecodes,omitempty"`
	Error         *APIError `json:"error,omitempty"`
	Notes         []string  `json:"notes,omitempty"`
}

// Envelope is the shape of a success answer: the JSON type of each of its
// members, "absent" when missing.
type Envelope struct {
	StatusCode string   `json:"statusCode"`
	StatusInfo string   `json:"statusInfo"`
	Data       string   `json:"data"`
	Other      []string `json:"other,omitempty"` // other member names
}

// APIError is an error answer: the API's code, summary and message (with
// its userInfo), as the plugin's client reads them, and the parameter the
// API named, if it did. Shape says what the body was.
type APIError struct {
	Code      int    `json:"code,omitempty"`
	Summary   string `json:"summary,omitempty"`
	Message   string `json:"message,omitempty"`
	Parameter string `json:"parameter,omitempty"`
	Shape     string `json:"shape"` // "error envelope", "HTML page", "other JSON", "not JSON", "empty"
}

// Summary counts the routes by outcome.
type Summary struct {
	Routes     int `json:"routes"`
	Held       int `json:"held"`
	NotHeld    int `json:"notHeld"`
	Access     int `json:"access"`
	NotChecked int `json:"notChecked"`
	// Unverified counts held routes that answered no items, so that
	// their fields could not be checked.
	Unverified int    `json:"heldWithoutItems"`
	Line       string `json:"line"`
}

// Exit codes of the command.
const (
	ExitHeld        = 0 // every route held (or lacks the organisation's level)
	ExitNotHeld     = 1 // something did not hold
	ExitCouldNotRun = 2 // the check could not run, or not on every route
)

// summarise counts the routes and sets the summary line and the exit code.
func (r *Report) summarise() {
	s := Summary{Routes: len(r.Routes)}
	var notHeld, access, notChecked, unverified []string
	for i := range r.Routes {
		rt := &r.Routes[i]
		rt.Outcome = rt.Status.Outcome()
		switch rt.Outcome {
		case OutcomeHeld:
			s.Held++
			if !rt.FieldsVerified {
				s.Unverified++
				unverified = append(unverified, rt.Name)
			}
		case OutcomeNotHeld:
			s.NotHeld++
			notHeld = append(notHeld, rt.Name+" ("+rt.Status.Label()+")")
		case OutcomeAccess:
			s.Access++
			access = append(access, rt.Name)
		default:
			s.NotChecked++
			notChecked = append(notChecked, rt.Name+" ("+rt.Status.Label()+")")
		}
	}
	switch {
	case s.NotHeld > 0:
		r.ExitCode = ExitNotHeld
	case s.NotChecked > 0 || s.Routes == 0:
		r.ExitCode = ExitCouldNotRun
	default:
		r.ExitCode = ExitHeld
	}
	line := fmt.Sprintf("%d of %d routes held", s.Held, s.Routes)
	if s.NotHeld > 0 {
		line += "; did not hold: " + strings.Join(notHeld, ", ")
	}
	if s.Access > 0 {
		line += "; the organisation's access level does not reach (not a contract failure): " + strings.Join(access, ", ")
	}
	if s.NotChecked > 0 {
		line += "; not checked: " + strings.Join(notChecked, ", ")
	}
	if s.Unverified > 0 {
		line += "; answered without items, fields not verified: " + strings.Join(unverified, ", ")
	}
	s.Line = line + fmt.Sprintf("; exit %d", r.ExitCode)
	r.Summary = s
}

// WriteText writes the report as text for a bug report, every line passed
// through redact.
func (r *Report) WriteText(w io.Writer, redact func(string) string) error {
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	line("nanoStream Analytics API contract check")
	api := r.API
	if r.Simulator {
		api += " (the built-in simulator)"
	}
	line("API:         %s", api)
	line("sign-in:     %s", r.SignIn)
	line("range:       %s to %s UTC (the last whole hour), interval %s", r.From, r.To, r.Interval)
	breakdowns := "each term once, the directions alternating"
	if r.Breakdowns == "all" {
		breakdowns = "every term in both directions"
	}
	line("requests:    %d, one per route, none retried; usage breakdowns: %s", len(r.Routes), breakdowns)
	line("pacing:      %s", r.Pacing)
	if r.Revision != "" {
		line("revision:    %s", r.Revision)
	}
	for _, rt := range r.Routes {
		line("")
		writeRoute(line, rt)
	}
	line("")
	line("summary: %s", r.Summary.Line)
	return writeRedacted(w, b.String(), redact)
}

func writeRoute(line func(string, ...any), rt Route) {
	line("%-18s %s [part %d]", rt.Status.Label(), rt.Name, rt.Part)
	line("  %s", rt.Request)
	if rt.Status == StatusNotRun {
		for _, n := range rt.Notes {
			line("  note: %s", n)
		}
		return
	}
	answer := "no answer"
	if rt.HTTPStatus != 0 {
		answer = fmt.Sprintf("HTTP %d", rt.HTTPStatus)
		if rt.ContentType != "" {
			answer += ", " + rt.ContentType
		} else {
			answer += ", no content type"
		}
		answer += fmt.Sprintf(", %s", plural(rt.BodyBytes, "byte"))
	}
	line("  %s, %d ms", answer, rt.Milliseconds)
	if e := rt.Envelope; e != nil {
		data := e.Data
		if e.Data == jsonArray {
			data = "array of " + plural(rt.Items, "item")
		}
		env := fmt.Sprintf("statusCode %s, statusInfo %s, data %s", e.StatusCode, e.StatusInfo, data)
		if len(e.Other) > 0 {
			env += "; other members: " + strings.Join(e.Other, ", ")
		}
		line("  envelope: %s", env)
	}
	if e := rt.Error; e != nil {
		text := e.Shape
		if e.Code != 0 {
			text += fmt.Sprintf(", error %d", e.Code)
		}
		if e.Summary != "" {
			text += " " + e.Summary
		}
		if e.Message != "" {
			text += ": " + e.Message
		}
		line("  answer: %s", text)
		if e.Parameter != "" {
			line("  parameter named by the API: %s", e.Parameter)
		}
	}
	if len(rt.Fields) > 0 {
		var held []string
		for _, f := range rt.Fields {
			if f.Held {
				held = append(held, fieldCounts(f))
			}
		}
		if len(held) > 0 {
			wrapList(line, "  fields the plugin reads: ", held)
		}
		for _, f := range rt.Fields {
			if !f.Held {
				line("  FIELD DID NOT HOLD: %s (%s): %s", f.Name, f.Want, f.Problem)
			}
		}
	}
	if rt.NotObjects > 0 {
		line("  ITEMS: %s of %d not JSON objects", plural(rt.NotObjects, "item"), rt.Items)
	}
	if len(rt.OtherFields) > 0 {
		wrapList(line, "  fields the plugin does not read: ", rt.OtherFields)
	}
	for _, n := range rt.Notes {
		line("  note: %s", n)
	}
}

// fieldCounts is a held field with the items it had a value in.
func fieldCounts(f Field) string {
	s := fmt.Sprintf("%s %d/%d", f.Name, f.Present, f.Items)
	var extra []string
	if f.Null > 0 {
		extra = append(extra, fmt.Sprintf("%d null", f.Null))
	}
	if f.Absent > 0 {
		extra = append(extra, fmt.Sprintf("%d absent", f.Absent))
	}
	if f.Allowed > 0 {
		extra = append(extra, fmt.Sprintf("%d absent without starts", f.Allowed))
	}
	if len(extra) > 0 {
		s += " (" + strings.Join(extra, ", ") + ")"
	}
	return s
}

// WriteJSON writes the report as indented JSON, passed through redact.
func (r *Report) WriteJSON(w io.Writer, redact func(string) string) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return err
	}
	return writeRedacted(w, buf.String(), redact)
}

func writeRedacted(w io.Writer, text string, redact func(string) string) error {
	if redact != nil {
		var lines []string
		for l := range strings.SplitSeq(text, "\n") {
			lines = append(lines, redact(l))
		}
		text = strings.Join(lines, "\n")
	}
	_, err := io.WriteString(w, text)
	return err
}

// lineWidth is where wrapList breaks a list.
const lineWidth = 110

// wrapList writes a comma-separated list after prefix, continued on
// indented lines where it grows longer than lineWidth.
func wrapList(line func(string, ...any), prefix string, items []string) {
	current := prefix
	indent := strings.Repeat(" ", 4)
	for i, item := range items {
		if i < len(items)-1 {
			item += ","
		}
		if i > 0 && len(current)+1+len(item) > lineWidth {
			line("%s", current)
			current = indent + item
			continue
		}
		if i > 0 {
			current += " "
		}
		current += item
	}
	line("%s", current)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
