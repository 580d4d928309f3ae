package simulator

import (
	"fmt"
	"time"
)

// Every route path and parameter name the simulator answers lives in this
// file; the field names of the answers are on the types in wire.go.

// Route paths, without the legacy /api prefix.
const (
	pathAuthenticate       = "/authenticate"
	pathBytes              = "/v2/usage/bytes/timeseries"
	pathHourlyBytes        = "/v2/usage/hourly/bytes/timeseries"
	pathMaxViewers         = "/v2/viewer/concurrent/max/timeseries"
	pathCountries          = "/v2/filters/countries"
	pathIngestAlerts       = "/v2/alerting/ingest"
	pathPlaybackRatio      = "/v2/playback/start/success/ratio/timeseries"
	pathPlaybackRatioSplit = "/v2/playback/start/success/ratio/%s/timeseries" // %s: a split
	pathPlaybackWorst      = "/v2/playback/start/success/ratio/streams/top100"
	pathPlaybackErrors     = "/v2/playback/start/errors"
	pathBufferingRatio     = "/v2/monitoring/playout/bufferingRatio"
	pathStartupTime        = "/v2/monitoring/playout/startuptime"
	pathBreakdown          = "/v2/usage/%s/%s/bytes" // %s: a term, then a direction
)

// Parameter names.
const (
	paramFrom        = "from"
	paramTo          = "to"
	paramInterval    = "interval"
	paramStreamNames = "streamNames"
	paramTags        = "tags"
	paramCountries   = "countries"
	paramLimit       = "limit"
)

// The values of the interval parameter.
const (
	intervalMinute = "minute"
	intervalHour   = "hour"
	intervalDay    = "day"
)

// Breakdown terms and directions, as they appear in breakdown paths.
const (
	TermStream   = "stream"
	TermCountry  = "country"
	TermCity     = "city"
	TermReferrer = "referrer"
	TermIP       = "ip"

	DirectionPlayout = "playout"
	DirectionIngest  = "ingest"
)

// Splits of the playback start success ratio, as they appear in its paths.
const (
	SplitStreams   = "streams"
	SplitTags      = "tags"
	SplitCountries = "countries"
)

// breakdownTerms are the keys a usage breakdown can group by.
var breakdownTerms = []string{TermStream, TermCountry, TermCity, TermReferrer, TermIP}

// breakdownDirections are the traffic directions a breakdown covers.
var breakdownDirections = []string{DirectionPlayout, DirectionIngest}

// playbackSplits are the keys the success ratio can be split by.
var playbackSplits = []string{SplitStreams, SplitTags, SplitCountries}

// route is one data route: how it answers and whether it needs the analytics
// level of the stream health and quality of service routes.
type route struct {
	answer  routeFunc
	quality bool
}

// routeTable lists every data route the simulator answers.
func (s *Simulator) routeTable() map[string]route {
	t := map[string]route{
		pathBytes:         {answer: s.usageSeries},
		pathHourlyBytes:   {answer: s.hourlyUsageSeries},
		pathMaxViewers:    {answer: s.viewersSeries},
		pathCountries:     {answer: s.countriesRoute},
		pathIngestAlerts:  {answer: s.alertsRoute, quality: true},
		pathPlaybackRatio: {answer: s.playbackSeries, quality: true},
		pathPlaybackWorst: {answer: s.rangeRoute(func(from, to time.Time, f Filter) any {
			return s.data.WorstStreams(from, to, f)
		}), quality: true},
		pathPlaybackErrors: {answer: s.rangeRoute(func(from, to time.Time, f Filter) any {
			return s.data.PlaybackErrors(from, to, f)
		}), quality: true},
		pathBufferingRatio: {answer: s.bufferingSeries, quality: true},
		pathStartupTime:    {answer: s.startupSeries, quality: true},
	}
	for _, split := range playbackSplits {
		t[fmt.Sprintf(pathPlaybackRatioSplit, split)] = route{answer: s.playbackSplitSeries(split), quality: true}
	}
	for _, term := range breakdownTerms {
		for _, dir := range breakdownDirections {
			t[fmt.Sprintf(pathBreakdown, term, dir)] = route{answer: s.breakdownRoute(term, dir)}
		}
	}
	return t
}
