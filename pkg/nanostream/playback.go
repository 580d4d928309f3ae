package nanostream

import (
	"context"
	"strconv"
)

// PlaybackPoint is one bucket of the playback start success ratio: the
// starts, the starts that ended in an error within their first 30 s, and
// the percent of starts without one. A bucket without starts has no ratio
// (nil); a value the API leaves out is nil.
type PlaybackPoint struct {
	Timestamp      int64    `json:"timestamp"` // bucket start, unix seconds
	PlaybackStarts *float64 `json:"playbackStarts"`
	Errors         *float64 `json:"errors"`
	SuccessRatio   *float64 `json:"successRatio"` // percent, 0 to 100
}

// PlaybackKeySeries is the success ratio series of one key of a split: a
// stream name, a tag or a country code.
type PlaybackKeySeries struct {
	Key        string          `json:"key"`
	Timeseries []PlaybackPoint `json:"timeseries"`
}

// PlaybackTotal is the playback starts of one stream over a range, as the
// worst streams route lists them.
type PlaybackTotal struct {
	Key            string   `json:"key"`
	PlaybackStarts float64  `json:"playbackStarts"`
	Errors         float64  `json:"errors"`
	SuccessRatio   *float64 `json:"successRatio"` // percent
}

// PlaybackError is the number of playback starts that failed with one
// error code over a range.
type PlaybackError struct {
	ErrorCode int     `json:"errorCode"`
	Message   string  `json:"message"`
	Count     float64 `json:"count"`
}

// PlaybackSplit is a split success ratio request: one series for each of
// the Limit keys of Split (SplitStreams, SplitTags or SplitCountries) with
// the most starts.
type PlaybackSplit struct {
	Series
	Split string
	Limit int
}

func (p PlaybackSplit) call() Call {
	c := p.Series.call(RoutePlaybackRatioSplit(p.Split))
	if p.Limit > 0 {
		c.Params.Set(paramLimit, strconv.Itoa(p.Limit))
	}
	return c
}

// rangeCall is a request of a route that takes a time range and the
// filters, and no interval.
func (r Range) rangeCall(route string) Call {
	return Call{Route: route, Params: r.params()}
}

// PlaybackSuccess asks the successful playback start ratio per bucket.
func (c *Client) PlaybackSuccess(ctx context.Context, s Series) ([]PlaybackPoint, Call, error) {
	if err := s.Filter.Validate(); err != nil {
		return refused[PlaybackPoint](err)
	}
	return getData[PlaybackPoint](ctx, c, s.call(RoutePlaybackRatio))
}

// PlaybackSuccessSplit asks the success ratio per bucket of the keys of a
// split with the most starts, in one request.
func (c *Client) PlaybackSuccessSplit(ctx context.Context, p PlaybackSplit) ([]PlaybackKeySeries, Call, error) {
	if err := p.Filter.Validate(); err != nil {
		return refused[PlaybackKeySeries](err)
	}
	return getData[PlaybackKeySeries](ctx, c, p.call())
}

// WorstStreams asks the 100 streams with the lowest success ratio over the
// range, worst first.
func (c *Client) WorstStreams(ctx context.Context, r Range) ([]PlaybackTotal, Call, error) {
	if err := r.Filter.Validate(); err != nil {
		return refused[PlaybackTotal](err)
	}
	return getData[PlaybackTotal](ctx, c, r.rangeCall(RouteWorstStreams))
}

// PlaybackErrors asks the failed playback starts over the range by error
// code, most frequent first.
func (c *Client) PlaybackErrors(ctx context.Context, r Range) ([]PlaybackError, Call, error) {
	if err := r.Filter.Validate(); err != nil {
		return refused[PlaybackError](err)
	}
	return getData[PlaybackError](ctx, c, r.rangeCall(RoutePlaybackErrors))
}
