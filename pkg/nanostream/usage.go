package nanostream

import "context"

// BytesPoint is one bucket of byte usage. A value the API leaves out is nil.
type BytesPoint struct {
	Timestamp int64    `json:"timestamp"` // bucket start, unix seconds
	Playout   *float64 `json:"playout"`
	Ingest    *float64 `json:"ingest"`
}

// Bytes asks the per-minute byte usage route; it takes every filter.
func (c *Client) Bytes(ctx context.Context, s Series) ([]BytesPoint, Call, error) {
	return getData[BytesPoint](ctx, c, s.call(RouteBytes))
}

// HourlyBytes asks the pre-aggregated hourly route: From and To must be
// whole hours, Interval hour or day, and no stream filter is allowed.
func (c *Client) HourlyBytes(ctx context.Context, s Series) ([]BytesPoint, Call, error) {
	return getData[BytesPoint](ctx, c, s.call(RouteHourlyBytes))
}

// UsageEntry is one key of a usage breakdown.
type UsageEntry struct {
	Key   string  `json:"key"`
	Bytes float64 `json:"bytes"`
}

// UsageBreakdown asks the bytes per key of a term, largest first.
func (c *Client) UsageBreakdown(ctx context.Context, b Breakdown) ([]UsageEntry, Call, error) {
	return getData[UsageEntry](ctx, c, b.call())
}
