// Package nanostream is the client of the nanoStream Analytics API. It knows
// nothing of Grafana beyond error sources.
package nanostream

import "fmt"

// Every route and parameter name of the API lives in this file, so that a
// correction of an inferred name is a one-line change.
const (
	RouteAuthenticate = "/authenticate"
	RouteBytes        = "/v2/usage/bytes/timeseries"
	RouteHourlyBytes  = "/v2/usage/hourly/bytes/timeseries"
	RouteMaxViewers   = "/v2/viewer/concurrent/max/timeseries"
	RouteCountries    = "/v2/filters/countries"
	routeBreakdown    = "/v2/usage/%s/%s/bytes"

	// stream health and quality of service (the working contract's part 2)
	RouteIngestAlerts       = "/v2/alerting/ingest"
	RoutePlaybackRatio      = "/v2/playback/start/success/ratio/timeseries"
	routePlaybackRatioSplit = "/v2/playback/start/success/ratio/%s/timeseries"
	RouteWorstStreams       = "/v2/playback/start/success/ratio/streams/top100"
	RoutePlaybackErrors     = "/v2/playback/start/errors"
	RouteBufferingRatio     = "/v2/monitoring/playout/bufferingRatio"
	RouteStartupTime        = "/v2/monitoring/playout/startuptime"
)

// Terms and directions of the usage breakdown routes, as they appear in
// their paths.
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

// MaxLimit is the largest limit a route that takes one accepts.
const MaxLimit = 1000

// DefaultAPIKeyHeader carries the organisation API key unless the settings
// name another header.
const DefaultAPIKeyHeader = "X-BINTU-APIKEY" // #nosec G101 -- the name of a header, not a credential

// RouteBreakdown is the usage breakdown route of a term (stream, country,
// city, referrer, ip) and a direction (playout, ingest).
func RouteBreakdown(term, direction string) string {
	return fmt.Sprintf(routeBreakdown, term, direction)
}

// RoutePlaybackRatioSplit is the playback start success ratio route split by
// streams, tags or countries: one series per key.
func RoutePlaybackRatioSplit(split string) string {
	return fmt.Sprintf(routePlaybackRatioSplit, split)
}

const (
	paramFrom        = "from"
	paramTo          = "to"
	paramInterval    = "interval"
	paramStreamNames = "streamNames"
	paramTags        = "tags"
	paramCountries   = "countries"
	paramLimit       = "limit"

	// the values of paramInterval
	intervalMinute = "minute"
	intervalHour   = "hour"
	intervalDay    = "day"

	headerAccessToken = "x-access-token" // #nosec G101 -- the name of a header, not a credential

	// timeLayout is the API's UTC time parameter format (minute precision).
	timeLayout = "2006-01-02T15:04"
)
