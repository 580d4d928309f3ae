package frames

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

func TestServedKeepsTheMonthToDateMetaAndAddsTheCache(t *testing.T) {
	call := nanostream.Call{Route: nanostream.RouteHourlyBytes, Served: nanostream.Served{Cache: nanostream.CacheHit, Age: 90 * time.Second}}
	frame := MonthToDate(seedExample(), seedWindows, ViewSummary)
	notice := data.Notice{Text: "simulated"}
	Served(data.Frames{frame}, call, notice)

	assert.Equal(t, "GET "+nanostream.RouteHourlyBytes, frame.Meta.ExecutedQueryString)
	assert.Equal(t, []data.Notice{notice}, frame.Meta.Notices)
	out, err := json.Marshal(frame.Meta.Custom)
	require.NoError(t, err)
	var custom map[string]any
	require.NoError(t, json.Unmarshal(out, &custom))
	assert.Equal(t, map[string]any{"status": "hit", "ageSeconds": 90.0}, custom["cache"])
	assert.Equal(t, "UTC", custom["timeZone"])
	assert.Equal(t, "1–16 Aug 2026", custom["previousWindow"].(map[string]any)["label"])
}

func TestServedWithoutAnUpstreamCall(t *testing.T) {
	frame := ByteUsage(nil, fiveMinutes())
	Served(data.Frames{frame}, nanostream.Call{})
	assert.Empty(t, frame.Meta.ExecutedQueryString)
	assert.Nil(t, frame.Meta.Custom, "no cache status without a call")
}

func TestFailedShowsTheExecutedRequest(t *testing.T) {
	frame := Failed(nanostream.Call{Route: nanostream.RouteCountries})
	assert.Equal(t, "GET "+nanostream.RouteCountries, frame.Meta.ExecutedQueryString)
	assert.Empty(t, frame.Fields)
}
