package e2e

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/calendar"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/simulator"
)

func TestHealthCheckOverThePluginProtocol(t *testing.T) {
	f := start(t)
	res, err := f.plugin.CheckHealth(context.Background(), f.apiKeyContext())
	require.NoError(t, err)
	assert.Equal(t, backend.HealthStatusOk, res.Status, res.Message)
	assert.Contains(t, res.Message, "all 12 routes the plugin uses answered")

	res, err = f.plugin.CheckHealth(context.Background(), pluginContext(f.sim.URL, `{}`, map[string]string{"apiKey": "revoked-key-00000"}))
	require.NoError(t, err)
	assert.Equal(t, backend.HealthStatusError, res.Status)
	assert.Contains(t, res.Message, "does not know this API key")
}

func TestEveryQueryTypeAnswersWithTheSimulatorsNumbers(t *testing.T) {
	f := start(t)
	ds := f.sim.Sim.Dataset()
	stream := ds.Streams()[1].Name

	var resp *backend.QueryDataResponse
	var windows calendar.MonthToDate
	for { // the month-to-date windows move on the hour: ask again if one passed meanwhile
		now := time.Now()
		windows = calendar.NewMonthToDate(now, time.UTC)
		resp = f.query(t, f.apiKeyContext(),
			dataQuery("viewers", `{"queryType":"maxViewers"}`, now.Add(-6*time.Hour), now.Add(-time.Hour)),
			dataQuery("bytes", `{"queryType":"byteUsage","interval":"hour"}`, now.Add(-24*time.Hour), now.Add(-2*time.Hour)),
			dataQuery("streamBytes", `{"queryType":"byteUsage","streamNames":["`+stream+`"],"interval":"minute"}`, now.Add(-90*time.Minute), now.Add(-30*time.Minute)),
			dataQuery("mtd", `{"queryType":"monthToDate","view":"table"}`, now.Add(-time.Hour), now),
			dataQuery("bad", `{"queryType":"viewerHeatmap"}`, now.Add(-time.Hour), now),
		)
		if calendar.NewMonthToDate(time.Now(), time.UTC) == windows {
			break
		}
	}

	t.Run("maxViewers", func(t *testing.T) {
		res := resp.Responses["viewers"]
		require.NoError(t, res.Error)
		fr := res.Frames[0]
		assert.Equal(t, data.FrameTypeTimeSeriesWide, fr.Meta.Type)
		checked := 0
		for i := 0; i < fr.Rows(); i++ {
			start := fr.Fields[0].At(i).(time.Time)
			v := fr.Fields[1].At(i).(*float64)
			require.NotNil(t, v, "no gap in the simulator's past at %s", start)
			assert.Equal(t, float64(ds.MaxViewers(start, start.Add(time.Minute), simulator.Filter{})), *v, "at %s", start)
			checked++
		}
		assert.Equal(t, 301, checked)
	})
	t.Run("byteUsage, hourly route", func(t *testing.T) {
		res := resp.Responses["bytes"]
		require.NoError(t, res.Error)
		fr := res.Frames[0]
		assert.Contains(t, fr.Meta.ExecutedQueryString, "/v2/usage/hourly/bytes/timeseries")
		for i := 0; i < fr.Rows(); i++ {
			start := fr.Fields[0].At(i).(time.Time)
			playout, ingest := ds.Bytes(start, start.Add(time.Hour), simulator.Filter{})
			assert.Equal(t, float64(playout), *fr.Fields[1].At(i).(*float64), "playout at %s", start)
			assert.Equal(t, float64(ingest), *fr.Fields[2].At(i).(*float64), "ingest at %s", start)
		}
	})
	t.Run("byteUsage, one stream by the minute", func(t *testing.T) {
		res := resp.Responses["streamBytes"]
		require.NoError(t, res.Error)
		fr := res.Frames[0]
		assert.Contains(t, fr.Meta.ExecutedQueryString, "/v2/usage/bytes/timeseries?")
		filter := simulator.Filter{StreamNames: []string{stream}}
		var sum float64
		for i := 0; i < fr.Rows(); i++ {
			if v := fr.Fields[1].At(i).(*float64); v != nil {
				sum += *v
			}
		}
		from := fr.Fields[0].At(0).(time.Time)
		playout, _ := ds.Bytes(from, from.Add(time.Duration(fr.Rows())*time.Minute), filter)
		assert.Equal(t, float64(playout), sum)
	})
	t.Run("monthToDate", func(t *testing.T) {
		res := resp.Responses["mtd"]
		require.NoError(t, res.Error)
		fr := res.Frames[0]
		pp, pi := ds.Bytes(windows.Previous.From, windows.Previous.To, simulator.Filter{})
		cp, ci := ds.Bytes(windows.Current.From, windows.Current.To, simulator.Filter{})
		prev, _ := fr.FieldByName("previous")
		cur, _ := fr.FieldByName("current")
		assert.Equal(t, []float64{float64(pi), float64(pp), float64(pi + pp)}, []float64{prev.At(0).(float64), prev.At(1).(float64), prev.At(2).(float64)})
		assert.Equal(t, []float64{float64(ci), float64(cp), float64(ci + cp)}, []float64{cur.At(0).(float64), cur.At(1).(float64), cur.At(2).(float64)})
		assert.Equal(t, windows.PreviousLabel(), prev.Config.DisplayName)
		assert.Equal(t, windows.CurrentLabel(), cur.Config.DisplayName)
		t.Logf("month to date: %s %.3f TB, %s %.3f TB", windows.PreviousLabel(), float64(pi+pp)/1e12, windows.CurrentLabel(), float64(ci+cp)/1e12)
	})
	t.Run("a bad query next to the good ones", func(t *testing.T) {
		res := resp.Responses["bad"]
		require.Error(t, res.Error)
		assert.Equal(t, `Unknown query type "viewerHeatmap": choose monthToDate, maxViewers, byteUsage, usageBreakdown, ingestAlerts, playbackStartSuccess, playbackStartErrors, bufferingRatio or startupTime.`, res.Error.Error())
		assert.Equal(t, backend.ErrorSourceDownstream, res.ErrorSource)
	})
}

func TestResourcesOverThePluginProtocol(t *testing.T) {
	f := start(t)
	res, err := f.plugin.CallResource(context.Background(), f.apiKeyContext(), "streams")
	require.NoError(t, err)
	assert.Equal(t, 200, res.Status)
	var streams struct{ Streams []struct{ Name string } }
	require.NoError(t, json.Unmarshal(res.Body, &streams))
	assert.Len(t, streams.Streams, len(f.sim.Sim.Dataset().Streams()))

	res, err = f.plugin.CallResource(context.Background(), f.apiKeyContext(), "countries")
	require.NoError(t, err)
	assert.Equal(t, 200, res.Status)
	assert.Contains(t, string(res.Body), `"code":"DE"`)
}

func TestAccountModeOverThePluginProtocol(t *testing.T) {
	f := start(t)
	pc := pluginContext(f.sim.URL, `{"authType":"account","email":"`+email+`"}`, map[string]string{"password": password})
	now := time.Now()
	for i := range 3 { // distinct ranges: no answer comes from the cache
		resp := f.query(t, pc, dataQuery("A", `{"queryType":"maxViewers"}`, now.Add(-time.Duration(60+i)*time.Minute), now))
		require.NoError(t, resp.Responses["A"].Error)
	}
	f.sim.Sim.ExpireTokens()
	resp := f.query(t, pc, dataQuery("A", `{"queryType":"maxViewers"}`, now.Add(-2*time.Hour), now))
	require.NoError(t, resp.Responses["A"].Error)
	assert.Equal(t, int64(2), f.sim.Sim.Stats().Logins, "the token lives in the instance; one more login after it expired")
}

func TestSecretsStayOutOfAnswersAndLogs(t *testing.T) {
	f := start(t)
	now := time.Now()
	contexts := []backend.PluginContext{
		f.apiKeyContext(),
		pluginContext(f.sim.URL, `{"authType":"account","email":"`+email+`"}`, map[string]string{"password": password}),
		pluginContext(f.sim.URL, `{"authType":"account","email":"`+email+`"}`, map[string]string{"password": password + "-wrong"}),
		pluginContext(f.sim.URL, `{}`, map[string]string{"apiKey": apiKey + "-revoked"}),
	}
	var answers strings.Builder
	for _, pc := range contexts {
		resp := f.query(t, pc,
			dataQuery("A", `{"queryType":"maxViewers"}`, now.Add(-time.Hour), now),
			dataQuery("B", `{"queryType":"monthToDate"}`, now.Add(-time.Hour), now),
			dataQuery("C", `{"queryType":"byteUsage","streamNames":["nope"]}`, now.Add(-time.Hour), now))
		raw, err := json.Marshal(resp)
		require.NoError(t, err)
		answers.Write(raw)
		for _, r := range resp.Responses {
			if r.Error != nil {
				answers.WriteString(r.Error.Error())
			}
		}
		health, err := f.plugin.CheckHealth(context.Background(), pc)
		require.NoError(t, err)
		answers.WriteString(health.Message)
		answers.Write(health.JSONDetails)
		for _, path := range []string{"streams", "countries"} {
			res, err := f.plugin.CallResource(context.Background(), pc, path)
			require.NoError(t, err)
			answers.Write(res.Body)
		}
	}
	all := answers.String()
	for _, exercised := range []string{"rejected the email address or password", "does not know this API key", "Concurrent viewers", `"streams":[{`} {
		assert.True(t, strings.Contains(all, exercised), "the answers include %q", exercised)
	}
	logs := f.logs.String()
	assert.NotEmpty(t, logs, "the plugin's logs were captured")
	for _, secret := range []string{apiKey, password} {
		assert.False(t, strings.Contains(all, secret), "a secret is in an answer")
		assert.False(t, strings.Contains(logs, secret), "a secret is in the logs")
	}
}
