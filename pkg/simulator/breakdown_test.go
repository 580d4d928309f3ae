package simulator

import (
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBreakdownsAddUpToByteUsage(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	d := sim.Dataset()
	streams := d.Streams()
	filters := []Filter{{}, {Countries: []string{"DE"}}, {Countries: []string{"IN", "BR"}, Tags: []string{"24x7"}},
		{StreamNames: []string{streams[4].Name, streams[9].Name}}, {Tags: []string{"news"}}}
	ranges := [][2]time.Time{
		{testNow.Add(-90 * time.Minute), testNow}, // the newest, incomplete minutes included
		{testNow.AddDate(0, 0, -7).Add(13 * time.Minute), testNow.Add(-3 * time.Hour)},
		{testNow.AddDate(0, -1, 0), testNow},
	}
	for _, f := range filters {
		for _, r := range ranges {
			playout, ingest := d.Bytes(r[0], r[1], f)
			for _, term := range []string{"stream", "country", "city", "referrer", "ip"} {
				for dir, want := range map[string]int64{"playout": playout, "ingest": ingest} {
					rows := d.Breakdown(term, dir, r[0], r[1], f)
					requireBreakdownOrder(t, rows)
					var sum int64
					for _, row := range rows {
						sum += row.Bytes
					}
					assert.Equal(t, want, sum, "%s/%s %+v %s", term, dir, f, r[0])
				}
			}
		}
	}
}

func TestBreakdownLimitReachesAThousand(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	d := sim.Dataset()
	from, to := testNow.AddDate(0, -1, 0), testNow
	params := []string{"from", ts(from), "to", ts(to)}
	all := d.Breakdown("ip", "playout", from, to, Filter{})
	assert.GreaterOrEqual(t, len(all), 1200)
	rows := dataOf[BreakdownRow](t, get(sim, "/v2/usage/ip/playout/bytes", append(params, "limit", "1000")...))
	assert.Equal(t, all[:1000], rows)
	requireError(t, get(sim, "/v2/usage/ip/playout/bytes", append(params, "limit", "1001")...), 400, 101004)
	assert.GreaterOrEqual(t, len(d.Breakdown("city", "playout", from, to, Filter{})), 100, "a long tail of cities")
	assert.Len(t, d.Breakdown("ip", "ingest", from, to, Filter{}), len(d.Streams()), "one encoder each")
}

func TestCountryKeysAreISOCodes(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	d := sim.Dataset()
	codes := map[string]bool{}
	for _, c := range d.Countries() {
		codes[c.Code] = true
	}
	for _, dir := range []string{"playout", "ingest"} {
		rows := d.Breakdown("country", dir, testNow.AddDate(0, 0, -7), testNow, Filter{})
		require.NotEmpty(t, rows)
		for _, r := range rows {
			assert.True(t, codes[r.Key], r.Key)
		}
	}
}

func TestCitiesLieInTheirCountries(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	d := sim.Dataset()
	owner := map[string]string{}
	for _, c := range countryTable {
		for _, city := range c.cities {
			require.Empty(t, owner[city], "%s is in one country only", city)
			owner[city] = c.code
		}
	}
	from, to := testNow.AddDate(0, 0, -7), testNow
	for _, c := range d.Countries() {
		for _, dir := range []string{"playout", "ingest"} {
			for _, r := range d.Breakdown("city", dir, from, to, Filter{Countries: []string{c.Code}}) {
				assert.Equal(t, c.Code, owner[r.Key], "%s (%s) under the filter %s", r.Key, dir, c.Code)
			}
		}
	}
	rows := d.Breakdown("city", "playout", from, to, Filter{Countries: []string{"DE"}})
	require.NotEmpty(t, rows)
	assert.Equal(t, "Berlin", rows[0].Key, "the largest city first")
}

func TestViewerAddresses(t *testing.T) {
	documentation := []netip.Prefix{netip.MustParsePrefix("192.0.2.0/24"), netip.MustParsePrefix("198.51.100.0/24"), netip.MustParsePrefix("2001:db8::/32")}
	seen := map[string]string{}
	v6 := 0
	for _, c := range countryTable {
		pool := addressShares[c.code]
		require.Len(t, pool.keys, len(pool.weights))
		for _, key := range pool.keys {
			require.Empty(t, seen[key], "%s belongs to one country only", key)
			seen[key] = c.code
			addr, err := netip.ParseAddr(key)
			require.NoError(t, err)
			assert.Equal(t, addr.String(), key, "canonical form")
			inside := false
			for _, p := range documentation {
				inside = inside || p.Contains(addr)
			}
			assert.True(t, inside, key)
			if addr.Is6() {
				v6++
			}
		}
	}
	assert.GreaterOrEqual(t, len(seen), 1200)
	assert.Positive(t, v6)
	assert.Equal(t, "DE", seen[HeavyAddress])
}

func TestReferrersAreAHandfulAndALongTail(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	d := sim.Dataset()
	rows := d.Breakdown("referrer", "playout", testNow.AddDate(0, 0, -7), testNow, Filter{})
	assert.GreaterOrEqual(t, len(rows), 200, "a long tail")
	var total, top int64
	for i, r := range rows {
		total += r.Bytes
		if i < 7 {
			top += r.Bytes
		}
	}
	assert.Greater(t, float64(top)/float64(total), 0.75, "a handful of sites and direct traffic carry most")
	assert.Contains(t, []string{"www.example.com", "live.example.org", "tv.example.net", "sport.example.org", "player.example.com", "events.example.net"}, rows[0].Key)
}

func TestSplitIsExact(t *testing.T) {
	for _, tc := range []struct {
		total   int64
		weights []int64
		want    []int64
	}{
		{1000, []int64{1, 1, 1}, []int64{334, 333, 333}},
		{7, []int64{0, 5, 5, 1}, []int64{0, 4, 3, 0}},
		{123456789012345, []int64{3, 1_000_000, 7, 0}, []int64{370366663, 123455554456801, 864188881, 0}},
		{0, []int64{1}, []int64{0}},
		{5, []int64{0, 0}, []int64{0, 0}}, // nothing to weigh by
	} {
		parts := make([]int64, len(tc.weights))
		split(tc.total, tc.weights, func(i int, part int64) { parts[i] += part })
		assert.Equal(t, tc.want, parts, "%d by %v", tc.total, tc.weights)
	}
}
