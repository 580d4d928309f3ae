package frames

// Views of the ingest alerts and the playback start success queries; the
// month-to-date views are beside MonthToDate. ViewTable is shared: the
// ingest alerts' table is their default view.
const (
	ViewCount       View = "count"       // ingest alerts: active alerts per stream and severity, for alert rules
	ViewAnnotations View = "annotations" // ingest alerts: regions from each alert's first detection
	ViewTimeSeries  View = "timeseries"  // playback start success: the ratio per bucket
	ViewWorst       View = "worst"       // playback start success: the API's worst 100 streams
)
