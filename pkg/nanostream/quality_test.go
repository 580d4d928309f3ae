package nanostream

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/simulator"
)

// Answers of the stream health routes, as the working contract's part 2
// gives them.
const (
	alertsAnswer = `{"statusCode":200,"statusInfo":"OK","data":[{"id":"0a1b2c","name":"DUPLICATED_INGEST","code":24100,"severity":"critical",` +
		`"description":"Two encoders publish to the same stream name.","streamName":"nS4kq-main","firstDetection":1795438800,` +
		`"firstDetectionAsString":"2026-11-23T13:00:00Z","elapsedTime":300,"countryName":"Germany","countryCode":"DE",` +
		`"servers":["ingest-de.example.org","ingest-2.example.org"],"highestStreamElapsedTime":3600,"connectionsDetails":[` +
		`{"ip":"203.0.113.5","server":"ingest-de.example.org","protocol":"rtmp","countryCode":"DE","elapsedTime":3600,"bitrateKbps":2500},` +
		`{"ip":"203.0.113.105","server":"ingest-2.example.org","protocol":"rtmp","countryCode":"DE","elapsedTime":300,"bitrateKbps":2500.5}]}]}`
	playbackAnswer = `{"statusCode":200,"statusInfo":"OK","data":[{"timestamp":1795438800,"timestampAsString":"2026-11-23T13:00:00Z",` +
		`"playbackStarts":200,"errors":4,"successRatio":98},{"timestamp":1795438860,"playbackStarts":0,"errors":0}]}`
	playbackSplitAnswer = `{"statusCode":200,"statusInfo":"OK","data":[{"key":"nS4kq-main","timeseries":[{"timestamp":1795438800,` +
		`"playbackStarts":10,"errors":1,"successRatio":90}]},{"key":"nS4kq-news","timeseries":[]}]}`
	worstAnswer          = `{"statusCode":200,"statusInfo":"OK","data":[{"key":"nS4kq-main","playbackStarts":100,"errors":20,"successRatio":80}]}`
	playbackErrorsAnswer = `{"statusCode":200,"statusInfo":"OK","data":[{"errorCode":2004,"message":"The source request was aborted by timeout.","count":12}]}`
	bufferingAnswer      = `{"statusCode":200,"statusInfo":"OK","data":[{"timestamp":1795438800,"bufferingRatio":0.42}]}`
	startupAnswer        = `{"statusCode":200,"statusInfo":"OK","data":[{"timestamp":1795438800,"startupTime":0.84}]}`
)

var qualityAnswers = []string{alertsAnswer, playbackAnswer, playbackSplitAnswer, worstAnswer, playbackErrorsAnswer, bufferingAnswer, startupAnswer}

func TestStreamHealthRoutesSendTheContractParameters(t *testing.T) {
	srv, last := recorder(t)
	c := newTestClient(t, srv.URL, Config{APIKey: testKey, CacheDisabled: true})
	filter := Filter{StreamNames: []string{"a-1"}, Tags: []string{"sports"}, Countries: []string{"DE"}}
	s := lastHour
	s.Filter = filter
	ctx := context.Background()
	tests := []struct {
		name     string
		call     func() (Call, error)
		route    string
		interval string
		limit    string
		noRange  bool
	}{
		{"ingest alerts", func() (Call, error) { _, c, err := c.IngestAlerts(ctx, filter); return c, err }, RouteIngestAlerts, "", "", true},
		{"success ratio", func() (Call, error) { _, c, err := c.PlaybackSuccess(ctx, s); return c, err }, RoutePlaybackRatio, "minute", "", false},
		{"split by tags", func() (Call, error) {
			_, c, err := c.PlaybackSuccessSplit(ctx, PlaybackSplit{Series: s, Split: SplitTags, Limit: 7})
			return c, err
		}, "/v2/playback/start/success/ratio/tags/timeseries", "minute", "7", false},
		{"worst streams", func() (Call, error) { _, c, err := c.WorstStreams(ctx, s.Range); return c, err }, RouteWorstStreams, "", "", false},
		{"playback errors", func() (Call, error) { _, c, err := c.PlaybackErrors(ctx, s.Range); return c, err }, RoutePlaybackErrors, "", "", false},
		{"buffering ratio", func() (Call, error) { _, c, err := c.BufferingRatio(ctx, s); return c, err }, RouteBufferingRatio, "minute", "", false},
		{"startup time", func() (Call, error) { _, c, err := c.StartupTime(ctx, s); return c, err }, RouteStartupTime, "minute", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			call, err := tt.call()
			require.NoError(t, err)
			got := last()
			assert.Equal(t, tt.route, got.URL.Path)
			assert.Equal(t, tt.route, call.Route)
			q := got.URL.Query()
			assert.Equal(t, "a-1", q.Get("streamNames"))
			assert.Equal(t, "sports", q.Get("tags"))
			assert.Equal(t, "DE", q.Get("countries"))
			assert.Equal(t, tt.interval, q.Get("interval"))
			assert.Equal(t, tt.limit, q.Get("limit"))
			if tt.noRange {
				assert.False(t, q.Has("from") || q.Has("to"), "the alerts have no time range")
			} else {
				assert.Equal(t, "2026-11-23T13:00", q.Get("from"))
				assert.Equal(t, "2026-11-23T14:00", q.Get("to"))
			}
		})
	}
}

func TestStreamHealthAnswersDecode(t *testing.T) {
	serve := func(body string) *Client {
		srv := httptest.NewServer(answer(body))
		t.Cleanup(srv.Close)
		return newTestClient(t, srv.URL, Config{APIKey: testKey})
	}
	ctx := context.Background()

	alerts, _, err := serve(alertsAnswer).IngestAlerts(ctx, Filter{})
	require.NoError(t, err)
	require.Len(t, alerts, 1)
	a := alerts[0]
	assert.Equal(t, "0a1b2c", a.ID)
	assert.Equal(t, 24100, a.Code)
	assert.Equal(t, SeverityCritical, a.Severity)
	assert.Equal(t, int64(1795438800), a.FirstDetection)
	assert.Equal(t, 300.0, a.ElapsedTime)
	assert.Equal(t, []string{"ingest-de.example.org", "ingest-2.example.org"}, a.Servers)
	require.Len(t, a.ConnectionsDetails, 2)
	assert.Equal(t, 2500.5, a.ConnectionsDetails[1].BitrateKbps)

	points, _, err := serve(playbackAnswer).PlaybackSuccess(ctx, lastHour)
	require.NoError(t, err)
	require.Len(t, points, 2)
	assert.Equal(t, 98.0, *points[0].SuccessRatio)
	assert.Equal(t, 200.0, *points[0].PlaybackStarts)
	assert.Nil(t, points[1].SuccessRatio, "no starts, no ratio")

	split, _, err := serve(playbackSplitAnswer).PlaybackSuccessSplit(ctx, PlaybackSplit{Series: lastHour, Split: SplitStreams})
	require.NoError(t, err)
	require.Len(t, split, 2)
	assert.Equal(t, "nS4kq-main", split[0].Key)
	assert.Equal(t, 90.0, *split[0].Timeseries[0].SuccessRatio)

	worst, _, err := serve(worstAnswer).WorstStreams(ctx, lastHour.Range)
	require.NoError(t, err)
	assert.Equal(t, []PlaybackTotal{{Key: "nS4kq-main", PlaybackStarts: 100, Errors: 20, SuccessRatio: ptr(80.0)}}, worst)

	errs, _, err := serve(playbackErrorsAnswer).PlaybackErrors(ctx, lastHour.Range)
	require.NoError(t, err)
	assert.Equal(t, []PlaybackError{{ErrorCode: 2004, Message: "The source request was aborted by timeout.", Count: 12}}, errs)

	buffering, _, err := serve(bufferingAnswer).BufferingRatio(ctx, lastHour)
	require.NoError(t, err)
	assert.Equal(t, 0.42, *buffering[0].BufferingRatio)
	startup, _, err := serve(startupAnswer).StartupTime(ctx, lastHour)
	require.NoError(t, err)
	assert.Equal(t, 0.84, *startup[0].StartupTime)

	none, _, err := serve(nullDataAnswer).IngestAlerts(ctx, Filter{})
	require.NoError(t, err, "no alert: null is an empty answer")
	assert.Empty(t, none)
}

func ptr(v float64) *float64 { return &v }

func TestAFilterBeyondTheLimitsIsRefusedBeforeSending(t *testing.T) {
	srv, last := recorder(t)
	c := newTestClient(t, srv.URL, Config{APIKey: testKey})
	many := make([]string, MaxFilterValues+1)
	for i := range many {
		many[i] = "s"
	}
	_, call, err := c.IngestAlerts(context.Background(), Filter{StreamNames: many})
	require.Error(t, err)
	assertSentence(t, err.Error())
	assert.Empty(t, call.Route)
	assert.Nil(t, last(), "nothing was sent")
}

func TestTheAlertsStayFreshForHalfAMinute(t *testing.T) {
	now := time.Date(2026, 11, 23, 14, 37, 0, 0, time.UTC)
	assert.Equal(t, 30*time.Second, lifetime(Call{Route: RouteIngestAlerts}, now), "what is active now, not a reference list")
	assert.Equal(t, 30*time.Second, lifetime(Call{Route: RouteIngestAlerts, Params: url.Values{"tags": {"sports"}}}, now))
	v := url.Values{}
	v.Set(paramTo, "2026-11-23T14:00")
	assert.Equal(t, settledTTL, lifetime(Call{Route: RoutePlaybackErrors, Params: v}, now), "a past range never changes again")
	v.Set(paramTo, "2026-11-23T15:00")
	assert.Equal(t, breakdownTTL, lifetime(Call{Route: RouteWorstStreams, Params: v}, now))
	v.Set(paramInterval, "minute")
	assert.Equal(t, minuteTTL, lifetime(Call{Route: RouteBufferingRatio, Params: v}, now))
}

func TestUsageBreakdownsAskEachDirectionOnce(t *testing.T) {
	var mu sync.Mutex
	paths := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths[r.URL.Path+"?limit="+r.URL.Query().Get("limit")]++
		mu.Unlock()
		if r.URL.Path == RouteBreakdown(TermCountry, DirectionIngest) {
			writeData(w, []map[string]any{{"key": "DE", "bytes": 5}, {"key": "US", "bytes": 1}})
			return
		}
		writeData(w, []map[string]any{{"key": "IN", "bytes": 7}, {"key": "DE", "bytes": 3}})
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, Config{APIKey: testKey})
	b := Breakdown{Range: lastHour.Range, Term: TermCountry, Limit: MaxLimit}
	lists, calls, err := c.UsageBreakdowns(context.Background(), b, []string{DirectionPlayout, DirectionIngest})
	require.NoError(t, err)
	require.Len(t, lists, 2)
	assert.Equal(t, RouteBreakdown(TermCountry, DirectionPlayout), calls[0].Route, "in the order asked")
	assert.Equal(t, RouteBreakdown(TermCountry, DirectionIngest), calls[1].Route)
	assert.Equal(t, map[string]int{"/v2/usage/country/playout/bytes?limit=1000": 1, "/v2/usage/country/ingest/bytes?limit=1000": 1}, paths)
	assert.Equal(t, []UsageEntry{{Key: "DE", Bytes: 8}, {Key: "IN", Bytes: 7}, {Key: "US", Bytes: 1}}, SumByKey(lists...))
	assert.True(t, Complete(lists[0], MaxLimit))
	assert.False(t, Complete(make([]UsageEntry, MaxLimit), MaxLimit), "a full list may have left keys out")
	assert.Equal(t, 10.0, SumBytes(lists[0]))
}

func TestTheSimulatorAnswersEveryStreamHealthRoute(t *testing.T) {
	now := time.Date(2026, 11, 23, 14, 37, 25, 0, time.UTC)
	sim := simulator.NewTransport(simulator.Options{Now: func() time.Time { return now }})
	defer sim.Close()
	client := &http.Client{Transport: sim}
	c := newTestClient(t, sim.URL, Config{APIKey: simulator.DemoAPIKey, HTTPClient: client})
	ds := sim.Sim.Dataset()
	ctx := context.Background()
	s := Series{Range: Range{From: now.Add(-3 * time.Hour).Truncate(time.Hour), To: now.Add(-time.Hour).Truncate(time.Hour)}, Interval: "hour"}

	alerts, _, err := c.IngestAlerts(ctx, Filter{})
	require.NoError(t, err)
	assert.Len(t, alerts, len(ds.Alerts(simulator.Filter{})))

	points, _, err := c.PlaybackSuccess(ctx, s)
	require.NoError(t, err)
	require.Len(t, points, 2)
	starts, failed := ds.PlaybackStarts(s.From, s.From.Add(time.Hour), simulator.Filter{})
	assert.Equal(t, float64(starts), *points[0].PlaybackStarts)
	assert.Equal(t, float64(failed), *points[0].Errors)

	split, _, err := c.PlaybackSuccessSplit(ctx, PlaybackSplit{Series: s, Split: SplitStreams, Limit: 4})
	require.NoError(t, err)
	require.Len(t, split, 4)
	assert.Equal(t, ds.PlaybackByKey(simulator.SplitStreams, s.From, s.To, simulator.Filter{})[0].Key, split[0].Key)

	worst, _, err := c.WorstStreams(ctx, s.Range)
	require.NoError(t, err)
	assert.Len(t, worst, len(ds.WorstStreams(s.From, s.To, simulator.Filter{})))

	errs, _, err := c.PlaybackErrors(ctx, s.Range)
	require.NoError(t, err)
	assert.Len(t, errs, len(ds.PlaybackErrors(s.From, s.To, simulator.Filter{})))

	buffering, _, err := c.BufferingRatio(ctx, s)
	require.NoError(t, err)
	ratio, _ := ds.BufferingRatio(s.From, s.From.Add(time.Hour), simulator.Filter{})
	assert.Equal(t, ratio, *buffering[0].BufferingRatio)

	startup, _, err := c.StartupTime(ctx, s)
	require.NoError(t, err)
	seconds, _ := ds.StartupTime(s.From, s.From.Add(time.Hour), simulator.Filter{})
	assert.Equal(t, seconds, *startup[0].StartupTime)

	sim.Sim.SetFaults(simulator.Faults{LevelTooLow: true})
	_, _, err = c.BufferingRatio(ctx, Series{Range: s.Range, Interval: "day"})
	require.Error(t, err)
	assert.Equal(t, KindForbidden, KindOf(err))
	assert.Contains(t, err.Error(), "The organisation's analytics access level is too low for this data (error 105002)")
}

func FuzzDecodeAlert(f *testing.F) {
	for _, body := range qualityAnswers {
		f.Add([]byte(body))
	}
	fuzzDecode[Alert](f, RouteIngestAlerts)
}

func FuzzDecodePlaybackPoint(f *testing.F) {
	for _, body := range qualityAnswers {
		f.Add([]byte(body))
	}
	fuzzDecode[PlaybackPoint](f, RoutePlaybackRatio)
}

func FuzzDecodePlaybackKeySeries(f *testing.F) {
	for _, body := range qualityAnswers {
		f.Add([]byte(body))
	}
	fuzzDecode[PlaybackKeySeries](f, RoutePlaybackRatioSplit(SplitStreams))
}

func FuzzDecodePlaybackError(f *testing.F) {
	for _, body := range qualityAnswers {
		f.Add([]byte(body))
	}
	fuzzDecode[PlaybackError](f, RoutePlaybackErrors)
}
