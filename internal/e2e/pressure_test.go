package e2e

// Under pressure and at first contact: deadlines, settings saves,
// redirects, echoed secrets, the sign-in mode, empty answers, refused
// tokens and oversized filters, each over the plugin protocol.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/simulator"
)

// budgetSentence starts the answer of a query whose turn of the request
// budget would have come after the request's deadline.
const budgetSentence = "The nanoStream API's request budget is exhausted: the query could not be sent before its deadline without exceeding the API's rate limit; retry in about "

func TestADeadlineReturnsTheAnswersMadeAndBudgetsTheRest(t *testing.T) {
	f := startWith(t, simulator.Options{Throttle: true})
	pc := pluginContext(f.sim.URL, `{"authType":"apiKey","requestsPerSecond":1,"requestBurst":2}`, map[string]string{"apiKey": apiKey})
	now := time.Now()
	var queries []backend.DataQuery
	for i := range 12 { // twelve distinct per-stream panels: twelve upstream calls
		queries = append(queries, dataQuery(fmt.Sprintf("Q%02d", i), `{"queryType":"maxViewers"}`, now.Add(-time.Duration(60+i)*time.Minute), now))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second) // Grafana's deadline, as for an alert evaluation
	defer cancel()
	resp, err := f.plugin.QueryData(ctx, &backend.QueryDataRequest{PluginContext: pc, Queries: queries})
	require.NoError(t, err, "the call returns normally, before its deadline")
	require.Len(t, resp.Responses, 12)
	var answered, budgeted int
	for refID, res := range resp.Responses {
		if res.Error == nil {
			answered++
			require.NotEmpty(t, res.Frames, refID)
			assert.Positive(t, res.Frames[0].Rows(), refID)
			continue
		}
		budgeted++
		assert.Equal(t, backend.StatusTooManyRequests, res.Status, refID)
		assert.Equal(t, backend.ErrorSourceDownstream, res.ErrorSource, refID)
		assert.True(t, strings.HasPrefix(res.Error.Error(), budgetSentence), "%s: %s", refID, res.Error)
		assert.True(t, strings.HasSuffix(res.Error.Error(), " s.") || strings.HasSuffix(res.Error.Error(), "second."), "%s says when: %s", refID, res.Error)
	}
	assert.GreaterOrEqual(t, answered, 2, "the burst at least")
	assert.GreaterOrEqual(t, budgeted, 1, "at one request a second, not all twelve fit in five seconds")
	assert.Zero(t, f.sim.Sim.Stats().Throttled, "the API never throttled")
}

func TestSaveAndTestInARowSpendsOneHealthChecksWorth(t *testing.T) {
	f := startWith(t, simulator.Options{Throttle: true}) // 1 request/s, burst 30, then nginx's pages
	id := nextID.Add(1)
	var pc backend.PluginContext
	for i := range 30 {
		zone := []string{"UTC", "Europe/Berlin", "Asia/Kolkata"}[i%3]
		pc = savedContext(id, f.sim.URL, `{"authType":"apiKey","billingTimeZone":"`+zone+`"}`, map[string]string{"apiKey": apiKey}, i)
		res, err := f.plugin.CheckHealth(context.Background(), pc)
		require.NoError(t, err)
		require.Equal(t, backend.HealthStatusOk, res.Status, "save %d: %s", i, res.Message)
	}
	stats := f.sim.Sim.Stats()
	assert.LessOrEqual(t, stats.Requests, int64(12), "one call per route, once: %v", stats.ByRoute)
	assert.Zero(t, stats.Throttled)

	now := time.Now()
	resp := f.query(t, pc, dataQuery("A", `{"queryType":"maxViewers"}`, now.Add(-3*time.Hour), now))
	assert.NoError(t, resp.Responses["A"].Error, "the dashboard right after answers")
	assert.Zero(t, f.sim.Sim.Stats().Throttled)
}

// credentialTrap answers every request with an empty data list and notes
// whether a credential reached it.
func credentialTrap(t *testing.T) (*httptest.Server, *atomic.Bool) {
	t.Helper()
	var got atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]string
		_ = json.NewDecoder(r.Body).Decode(&body)
		if r.Header.Get("X-BINTU-APIKEY") != "" || r.Header.Get("x-access-token") != "" || body["password"] != "" {
			got.Store(true)
		}
		writeData(w, []any{})
	}))
	t.Cleanup(srv.Close)
	return srv, &got
}

func TestCredentialsNeverLeaveTheAPIsOrigin(t *testing.T) {
	p, _ := startPlugin(t)
	elsewhere, leaked := credentialTrap(t)
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// the same host, another port; 307 keeps the method and the login's body
		http.Redirect(w, r, elsewhere.URL+r.URL.RequestURI(), http.StatusTemporaryRedirect)
	}))
	defer api.Close()
	now := time.Now()
	for _, pc := range []backend.PluginContext{
		pluginContext(api.URL, `{"authType":"apiKey"}`, map[string]string{"apiKey": apiKey}),
		pluginContext(api.URL, `{"authType":"account","email":"`+email+`"}`, map[string]string{"password": password}),
	} {
		resp, err := p.QueryData(context.Background(), &backend.QueryDataRequest{PluginContext: pc, Queries: []backend.DataQuery{
			dataQuery("A", `{"queryType":"maxViewers"}`, now.Add(-time.Hour), now),
		}})
		require.NoError(t, err)
		res := resp.Responses["A"]
		require.Error(t, res.Error)
		assert.Equal(t, "The nanoStream API redirected the request to "+elsewhere.URL+
			", another origin than the data source URL's, and the plugin does not follow it, so that no credential leaves the API's origin: check the data source URL.",
			res.Error.Error(), "one sentence naming the target's origin, not its path or query")
		assert.Equal(t, backend.StatusBadGateway, res.Status)
		health, err := p.CheckHealth(context.Background(), pc)
		require.NoError(t, err)
		assert.Equal(t, backend.HealthStatusError, health.Status)
		assert.Contains(t, health.Message, "redirected the request to "+elsewhere.URL+",")
	}
	assert.False(t, leaked.Load(), "a credential reached another origin")

	// an HTTPS API redirecting to HTTP on the same host and port
	tlsAPI := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://"+r.Host+r.URL.RequestURI(), http.StatusTemporaryRedirect)
	}))
	raw := &rawRecorder{Listener: tlsAPI.Listener}
	tlsAPI.Listener = raw
	tlsAPI.StartTLS()
	defer tlsAPI.Close()
	pc := pluginContext(tlsAPI.URL, `{"authType":"apiKey","tlsSkipVerify":true}`, map[string]string{"apiKey": apiKey})
	resp, err := p.QueryData(context.Background(), &backend.QueryDataRequest{PluginContext: pc, Queries: []backend.DataQuery{
		dataQuery("A", `{"queryType":"maxViewers"}`, now.Add(-time.Hour), now),
	}})
	require.NoError(t, err)
	require.Error(t, resp.Responses["A"].Error)
	assert.Contains(t, resp.Responses["A"].Error.Error(), "redirected the request to http://"+tlsAPI.Listener.Addr().String()+", another origin")
	assert.False(t, raw.contains(apiKey), "the API key travelled in clear")
}

// refusedEmail is an account whose every session token the hostile API
// refuses, echoing it.
const refusedEmail = "refused@example.com"

// hostileAPI issues session tokens and answers every data request with an
// error that repeats every credential it got in every form of echoForms:
// with 105011 for the tokens of refusedEmail, else with 101004. A refused
// login's error repeats its password.
type hostileAPI struct {
	mu     sync.Mutex
	issued map[string]string // token -> email
}

func (h *hostileAPI) tokens() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for token := range h.issued {
		out = append(out, token)
	}
	return out
}

func (h *hostileAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	echo := func(secrets ...string) []string {
		var out []string
		for _, s := range secrets {
			if s == "" {
				continue
			}
			for name, form := range echoForms(s) {
				out = append(out, name+": "+form)
			}
		}
		return out
	}
	if strings.HasSuffix(r.URL.Path, "/authenticate") {
		var body map[string]string
		_ = json.NewDecoder(r.Body).Decode(&body)
		if body["password"] != password {
			parts := echo(body["password"])
			writeAPIError(w, 401, 102002, "Wrong credentials for "+parts[0], strings.Join(parts, "; "), map[string]any{"tried": parts})
			return
		}
		h.mu.Lock()
		token := fmt.Sprintf("eyJ0b2tlbiI6%d.hostile/tok+en&\"x\"==", len(h.issued))
		h.issued[token] = body["email"]
		h.mu.Unlock()
		_ = json.NewEncoder(w).Encode(map[string]string{"token": token})
		return
	}
	token := r.Header.Get("x-access-token")
	parts := echo(r.Header.Get("X-BINTU-APIKEY"), token)
	h.mu.Lock()
	refused := h.issued[token] == refusedEmail
	h.mu.Unlock()
	if refused {
		writeAPIError(w, 401, 105011, "Invalid token "+parts[0], "the token "+strings.Join(parts, ", ")+" is invalid", map[string]any{"token": parts, "raw": token})
		return
	}
	writeAPIError(w, 400, 101004, "Echo "+parts[0], "you sent "+strings.Join(parts, ", "), map[string]any{"received": parts, "raw": token})
}

func TestNothingSecretLeavesThePluginWhenTheAPIEchoesIt(t *testing.T) {
	p, logs := startPlugin(t)
	hostile := &hostileAPI{issued: map[string]string{}}
	api := httptest.NewServer(hostile)
	defer api.Close()
	const key = "hostile-key/with+special=chars&more"
	const wrongPassword = `wrong pä$$ "word"/+1`
	contexts := []backend.PluginContext{
		pluginContext(api.URL, `{"authType":"apiKey"}`, map[string]string{"apiKey": key}),
		pluginContext(api.URL, `{"authType":"account","email":"`+email+`"}`, map[string]string{"password": password}),
		pluginContext(api.URL, `{"authType":"account","email":"`+refusedEmail+`"}`, map[string]string{"password": password}),
		pluginContext(api.URL, `{"authType":"account","email":"`+email+`"}`, map[string]string{"password": wrongPassword}),
	}
	now := time.Now()
	var answers strings.Builder
	for _, pc := range contexts {
		for i := range 2 {
			resp, err := p.QueryData(context.Background(), &backend.QueryDataRequest{PluginContext: pc, Queries: []backend.DataQuery{
				dataQuery("A", `{"queryType":"maxViewers"}`, now.Add(-time.Duration(60+i)*time.Minute), now),
				dataQuery("B", `{"queryType":"byteUsage","interval":"minute"}`, now.Add(-time.Duration(60+i)*time.Minute), now),
			}})
			require.NoError(t, err)
			raw, err := json.Marshal(resp)
			require.NoError(t, err)
			answers.Write(raw)
			for _, r := range resp.Responses {
				require.Error(t, r.Error)
				answers.WriteString(r.Error.Error())
			}
		}
		health, err := p.CheckHealth(context.Background(), pc)
		require.NoError(t, err)
		answers.WriteString(health.Message)
		answers.Write(health.JSONDetails)
		for _, path := range []string{"streams", "countries"} {
			res, err := p.CallResource(context.Background(), pc, path)
			require.NoError(t, err)
			answers.Write(res.Body)
		}
	}
	all := answers.String()
	for _, exercised := range []string{"base64url unpadded: ", "session token is invalid or expired (error 105011)", "rejected the email address or password (error 102002)"} {
		require.True(t, strings.Contains(all, exercised), "the answers include %q: the echoes came through", exercised)
	}
	tokens := hostile.tokens()
	require.GreaterOrEqual(t, len(tokens), 3, "tokens refused, fresh ones issued")
	logged := logs.String()
	require.True(t, strings.Contains(logged, "Partial data response error"), "the plugin logged the query errors")
	for _, secret := range append([]string{key, password, wrongPassword}, tokens...) {
		for name, form := range echoForms(secret) {
			assert.False(t, strings.Contains(all, form), "the %s form of a secret is in an answer", name)
			assert.False(t, strings.Contains(logged, form), "the %s form of a secret is in the log", name)
		}
	}
}

func TestTheSignInModeAloneDecides(t *testing.T) {
	f := start(t)
	pc := pluginContext(f.sim.URL, `{"authType":"account","email":"`+email+`"}`,
		map[string]string{"password": password, "apiKey": "an-old-revoked-key-0000"})
	res, err := f.plugin.CheckHealth(context.Background(), pc)
	require.NoError(t, err)
	assert.Equal(t, backend.HealthStatusOk, res.Status, res.Message)
	assert.Contains(t, res.Message, ", signed in as "+email+": all 12 routes the plugin uses answered.")
	assert.Equal(t, int64(1), f.sim.Sim.Stats().Logins, "account mode logs in, though an API key is stored")

	pc = pluginContext(f.sim.URL, `{"authType":"apiKey","email":"`+email+`"}`, map[string]string{"apiKey": apiKey, "password": "an-old-password"})
	res, err = f.plugin.CheckHealth(context.Background(), pc)
	require.NoError(t, err)
	assert.Equal(t, backend.HealthStatusOk, res.Status, res.Message)
	assert.Contains(t, res.Message, " with the API key: all 12 routes the plugin uses answered.")
	assert.Equal(t, int64(1), f.sim.Sim.Stats().Logins, "API-key mode never logs in")
}

func TestANullDataListIsAnEmptyAnswer(t *testing.T) {
	p, _ := startPlugin(t)
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if strings.Contains(r.URL.Path, "/viewer/") {
			_, _ = w.Write([]byte(`{"statusCode":200,"statusInfo":"OK","data":null}`)) // a period without rows
			return
		}
		_, _ = w.Write([]byte(`{"statusCode":200,"statusInfo":"OK"}`)) // no data list at all
	}))
	defer api.Close()
	pc := pluginContext(api.URL, `{"authType":"apiKey"}`, map[string]string{"apiKey": apiKey})
	now := time.Now()
	resp, err := p.QueryData(context.Background(), &backend.QueryDataRequest{PluginContext: pc, Queries: []backend.DataQuery{
		dataQuery("empty", `{"queryType":"maxViewers","interval":"day"}`, now.Add(-2*time.Hour), now),
		dataQuery("malformed", `{"queryType":"byteUsage"}`, now.Add(-2*time.Hour), now),
	}})
	require.NoError(t, err)
	empty := resp.Responses["empty"]
	require.NoError(t, empty.Error, "never an error")
	require.Len(t, empty.Frames, 1)
	assert.Zero(t, empty.Frames[0].Rows(), "a frame with no rows")
	require.NotEmpty(t, empty.Frames[0].Meta.Notices)
	assert.Equal(t, "The nanoStream API has no data for this time range and filter.", empty.Frames[0].Meta.Notices[0].Text)
	malformed := resp.Responses["malformed"]
	require.Error(t, malformed.Error)
	assert.Contains(t, malformed.Error.Error(), "the answer has no data list")
	assert.Equal(t, backend.StatusBadGateway, malformed.Status)
}

func TestARefusedFreshTokenDoesNotLockQueriesOut(t *testing.T) {
	p, _ := startPlugin(t)
	var logins atomic.Int64
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/authenticate") {
			n := logins.Add(1)
			_ = json.NewEncoder(w).Encode(map[string]string{"token": fmt.Sprintf("session-%d", n)})
			return
		}
		// the first two tokens were replaced by a login elsewhere meanwhile
		if token := r.Header.Get("x-access-token"); token == "session-1" || token == "session-2" {
			writeAPIError(w, 401, 105011, "Invalid token", "the token was replaced", map[string]any{})
			return
		}
		writeData(w, []any{})
	}))
	defer api.Close()
	pc := pluginContext(api.URL, `{"authType":"account","email":"`+email+`"}`, map[string]string{"password": password})
	now := time.Now()
	first := queryOne(t, p.QueryData, pc, dataQuery("A", `{"queryType":"maxViewers"}`, now.Add(-time.Hour), now))
	require.Error(t, first.Error, "the login's token and the fresh one are refused: one re-login, then the query gives up")
	assert.Equal(t, int64(2), logins.Load(), "never a retry loop")
	second := queryOne(t, p.QueryData, pc, dataQuery("A", `{"queryType":"maxViewers"}`, now.Add(-2*time.Hour), now))
	require.NoError(t, second.Error, "the next query logs in again at once instead of being locked out for a minute")
	assert.Equal(t, int64(3), logins.Load())
}

// queryOne sends one query and returns its answer.
func queryOne(t *testing.T, queryData func(context.Context, *backend.QueryDataRequest) (*backend.QueryDataResponse, error), pc backend.PluginContext, q backend.DataQuery) backend.DataResponse {
	t.Helper()
	resp, err := queryData(context.Background(), &backend.QueryDataRequest{PluginContext: pc, Queries: []backend.DataQuery{q}})
	require.NoError(t, err)
	return resp.Responses[q.RefID]
}

func TestAFilterValueOfAMegabyteIsRefusedBeforeAnythingIsSent(t *testing.T) {
	f := start(t)
	huge := "nS4kq-" + strings.Repeat("a", 1<<20)
	now := time.Now()
	resp := f.query(t, f.apiKeyContext(),
		dataQuery("huge", `{"queryType":"maxViewers","streamNames":["`+huge+`"]}`, now.Add(-time.Hour), now),
		dataQuery("many", `{"queryType":"byteUsage","tags":["`+strings.Repeat("t", 129)+`"]}`, now.Add(-time.Hour), now))
	res := resp.Responses["huge"]
	require.Error(t, res.Error)
	assert.Equal(t, backend.StatusBadRequest, res.Status)
	assert.Equal(t, backend.ErrorSourceDownstream, res.ErrorSource)
	assert.Equal(t, `A stream name is 1048582 characters long, more than the 128 the nanoStream API accepts per value: "nS4kq-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"….`, res.Error.Error())
	for _, fr := range res.Frames {
		assert.NotContains(t, fr.Meta.ExecutedQueryString, huge[:200], "no executed request carries the value")
	}
	assert.Contains(t, resp.Responses["many"].Error.Error(), "A tag is 129 characters long")
	assert.Zero(t, f.sim.Sim.Stats().Requests, "nothing was sent")
}
