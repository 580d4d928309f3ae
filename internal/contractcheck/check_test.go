package contractcheck

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/simulator"
)

// testNow is a Tuesday at 01:30 UTC, the evening in New York, when the
// simulator's largest stream restarts and raises ingest alerts: every
// route, the alerts included, answers items.
var testNow = time.Date(2026, 11, 24, 1, 30, 0, 0, time.UTC)

func fixedNow() time.Time { return testNow }

// simCheck runs a check against a simulator in memory.
func simCheck(t *testing.T, mode nanostream.AuthMode, prepare func(*simulator.Simulator)) (*Report, *Check) {
	t.Helper()
	tr := simulator.NewTransport(simulator.Options{Now: fixedNow})
	t.Cleanup(tr.Close)
	if prepare != nil {
		prepare(tr.Sim)
	}
	check, err := New(ForSimulator(mode, tr, fixedNow))
	require.NoError(t, err)
	return check.Run(context.Background()), check
}

func routeNamed(t *testing.T, rep *Report, name string) Route {
	t.Helper()
	for _, rt := range rep.Routes {
		if rt.Name == name {
			return rt
		}
	}
	require.Failf(t, "no such route", "%q", name)
	return Route{}
}

func fieldNamed(t *testing.T, rt Route, name string) Field {
	t.Helper()
	for _, f := range rt.Fields {
		if f.Name == name {
			return f
		}
	}
	require.Failf(t, "no such field", "%q on %s", name, rt.Name)
	return Field{}
}

func text(t *testing.T, rep *Report, check *Check) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, rep.WriteText(&buf, check.Redact))
	return buf.String()
}

func jsonText(t *testing.T, rep *Report, check *Check) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, rep.WriteJSON(&buf, check.Redact))
	require.True(t, json.Valid(buf.Bytes()), buf.String())
	return buf.String()
}

func TestSimulatorHoldsEveryRoute(t *testing.T) {
	rep, check := simCheck(t, nanostream.AuthAPIKey, nil)

	// every route of parts 1 and 2: three series, five breakdowns (each
	// term once, both directions), the countries, the alerts, the whole
	// and the three split success ratios, the worst streams, the errors,
	// buffering and startup time
	require.Len(t, rep.Routes, 18)
	routes := map[string]bool{}
	for _, rt := range rep.Routes {
		routes[rt.Route] = true
		assert.Equal(t, StatusOK, rt.Status, "%s: %v", rt.Name, rt.Notes)
		assert.Equal(t, OutcomeHeld, rt.Outcome, rt.Name)
		assert.True(t, rt.FieldsVerified, "%s answered items", rt.Name)
		assert.Positive(t, rt.Items, rt.Name)
		assert.Equal(t, http.StatusOK, rt.HTTPStatus, rt.Name)
		require.NotNil(t, rt.ClientDecodes, rt.Name)
		assert.True(t, *rt.ClientDecodes, rt.Name)
		require.NotNil(t, rt.Envelope, rt.Name)
		assert.Equal(t, Envelope{StatusCode: "number", StatusInfo: "string", Data: "array"}, *rt.Envelope, rt.Name)
		for _, f := range rt.Fields {
			assert.True(t, f.Held, "%s %s: %s", rt.Name, f.Name, f.Problem)
		}
	}
	for _, route := range []string{
		nanostream.RouteBytes, nanostream.RouteHourlyBytes, nanostream.RouteMaxViewers, nanostream.RouteCountries,
		nanostream.RouteIngestAlerts, nanostream.RoutePlaybackRatio, nanostream.RouteWorstStreams,
		nanostream.RoutePlaybackErrors, nanostream.RouteBufferingRatio, nanostream.RouteStartupTime,
		nanostream.RoutePlaybackRatioSplit(nanostream.SplitStreams), nanostream.RoutePlaybackRatioSplit(nanostream.SplitTags),
		nanostream.RoutePlaybackRatioSplit(nanostream.SplitCountries),
		nanostream.RouteBreakdown(nanostream.TermStream, nanostream.DirectionPlayout),
		nanostream.RouteBreakdown(nanostream.TermCountry, nanostream.DirectionIngest),
		nanostream.RouteBreakdown(nanostream.TermCity, nanostream.DirectionPlayout),
		nanostream.RouteBreakdown(nanostream.TermReferrer, nanostream.DirectionIngest),
		nanostream.RouteBreakdown(nanostream.TermIP, nanostream.DirectionPlayout),
	} {
		assert.True(t, routes[route], route)
	}
	assert.Equal(t, ExitHeld, rep.ExitCode)
	assert.Equal(t, Summary{Routes: 18, Held: 18, Line: "18 of 18 routes held; exit 0"}, rep.Summary)

	// the range is the last whole hour, asked per hour
	assert.Equal(t, "2026-11-24T00:00", rep.From)
	assert.Equal(t, "2026-11-24T01:00", rep.To)
	bytesRoute := routeNamed(t, rep, "byte usage")
	assert.Equal(t, "GET /v2/usage/bytes/timeseries?from=2026-11-24T00%3A00&interval=hour&to=2026-11-24T01%3A00", bytesRoute.Request)
	assert.Equal(t, []string{"from", "interval", "to"}, bytesRoute.Parameters)
	assert.Equal(t, []string{"timestampAsString"}, bytesRoute.OtherFields, "a field the plugin does not read is named")

	// nested fields are checked on the objects of their lists
	alerts := routeNamed(t, rep, "ingest alerts")
	assert.Positive(t, fieldNamed(t, alerts, "connectionsDetails[].bitrateKbps").Items)
	split := routeNamed(t, rep, "playback start success by streams")
	assert.True(t, fieldNamed(t, split, "timeseries[].successRatio").Held)
	assert.Contains(t, split.OtherFields, "timeseries[].timestampAsString")

	out := text(t, rep, check)
	assert.Contains(t, out, "OK                 concurrent viewers [part 1]\n")
	assert.Contains(t, out, "fields the plugin reads: timestamp 1/1, maxConcurrentViewers 1/1\n")
	assert.True(t, strings.HasSuffix(out, "\nsummary: 18 of 18 routes held; exit 0\n"), out)
	jsonText(t, rep, check)
}

func TestAllBreakdowns(t *testing.T) {
	tr := simulator.NewTransport(simulator.Options{Now: fixedNow})
	cfg := ForSimulator(nanostream.AuthAPIKey, tr, fixedNow)
	cfg.AllBreakdowns = true
	check, err := New(cfg)
	require.NoError(t, err)
	rep := check.Run(context.Background())
	require.Len(t, rep.Routes, 23)
	n := 0
	for _, rt := range rep.Routes {
		if strings.Contains(rt.Name, " usage by ") {
			n++
			assert.Equal(t, StatusOK, rt.Status, rt.Name)
		}
	}
	assert.Equal(t, 10, n)
	assert.Equal(t, "all", rep.Breakdowns)
}

func TestAccountModeLogsInFirstAndNeverShowsTheToken(t *testing.T) {
	rep, check := simCheck(t, nanostream.AuthAccount, nil)
	require.Len(t, rep.Routes, 19)
	login := rep.Routes[0]
	assert.Equal(t, "POST /authenticate", login.Request)
	assert.Equal(t, StatusOK, login.Status)
	assert.Equal(t, []Field{{Name: "token", Want: "string", Items: 1, Present: 1, Held: true}}, login.Fields)
	assert.Equal(t, ExitHeld, rep.ExitCode, rep.Summary.Line)

	require.NotEmpty(t, check.token)
	for _, out := range []string{text(t, rep, check), jsonText(t, rep, check)} {
		assert.NotContains(t, out, check.token)
		assert.NotContains(t, out, simulator.DemoPassword)
		assert.NotContains(t, out, simulator.DemoEmail, "the account's email address stays out of the report too")
	}
}

func TestRenamedFieldIsAbsentAndNamed(t *testing.T) {
	rep, check := simCheck(t, nanostream.AuthAPIKey, func(sim *simulator.Simulator) {
		sim.RenameField(nanostream.RouteMaxViewers, "maxConcurrentViewers", "maxViewers")
	})
	viewers := routeNamed(t, rep, "concurrent viewers")
	assert.Equal(t, StatusFields, viewers.Status)
	assert.Equal(t, OutcomeNotHeld, viewers.Outcome)
	f := fieldNamed(t, viewers, "maxConcurrentViewers")
	assert.False(t, f.Held)
	assert.Equal(t, 1, f.Items)
	assert.Equal(t, 1, f.Absent)
	assert.Zero(t, f.Present)
	assert.Equal(t, "absent from all 1 items", f.Problem)
	assert.True(t, fieldNamed(t, viewers, "timestamp").Held)
	assert.Equal(t, []string{"maxViewers", "timestampAsString"}, viewers.OtherFields)

	for _, rt := range rep.Routes {
		if rt.Name != viewers.Name {
			assert.Equal(t, StatusOK, rt.Status, rt.Name)
		}
	}
	assert.Equal(t, ExitNotHeld, rep.ExitCode)
	assert.Equal(t, "17 of 18 routes held; did not hold: concurrent viewers (FIELDS); exit 1", rep.Summary.Line)

	out := text(t, rep, check)
	assert.Contains(t, out, "FIELDS             concurrent viewers [part 1]\n")
	assert.Contains(t, out, "  FIELD DID NOT HOLD: maxConcurrentViewers (number): absent from all 1 items\n")
	assert.Contains(t, out, "  fields the plugin does not read: maxViewers, timestampAsString\n")
	assert.Contains(t, jsonText(t, rep, check), `"maxViewers"`)
}

func TestRenamedNestedAndRequiredFields(t *testing.T) {
	rep, _ := simCheck(t, nanostream.AuthAPIKey, func(sim *simulator.Simulator) {
		sim.RenameField(nanostream.RoutePlaybackRatio, "successRatio", "ratio")
		sim.RenameField(nanostream.RouteBreakdown(nanostream.TermStream, nanostream.DirectionPlayout), "bytes", "Bytes")
	})
	ratio := routeNamed(t, rep, "playback start success")
	assert.Equal(t, StatusFields, ratio.Status)
	assert.False(t, fieldNamed(t, ratio, "successRatio").Held, "starts without a ratio: not the allowed absence")
	assert.Contains(t, ratio.OtherFields, "ratio")

	streams := routeNamed(t, rep, "playout usage by stream")
	assert.Equal(t, StatusFields, streams.Status, "the client reads names case-sensitively")
	assert.Contains(t, streams.OtherFields, "Bytes")
	assert.Equal(t, ExitNotHeld, rep.ExitCode)
}

func TestRenamedLoginTokenStopsTheCheck(t *testing.T) {
	rep, check := simCheck(t, nanostream.AuthAccount, func(sim *simulator.Simulator) {
		sim.RenameField(nanostream.RouteAuthenticate, "token", "accessToken")
	})
	login := rep.Routes[0]
	assert.Equal(t, StatusFields, login.Status)
	assert.Equal(t, []string{"accessToken"}, login.OtherFields)
	for _, rt := range rep.Routes[1:] {
		assert.Equal(t, StatusNotRun, rt.Status, rt.Name)
	}
	assert.Equal(t, ExitNotHeld, rep.ExitCode)
	assert.Contains(t, text(t, rep, check), "note: not sent: every other route needs the login's session token\n")
}

func TestLevelTooLowIsAccessNotFailure(t *testing.T) {
	rep, check := simCheck(t, nanostream.AuthAPIKey, func(sim *simulator.Simulator) {
		sim.SetFaults(simulator.Faults{LevelTooLow: true})
	})
	access := 0
	for _, rt := range rep.Routes {
		if rt.Part == 2 {
			access++
			assert.Equal(t, StatusAccess, rt.Status, rt.Name)
			assert.Equal(t, OutcomeAccess, rt.Outcome)
			require.NotNil(t, rt.Error)
			assert.Equal(t, 105002, rt.Error.Code)
			assert.Equal(t, "error envelope", rt.Error.Shape)
			assert.Equal(t, http.StatusForbidden, rt.HTTPStatus)
		} else {
			assert.Equal(t, StatusOK, rt.Status, rt.Name)
		}
	}
	assert.Equal(t, 9, access)
	assert.Equal(t, ExitHeld, rep.ExitCode, "an organisation without the level is not a contract failure")
	assert.Equal(t, 9, rep.Summary.Access)
	out := text(t, rep, check)
	assert.Contains(t, out, "ACCESS             ingest alerts [part 2]\n")
	assert.Contains(t, out, "error 105002 Access level too low: ")
	assert.Contains(t, out, "not a contract failure")
}

func TestMissingPathAndBrokenAnswers(t *testing.T) {
	rep, _ := simCheck(t, nanostream.AuthAPIKey, func(sim *simulator.Simulator) {
		sim.SetFaults(simulator.Faults{RouteStatus: map[string]int{nanostream.RouteCountries: 101001}})
	})
	countries := routeNamed(t, rep, "countries filter list")
	assert.Equal(t, StatusMissingPath, countries.Status)
	assert.Equal(t, http.StatusNotFound, countries.HTTPStatus)
	assert.Equal(t, 101001, countries.Error.Code)
	assert.Equal(t, ExitNotHeld, rep.ExitCode)

	for _, faults := range []simulator.Faults{{Malformed: true}, {Truncated: true}} {
		rep, _ := simCheck(t, nanostream.AuthAPIKey, func(sim *simulator.Simulator) { sim.SetFaults(faults) })
		for _, rt := range rep.Routes {
			assert.Equal(t, StatusEnvelope, rt.Status, "%+v %s", faults, rt.Name)
			assert.False(t, *rt.ClientDecodes)
		}
		assert.Equal(t, ExitNotHeld, rep.ExitCode)
	}

	rep, _ = simCheck(t, nanostream.AuthAPIKey, func(sim *simulator.Simulator) { sim.SetFaults(simulator.Faults{Status: 503}) })
	for _, rt := range rep.Routes {
		assert.Equal(t, StatusServerError, rt.Status, rt.Name)
		assert.Equal(t, OutcomeNotChecked, rt.Outcome)
	}
	assert.Equal(t, ExitCouldNotRun, rep.ExitCode, "a failing API says nothing about the contract")
}

// standIn is an API stand-in on loopback that counts the requests per
// route and answers with answer.
type standIn struct {
	*httptest.Server
	mu       sync.Mutex
	requests map[string]int
	headers  []http.Header
}

func newStandIn(t *testing.T, answer http.HandlerFunc) *standIn {
	t.Helper()
	s := &standIn{requests: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests[r.URL.Path]++
		s.headers = append(s.headers, r.Header.Clone())
		s.mu.Unlock()
		answer(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *standIn) total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.requests {
		n += c
	}
	return n
}

func standInCheck(t *testing.T, url string, mutate func(*Config)) (*Report, *Check) {
	t.Helper()
	cfg := Config{BaseURL: url, Auth: nanostream.AuthAPIKey, APIKey: "test-key-0123456789", Now: fixedNow}
	if mutate != nil {
		mutate(&cfg)
	}
	check, err := New(cfg)
	require.NoError(t, err)
	return check.Run(context.Background()), check
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func apiError(code int, summary, message string, userInfo map[string]any) map[string]any {
	return map[string]any{"error": map[string]any{"errorCode": code, "summary": summary, "message": message, "userInfo": userInfo}}
}

func TestParameterRefusedNamesTheParameter(t *testing.T) {
	tr := simulator.NewTransport(simulator.Options{Now: fixedNow})
	api := newStandIn(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case nanostream.RouteMaxViewers:
			writeJSON(w, http.StatusBadRequest, apiError(101002, "Param required", "The parameter resolution is required.",
				map[string]any{"parameter": "resolution"}))
		case nanostream.RouteStartupTime:
			writeJSON(w, http.StatusBadRequest, apiError(101004, "Invalid param", "The interval hour is not supported here.", nil))
		default:
			tr.Sim.ServeHTTP(w, r)
		}
	})
	rep, check := standInCheck(t, api.URL, func(c *Config) { c.APIKey = simulator.DemoAPIKey })
	viewers := routeNamed(t, rep, "concurrent viewers")
	assert.Equal(t, StatusParameterRefused, viewers.Status)
	assert.Equal(t, &APIError{Code: 101002, Summary: "Param required", Message: `The parameter resolution is required. ({"parameter":"resolution"})`,
		Parameter: "resolution", Shape: "error envelope"}, viewers.Error)
	startup := routeNamed(t, rep, "startup time")
	assert.Equal(t, StatusParameterRefused, startup.Status)
	assert.Equal(t, "interval", startup.Error.Parameter, "a sent parameter the message names")
	assert.Equal(t, ExitNotHeld, rep.ExitCode)
	out := text(t, rep, check)
	assert.Contains(t, out, "PARAMETER REFUSED  concurrent viewers [part 1]\n")
	assert.Contains(t, out, "  parameter named by the API: resolution\n")
}

func base64Std(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// echoes are forms in which a careless API may repeat a secret.
func echoes(secret string) []string {
	return []string{secret, strings.ReplaceAll(secret, "/", "%2F"), base64Std(secret), base64Std("Bearer " + secret)}
}

func TestHostileStandInNeverGetsTheKeyIntoTheReport(t *testing.T) {
	const key = `sEcReT/key+with "quotes" and spaces_0123456789`
	var forms []string
	forms = append(forms, echoes(key)...)
	jsonKey, _ := json.Marshal(key)
	forms = append(forms, string(jsonKey[1:len(jsonKey)-1]))

	api := newStandIn(t, func(w http.ResponseWriter, r *http.Request) {
		got := r.Header.Get(nanostream.DefaultAPIKeyHeader)
		switch r.URL.Path {
		case nanostream.RouteBytes: // the key in the message, its userInfo and the content type
			w.Header().Set("Content-Type", "application/json; key="+got)
			w.WriteHeader(http.StatusBadRequest)
			_ = json.NewEncoder(w).Encode(apiError(101004, "Bad key "+got, strings.Repeat("x", 280)+" the key "+got+" in base64 "+base64Std(got),
				map[string]any{"parameter": "key " + got, "header": base64Std("Bearer " + got)}))
		case nanostream.RouteHourlyBytes: // the key as a field name, once long enough to be cut
			writeJSON(w, http.StatusOK, map[string]any{"statusCode": 200, "statusInfo": "OK " + got, got: 1,
				"data": []map[string]any{{"timestamp": 1, "playout": got, "ingest": 2, got: 3, strings.Repeat("y", 40) + got: 4}}})
		case nanostream.RouteMaxViewers: // a server failure that echoes it
			writeJSON(w, http.StatusInternalServerError, apiError(104001, "Internal error", "failed for "+got, nil))
		case nanostream.RouteCountries: // the key as a value: never printed anyway
			writeJSON(w, http.StatusOK, map[string]any{"statusCode": 200, "statusInfo": "OK", "data": []map[string]any{{"code": got, "name": got}}})
		default:
			writeJSON(w, http.StatusForbidden, apiError(105002, "Access level too low", "no level for "+got, map[string]any{"key": got}))
		}
	})
	rep, check := standInCheck(t, api.URL, func(c *Config) { c.APIKey = key })

	for _, out := range []string{text(t, rep, check), jsonText(t, rep, check)} {
		for _, form := range forms {
			assert.NotContains(t, out, form)
		}
		assert.NotContains(t, out, "sEcReT")
		assert.Contains(t, out, nanostream.Redacted)
	}
	// never retried, not even the server failure
	api.mu.Lock()
	for path, n := range api.requests {
		assert.Equal(t, 1, n, path)
	}
	api.mu.Unlock()
	assert.Equal(t, 18, api.total())
	assert.Equal(t, StatusParameterRefused, routeNamed(t, rep, "byte usage").Status)
	assert.Equal(t, StatusFields, routeNamed(t, rep, "hourly byte usage").Status, "playout came as a string")
	assert.Equal(t, StatusServerError, routeNamed(t, rep, "concurrent viewers").Status)
	assert.Equal(t, StatusOK, routeNamed(t, rep, "countries filter list").Status)
}

func TestRefusedCredentialsStopTheCheck(t *testing.T) {
	api := newStandIn(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, apiError(102021, "Invalid API key", "The API key is not valid.", nil))
	})
	rep, check := standInCheck(t, api.URL, nil)
	assert.Equal(t, 1, api.total(), "nothing more is sent after refused credentials")
	assert.Equal(t, StatusCredentials, rep.Routes[0].Status)
	for _, rt := range rep.Routes[1:] {
		assert.Equal(t, StatusNotRun, rt.Status)
	}
	assert.Equal(t, ExitCouldNotRun, rep.ExitCode)
	assert.Contains(t, text(t, rep, check), "NOT RUN            startup time [part 2]\n")
}

func TestThrottlingStopsTheCheck(t *testing.T) {
	api := newStandIn(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == nanostream.RouteMaxViewers {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusBadGateway)
			_, _ = w.Write([]byte("<html><body><h1>502 Bad Gateway</h1></body></html>"))
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"statusCode": 200, "statusInfo": "OK", "data": []any{}})
	})
	rep, _ := standInCheck(t, api.URL, nil)
	assert.Equal(t, 3, api.total())
	viewers := routeNamed(t, rep, "concurrent viewers")
	assert.Equal(t, StatusThrottled, viewers.Status)
	assert.Equal(t, "HTML page", viewers.Error.Shape)
	assert.Equal(t, StatusOK, rep.Routes[0].Status)
	assert.False(t, rep.Routes[0].FieldsVerified, "an empty list verifies no field")
	assert.Equal(t, StatusNotRun, rep.Routes[3].Status)
	assert.Equal(t, ExitCouldNotRun, rep.ExitCode)
	assert.Contains(t, rep.Summary.Line, "answered without items, fields not verified: byte usage, hourly byte usage")
}

func TestRedirectToAnotherOriginIsNotFollowed(t *testing.T) {
	elsewhere := newStandIn(t, func(w http.ResponseWriter, r *http.Request) {})
	api := newStandIn(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/moved") {
			writeJSON(w, http.StatusOK, map[string]any{"statusCode": 200, "statusInfo": "OK", "data": nil})
			return
		}
		if r.URL.Path == nanostream.RouteBytes {
			http.Redirect(w, r, "/moved"+r.URL.Path, http.StatusFound) // within the origin: followed
			return
		}
		http.Redirect(w, r, elsewhere.URL+r.URL.Path, http.StatusFound)
	})
	rep, _ := standInCheck(t, api.URL, nil)
	assert.Equal(t, StatusOK, rep.Routes[0].Status, "%v", rep.Routes[0].Notes)
	assert.Equal(t, StatusRedirected, rep.Routes[1].Status)
	assert.Contains(t, rep.Routes[1].Notes[0], elsewhere.URL)
	assert.Zero(t, elsewhere.total(), "the key never reaches another origin")
	assert.Equal(t, StatusNotRun, rep.Routes[2].Status)
	assert.Equal(t, ExitCouldNotRun, rep.ExitCode)
}

func TestUnreachableAPI(t *testing.T) {
	api := newStandIn(t, func(w http.ResponseWriter, r *http.Request) {})
	url := api.URL
	api.Close()
	rep, _ := standInCheck(t, url, nil)
	assert.Equal(t, StatusUnreachable, rep.Routes[0].Status)
	assert.Equal(t, StatusNotRun, rep.Routes[1].Status)
	assert.Equal(t, ExitCouldNotRun, rep.ExitCode)
}

func TestTimeoutIsPerRoute(t *testing.T) {
	api := newStandIn(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == nanostream.RouteBytes {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"statusCode": 200, "statusInfo": "OK", "data": []any{}})
	})
	rep, _ := standInCheck(t, api.URL, func(c *Config) { c.Timeout = 100 * time.Millisecond })
	assert.Equal(t, StatusTimeout, rep.Routes[0].Status)
	assert.Equal(t, StatusOK, rep.Routes[1].Status, "the next route is still asked")
	assert.Equal(t, ExitCouldNotRun, rep.ExitCode)
}

// recordingTransport notes when each request is sent.
type recordingTransport struct {
	mu   sync.Mutex
	sent []time.Time
	next http.RoundTripper
}

func (r *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	r.sent = append(r.sent, time.Now())
	r.mu.Unlock()
	return r.next.RoundTrip(req)
}

func TestPacing(t *testing.T) {
	tr := simulator.NewTransport(simulator.Options{Now: fixedNow, Throttle: true, Rate: 1, Burst: 30})
	rec := &recordingTransport{next: tr}
	cfg := ForSimulator(nanostream.AuthAPIKey, tr, fixedNow)
	cfg.HTTPClient = &http.Client{Transport: rec}
	cfg.Pacing = Pacing{Burst: 3, Every: 40 * time.Millisecond}
	check, err := New(cfg)
	require.NoError(t, err)
	rep := check.Run(context.Background())
	assert.Equal(t, ExitHeld, rep.ExitCode, rep.Summary.Line)
	require.Len(t, rec.sent, 18)
	for i := 3; i < len(rec.sent); i++ {
		assert.GreaterOrEqual(t, rec.sent[i].Sub(rec.sent[i-1]), 40*time.Millisecond, "request %d", i)
	}

	// the default pacing stays inside the API's budget (nginx limit_req at
	// 1 request/s with a burst of 30) for every request a check may send,
	// with room to spare for other clients of the organisation
	n := len(probes(testNow.Add(-time.Hour), testNow, true, true))
	excess, peak := 0.0, 0.0
	at, last := 0.0, 0.0
	for i := range n {
		if i >= DefaultPacing.Burst {
			at += DefaultPacing.Every.Seconds()
		}
		excess = max(0, excess-(at-last)) + 1
		last, peak = at, max(peak, excess)
	}
	assert.LessOrEqual(t, peak, float64(DefaultPacing.Burst), "at most the first few requests draw on the burst")
	assert.Less(t, 1/DefaultPacing.Every.Seconds(), 1.0, "after them, less than the sustained rate")
}

func TestInterruptedCheck(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	check, err := New(ForSimulator(nanostream.AuthAPIKey, simulator.NewTransport(simulator.Options{Now: fixedNow}), fixedNow))
	require.NoError(t, err)
	rep := check.Run(ctx)
	for _, rt := range rep.Routes {
		assert.Equal(t, StatusNotRun, rt.Status)
	}
	assert.Equal(t, ExitCouldNotRun, rep.ExitCode)
}

func TestNewRefusesBadConfig(t *testing.T) {
	for name, cfg := range map[string]Config{
		"URL":        {BaseURL: "ftp://example.com", Auth: nanostream.AuthAPIKey, APIKey: "k"},
		"no key":     {Auth: nanostream.AuthAPIKey},
		"no account": {Auth: nanostream.AuthAccount, Email: "a@example.com"},
		"mode":       {Auth: "token", APIKey: "k"},
	} {
		_, err := New(cfg)
		assert.Error(t, err, name)
	}
	c, err := New(Config{Auth: nanostream.AuthAPIKey, APIKey: "k"})
	require.NoError(t, err)
	assert.Equal(t, DefaultBaseURL, c.base.String())
}

func TestURLPasswordIsRedactedAndNotPrinted(t *testing.T) {
	api := newStandIn(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, apiError(101001, "Unknown endpoint", "No endpoint for "+r.Header.Get("Authorization"), nil))
	})
	withUser := strings.Replace(api.URL, "http://", "http://ops:url-secret-42@", 1)
	rep, check := standInCheck(t, withUser, nil)
	assert.Equal(t, api.URL, rep.API)
	out := text(t, rep, check)
	assert.NotContains(t, out, "url-secret-42")
	assert.NotContains(t, out, base64Std("ops:url-secret-42"))
}
