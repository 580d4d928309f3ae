// Package simulator is a stand-in for the nanoStream Analytics API: the same
// routes, parameters, error bodies, authentication and nginx throttling,
// answering with deterministic, realistic data of one simulated organisation
// (36 streams named "nS4kq-xxxxx" in a dozen countries).
//
// It serves the plugin as its built-in demo data source (in memory, through
// Transport: no socket, no admin routes), every test of the project, and
// (through cmd/nanostream-simulator, with the admin routes) a standalone demo
// process.
//
// Routes are served both at /v2/... and at the legacy /api/v2/... (their
// names are in routes.go, their fields in wire.go):
//
//	POST /authenticate                          {"email","password"} -> {"token"}
//	GET  /v2/usage/bytes/timeseries             interval minute|hour|day
//	GET  /v2/usage/hourly/bytes/timeseries      interval hour|day, whole hours, no streamNames
//	GET  /v2/viewer/concurrent/max/timeseries   interval minute|hour|day
//	GET  /v2/usage/{term}/{playout|ingest}/bytes  term stream|country|city|referrer|ip, limit (100, at most 1000)
//	GET  /v2/filters/countries
//	GET  /v2/alerting/ingest                    filters only, no from/to
//	GET  /v2/playback/start/success/ratio/timeseries                interval
//	GET  /v2/playback/start/success/ratio/{streams|tags|countries}/timeseries  interval, limit (10, at most 1000)
//	GET  /v2/playback/start/success/ratio/streams/top100
//	GET  /v2/playback/start/errors
//	GET  /v2/monitoring/playout/bufferingRatio  interval
//	GET  /v2/monitoring/playout/startuptime     interval
//
// Every data route but the countries list takes the filters streamNames,
// tags and countries; every one but the countries list and the alerting
// route takes from and to.
//
// Behaviour worth knowing when writing expectations:
//
//   - Data exists from the first of the month six months before the clock's
//     time at New up to the minute in progress; buckets outside that span,
//     and buckets whose values are all zero (for example a filtered event
//     stream while it is off air), are left out of series.
//   - Bucket timestamps are the start of the UTC minute, hour or day; a bucket
//     cut by from or to only counts its minutes inside [from, to).
//   - The five newest minutes are incomplete: the minute in progress carries
//     1/6 of its final numbers, the one before 2/6 ... up to 5/6; older minutes
//     never change. Dataset methods read the same clock, so they agree.
//   - A minute series may cover at most 31 days (else 400/101004).
//   - The country filter keeps viewers by their country and ingest by the
//     country of the stream; tags combine with AND. The alerting route
//     filters by the country of the ingest.
//   - The playback and monitoring routes report final minutes only: the
//     minute in progress and the four before it are left out
//     (Dataset.FinalUntil). A success ratio series has every bucket from the
//     history start up to there, a bucket without starts with 0 starts, 0
//     errors and no successRatio; the buffering and startup series leave out
//     buckets without viewers or starts. A split series has one item per key
//     with starts, most starts first (ties by key), each with the buckets of
//     the unsplit series narrowed to its key; for streams and countries the
//     keys add up to the unsplit series, for tags a stream counts under each
//     of its tags.
//   - Playback starts follow the viewers: the viewers of an audience slot
//     start anew every 12 to 26 minutes, arrivals start at once, and
//     players reconnect while the ingest has problems. The Dataset methods
//     PlaybackStarts, PlaybackByKey, WorstStreams, PlaybackErrors,
//     BufferingRatio, StartupTime and Alerts compute what the routes answer;
//     Highlights names the stories in the data (see quality_model.go).
//   - A breakdown's rows add up exactly to Bytes over the same range and
//     filter (Dataset.Breakdown lists them all); rows are largest first, ties
//     by key. Cities lie in their country, addresses come from the
//     documentation ranges (192.0.2.0/24 and 198.51.100.0/24 for viewers
//     with 2001:db8::/32, 203.0.113.0/24 for encoders), about 1,230 in all,
//     and referrers are a handful of sites with a long tail.
//   - Throttling admits exactly Burst requests at once, then Rate per second,
//     refusing with 502 and nginx's HTML page; refused requests cost nothing.
//   - The order of checks is: throttling, latency, routing (404/101001),
//     RouteStatus 404, HTMLStatus, authentication, RouteStatus 403,
//     LevelTooLow, Status, the route's own validation, then
//     Malformed/Truncated on successes.
package simulator
