package simulator

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	playbackPath  = "/v2/playback/start/success/ratio/timeseries"
	worstPath     = "/v2/playback/start/success/ratio/streams/top100"
	errorsPath    = "/v2/playback/start/errors"
	bufferingPath = "/v2/monitoring/playout/bufferingRatio"
	startupPath   = "/v2/monitoring/playout/startuptime"
	alertsPath    = "/v2/alerting/ingest"
)

// splitPath is the success ratio route split by streams, tags or countries.
func splitPath(split string) string {
	return "/v2/playback/start/success/ratio/" + split + "/timeseries"
}

// keySeries is one item of a split success ratio route.
type keySeries struct {
	Key        string          `json:"key"`
	Timeseries []playbackPoint `json:"timeseries"`
}

// step is the length of a bucket of an interval.
func step(interval string) time.Duration {
	return map[string]time.Duration{"minute": time.Minute, "hour": time.Hour, "day": 24 * time.Hour}[interval]
}

// bucketEnd is the end of the bucket that starts at ts for an interval.
func bucketEnd(ts int64, interval string) time.Time {
	return time.Unix(ts, 0).UTC().Add(step(interval))
}

// clipTimes limits [a, b) to [from, to).
func clipTimes(a, b, from, to time.Time) (time.Time, time.Time) {
	if a.Before(from) {
		a = from
	}
	if b.After(to) {
		b = to
	}
	return a, b
}

func TestPlaybackSeriesShape(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	d := sim.Dataset()
	day := testNow.Truncate(24 * time.Hour)
	final := d.FinalUntil()
	require.Equal(t, time.Date(2026, 11, 23, 13, 58, 0, 0, time.UTC), final, "14:02 is in progress, 13:58 to 14:01 still grow")
	for _, tc := range []struct {
		interval        string
		from, to, first time.Time
		count           int
	}{
		{"minute", testNow.Add(-2 * time.Hour), testNow.Add(time.Hour), testNow.Add(-2 * time.Hour).Truncate(time.Minute), 116}, // 12:02 up to 13:57
		{"hour", day.Add(-24 * time.Hour), day.Add(24 * time.Hour), day.Add(-24 * time.Hour), 24 + 14},                          // the hour of 13:00 is partial
		{"day", day.AddDate(0, 0, -7).Add(90 * time.Minute), day.AddDate(0, 0, 7), day.AddDate(0, 0, -7), 8},
	} {
		t.Run(tc.interval, func(t *testing.T) {
			points := dataOf[playbackPoint](t, get(sim, playbackPath, rangeParams(tc.from, tc.to, tc.interval)...))
			require.Len(t, points, tc.count, "every bucket up to the final minutes, starts or not")
			for i, p := range points {
				at := time.Unix(p.Timestamp, 0).UTC()
				assert.Equal(t, at.Format(time.RFC3339), p.TimestampAsString)
				if i > 0 {
					assert.Equal(t, bucketEnd(points[i-1].Timestamp, tc.interval), at, "consecutive buckets")
				}
				from, to := clipTimes(at, bucketEnd(p.Timestamp, tc.interval), tc.from, final)
				starts, errors := d.PlaybackStarts(from, to, Filter{})
				assert.Equal(t, starts, p.PlaybackStarts, "bucket %s", p.TimestampAsString)
				assert.Equal(t, errors, p.Errors, "bucket %s", p.TimestampAsString)
				assert.LessOrEqual(t, p.Errors, p.PlaybackStarts)
				ratio, ok := SuccessRatio(starts, errors)
				if assert.Equal(t, ok, p.SuccessRatio != nil) && ok {
					assert.Equal(t, ratio, *p.SuccessRatio)
					if starts >= 1000 {
						assert.InDelta(t, 95, *p.SuccessRatio, 5, "a believable success ratio at %s", p.TimestampAsString)
					}
				}
			}
			assert.Equal(t, tc.first.Unix(), points[0].Timestamp)
		})
	}
}

func TestSuccessRatio(t *testing.T) {
	for _, tc := range []struct {
		starts, errors int64
		want           float64
	}{
		{1, 0, 100}, {3, 1, 66.67}, {200, 3, 98.5}, {7, 7, 0}, {100000, 1, 100},
	} {
		got, ok := SuccessRatio(tc.starts, tc.errors)
		assert.True(t, ok)
		assert.Equal(t, tc.want, got, "%d of %d failed", tc.errors, tc.starts)
	}
	_, ok := SuccessRatio(0, 0)
	assert.False(t, ok)
}

func TestPlaybackBucketsWithoutStartsHaveNoRatio(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	var event string
	for _, s := range sim.Dataset().streams {
		if !s.alwaysOn {
			event = s.name
			break
		}
	}
	rec := get(sim, playbackPath, rangeParams(testNow.AddDate(0, 0, -3), testNow, "hour", "streamNames", event)...)
	var raw struct{ Data []map[string]any }
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &raw))
	empty, full := 0, 0
	for _, p := range raw.Data {
		if p["playbackStarts"].(float64) == 0 {
			empty++
			assert.NotContains(t, p, "successRatio", "no starts, no ratio")
			assert.Equal(t, 0.0, p["errors"])
		} else {
			full++
			assert.Contains(t, p, "successRatio")
		}
	}
	assert.Positive(t, empty, "an event stream is off air most of the time")
	assert.Positive(t, full)
}

func TestPlaybackSplitRoutes(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	d := sim.Dataset()
	streams := d.Streams()
	from, to := testNow.Add(-30*time.Hour).Add(17*time.Minute), testNow
	filters := []Filter{{}, {Countries: []string{"DE", "GB", "US"}}, {Tags: []string{"news"}}, {StreamNames: []string{streams[0].Name, streams[1].Name, streams[2].Name}}}
	for _, split := range []string{"streams", "tags", "countries"} {
		for _, f := range filters {
			t.Run(split+"/"+strconv.Itoa(len(filterParams(f))), func(t *testing.T) {
				params := rangeParams(from, to, "hour", filterParams(f)...)
				whole := dataOf[playbackPoint](t, get(sim, playbackPath, params...))
				series := dataOf[keySeries](t, get(sim, splitPath(split), append(params, "limit", "1000")...))
				order := d.PlaybackByKey(split, from, to, f)
				require.Len(t, series, len(order))
				require.NotEmpty(t, series)
				var sumStarts, sumErrors []int64 = make([]int64, len(whole)), make([]int64, len(whole))
				for i, s := range series {
					assert.Equal(t, order[i].Key, s.Key, "most starts first")
					require.Len(t, s.Timeseries, len(whole), "the same buckets for every key")
					var starts int64
					for b, p := range s.Timeseries {
						assert.Equal(t, whole[b].Timestamp, p.Timestamp)
						sumStarts[b] += p.PlaybackStarts
						sumErrors[b] += p.Errors
						starts += p.PlaybackStarts
					}
					assert.Equal(t, order[i].PlaybackStarts, starts)
					if i > 0 {
						assert.GreaterOrEqual(t, order[i-1].PlaybackStarts, order[i].PlaybackStarts)
					}
					// the key's series is the unsplit route narrowed to the key
					narrowed := f
					switch split {
					case "streams":
						narrowed.StreamNames = []string{s.Key}
					case "tags":
						narrowed.Tags = append(append([]string(nil), f.Tags...), s.Key)
					case "countries":
						narrowed.Countries = []string{s.Key}
					}
					assert.Equal(t, dataOf[playbackPoint](t, get(sim, playbackPath, rangeParams(from, to, "hour", filterParams(narrowed)...)...)), s.Timeseries, s.Key)
				}
				if split == "tags" {
					return // a stream with several tags counts under each
				}
				for b, p := range whole {
					assert.Equal(t, p.PlaybackStarts, sumStarts[b], "starts of all keys add up, %s", p.TimestampAsString)
					assert.Equal(t, p.Errors, sumErrors[b], "errors of all keys add up, %s", p.TimestampAsString)
				}
				top := dataOf[keySeries](t, get(sim, splitPath(split), params...))
				assert.Equal(t, series[:min(10, len(series))], top, "ten keys by default")
				two := dataOf[keySeries](t, get(sim, splitPath(split), append(params, "limit", "2")...))
				assert.Equal(t, series[:min(2, len(series))], two)
			})
		}
	}
}

func TestPlaybackSplitKeys(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	d := sim.Dataset()
	from, to := testNow.AddDate(0, 0, -7), testNow
	names := map[string]bool{}
	for _, s := range d.Streams() {
		names[s.Name] = true
	}
	for _, k := range d.PlaybackByKey("streams", from, to, Filter{}) {
		assert.True(t, names[k.Key], k.Key)
	}
	var codes []string
	for _, k := range d.PlaybackByKey("countries", from, to, Filter{}) {
		codes = append(codes, k.Key)
	}
	var all []string
	for _, c := range d.Countries() {
		all = append(all, c.Code)
	}
	assert.ElementsMatch(t, all, codes, "ISO codes of every country with viewers")
	var tags []string
	for _, k := range d.PlaybackByKey("tags", from, to, Filter{}) {
		tags = append(tags, k.Key)
	}
	assert.ElementsMatch(t, d.Tags(), tags)
	assert.Empty(t, d.PlaybackByKey("streams", testNow.Add(time.Hour), testNow.Add(2*time.Hour), Filter{}), "nothing in the future")
}

func TestPlaybackWorstStreams(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	d := sim.Dataset()
	from, to := testNow.AddDate(0, 0, -1), testNow
	for _, f := range []Filter{{}, {Countries: []string{"IN"}}, {Tags: []string{"sports"}}} {
		rows := dataOf[PlaybackTotal](t, get(sim, worstPath, append([]string{"from", ts(from), "to", ts(to)}, filterParams(f)...)...))
		require.NotEmpty(t, rows)
		assert.Equal(t, d.WorstStreams(from, to, f), rows)
		assert.LessOrEqual(t, len(rows), 100)
		for i, r := range rows {
			starts, errors := d.PlaybackStarts(from, to, Filter{StreamNames: []string{r.Key}, Tags: f.Tags, Countries: f.Countries})
			assert.Equal(t, starts, r.PlaybackStarts, r.Key)
			assert.Equal(t, errors, r.Errors, r.Key)
			ratio, ok := SuccessRatio(starts, errors)
			assert.True(t, ok, "only streams with starts")
			assert.Equal(t, ratio, r.SuccessRatio)
			if i > 0 {
				prev := rows[i-1]
				assert.GreaterOrEqual(t, prev.Errors*r.PlaybackStarts, r.Errors*prev.PlaybackStarts, "worst ratio first")
			}
		}
	}
}

func TestPlaybackErrorsRoute(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	d := sim.Dataset()
	from, to := testNow.AddDate(0, 0, -2), testNow
	for _, f := range []Filter{{}, {Countries: []string{"IN"}}, {StreamNames: []string{d.Highlights().RestartingStream}}} {
		rows := dataOf[PlaybackError](t, get(sim, errorsPath, append([]string{"from", ts(from), "to", ts(to)}, filterParams(f)...)...))
		assert.Equal(t, d.PlaybackErrors(from, to, f), rows)
		_, errors := d.PlaybackStarts(from, to, f)
		require.Positive(t, errors)
		var sum int64
		seen := map[int]bool{}
		for i, r := range rows {
			assert.False(t, seen[r.ErrorCode])
			seen[r.ErrorCode] = true
			assert.GreaterOrEqual(t, r.ErrorCode, 1000)
			assert.Less(t, r.ErrorCode, 5000)
			assert.NotEmpty(t, r.Message)
			assert.Positive(t, r.Count)
			if i > 0 {
				assert.GreaterOrEqual(t, rows[i-1].Count, r.Count, "most frequent first")
			}
			sum += r.Count
		}
		assert.Equal(t, errors, sum, "the counts add up to the failed starts")
	}
	all := d.PlaybackErrors(from, to, Filter{})
	assert.GreaterOrEqual(t, len(all), 6, "a handful of codes")
	assert.Empty(t, d.PlaybackErrors(testNow.Add(time.Hour), testNow.Add(2*time.Hour), Filter{}))
}

func TestQualityRoutesParams(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	name := sim.Dataset().Streams()[0].Name
	from, to := ts(testNow.Add(-time.Hour)), ts(testNow)
	series := []string{playbackPath, bufferingPath, startupPath, splitPath("streams"), splitPath("tags"), splitPath("countries")}
	for _, path := range append(series, worstPath, errorsPath) {
		t.Run(path, func(t *testing.T) {
			interval := []string{"interval", "hour"}
			requireError(t, get(sim, path, append([]string{"to", to}, interval...)...), 400, 101002)
			requireError(t, get(sim, path, append([]string{"from", "yesterday", "to", to}, interval...)...), 400, 101003)
			requireError(t, get(sim, path, append([]string{"from", to, "to", from}, interval...)...), 400, 101004)
			requireError(t, get(sim, path, append([]string{"from", from, "to", to, "streamNames", "nS4kq-nope"}, interval...)...), 404, 103001)
			requireError(t, get(sim, path, append([]string{"from", from, "to", to, "tags", "nope"}, interval...)...), 404, 103002)
			requireError(t, get(sim, path, append([]string{"from", from, "to", to, "countries", "ZZ"}, interval...)...), 404, 103003)
			requireError(t, get(sim, path, append([]string{"from", from, "to", to, "tags", "church,auction"}, interval...)...), 404, 101010)
			many := make([]string, 51)
			for i := range many {
				many[i] = name
			}
			requireError(t, get(sim, path, append([]string{"from", from, "to", to, "streamNames", strings.Join(many, ",")}, interval...)...), 400, 101005)
			assert.Equal(t, http.StatusOK, get(sim, path, append([]string{"from", from, "to", to, "streamNames", name, "tags", "", "countries", "de"}, interval...)...).Code)
		})
	}
	for _, path := range series {
		requireError(t, get(sim, path, "from", from, "to", to), 400, 101002)
		requireError(t, get(sim, path, "from", from, "to", to, "interval", "week"), 400, 101004)
		requireError(t, get(sim, path, rangeParams(testNow.AddDate(0, 0, -32), testNow, "minute")...), 400, 101004)
	}
	before := sim.Dataset().HistoryStart().AddDate(0, -2, 0) // no data: cheap
	assert.Equal(t, http.StatusOK, get(sim, playbackPath, rangeParams(before, before.AddDate(0, 0, 32), "day")...).Code, "the 31 days are for minutes only")
	requireError(t, get(sim, playbackPath, rangeParams(before, before.AddDate(0, 0, 32), "minute")...), 400, 101004)
	for _, split := range []string{"streams", "tags", "countries"} {
		path := splitPath(split)
		requireError(t, get(sim, path, rangeParams(testNow.Add(-time.Hour), testNow, "hour", "limit", "0")...), 400, 101004)
		requireError(t, get(sim, path, rangeParams(testNow.Add(-time.Hour), testNow, "hour", "limit", "1001")...), 400, 101004)
		requireError(t, get(sim, path, rangeParams(testNow.Add(-time.Hour), testNow, "hour", "limit", "ten")...), 400, 101003)
	}
	requireError(t, get(sim, splitPath("cities"), rangeParams(testNow.Add(-time.Hour), testNow, "hour")...), 404, 101001)
}

func TestQualityOnlyFinalMinutes(t *testing.T) {
	sim, clock := newTestSim(t, Options{})
	params := rangeParams(testNow.Add(-30*time.Minute), testNow.Add(30*time.Minute), "minute")
	before := dataOf[playbackPoint](t, get(sim, playbackPath, params...))
	require.NotEmpty(t, before)
	assert.Equal(t, sim.Dataset().FinalUntil().Add(-time.Minute).Unix(), before[len(before)-1].Timestamp)
	clock.Advance(3 * time.Minute)
	after := dataOf[playbackPoint](t, get(sim, playbackPath, params...))
	require.Len(t, after, len(before)+3, "a minute appears once it is final")
	assert.Equal(t, before, after[:len(before)], "and never changes after")
	for _, path := range []string{bufferingPath, startupPath} {
		last := get(sim, path, params...).Body.String()
		clock.Advance(time.Minute)
		assert.NotEqual(t, last, get(sim, path, params...).Body.String(), path)
	}
}

func TestQualityBeforeHistoryAndInFuture(t *testing.T) {
	sim, _ := newTestSim(t, Options{})
	start := sim.Dataset().HistoryStart()
	for _, path := range []string{playbackPath, bufferingPath, startupPath, splitPath("streams")} {
		assert.Equal(t, `{"statusCode":200,"statusInfo":"OK","data":[]}`, get(sim, path, rangeParams(start.AddDate(0, -1, 0), start, "day")...).Body.String(), path)
		assert.Equal(t, `{"statusCode":200,"statusInfo":"OK","data":[]}`, get(sim, path, rangeParams(testNow.Add(-2*time.Minute), testNow.Add(time.Hour), "minute")...).Body.String(), path)
	}
	points := dataOf[playbackPoint](t, get(sim, playbackPath, rangeParams(start.Add(-time.Hour), start.Add(2*time.Hour), "hour")...))
	require.Len(t, points, 2)
	assert.Equal(t, start.Unix(), points[0].Timestamp)
}
