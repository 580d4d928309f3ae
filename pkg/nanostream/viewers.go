package nanostream

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// ViewersPoint is one bucket of the maximum concurrent H5Live viewers.
type ViewersPoint struct {
	Timestamp            int64    `json:"timestamp"` // bucket start, unix seconds
	MaxConcurrentViewers *float64 `json:"maxConcurrentViewers"`
}

// MaxViewers asks the maximum concurrent viewers per bucket.
func (c *Client) MaxViewers(ctx context.Context, s Series) ([]ViewersPoint, Call, error) {
	if err := s.Filter.Validate(); err != nil {
		return refused[ViewersPoint](err)
	}
	return getData[ViewersPoint](ctx, c, s.call(RouteMaxViewers))
}

// refused is the answer to a request the client refuses to send: a filter
// beyond the API's limits is the user's to fix, and nothing goes upstream.
func refused[T any](err error) ([]T, Call, error) {
	return nil, Call{}, backend.DownstreamError(err)
}
