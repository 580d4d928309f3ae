package simulator

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	bytesPath   = "/v2/usage/bytes/timeseries"
	hourlyPath  = "/v2/usage/hourly/bytes/timeseries"
	viewersPath = "/v2/viewer/concurrent/max/timeseries"
)

func TestBytesSeriesShape(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	day := testNow.Truncate(24 * time.Hour)
	for _, tc := range []struct {
		interval string
		from, to time.Time
		step     time.Duration
		count    int
	}{
		{"minute", testNow.Add(-time.Hour), testNow.Add(time.Hour), time.Minute, 61},
		{"hour", day.Add(-24 * time.Hour), day.Add(24 * time.Hour), time.Hour, 24 + 15},
		{"day", day.AddDate(0, 0, -7), day.AddDate(0, 0, 7), 24 * time.Hour, 8},
	} {
		t.Run(tc.interval, func(t *testing.T) {
			points := dataOf[bytesPoint](t, get(sim, bytesPath, rangeParams(tc.from, tc.to, tc.interval)...))
			require.Len(t, points, tc.count, "no buckets after now")
			for i, p := range points {
				at := time.Unix(p.Timestamp, 0).UTC()
				assert.Equal(t, at.Format(time.RFC3339), p.TimestampAsString)
				assert.Equal(t, at, at.Truncate(tc.step), "bucket starts on the grid")
				assert.Positive(t, p.Playout)
				assert.Positive(t, p.Ingest)
				if i > 0 {
					assert.Equal(t, tc.step, at.Sub(time.Unix(points[i-1].Timestamp, 0)))
				}
			}
			assert.Equal(t, tc.from.Truncate(tc.step).Unix(), points[0].Timestamp)
			assert.False(t, time.Unix(points[len(points)-1].Timestamp, 0).After(testNow))
		})
	}
}

func TestSeriesStartAtHistory(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	start := sim.Dataset().HistoryStart()
	assert.Equal(t, time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), start)
	points := dataOf[bytesPoint](t, get(sim, hourlyPath, rangeParams(start.Add(-48*time.Hour), start.Add(3*time.Hour), "hour")...))
	require.Len(t, points, 3)
	assert.Equal(t, start.Unix(), points[0].Timestamp)
	assert.Empty(t, dataOf[bytesPoint](t, get(sim, bytesPath, rangeParams(start.AddDate(-1, 0, 0), start, "day")...)))
	assert.Empty(t, dataOf[bytesPoint](t, get(sim, bytesPath, rangeParams(testNow.Add(time.Hour), testNow.Add(5*time.Hour), "minute")...)))
}

func TestHourlyRoute(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	from := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	to := time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)
	hourly := dataOf[bytesPoint](t, get(sim, hourlyPath, rangeParams(from, to, "hour")...))
	require.Len(t, hourly, 3*24+14)
	assert.Equal(t, hourly, dataOf[bytesPoint](t, get(sim, bytesPath, rangeParams(from, to, "hour")...)))
	days := dataOf[bytesPoint](t, get(sim, hourlyPath, rangeParams(from, to, "day", "countries", "DE", "tags", "news")...))
	require.Len(t, days, 4)

	requireError(t, get(sim, hourlyPath, rangeParams(from.Add(30*time.Minute), to, "hour")...), 400, 101004)
	requireError(t, get(sim, hourlyPath, rangeParams(from, to.Add(time.Minute), "hour")...), 400, 101004)
	requireError(t, get(sim, hourlyPath, rangeParams(from, to, "minute")...), 400, 101004)
	name := sim.Dataset().Streams()[0].Name
	e := requireError(t, get(sim, hourlyPath, rangeParams(from, to, "hour", "streamNames", name)...), 400, 101004)
	assert.Equal(t, "streamNames", e.Error.UserInfo["parameter"])
}

func TestViewersSeriesShape(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	points := dataOf[viewersPoint](t, get(sim, viewersPath, rangeParams(testNow.Add(-24*time.Hour), testNow, "hour")...))
	require.Len(t, points, 25, "14:00 yesterday up to the hour in progress")
	for _, p := range points {
		assert.Equal(t, time.Unix(p.Timestamp, 0).UTC().Format(time.RFC3339), p.TimestampAsString)
		assert.Positive(t, p.MaxConcurrentViewers)
		assert.Less(t, p.MaxConcurrentViewers, int64(20000))
	}
	minutes := dataOf[viewersPoint](t, get(sim, viewersPath, rangeParams(testNow.Add(-2*time.Hour), testNow, "minute")...))
	assert.Len(t, minutes, 120, "12:02 up to 14:01; to is exclusive")
}

func TestBreakdownRoutes(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	d := sim.Dataset()
	from, to := testNow.Add(-26*time.Hour), testNow
	playout, ingest := d.Bytes(from, to, Filter{})
	for _, term := range []string{"stream", "country", "city", "referrer", "ip"} {
		for _, dir := range []string{"playout", "ingest"} {
			path := "/v2/usage/" + term + "/" + dir + "/bytes"
			t.Run(term+"/"+dir, func(t *testing.T) {
				all := d.Breakdown(term, dir, from, to, Filter{})
				require.NotEmpty(t, all)
				requireBreakdownOrder(t, all)
				var sum int64
				for _, r := range all {
					assert.NotEmpty(t, r.Key)
					assert.Positive(t, r.Bytes)
					sum += r.Bytes
				}
				want := map[string]int64{"playout": playout, "ingest": ingest}[dir]
				assert.Equal(t, want, sum, "rows add up to the total")
				assert.Equal(t, all[:min(1000, len(all))], dataOf[BreakdownRow](t, get(sim, path, "from", ts(from), "to", ts(to), "limit", "1000")))
				assert.Equal(t, all[:min(100, len(all))], dataOf[BreakdownRow](t, get(sim, path, "from", ts(from), "to", ts(to))), "100 rows by default")
				top := dataOf[BreakdownRow](t, get(sim, path, "from", ts(from), "to", ts(to), "limit", "3"))
				assert.Equal(t, all[:min(3, len(all))], top)
			})
		}
	}
}

// requireBreakdownOrder checks largest first, ties by key.
func requireBreakdownOrder(t *testing.T, rows []BreakdownRow) {
	t.Helper()
	for i := 1; i < len(rows); i++ {
		a, b := rows[i-1], rows[i]
		require.True(t, a.Bytes > b.Bytes || a.Bytes == b.Bytes && a.Key < b.Key, "%v before %v", a, b)
	}
}

func TestBreakdownKeys(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	from, to := testNow.Add(-24*time.Hour), testNow
	keys := func(path string) []string {
		var out []string
		for _, r := range dataOf[BreakdownRow](t, get(sim, path, "from", ts(from), "to", ts(to))) {
			out = append(out, r.Key)
		}
		return out
	}
	for _, k := range keys("/v2/usage/stream/playout/bytes") {
		assert.True(t, strings.HasPrefix(k, OrgHash+"-"), k)
	}
	for _, k := range keys("/v2/usage/country/playout/bytes") {
		assert.Len(t, k, 2)
	}
	for _, k := range keys("/v2/usage/ip/playout/bytes") {
		assert.True(t, strings.HasPrefix(k, "192.0.2.") || strings.HasPrefix(k, "198.51.100.") || strings.HasPrefix(k, "2001:db8:"), k)
	}
	for _, k := range keys("/v2/usage/ip/ingest/bytes") {
		assert.True(t, strings.HasPrefix(k, "203.0.113."), k)
	}
	for _, k := range keys("/v2/usage/referrer/playout/bytes") {
		assert.True(t, k == "unknown" || strings.HasSuffix(k, ".example") || strings.Contains(k, ".example."), k)
	}
	assert.Contains(t, keys("/v2/usage/city/playout/bytes"), "Berlin")
	assert.LessOrEqual(t, len(keys("/v2/usage/ip/playout/bytes")), defaultLimit)
}

func TestBreakdownLimit(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	path := "/v2/usage/ip/playout/bytes"
	from, to := ts(testNow.Add(-time.Hour)), ts(testNow)
	requireError(t, get(sim, path, "from", from, "to", to, "limit", "ten"), 400, 101003)
	requireError(t, get(sim, path, "from", from, "to", to, "limit", "0"), 400, 101004)
	requireError(t, get(sim, path, "from", from, "to", to, "limit", "1001"), 400, 101004)
	requireError(t, get(sim, path, "from", from, "to", to, "limit", "-3"), 400, 101004)
	assert.Len(t, dataOf[BreakdownRow](t, get(sim, path, "from", from, "to", to, "limit", "1000")), 1000)
	assert.Len(t, dataOf[BreakdownRow](t, get(sim, path, "from", from, "to", to, "limit", "1")), 1)
}

func TestBreakdownCountryFilter(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	rows := dataOf[BreakdownRow](t, get(sim, "/v2/usage/country/ingest/bytes", "from", ts(testNow.Add(-24*time.Hour)), "to", ts(testNow), "countries", "DE,fr"))
	var got []string
	for _, r := range rows {
		got = append(got, r.Key)
	}
	assert.ElementsMatch(t, []string{"DE", "FR"}, got)
}

func TestCountriesRoute(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	items := dataOf[countryItem](t, get(sim, countriesPath))
	require.Len(t, items, len(sim.Dataset().Countries()))
	assert.Contains(t, items, countryItem{Code: "DE", Name: "Germany"})
	assert.Contains(t, items, countryItem{Code: "US", Name: "United States"})
}

func TestAlertingRoute(t *testing.T) {
	sim, clock := newTestSim(t, Options{})
	seen := map[int]bool{}
	for i := 0; i < 12; i++ {
		items := dataOf[Alert](t, get(sim, "/v2/alerting/ingest"))
		for _, a := range items {
			seen[a.Code] = true
			assert.Len(t, a.ID, 12)
			assert.True(t, strings.HasPrefix(a.StreamName, OrgHash+"-"))
			assert.Contains(t, []string{"critical", "moderate", "minor", "advice"}, a.Severity)
			assert.NotEmpty(t, a.Name)
			assert.NotEmpty(t, a.CountryName)
			assert.Len(t, a.CountryCode, 2)
			assert.NotEmpty(t, a.Servers)
			assert.NotEmpty(t, a.ConnectionsDetails)
			assert.Equal(t, clock.Now().Unix()-a.FirstDetection, a.ElapsedTime)
			assert.GreaterOrEqual(t, a.ElapsedTime, int64(alertLag*60))
			var longest int64
			for _, c := range a.ConnectionsDetails {
				longest = max(longest, c.ElapsedTime)
			}
			assert.Equal(t, longest, a.HighestStreamElapsedTime)
			switch {
			case a.Code == 21001:
				assert.Empty(t, a.ConnectionsDetails, "an offline stream has no connection")
			case a.Code >= 24100 && a.Code <= 24103:
				assert.Len(t, a.ConnectionsDetails, 2)
			case a.Code == 22000 || a.Code == 22001:
				assert.Less(t, a.HighestStreamElapsedTime, int64(5*60), "a restarting ingest keeps no connection for long")
			default:
				assert.GreaterOrEqual(t, a.HighestStreamElapsedTime, a.ElapsedTime)
			}
		}
		clock.Advance(47 * time.Minute)
	}
	assert.GreaterOrEqual(t, len(seen), 3, "several kinds of alerts over a day")
}

func TestAlertIDsStable(t *testing.T) {
	sim, clock := newTestSim(t, Options{})
	ids := func() map[string]bool {
		m := map[string]bool{}
		for _, a := range dataOf[Alert](t, get(sim, "/v2/alerting/ingest")) {
			m[a.ID] = true
		}
		return m
	}
	before := ids()
	clock.Advance(time.Minute)
	after := ids()
	common := 0
	for id := range before {
		if after[id] {
			common++
		}
	}
	assert.GreaterOrEqual(t, common, len(before)-1, "alerts keep their id from one minute to the next")
}

func TestUnknownPath(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	for _, p := range []string{"/v2/usage/nothing", "/v3/usage/bytes/timeseries", "/", "/api/v2/usage/os/playout/bytes", "/v2/usage/stream/both/bytes"} {
		requireError(t, get(sim, p), 404, 101001)
	}
	requireError(t, do(sim, http.MethodPost, countriesPath, apiKey, ""), 404, 101001)
	requireError(t, do(sim, http.MethodGet, countriesPath, nil, ""), 401, 105012)
}

func TestLegacyPrefix(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	params := rangeParams(testNow.Add(-3*time.Hour), testNow, "hour")
	for _, p := range []string{bytesPath, viewersPath, "/v2/usage/stream/playout/bytes", countriesPath, "/v2/alerting/ingest"} {
		assert.Equal(t, get(sim, p, params...).Body.String(), get(sim, "/api"+p, params...).Body.String(), p)
	}
	stats := sim.Stats()
	assert.Equal(t, int64(2), stats.ByRoute[bytesPath], "counted without the prefix")
}
