package simulator

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// monitoringPoint decodes both monitoring routes.
type monitoringPoint struct {
	Timestamp         int64    `json:"timestamp"`
	TimestampAsString string   `json:"timestampAsString"`
	BufferingRatio    *float64 `json:"bufferingRatio"`
	StartupTime       *float64 `json:"startupTime"`
}

func TestMonitoringRoutes(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	d := sim.Dataset()
	final := d.FinalUntil()
	streams := d.Streams()
	for _, tc := range []struct {
		interval string
		from, to time.Time
	}{
		{"minute", testNow.Add(-90 * time.Minute), testNow},
		{"hour", testNow.AddDate(0, 0, -2).Add(-25 * time.Minute), testNow},
		{"day", testNow.AddDate(0, 0, -9), testNow},
	} {
		for _, f := range []Filter{{}, {Countries: []string{"IN", "GB"}}, {StreamNames: []string{streams[0].Name}}, {Tags: []string{"24x7"}}} {
			params := rangeParams(tc.from, tc.to, tc.interval, filterParams(f)...)
			buffering := dataOf[monitoringPoint](t, get(sim, bufferingPath, params...))
			startup := dataOf[monitoringPoint](t, get(sim, startupPath, params...))
			check := func(points []monitoringPoint, value func(from, to time.Time) (float64, bool), field func(monitoringPoint) *float64, lo, hi float64) {
				t.Helper()
				got := map[int64]float64{}
				for i, p := range points {
					require.NotNil(t, field(p), "every point carries its value")
					assert.Equal(t, time.Unix(p.Timestamp, 0).UTC().Format(time.RFC3339), p.TimestampAsString)
					if i > 0 {
						assert.Less(t, points[i-1].Timestamp, p.Timestamp)
					}
					got[p.Timestamp] = *field(p)
				}
				// every bucket of the range: the helper's value where it has one, no point where it has none
				for at := tc.from.Truncate(step(tc.interval)); at.Before(final); at = bucketEnd(at.Unix(), tc.interval) {
					from, to := clipTimes(at, bucketEnd(at.Unix(), tc.interval), tc.from, tc.to)
					want, ok := value(from, to)
					v, present := got[at.Unix()]
					require.Equal(t, ok, present, "bucket %s, filter %+v", at, f)
					if ok {
						assert.Equal(t, want, v, "bucket %s, filter %+v", at, f)
						assert.GreaterOrEqual(t, v, lo)
						assert.LessOrEqual(t, v, hi)
					}
				}
			}
			check(buffering, func(a, b time.Time) (float64, bool) { return d.BufferingRatio(a, b, f) },
				func(p monitoringPoint) *float64 { return p.BufferingRatio }, 0, 25)
			check(startup, func(a, b time.Time) (float64, bool) { return d.StartupTime(a, b, f) },
				func(p monitoringPoint) *float64 { return p.StartupTime }, 0.3, 6)
		}
	}
}

func TestStartupTimeIsAWeightedMedian(t *testing.T) {
	assert.Equal(t, int64(900), weightedMedian([]startupEntry{{900, 10}, {800, 4}, {2000, 5}}))
	assert.Equal(t, int64(800), weightedMedian([]startupEntry{{900, 5}, {800, 5}}), "the lower median")
	assert.Equal(t, int64(2000), weightedMedian([]startupEntry{{2000, 11}, {800, 5}, {900, 5}}))
}

func TestStartupTimeAgreesAcrossIntervals(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	d := sim.Dataset()
	day := testNow.Truncate(24*time.Hour).AddDate(0, 0, -1)
	days := dataOf[startupPoint](t, get(sim, startupPath, rangeParams(day, day.AddDate(0, 0, 1), "day")...))
	require.Len(t, days, 1)
	whole, ok := d.StartupTime(day, day.AddDate(0, 0, 1), Filter{})
	require.True(t, ok)
	assert.Equal(t, whole, days[0].StartupTime, "cached hours and minute runs give one median")
	minutes, ok := d.StartupTime(day.Add(time.Minute), day.AddDate(0, 0, 1), Filter{})
	require.True(t, ok)
	assert.InDelta(t, whole, minutes, 0.05, "one minute less moves the median of a day little")
}

func TestQualityCachesFillConcurrently(t *testing.T) {
	reference, _ := newTestSim(t, Options{})
	fresh, _ := newTestSim(t, Options{})
	requests := [][]string{
		append([]string{playbackPath}, rangeParams(testNow.AddDate(0, 0, -3), testNow, "hour")...),
		append([]string{bufferingPath}, rangeParams(testNow.AddDate(0, 0, -3), testNow, "day", "countries", "DE")...),
		append([]string{startupPath}, rangeParams(testNow.AddDate(0, 0, -2), testNow, "hour")...),
	}
	var wg sync.WaitGroup
	for w := 0; w < 6; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range requests {
				r := requests[(w+i)%len(requests)]
				assert.Equal(t, get(reference, r[0], r[1:]...).Body.String(), get(fresh, r[0], r[1:]...).Body.String(), r[0])
			}
		}()
	}
	wg.Wait()
}
