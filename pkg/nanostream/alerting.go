package nanostream

import (
	"context"
	"net/url"
)

// Severities of an ingest alert, most severe first.
const (
	SeverityCritical = "critical"
	SeverityModerate = "moderate"
	SeverityMinor    = "minor"
	SeverityAdvice   = "advice"
)

// Severities lists the severities an alert may have, most severe first.
var Severities = []string{SeverityCritical, SeverityModerate, SeverityMinor, SeverityAdvice}

// SeverityRank orders severities: 0 for critical up to 3 for advice, and
// 4 for a severity the contract does not name, which sorts last.
func SeverityRank(severity string) int {
	for i, s := range Severities {
		if s == severity {
			return i
		}
	}
	return len(Severities)
}

// Alert is an alert or an advice of the ingest alerting route: a problem
// the API detected on a live ingest within the last five minutes.
type Alert struct {
	ID                     string   `json:"id"` // stable while the alert persists
	Name                   string   `json:"name"`
	Code                   int      `json:"code"`
	Severity               string   `json:"severity"` // critical, moderate, minor or advice
	Description            string   `json:"description"`
	StreamName             string   `json:"streamName"`
	FirstDetection         int64    `json:"firstDetection"` // unix seconds
	FirstDetectionAsString string   `json:"firstDetectionAsString"`
	ElapsedTime            float64  `json:"elapsedTime"` // seconds since FirstDetection when the API answered
	CountryName            string   `json:"countryName"`
	CountryCode            string   `json:"countryCode"`
	Servers                []string `json:"servers"`
	// HighestStreamElapsedTime is the age of the stream's longest open
	// ingest connection, in seconds.
	HighestStreamElapsedTime float64           `json:"highestStreamElapsedTime"`
	ConnectionsDetails       []AlertConnection `json:"connectionsDetails"`
}

// AlertConnection is one ingest connection of an alerted stream.
type AlertConnection struct {
	IP          string  `json:"ip"`
	Server      string  `json:"server"`
	Protocol    string  `json:"protocol"`
	CountryCode string  `json:"countryCode"`
	ElapsedTime float64 `json:"elapsedTime"` // seconds since the connection opened
	BitrateKbps float64 `json:"bitrateKbps"`
}

// IngestAlerts asks the alerts and advices of the live ingests the filter
// keeps. The route has no time range: it reports the last five minutes.
func (c *Client) IngestAlerts(ctx context.Context, f Filter) ([]Alert, Call, error) {
	if err := f.Validate(); err != nil {
		return refused[Alert](err)
	}
	v := url.Values{}
	setList(v, paramStreamNames, f.StreamNames)
	setList(v, paramTags, f.Tags)
	setList(v, paramCountries, f.Countries)
	return getData[Alert](ctx, c, Call{Route: RouteIngestAlerts, Params: v})
}
