package nanostream

import "context"

// BytesPoint is one bucket of byte usage. A value the API leaves out is nil.
type BytesPoint struct {
	Timestamp int64    `json:"timestamp"` // bucket start, unix seconds
	Playout   *float64 `json:"playout"`
	Ingest    *float64 `json:"ingest"`
}

// ByteUsage asks the playout and ingest bytes per bucket from the route
// that can answer: the pre-aggregated hourly route for hourly or daily
// buckets without a stream filter, the per-minute route otherwise. The
// bounds of an hourly or daily series are whole hours.
func (c *Client) ByteUsage(ctx context.Context, s Series) ([]BytesPoint, Call, error) {
	if s.Interval != intervalMinute && len(s.Filter.StreamNames) == 0 {
		return c.HourlyBytes(ctx, s)
	}
	return c.Bytes(ctx, s)
}

// Bytes asks the per-minute byte usage route; it takes every filter.
// Queries use ByteUsage; the health check asks each route.
func (c *Client) Bytes(ctx context.Context, s Series) ([]BytesPoint, Call, error) {
	if err := s.Filter.Validate(); err != nil {
		return refused[BytesPoint](err)
	}
	return getData[BytesPoint](ctx, c, s.call(RouteBytes))
}

// HourlyBytes asks the pre-aggregated hourly route: From and To must be
// whole hours, Interval hour or day, and no stream filter is allowed.
func (c *Client) HourlyBytes(ctx context.Context, s Series) ([]BytesPoint, Call, error) {
	if err := s.Filter.Validate(); err != nil {
		return refused[BytesPoint](err)
	}
	return getData[BytesPoint](ctx, c, s.call(RouteHourlyBytes))
}

// UsageEntry is one key of a usage breakdown.
type UsageEntry struct {
	Key   string  `json:"key"`
	Bytes float64 `json:"bytes"`
}

// UsageBreakdown asks the bytes per key of a term, largest first.
func (c *Client) UsageBreakdown(ctx context.Context, b Breakdown) ([]UsageEntry, Call, error) {
	if err := b.Filter.Validate(); err != nil {
		return refused[UsageEntry](err)
	}
	return getData[UsageEntry](ctx, c, b.call())
}
