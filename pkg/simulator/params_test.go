package simulator

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTimeParams(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	from, to := ts(testNow.Add(-time.Hour)), ts(testNow)
	for _, tc := range []struct {
		name   string
		params []string
		code   int
		param  string
	}{
		{"missing from", []string{"to", to, "interval", "hour"}, 101002, "from"},
		{"missing to", []string{"from", from, "interval", "hour"}, 101002, "to"},
		{"missing interval", []string{"from", from, "to", to}, 101002, "interval"},
		{"unparsable from", []string{"from", "yesterday", "to", to, "interval", "hour"}, 101003, "from"},
		{"unix seconds", []string{"from", "1795442400", "to", to, "interval", "hour"}, 101003, "from"},
		{"date only", []string{"from", from, "to", "2026-11-23", "interval", "hour"}, 101003, "to"},
		{"to before from", []string{"from", to, "to", from, "interval", "hour"}, 101004, "to"},
		{"to equals from", []string{"from", from, "to", from, "interval", "hour"}, 101004, "to"},
		{"bad interval", []string{"from", from, "to", to, "interval", "week"}, 101004, "interval"},
		{"minute range over 31 days", []string{"from", ts(testNow.AddDate(0, 0, -32)), "to", to, "interval", "minute"}, 101004, "interval"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, path := range []string{bytesPath, viewersPath} {
				e := requireError(t, get(sim, path, tc.params...), 400, tc.code)
				assert.Equal(t, tc.param, e.Error.UserInfo["parameter"])
			}
		})
	}
	requireError(t, get(sim, "/v2/usage/stream/playout/bytes", "to", to), 400, 101002)
}

func TestTimeFormats(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	want := get(sim, bytesPath, "from", "2026-11-23T10:00", "to", "2026-11-23T12:00", "interval", "hour").Body.String()
	for _, pair := range [][2]string{
		{"2026-11-23T10:00:00", "2026-11-23T12:00:00"},
		{"2026-11-23T10:00Z", "2026-11-23T12:00:00Z"},
		{"2026-11-23T10:00:30", "2026-11-23T12:00:59"},
	} {
		assert.Equal(t, want, get(sim, bytesPath, "from", pair[0], "to", pair[1], "interval", "hour").Body.String(), pair)
	}
	assert.Nil(t, checkMinuteRange("minute", testNow.AddDate(0, 0, -31), testNow), "31 days of minutes are fine")
	assert.NotNil(t, checkMinuteRange("minute", testNow.AddDate(0, 0, -31).Add(-time.Minute), testNow))
	assert.Nil(t, checkMinuteRange("hour", testNow.AddDate(-1, 0, 0), testNow), "only minute series are capped")
}

func TestFilterValueLimit(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	names := make([]string, 0, 51)
	for _, s := range sim.Dataset().Streams() {
		names = append(names, s.Name)
	}
	for len(names) < 51 {
		names = append(names, names[len(names)%10])
	}
	base := rangeParams(testNow.Add(-time.Hour), testNow, "minute")
	dataOf[bytesPoint](t, get(sim, bytesPath, append(base, "streamNames", strings.Join(names[:50], ","))...))
	e := requireError(t, get(sim, bytesPath, append(base, "streamNames", strings.Join(names, ","))...), 400, 101005)
	assert.Equal(t, "streamNames", e.Error.UserInfo["parameter"])

	many := func(v string) string { return strings.TrimSuffix(strings.Repeat(v+",", 51), ",") }
	requireError(t, get(sim, bytesPath, append(base, "tags", many("news"))...), 400, 101005)
	requireError(t, get(sim, viewersPath, append(base, "countries", many("DE"))...), 400, 101005)
	requireError(t, get(sim, "/v2/usage/country/playout/bytes", "from", ts(testNow.Add(-time.Hour)), "to", ts(testNow), "countries", many("DE")), 400, 101005)
}

func TestUnknownFilterValues(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	base := rangeParams(testNow.Add(-time.Hour), testNow, "hour")
	for _, path := range []string{bytesPath, viewersPath, "/v2/usage/stream/playout/bytes"} {
		requireError(t, get(sim, path, append(base, "streamNames", OrgHash+"-nope1")...), 404, 103001)
		requireError(t, get(sim, path, append(base, "tags", "cooking")...), 404, 103002)
		requireError(t, get(sim, path, append(base, "countries", "AM")...), 404, 103003)
		requireError(t, get(sim, path, append(base, "countries", "Germany")...), 400, 101004)
	}
	hourly := rangeParams(testNow.Truncate(time.Hour).Add(-time.Hour), testNow.Truncate(time.Hour), "hour")
	requireError(t, get(sim, hourlyPath, append(hourly, "tags", "cooking")...), 404, 103002)
}

func TestTagsCombineWithAnd(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	d := sim.Dataset()
	from, to := testNow.Add(-48*time.Hour), testNow
	base := rangeParams(from, to, "day")
	pair := findTagPair(t, d)
	var both, first []string
	for _, s := range d.Streams() {
		if has(s.Tags, pair[0]) {
			first = append(first, s.Name)
			if has(s.Tags, pair[1]) {
				both = append(both, s.Name)
			}
		}
	}
	require.Less(t, len(both), len(first))
	sumOf := func(points []bytesPoint) (sum int64) {
		for _, p := range points {
			sum += p.Playout + p.Ingest
		}
		return sum
	}
	tagged := sumOf(dataOf[bytesPoint](t, get(sim, bytesPath, append(base, "tags", pair[0]+","+pair[1])...)))
	named := sumOf(dataOf[bytesPoint](t, get(sim, bytesPath, append(base, "streamNames", strings.Join(both, ","))...)))
	assert.Equal(t, named, tagged)
	p, i := d.Bytes(from, to, Filter{Tags: pair[:]})
	assert.Equal(t, p+i, tagged)
	wider := sumOf(dataOf[bytesPoint](t, get(sim, bytesPath, append(base, "tags", pair[0])...)))
	assert.Greater(t, wider, tagged)

	e := requireError(t, get(sim, bytesPath, append(base, "tags", "church,auction")...), 404, 101010)
	assert.Equal(t, "tags", e.Error.UserInfo["parameter"])
	requireError(t, get(sim, viewersPath, append(base, "tags", "auction", "tags", "church")...), 404, 101010)
}

// findTagPair finds two tags that share some but not all streams.
func findTagPair(t *testing.T, d *Dataset) [2]string {
	for _, a := range d.Tags() {
		for _, b := range d.Tags() {
			if a == b {
				continue
			}
			n := 0
			for _, s := range d.Streams() {
				if has(s.Tags, a) && has(s.Tags, b) {
					n++
				}
			}
			if n > 0 {
				return [2]string{a, b}
			}
		}
	}
	t.Fatal("no overlapping tags")
	return [2]string{}
}

func has(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func TestListParamForms(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	base := rangeParams(testNow.Add(-3*time.Hour), testNow, "hour")
	want := get(sim, bytesPath, append(base, "countries", "DE,FR")...).Body.String()
	assert.Equal(t, want, get(sim, bytesPath, append(base, "countries", "DE", "countries", "FR")...).Body.String())
	assert.Equal(t, want, get(sim, bytesPath, append(base, "countries", " de , FR ,")...).Body.String())
	assert.NotEqual(t, want, get(sim, bytesPath, base...).Body.String())
	assert.Equal(t, get(sim, bytesPath, base...).Body.String(), get(sim, bytesPath, append(base, "streamNames", "")...).Body.String())
}

func TestParseListCountsRawValues(t *testing.T) {
	q := map[string][]string{"tags": {strings.Repeat("a,", 50) + "a"}}
	_, err := parseList(q, "tags")
	require.NotNil(t, err)
	assert.Equal(t, 101005, err.code)
	list, err := parseList(map[string][]string{"tags": {"b,a,b"}}, "tags")
	require.Nil(t, err)
	assert.Equal(t, []string{"b", "a"}, list)
}
