package nanostream

import "context"

// ViewersPoint is one bucket of the maximum concurrent H5Live viewers.
type ViewersPoint struct {
	Timestamp            int64    `json:"timestamp"` // bucket start, unix seconds
	MaxConcurrentViewers *float64 `json:"maxConcurrentViewers"`
}

// MaxViewers asks the maximum concurrent viewers per bucket.
func (c *Client) MaxViewers(ctx context.Context, s Series) ([]ViewersPoint, Call, error) {
	return getData[ViewersPoint](ctx, c, s.call(RouteMaxViewers))
}
