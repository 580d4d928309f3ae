package simulator

import (
	"net/http"
	"testing"
	"time"
)

// monthToDate is the plugin's month-to-date query: previous month start to now.
func monthToDate() []string {
	from := time.Date(testNow.Year(), testNow.Month()-1, 1, 0, 0, 0, 0, time.UTC)
	return rangeParams(from, testNow.Truncate(time.Hour), "hour")
}

// benchRoute measures a route with warm caches: the first request, which
// fills them, is not timed.
func benchRoute(b *testing.B, sim *Simulator, path string, params []string) {
	b.Helper()
	if rec := get(sim, path, params...); rec.Code != http.StatusOK {
		b.Fatal(rec.Body.String())
	}
	b.ReportAllocs()
	for b.Loop() {
		if rec := get(sim, path, params...); rec.Code != http.StatusOK {
			b.Fatal(rec.Body.String())
		}
	}
}

// BenchmarkHourlyRoute55Days is the month-to-date query with warm caches.
func BenchmarkHourlyRoute55Days(b *testing.B) {
	sim, _ := newTestSim(b, Options{})
	benchRoute(b, sim, hourlyPath, monthToDate())
}

// BenchmarkHourlyRoute55DaysCold includes building the simulator and its
// hour aggregates: the first month-to-date query after start.
func BenchmarkHourlyRoute55DaysCold(b *testing.B) {
	params := monthToDate()
	b.ReportAllocs()
	for b.Loop() {
		sim, _ := newTestSim(b, Options{})
		if rec := get(sim, hourlyPath, params...); rec.Code != http.StatusOK {
			b.Fatal(rec.Body.String())
		}
	}
}

// BenchmarkMinuteRouteWeek is a week of byte usage at minute resolution.
func BenchmarkMinuteRouteWeek(b *testing.B) {
	sim, _ := newTestSim(b, Options{})
	benchRoute(b, sim, bytesPath, rangeParams(testNow.AddDate(0, 0, -7), testNow, "minute"))
}

// BenchmarkViewersMinuteWeek is a week of peak viewers at minute resolution.
func BenchmarkViewersMinuteWeek(b *testing.B) {
	sim, _ := newTestSim(b, Options{})
	benchRoute(b, sim, viewersPath, rangeParams(testNow.AddDate(0, 0, -7), testNow, "minute"))
}

// BenchmarkViewersHourWeekFiltered is the 1W viewer preset narrowed by country.
func BenchmarkViewersHourWeekFiltered(b *testing.B) {
	sim, _ := newTestSim(b, Options{})
	benchRoute(b, sim, viewersPath, rangeParams(testNow.AddDate(0, 0, -7), testNow, "hour", "countries", "DE"))
}

// BenchmarkBreakdownMonth is an IP breakdown of the last month.
func BenchmarkBreakdownMonth(b *testing.B) {
	sim, _ := newTestSim(b, Options{})
	benchRoute(b, sim, "/v2/usage/ip/playout/bytes", []string{"from", ts(testNow.AddDate(0, -1, 0)), "to", ts(testNow)})
}

// BenchmarkBreakdownIPMonthLimit1000 is the largest breakdown the plugin asks
// for: a thousand addresses over a month.
func BenchmarkBreakdownIPMonthLimit1000(b *testing.B) {
	sim, _ := newTestSim(b, Options{})
	benchRoute(b, sim, "/v2/usage/ip/playout/bytes", []string{"from", ts(testNow.AddDate(0, -1, 0)), "to", ts(testNow), "limit", "1000"})
}

// monthHours is the last month in hours up to now.
func monthHours(kv ...string) []string {
	return rangeParams(testNow.AddDate(0, -1, 0).Truncate(time.Hour), testNow, "hour", kv...)
}

// BenchmarkPlaybackMonthHour is a month of success ratios per hour.
func BenchmarkPlaybackMonthHour(b *testing.B) {
	sim, _ := newTestSim(b, Options{})
	benchRoute(b, sim, "/v2/playback/start/success/ratio/timeseries", monthHours())
}

// BenchmarkPlaybackSplitStreamsMonthHour is the ten streams with the most
// starts over a month, per hour.
func BenchmarkPlaybackSplitStreamsMonthHour(b *testing.B) {
	sim, _ := newTestSim(b, Options{})
	benchRoute(b, sim, "/v2/playback/start/success/ratio/streams/timeseries", monthHours())
}

// BenchmarkPlaybackSplitCountriesMonthDay is every country over a month, per
// day, filtered by a tag.
func BenchmarkPlaybackSplitCountriesMonthDay(b *testing.B) {
	sim, _ := newTestSim(b, Options{})
	benchRoute(b, sim, "/v2/playback/start/success/ratio/countries/timeseries",
		rangeParams(testNow.AddDate(0, -1, 0), testNow, "day", "tags", "24x7", "limit", "100"))
}

// BenchmarkPlaybackSplitStreamsWeekMinute is the heaviest split: a week of
// minutes, nothing cached.
func BenchmarkPlaybackSplitStreamsWeekMinute(b *testing.B) {
	sim, _ := newTestSim(b, Options{})
	benchRoute(b, sim, "/v2/playback/start/success/ratio/streams/timeseries", rangeParams(testNow.AddDate(0, 0, -7), testNow, "minute"))
}

// BenchmarkPlaybackMonthCold includes building the simulator and a month of
// quality aggregates: the first quality query after start.
func BenchmarkPlaybackMonthCold(b *testing.B) {
	params := monthHours()
	b.ReportAllocs()
	for b.Loop() {
		sim, _ := newTestSim(b, Options{})
		if rec := get(sim, "/v2/playback/start/success/ratio/timeseries", params...); rec.Code != http.StatusOK {
			b.Fatal(rec.Body.String())
		}
	}
}

// BenchmarkStartupTimeMonthDay is a month of median startup times per day.
func BenchmarkStartupTimeMonthDay(b *testing.B) {
	sim, _ := newTestSim(b, Options{})
	benchRoute(b, sim, "/v2/monitoring/playout/startuptime", rangeParams(testNow.AddDate(0, -1, 0), testNow, "day"))
}

// BenchmarkBufferingWeekMinute is a week of buffering ratios per minute.
func BenchmarkBufferingWeekMinute(b *testing.B) {
	sim, _ := newTestSim(b, Options{})
	benchRoute(b, sim, "/v2/monitoring/playout/bufferingRatio", rangeParams(testNow.AddDate(0, 0, -7), testNow, "minute"))
}

// BenchmarkWorstStreamsMonth is the worst streams of a month.
func BenchmarkWorstStreamsMonth(b *testing.B) {
	sim, _ := newTestSim(b, Options{})
	benchRoute(b, sim, "/v2/playback/start/success/ratio/streams/top100", []string{"from", ts(testNow.AddDate(0, -1, 0)), "to", ts(testNow)})
}

// BenchmarkIngestAlerts is the alerting route.
func BenchmarkIngestAlerts(b *testing.B) {
	sim, _ := newTestSim(b, Options{})
	benchRoute(b, sim, "/v2/alerting/ingest", nil)
}
