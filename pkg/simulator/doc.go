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
// Routes are served both at /v2/... and at the legacy /api/v2/...:
//
//	POST /authenticate                          {"email","password"} -> {"token"}
//	GET  /v2/usage/bytes/timeseries             interval minute|hour|day
//	GET  /v2/usage/hourly/bytes/timeseries      interval hour|day, whole hours, no streamNames
//	GET  /v2/viewer/concurrent/max/timeseries   interval minute|hour|day
//	GET  /v2/usage/{term}/{playout|ingest}/bytes  term stream|country|city|referrer|ip, limit
//	GET  /v2/filters/countries
//	GET  /v2/alerting/ingest
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
//     country of the stream; tags combine with AND.
//   - Throttling admits exactly Burst requests at once, then Rate per second,
//     refusing with 502 and nginx's HTML page; refused requests cost nothing.
//   - The order of checks is: throttling, latency, routing (404/101001),
//     RouteStatus 404, HTMLStatus, authentication, RouteStatus 403, Status,
//     the route's own validation, then Malformed/Truncated on successes.
package simulator
