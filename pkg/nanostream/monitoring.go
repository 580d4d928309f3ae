package nanostream

import "context"

// BufferingPoint is one bucket of the buffering ratio: the percent of
// playing time spent buffering. The API leaves out buckets without viewers.
type BufferingPoint struct {
	Timestamp      int64    `json:"timestamp"` // bucket start, unix seconds
	BufferingRatio *float64 `json:"bufferingRatio"`
}

// StartupPoint is one bucket of the startup time: the median time to the
// first frame, in seconds. The API leaves out buckets without starts.
type StartupPoint struct {
	Timestamp   int64    `json:"timestamp"` // bucket start, unix seconds
	StartupTime *float64 `json:"startupTime"`
}

// BufferingRatio asks the buffering ratio per bucket.
func (c *Client) BufferingRatio(ctx context.Context, s Series) ([]BufferingPoint, Call, error) {
	if err := s.Filter.Validate(); err != nil {
		return refused[BufferingPoint](err)
	}
	return getData[BufferingPoint](ctx, c, s.call(RouteBufferingRatio))
}

// StartupTime asks the median startup time per bucket.
func (c *Client) StartupTime(ctx context.Context, s Series) ([]StartupPoint, Call, error) {
	if err := s.Filter.Validate(); err != nil {
		return refused[StartupPoint](err)
	}
	return getData[StartupPoint](ctx, c, s.call(RouteStartupTime))
}
