package nanostream

import (
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The requests a contract check builds are the ones the client sends.
func TestContractCallsAreTheClientsRequests(t *testing.T) {
	srv, last := recorder(t)
	c := newTestClient(t, srv.URL, Config{APIKey: testKey, CacheDisabled: true})
	ctx := context.Background()
	r := lastHour.Range
	r.Filter = Filter{StreamNames: []string{"s1", "s2"}, Tags: []string{"t"}, Countries: []string{"DE"}}
	s := Series{Range: r, Interval: "hour"}
	sent := func() string { return last().URL.Path + "?" + last().URL.RawQuery }
	asked := func(call Call) string { return call.Route + "?" + call.Params.Encode() }

	_, _, err := c.Bytes(ctx, s)
	require.NoError(t, err)
	assert.Equal(t, sent(), asked(SeriesCall(RouteBytes, s)))

	_, _, err = c.WorstStreams(ctx, r)
	require.NoError(t, err)
	assert.Equal(t, sent(), asked(RangeCall(RouteWorstStreams, r)))

	b := Breakdown{Range: r, Term: TermCity, Direction: DirectionIngest, Limit: 7}
	_, _, err = c.UsageBreakdown(ctx, b)
	require.NoError(t, err)
	assert.Equal(t, sent(), asked(BreakdownCall(b)))

	p := PlaybackSplit{Series: s, Split: SplitTags, Limit: 3}
	_, _, err = c.PlaybackSuccessSplit(ctx, p)
	require.NoError(t, err)
	assert.Equal(t, sent(), asked(PlaybackSplitCall(p)))

	_, _, err = c.IngestAlerts(ctx, r.Filter)
	require.NoError(t, err)
	assert.Equal(t, sent(), asked(IngestAlertsCall(r.Filter)))
	_, _, err = c.IngestAlerts(ctx, Filter{})
	require.NoError(t, err)
	assert.Equal(t, last().URL.Path, IngestAlertsCall(Filter{}).Route)
	assert.Empty(t, last().URL.RawQuery)
	assert.Empty(t, IngestAlertsCall(Filter{}).Params)
}

func TestContractLoginBodyIsTheClients(t *testing.T) {
	var body []byte
	var header http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == RouteAuthenticate {
			body, _ = io.ReadAll(r.Body)
			_, _ = w.Write([]byte(`{"token": "tok-1234567890"}`))
			return
		}
		header = r.Header.Clone()
		writeData(w, []any{})
	}))
	t.Cleanup(srv.Close)
	c := newTestClient(t, srv.URL, Config{Email: "ops@example.com", Password: "pw-secret"})
	_, _, err := c.Countries(context.Background())
	require.NoError(t, err)
	want, err := LoginBody("ops@example.com", "pw-secret")
	require.NoError(t, err)
	assert.JSONEq(t, string(body), string(want))
	assert.Equal(t, "tok-1234567890", header.Get(AccessTokenHeader))
}

func TestContractResponseErrorAndRedactor(t *testing.T) {
	e := ResponseError(RouteBytes, http.StatusBadRequest, "application/json",
		[]byte(`{"error": {"errorCode": 101002, "summary": "Param required", "message": "from is required", "userInfo": {"parameter": "from"}}}`))
	assert.Equal(t, KindBadRequest, e.Kind)
	assert.Equal(t, 101002, e.Code)
	assert.Equal(t, `from is required ({"parameter":"from"})`, e.Detail)
	assert.Equal(t, KindThrottled, ResponseError(RouteBytes, http.StatusBadGateway, "text/html", []byte("<html>")).Kind)

	r := NewRedactor("key-abcdefgh", "")
	r.AddToken("token-ijklmnop")
	for _, s := range []string{"key-abcdefgh", "token-ijklmnop", base64.StdEncoding.EncodeToString([]byte("token-ijklmnop"))} {
		assert.Equal(t, "x "+Redacted+" y", r.Redact("x "+s+" y"))
	}
	assert.Equal(t, "nothing secret", r.Redact("nothing secret"))
}
