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
)

// DefaultAPIKeyHeader carries the organisation API key unless the settings
// name another header.
const DefaultAPIKeyHeader = "X-BINTU-APIKEY" // #nosec G101 -- the name of a header, not a credential

// RouteBreakdown is the usage breakdown route of a term (stream, country,
// city, referrer, ip) and a direction (playout, ingest).
func RouteBreakdown(term, direction string) string {
	return fmt.Sprintf(routeBreakdown, term, direction)
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
