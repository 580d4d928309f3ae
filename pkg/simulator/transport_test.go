package simulator

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/internal/fakeclock"
)

// exchange is what a client sees of one answer.
type exchange struct {
	Status      int
	ContentType string
	Body        string
}

func send(t *testing.T, client *http.Client, base, method, path string, headers map[string]string, body string) exchange {
	t.Helper()
	req, err := http.NewRequest(method, base+path, strings.NewReader(body))
	require.NoError(t, err)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := client.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, int64(len(raw)), resp.ContentLength)
	return exchange{resp.StatusCode, resp.Header.Get("Content-Type"), string(raw)}
}

func TestTransportAnswersLikeTheServer(t *testing.T) {
	clock := fakeclock.New(testNow)
	opts := Options{Now: clock.Now, Throttle: true, Burst: 8}
	srv, err := Listen("127.0.0.1:0", opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	tr := NewTransport(opts)
	viaServer, inMemory := &http.Client{}, &http.Client{Transport: tr}

	hour := rangeParams(testNow.Add(-3*time.Hour).Truncate(time.Hour), testNow.Truncate(time.Hour), "hour")
	query := "?" + strings.Join([]string{"from=" + hour[1], "to=" + hour[3], "interval=hour"}, "&")
	requests := []struct {
		method, path string
		headers      map[string]string
		body         string
	}{
		{http.MethodGet, countriesPath, apiKey, ""},
		{http.MethodGet, "/api" + countriesPath, apiKey, ""},
		{http.MethodGet, hourlyPath + query, apiKey, ""},
		{http.MethodGet, hourlyPath + "?from=yesterday", apiKey, ""},
		{http.MethodGet, countriesPath, nil, ""},
		{http.MethodGet, countriesPath, map[string]string{"X-BINTU-APIKEY": "wrong"}, ""},
		{http.MethodGet, "/v2/nothing", apiKey, ""},
		{http.MethodPost, "/authenticate", nil, `{"email":"demo@example.com","password":"wrong"}`},
		// the burst of 8 is spent: both throttle from here on
		{http.MethodGet, countriesPath, apiKey, ""},
		{http.MethodPost, "/authenticate", nil, demoLogin},
	}
	for _, r := range requests {
		want := send(t, viaServer, srv.URL, r.method, r.path, r.headers, r.body)
		got := send(t, inMemory, tr.URL, r.method, r.path, r.headers, r.body)
		assert.Equal(t, want, got, "%s %s", r.method, r.path)
	}
	assert.Equal(t, srv.Sim.Stats(), tr.Sim.Stats())
	assert.Equal(t, int64(2), tr.Sim.Stats().Throttled)
}

func TestTransportHasNoAdminRoutes(t *testing.T) {
	tr := NewTransport(Options{Now: fakeclock.New(testNow).Now, Admin: true})
	client := &http.Client{Transport: tr}
	got := send(t, client, tr.URL, http.MethodPost, "/_simulator/faults", nil, `{"status":500}`)
	assert.Equal(t, http.StatusNotFound, got.Status)
	assert.Contains(t, got.Body, `"errorCode":101001`)
	assert.Equal(t, Faults{}, tr.Sim.currentFaults())
}

func TestTransportEndsAnAbandonedRequest(t *testing.T) {
	tr := NewTransport(Options{Now: fakeclock.New(testNow).Now})
	tr.Sim.SetFaults(Faults{Latency: time.Hour})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, tr.URL+countriesPath, nil)
	require.NoError(t, err)
	start := time.Now()
	_, err = (&http.Client{Transport: tr}).Do(req)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 10*time.Second)
}

// closeCounter is a request body that counts its Close calls.
type closeCounter struct {
	io.Reader
	closed int
}

func (c *closeCounter) Close() error {
	c.closed++
	return nil
}

func TestTransportClosesTheRequestBodyAndStopsOnClose(t *testing.T) {
	tr := NewTransport(Options{Now: fakeclock.New(testNow).Now})
	body := &closeCounter{Reader: strings.NewReader(demoLogin)}
	req, err := http.NewRequest(http.MethodPost, tr.URL+"/authenticate", body)
	require.NoError(t, err)
	resp, err := tr.RoundTrip(req)
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, 1, body.closed)

	tr.Close()
	body = &closeCounter{Reader: strings.NewReader(demoLogin)}
	req, err = http.NewRequest(http.MethodPost, tr.URL+"/authenticate", body)
	require.NoError(t, err)
	_, err = tr.RoundTrip(req)
	assert.ErrorIs(t, err, ErrTransportClosed)
	assert.Equal(t, 1, body.closed, "closed on errors too")
}
