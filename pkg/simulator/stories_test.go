package simulator

import (
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ratioOf is the success ratio of f over [from, to).
func ratioOf(t *testing.T, d *Dataset, from, to time.Time, f Filter) float64 {
	t.Helper()
	ratio, ok := SuccessRatio(d.PlaybackStarts(from, to, f))
	require.True(t, ok, "starts between %s and %s for %+v", from, to, f)
	return ratio
}

// localMidnights are the UTC instants of the last seven local midnights
// before testNow's day for an offset.
func localMidnights(offset time.Duration) []time.Time {
	var out []time.Time
	for day := 7; day >= 1; day-- {
		out = append(out, testNow.Truncate(24*time.Hour).AddDate(0, 0, -day).Add(-offset))
	}
	return out
}

func TestHighlights(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	d := sim.Dataset()
	h := d.Highlights()
	var restarting Stream
	for _, s := range d.Streams() {
		if s.Name == h.RestartingStream {
			restarting = s
		}
	}
	require.NotEmpty(t, restarting.Name)
	assert.Contains(t, restarting.Tags, "24x7", "it is on air every evening")
	assert.Equal(t, Highlights{RestartingStream: restarting.Name, RestartingOffset: h.RestartingOffset,
		CongestedCountry: "IN", CongestedOffset: 5*time.Hour + 30*time.Minute, HeavyAddress: "198.51.100.23"}, h)
	other := New(Options{Now: func() time.Time { return testNow }, Seed: 5}).Dataset().Highlights()
	assert.NotEmpty(t, other.RestartingStream, "every world has one")
}

func TestRestartingStreamEveryEvening(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	d := sim.Dataset()
	alerting, clock := newTestSim(t, Options{}) // its clock travels back
	h := d.Highlights()
	f := Filter{StreamNames: []string{h.RestartingStream}}
	at := func(midnight time.Time, hour, minute int) time.Time {
		return midnight.Add(time.Duration(hour)*time.Hour + time.Duration(minute)*time.Minute)
	}
	for _, midnight := range localMidnights(h.RestartingOffset) {
		evening := ratioOf(t, d, at(midnight, 20, 40), at(midnight, 22, 20), f)
		noon := ratioOf(t, d, at(midnight, 11, 0), at(midnight, 15, 0), f)
		assert.Less(t, evening, noon-5, "fewer successful starts while it restarts, %s", midnight)
		bufEvening, _ := d.BufferingRatio(at(midnight, 20, 40), at(midnight, 22, 20), f)
		bufNoon, _ := d.BufferingRatio(at(midnight, 11, 0), at(midnight, 15, 0), f)
		assert.Greater(t, bufEvening, bufNoon+3, "more buffering while it restarts, %s", midnight)

		for _, tc := range []struct {
			hour, minute int
			code         int
			first        time.Time
		}{
			{19, 30, 22000, at(midnight, 19, 0)},
			{21, 0, 22001, at(midnight, 20, 30)},
			{22, 29, 22001, at(midnight, 20, 30)},
		} {
			clock.Set(at(midnight, tc.hour, tc.minute).Add(alertLag * time.Minute))
			var found bool
			for _, a := range alerting.Dataset().Alerts(f) {
				if a.Code == tc.code && a.FirstDetection == tc.first.Unix() {
					found = true
					assert.Equal(t, kindByCode(tc.code).severity, a.Severity)
				}
			}
			assert.True(t, found, "alert %d at %02d:%02d local on %s", tc.code, tc.hour, tc.minute, midnight)
		}
		clock.Set(at(midnight, 23, 0))
		for _, a := range alerting.Dataset().Alerts(f) {
			assert.NotEqual(t, at(midnight, 20, 30).Unix(), a.FirstDetection, "the restarts settle by 22:30")
		}
	}
}

func TestCongestedCountryEvening(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	d := sim.Dataset()
	h := d.Highlights()
	f := Filter{Countries: []string{h.CongestedCountry}}
	for _, midnight := range localMidnights(h.CongestedOffset) {
		evening, morning := midnight.Add(20*time.Hour), midnight.Add(8*time.Hour)
		eveningRatio := ratioOf(t, d, evening, evening.Add(2*time.Hour), f)
		morningRatio := ratioOf(t, d, morning, morning.Add(3*time.Hour), f)
		assert.Less(t, eveningRatio, morningRatio-4, "the evening dips, %s", midnight)
		slow, ok := d.StartupTime(evening, evening.Add(2*time.Hour), f)
		require.True(t, ok)
		fast, ok := d.StartupTime(morning, morning.Add(3*time.Hour), f)
		require.True(t, ok)
		assert.Greater(t, slow, fast+0.5, "starts are slower in the evening, %s", midnight)
	}
	// the dip belongs to that country: German viewers at the same hours do not see it
	for _, midnight := range localMidnights(h.CongestedOffset) {
		evening := midnight.Add(20 * time.Hour)
		assert.Greater(t, ratioOf(t, d, evening, evening.Add(2*time.Hour), Filter{Countries: []string{"DE"}}), 95.0)
	}
}

func TestBufferingRisesWithViewers(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	d := sim.Dataset()
	for day := 1; day <= 7; day++ {
		type hour struct {
			viewers   int64
			buffering float64
		}
		var hours []hour
		start := testNow.Truncate(24*time.Hour).AddDate(0, 0, -day)
		for at := start; at.Before(start.AddDate(0, 0, 1)); at = at.Add(time.Hour) {
			ratio, ok := d.BufferingRatio(at, at.Add(time.Hour), Filter{})
			require.True(t, ok)
			hours = append(hours, hour{d.MaxViewers(at, at.Add(time.Hour), Filter{}), ratio})
		}
		sort.Slice(hours, func(i, j int) bool { return hours[i].viewers < hours[j].viewers })
		var quiet, busy float64
		for i := 0; i < 4; i++ {
			quiet += hours[i].buffering / 4
			busy += hours[len(hours)-1-i].buffering / 4
		}
		assert.Greater(t, busy, quiet+0.5, "the busiest hours buffer more than the quietest, %s", start)
	}
}

func TestHeavyAddress(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	d := sim.Dataset()
	from, to := testNow.AddDate(0, 0, -7), testNow
	rows := d.Breakdown("ip", "playout", from, to, Filter{})
	require.Greater(t, len(rows), 2)
	assert.Equal(t, d.Highlights().HeavyAddress, rows[0].Key)
	assert.Greater(t, rows[0].Bytes, 3*rows[1].Bytes, "far ahead of the next address")
	german, _ := d.Bytes(from, to, Filter{Countries: []string{"DE"}})
	assert.InDelta(t, 0.2, float64(rows[0].Bytes)/float64(german), 0.001, "a fifth of the German playout")
	for _, r := range d.Breakdown("ip", "playout", from, to, Filter{Countries: []string{"FR"}}) {
		assert.NotEqual(t, HeavyAddress, r.Key, "it watches from Germany")
	}
}

func TestPlaybackStartsFollowViewers(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	d := sim.Dataset()
	start := testNow.Truncate(24*time.Hour).AddDate(0, 0, -7)
	var viewers, starts []float64
	for at := start; at.Before(start.AddDate(0, 0, 7)); at = at.Add(time.Hour) {
		n, _ := d.PlaybackStarts(at, at.Add(time.Hour), Filter{Tags: []string{"sports"}})
		viewers = append(viewers, float64(d.MaxViewers(at, at.Add(time.Hour), Filter{Tags: []string{"sports"}})))
		starts = append(starts, float64(n))
	}
	var both, onlyOne int
	for i := range viewers {
		switch {
		case viewers[i] > 0 && starts[i] > 0:
			both++
		case viewers[i] > 0 || starts[i] > 0:
			onlyOne++
		}
	}
	assert.Positive(t, both)
	assert.Zero(t, onlyOne, "starts exactly when there are viewers")
	// sessions of 12 to 26 minutes renew the audience a few times an hour:
	// an hour's starts lie well above half its peak of viewers, and below a
	// dozen times it
	for i := range viewers {
		if viewers[i] >= 100 {
			assert.Greater(t, starts[i], viewers[i]/2, "hour %d", i)
			assert.Less(t, starts[i], viewers[i]*12, "hour %d", i)
		}
	}
}
