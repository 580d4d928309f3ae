package simulator

import (
	"net/http"
	"sort"
	"time"
)

// defaultSplitLimit is how many keys a split success ratio series has unless
// limit says otherwise.
const defaultSplitLimit = 10

// playbackSeries answers /v2/playback/start/success/ratio/timeseries.
func (s *Simulator) playbackSeries(r *http.Request) (any, *apiError) {
	req, err := s.parseSeries(r.URL.Query())
	if err != nil {
		return nil, err
	}
	a, b := req.minutes()
	first, sums := s.data.qualitySeries(req.filter, a, b, req.grid)
	return playbackPoints(first, sums, req.grid), nil
}

// playbackSplitSeries answers /v2/playback/start/success/ratio/{split}/timeseries:
// one series per key, the keys with the most starts first, at most limit.
func (s *Simulator) playbackSplitSeries(split string) routeFunc {
	return func(r *http.Request) (any, *apiError) {
		q := r.URL.Query()
		req, err := s.parseSeries(q)
		if err != nil {
			return nil, err
		}
		limit, err := parseLimit(q, defaultSplitLimit)
		if err != nil {
			return nil, err
		}
		a, b := req.minutes()
		sel := s.data.selectFilter(req.filter)
		top := s.data.playbackByKey(sel, split, a, b)
		top = top[:min(limit, len(top))]
		// sum the chosen keys only, numbered by rank
		rank := make(map[string]int, len(top))
		for i, t := range top {
			rank[t.Key] = i
		}
		keys, groupsOf := splitGroups(sel, split)
		for i, groups := range groupsOf {
			var kept []int
			for _, gi := range groups {
				if r, ok := rank[keys[gi]]; ok {
					kept = append(kept, r)
				}
			}
			groupsOf[i] = kept
		}
		first, sums := s.data.groupSums(sel, a, b, req.grid, len(top), groupsOf)
		out := make([]playbackKeySeries, len(top))
		for i, t := range top {
			out[i] = playbackKeySeries{Key: t.Key, Timeseries: playbackPoints(first, sums[i], req.grid)}
		}
		return out, nil
	}
}

// playbackPoints renders buckets of g from first on; a bucket without
// starts has no success ratio.
func playbackPoints(first int64, sums []qualitySums, g grid) []playbackPoint {
	out := make([]playbackPoint, len(sums))
	for i := range sums {
		q := &sums[i]
		ts, label := stamp(g.start(first + int64(i)))
		out[i] = playbackPoint{Timestamp: ts, TimestampAsString: label, PlaybackStarts: q.starts, Errors: q.failed()}
		if ratio, ok := SuccessRatio(q.starts, q.failed()); ok {
			out[i].SuccessRatio = &ratio
		}
	}
	return out
}

// playerError is an error code of the player with its share of the failed
// starts of each cause. The codes follow the numbering of the H5Live player
// (1xxx player, 2xxx stream and network, 3xxx media, 4xxx connection); this
// set and its shares are the simulator's own.
type playerError struct {
	code    int
	message string
	shares  [causeCount]int64 // player, network, ingest
}

var playerErrors = []playerError{
	{1006, "Playback failed in the browser.", [causeCount]int64{20, 0, 0}},
	{2001, "Network error while opening the stream.", [causeCount]int64{25, 30, 0}},
	{2002, "No media available.", [causeCount]int64{0, 0, 25}},
	{2003, "Not enough media data received.", [causeCount]int64{0, 15, 15}},
	{2004, "The source request was aborted by timeout.", [causeCount]int64{10, 45, 0}},
	{3003, "An error occurred when decoding media.", [causeCount]int64{15, 0, 10}},
	{3004, "The received audio or video is not supported.", [causeCount]int64{10, 0, 0}},
	{4006, "The stream was not found on the server.", [causeCount]int64{10, 0, 30}},
	{4500, "The connection was closed unexpectedly.", [causeCount]int64{10, 10, 20}},
}

// PlaybackErrors is what the playback start errors route answers: the failed
// starts f keeps over the final minutes of [from, to) by error code, most
// frequent first, ties by code; the counts add up to the errors of
// PlaybackStarts. Each cause of failure (the player, the viewer's network,
// the stream's ingest) is split over the codes by fixed shares.
func (d *Dataset) PlaybackErrors(from, to time.Time, f Filter) []PlaybackError {
	q := d.total(from, to, f)
	counts := make([]int64, len(playerErrors))
	for c := range causeCount {
		weights := make([]int64, len(playerErrors))
		for i, pe := range playerErrors {
			weights[i] = pe.shares[c]
		}
		split(q.errors[c], weights, func(i int, part int64) { counts[i] += part })
	}
	out := []PlaybackError{}
	for i, pe := range playerErrors {
		if counts[i] > 0 {
			out = append(out, PlaybackError{ErrorCode: pe.code, Message: pe.message, Count: counts[i]})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Count > out[j].Count })
	return out
}
