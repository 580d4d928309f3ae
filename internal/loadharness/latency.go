package loadharness

import (
	"math"
	"slices"
	"time"
)

// Latency summarises the durations of sequential requests.
type Latency struct {
	Count  int     `json:"count"`  // requests timed
	Errors int     `json:"errors"` // of Count: answers with an error
	P50Us  float64 `json:"p50Us"`
	P99Us  float64 `json:"p99Us"`
	MeanUs float64 `json:"meanUs"`
	MaxUs  float64 `json:"maxUs"`
}

// Percentile is the nearest-rank p-th percentile (0 < p ≤ 100) of sorted
// durations; zero when there are none.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(n)))
	rank = min(max(rank, 1), n)
	return sorted[rank-1]
}

// Summarize sorts the durations and reports their percentiles.
func Summarize(durations []time.Duration, errors int) Latency {
	sorted := slices.Clone(durations)
	slices.Sort(sorted)
	out := Latency{Count: len(sorted), Errors: errors}
	if len(sorted) == 0 {
		return out
	}
	var sum time.Duration
	for _, d := range sorted {
		sum += d
	}
	out.P50Us = micros(Percentile(sorted, 50))
	out.P99Us = micros(Percentile(sorted, 99))
	out.MeanUs = micros(sum / time.Duration(len(sorted)))
	out.MaxUs = micros(sorted[len(sorted)-1])
	return out
}

// micros is a duration in microseconds.
func micros(d time.Duration) float64 {
	return float64(d) / float64(time.Microsecond)
}

// millis is a duration in milliseconds.
func millis(d time.Duration) float64 {
	return float64(d) / float64(time.Millisecond)
}
