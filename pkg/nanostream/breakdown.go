package nanostream

import (
	"context"
	"sort"
	"sync"
)

// Complete reports whether a breakdown answer lists every key: the route
// answers at most limit keys, so an answer shorter than the limit asked
// for left none out.
func Complete(entries []UsageEntry, limit int) bool {
	return len(entries) < limit
}

// SumByKey adds up breakdowns of the same term (e.g. playout and ingest)
// per key: largest first, ties by key.
func SumByKey(lists ...[]UsageEntry) []UsageEntry {
	if len(lists) == 1 {
		return lists[0]
	}
	index := map[string]int{}
	var out []UsageEntry
	for _, list := range lists {
		for _, e := range list {
			i, ok := index[e.Key]
			if !ok {
				i = len(out)
				index[e.Key] = i
				out = append(out, UsageEntry{Key: e.Key})
			}
			out[i].Bytes += e.Bytes
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Bytes != out[j].Bytes {
			return out[i].Bytes > out[j].Bytes
		}
		return out[i].Key < out[j].Key
	})
	return out
}

// SumBytes is the bytes of all entries.
func SumBytes(entries []UsageEntry) float64 {
	var sum float64
	for _, e := range entries {
		sum += e.Bytes
	}
	return sum
}

// UsageBreakdowns asks the breakdown of b for each direction, one request
// per direction, all at once; each passes the client's choke point. The
// answers and the calls are in the order of directions. The first failure
// is the error; the calls made are returned with it.
func (c *Client) UsageBreakdowns(ctx context.Context, b Breakdown, directions []string) ([][]UsageEntry, []Call, error) {
	lists := make([][]UsageEntry, len(directions))
	calls := make([]Call, len(directions))
	errs := make([]error, len(directions))
	var wg sync.WaitGroup
	for i, dir := range directions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := b
			req.Direction = dir
			lists[i], calls[i], errs[i] = c.UsageBreakdown(ctx, req)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, calls, err
		}
	}
	return lists, calls, nil
}
