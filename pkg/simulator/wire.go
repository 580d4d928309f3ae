package simulator

// The items the data routes answer with, inside the success envelope. Every
// field name of the simulated API lives in this file.

// bytesPoint is one item of the byte usage series.
type bytesPoint struct {
	Timestamp         int64  `json:"timestamp"`
	TimestampAsString string `json:"timestampAsString"`
	Playout           int64  `json:"playout"`
	Ingest            int64  `json:"ingest"`
}

// viewersPoint is one item of the concurrent viewers series.
type viewersPoint struct {
	Timestamp            int64  `json:"timestamp"`
	TimestampAsString    string `json:"timestampAsString"`
	MaxConcurrentViewers int64  `json:"maxConcurrentViewers"`
}

// countryItem is one item of the countries filter list.
type countryItem struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// BreakdownRow is one item of a usage breakdown: a key of the term and its
// bytes.
type BreakdownRow struct {
	Key   string `json:"key"`
	Bytes int64  `json:"bytes"`
}

// AlertConnection describes one ingest connection of an alerted stream.
type AlertConnection struct {
	IP          string `json:"ip"`
	Server      string `json:"server"`
	Protocol    string `json:"protocol"`
	CountryCode string `json:"countryCode"`
	ElapsedTime int64  `json:"elapsedTime"` // seconds since the connection opened
	BitrateKbps int64  `json:"bitrateKbps"`
}

// Alert is one alert or advice of the ingest alerting route.
type Alert struct {
	ID                       string            `json:"id"` // stable while the alert persists
	Name                     string            `json:"name"`
	Code                     int               `json:"code"`
	Severity                 string            `json:"severity"` // critical, moderate, minor or advice
	Description              string            `json:"description"`
	StreamName               string            `json:"streamName"`
	FirstDetection           int64             `json:"firstDetection"` // unix seconds
	FirstDetectionAsString   string            `json:"firstDetectionAsString"`
	ElapsedTime              int64             `json:"elapsedTime"` // seconds since FirstDetection
	CountryName              string            `json:"countryName"`
	CountryCode              string            `json:"countryCode"`
	Servers                  []string          `json:"servers"`
	HighestStreamElapsedTime int64             `json:"highestStreamElapsedTime"` // seconds, the longest open connection
	ConnectionsDetails       []AlertConnection `json:"connectionsDetails"`
}

// playbackPoint is one item of a playback start success ratio series.
type playbackPoint struct {
	Timestamp         int64    `json:"timestamp"`
	TimestampAsString string   `json:"timestampAsString"`
	PlaybackStarts    int64    `json:"playbackStarts"`
	Errors            int64    `json:"errors"`
	SuccessRatio      *float64 `json:"successRatio,omitempty"` // absent without starts
}

// playbackKeySeries is one item of a split success ratio series.
type playbackKeySeries struct {
	Key        string          `json:"key"`
	Timeseries []playbackPoint `json:"timeseries"`
}

// PlaybackTotal is the playback starts of one key (a stream, tag or country)
// over a range, as the worst-streams route lists them.
type PlaybackTotal struct {
	Key            string  `json:"key"`
	PlaybackStarts int64   `json:"playbackStarts"`
	Errors         int64   `json:"errors"`
	SuccessRatio   float64 `json:"successRatio"` // percent, two decimals
}

// PlaybackError is one item of the playback start errors route.
type PlaybackError struct {
	ErrorCode int    `json:"errorCode"`
	Message   string `json:"message"`
	Count     int64  `json:"count"`
}

// bufferingPoint is one item of the buffering ratio series.
type bufferingPoint struct {
	Timestamp         int64   `json:"timestamp"`
	TimestampAsString string  `json:"timestampAsString"`
	BufferingRatio    float64 `json:"bufferingRatio"` // percent of watching time, two decimals
}

// startupPoint is one item of the startup time series.
type startupPoint struct {
	Timestamp         int64   `json:"timestamp"`
	TimestampAsString string  `json:"timestampAsString"`
	StartupTime       float64 `json:"startupTime"` // seconds to the first frame, median
}
