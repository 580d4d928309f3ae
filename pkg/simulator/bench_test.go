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

func benchRoute(b *testing.B, sim *Simulator, path string, params []string) {
	b.Helper()
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
