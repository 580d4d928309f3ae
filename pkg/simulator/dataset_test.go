package simulator

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWorldShape(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	d := sim.Dataset()
	streams := d.Streams()
	assert.GreaterOrEqual(t, len(streams), 30)
	assert.LessOrEqual(t, len(streams), 40)
	names := map[string]bool{}
	countries := map[string]bool{}
	for _, c := range d.Countries() {
		countries[c.Code] = true
	}
	for _, s := range streams {
		assert.Regexp(t, `^`+OrgHash+`-[A-Za-z0-9]{5}$`, s.Name)
		assert.False(t, names[s.Name], "unique names")
		names[s.Name] = true
		assert.NotEmpty(t, s.Tags)
		assert.LessOrEqual(t, len(s.Tags), 3)
		assert.True(t, countries[s.Country], s.Country)
	}
	assert.Subset(t, d.Tags(), []string{"sports", "news", "music", "esports", "church", "auction"})
	assert.GreaterOrEqual(t, len(d.Countries()), 8)
}

func TestSeedChangesWorld(t *testing.T) {
	a := New(Options{Now: func() time.Time { return testNow }})
	b := New(Options{Now: func() time.Time { return testNow }, Seed: 2})
	c := New(Options{Now: func() time.Time { return testNow }, Seed: 1})
	assert.NotEqual(t, a.Dataset().Streams(), b.Dataset().Streams())
	assert.Equal(t, a.Dataset().Streams(), c.Dataset().Streams())
	for _, seed := range []int64{2, 3, 42, -7} {
		d := New(Options{Now: func() time.Time { return testNow }, Seed: seed}).Dataset()
		assert.False(t, d.tagsMeet([]string{"church", "auction"}), "the empty intersection exists for every seed")
		assert.True(t, d.hasTag("sports") && d.hasTag("auction"))
	}
}

func TestDeterministicBodies(t *testing.T) {
	a, _ := newTestSim(t, Options{})
	b, _ := newTestSim(t, Options{})
	name := a.Dataset().Streams()[3].Name
	requests := [][]string{
		append([]string{bytesPath}, rangeParams(testNow.Add(-6*time.Hour), testNow, "minute")...),
		append([]string{hourlyPath}, rangeParams(testNow.Truncate(time.Hour).AddDate(0, 0, -3), testNow.Truncate(time.Hour), "hour", "countries", "DE,GB")...),
		append([]string{viewersPath}, rangeParams(testNow.AddDate(0, 0, -2), testNow, "hour", "streamNames", name)...),
		{"/v2/usage/ip/playout/bytes", "from", ts(testNow.AddDate(0, 0, -1)), "to", ts(testNow)},
		{"/v2/alerting/ingest"},
		{countriesPath},
		append([]string{splitPath("countries")}, rangeParams(testNow.AddDate(0, 0, -2), testNow, "hour", "tags", "24x7")...),
		append([]string{startupPath}, rangeParams(testNow.Add(-3*time.Hour), testNow, "minute")...),
		append([]string{bufferingPath}, rangeParams(testNow.AddDate(0, 0, -3), testNow, "day")...),
		{worstPath, "from", ts(testNow.AddDate(0, 0, -1)), "to", ts(testNow)},
		{errorsPath, "from", ts(testNow.AddDate(0, 0, -1)), "to", ts(testNow), "countries", "IN"},
	}
	// b answers in reverse order, so its caches fill differently
	bodies := map[string]string{}
	for _, r := range requests {
		bodies[r[0]] = get(a, r[0], r[1:]...).Body.String()
	}
	for i := len(requests) - 1; i >= 0; i-- {
		r := requests[i]
		assert.Equal(t, bodies[r[0]], get(b, r[0], r[1:]...).Body.String(), r[0])
	}
	other, _ := newTestSim(t, Options{Seed: 9})
	r := requests[0]
	assert.NotEqual(t, bodies[r[0]], get(other, r[0], r[1:]...).Body.String())
}

func TestDataIndependentOfRequestTime(t *testing.T) {
	sim, clock := newTestSim(t, Options{})
	params := rangeParams(testNow.Add(-3*time.Hour), testNow.Add(-time.Hour), "minute")
	before := get(sim, bytesPath, params...).Body.String()
	clock.Advance(90 * time.Minute)
	assert.Equal(t, before, get(sim, bytesPath, params...).Body.String(), "final minutes never change")
}

func TestNewestMinutesIncomplete(t *testing.T) {
	sim, clock := newTestSim(t, Options{})
	d := sim.Dataset()
	now := clock.Now().Truncate(time.Minute)
	early := make([]int64, 7)
	for i := range early {
		m := now.Add(time.Duration(i-6) * time.Minute)
		early[i] = d.MaxViewers(m, m.Add(time.Minute), Filter{})
	}
	clock.Advance(10 * time.Minute)
	for i := range early {
		m := now.Add(time.Duration(i-6) * time.Minute)
		final := d.MaxViewers(m, m.Add(time.Minute), Filter{})
		if i < 2 {
			assert.Equal(t, final, early[i], "minute %d was already final", i)
		} else {
			assert.Less(t, early[i], final, "minute %d still grew", i)
		}
	}
	assert.Less(t, early[6]*3, early[1], "the minute in progress holds a small share")
}

func TestRouteSumsMatchDataset(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	d := sim.Dataset()
	streams := d.Streams()
	filters := []Filter{
		{},
		{Countries: []string{"DE"}},
		{Countries: []string{"US", "GB"}, Tags: []string{streams[0].Tags[0]}},
		{StreamNames: []string{streams[1].Name, streams[2].Name}},
		{Tags: []string{"news"}},
	}
	ranges := []struct {
		from, to time.Time
		interval string
	}{
		{testNow.Add(-90 * time.Minute), testNow.Add(time.Hour), "minute"},
		{testNow.Add(-50 * time.Hour), testNow, "hour"},
		{testNow.AddDate(0, 0, -9).Add(17 * time.Minute), testNow.Add(-5 * time.Hour), "day"},
		{time.Date(2026, 5, 20, 0, 0, 0, 0, time.UTC), time.Date(2026, 6, 3, 0, 0, 0, 0, time.UTC), "day"},
	}
	for _, f := range filters {
		for _, r := range ranges {
			params := rangeParams(r.from, r.to, r.interval, filterParams(f)...)
			var playout, ingest int64
			for _, p := range dataOf[bytesPoint](t, get(sim, bytesPath, params...)) {
				playout += p.Playout
				ingest += p.Ingest
			}
			wantP, wantI := d.Bytes(r.from, r.to, f)
			assert.Equal(t, wantP, playout, "%+v %s", f, r.interval)
			assert.Equal(t, wantI, ingest, "%+v %s", f, r.interval)
			var peak int64
			for _, p := range dataOf[viewersPoint](t, get(sim, viewersPath, params...)) {
				peak = max(peak, p.MaxConcurrentViewers)
			}
			assert.Equal(t, d.MaxViewers(r.from, r.to, f), peak, "%+v %s", f, r.interval)
		}
	}
}

func TestIntervalsAgree(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	day := time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)
	sum := func(interval string) (p, i int64) {
		for _, x := range dataOf[bytesPoint](t, get(sim, bytesPath, rangeParams(day, day.AddDate(0, 0, 1), interval)...)) {
			p += x.Playout
			i += x.Ingest
		}
		return p, i
	}
	mp, mi := sum("minute")
	hp, hi := sum("hour")
	dp, di := sum("day")
	assert.Equal(t, []int64{mp, mi}, []int64{hp, hi})
	assert.Equal(t, []int64{mp, mi}, []int64{dp, di})
	var peak int64
	for _, x := range dataOf[viewersPoint](t, get(sim, viewersPath, rangeParams(day, day.AddDate(0, 0, 1), "minute")...)) {
		peak = max(peak, x.MaxConcurrentViewers)
	}
	days := dataOf[viewersPoint](t, get(sim, viewersPath, rangeParams(day, day.AddDate(0, 0, 1), "day")...))
	require.Len(t, days, 1)
	assert.Equal(t, peak, days[0].MaxConcurrentViewers)
}

func filterParams(f Filter) []string {
	var out []string
	for name, list := range map[string][]string{"streamNames": f.StreamNames, "tags": f.Tags, "countries": f.Countries} {
		if len(list) > 0 {
			out = append(out, name, strings.Join(list, ","))
		}
	}
	return out
}

func TestEveningPeakAboveMorningTrough(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	d := sim.Dataset()
	week := testNow.Truncate(24*time.Hour).AddDate(0, 0, -7)
	var evening, morning int64
	for day := 0; day < 7; day++ {
		at := week.AddDate(0, 0, day)
		evening += d.MaxViewers(at.Add(19*time.Hour), at.Add(21*time.Hour), Filter{})
		morning += d.MaxViewers(at.Add(3*time.Hour), at.Add(5*time.Hour), Filter{})
		p, _ := d.Bytes(at.Add(19*time.Hour), at.Add(21*time.Hour), Filter{Countries: []string{"DE"}})
		q, _ := d.Bytes(at.Add(3*time.Hour), at.Add(5*time.Hour), Filter{Countries: []string{"DE"}})
		assert.Greater(t, p, 2*q, "German evening traffic beats the night, day %d", day)
	}
	assert.Greater(t, evening, 2*morning)
}

func TestRealisticMagnitudes(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	d := sim.Dataset()
	from := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	to := from.AddDate(0, 1, 0)
	playout, ingest := d.Bytes(from, to, Filter{})
	assert.Greater(t, playout, int64(50e12), "tens of terabytes or more a month")
	assert.Less(t, playout, int64(2e15))
	assert.Greater(t, ingest, int64(1e12))
	peak := d.MaxViewers(from, to, Filter{})
	assert.Greater(t, peak, int64(1000))
	assert.Less(t, peak, int64(10000))
}

func TestBytesTruncatesToMinutes(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	d := sim.Dataset()
	from := testNow.Add(-time.Hour).Truncate(time.Minute)
	p1, i1 := d.Bytes(from, from.Add(10*time.Minute), Filter{})
	p2, i2 := d.Bytes(from.Add(59*time.Second), from.Add(10*time.Minute+59*time.Second), Filter{})
	assert.Equal(t, []int64{p1, i1}, []int64{p2, i2})
	p, i := d.Bytes(testNow.Add(time.Hour), testNow.Add(2*time.Hour), Filter{})
	assert.Zero(t, p+i, "nothing in the future")
	p, i = d.Bytes(d.HistoryStart().Add(-time.Hour), d.HistoryStart(), Filter{})
	assert.Zero(t, p+i, "nothing before the history")
	p, i = d.Bytes(testNow.Add(-time.Hour), testNow.Add(-time.Hour), Filter{})
	assert.Zero(t, p+i, "empty range")
	p, i = d.Bytes(testNow.Add(-time.Hour), testNow, Filter{StreamNames: []string{"unknown"}})
	assert.Zero(t, p+i, "unknown values match nothing")
}

func TestFilteredSeriesHaveGaps(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	d := sim.Dataset()
	var event string
	for _, s := range d.streams {
		if !s.alwaysOn {
			event = s.name
			break
		}
	}
	require.NotEmpty(t, event)
	points := dataOf[bytesPoint](t, get(sim, bytesPath, rangeParams(testNow.AddDate(0, 0, -14), testNow, "hour", "streamNames", event)...))
	assert.NotEmpty(t, points)
	assert.Less(t, len(points), 14*24/2, "an event stream is mostly offline")
}
