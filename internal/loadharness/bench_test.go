package loadharness

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

const benchOutput = `goos: linux
goarch: amd64
pkg: github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/frames
cpu: Intel(R) Xeon(R) Processor
BenchmarkDecodeAndFrameWeekOfMinutes-2        	     150	   7890123 ns/op	  98.53 MB/s	 2562539 B/op	   50442 allocs/op
BenchmarkFetchDecodeAndFrameWeekOfMinutes-2   	     126	   9401234.5 ns/op	  82.70 MB/s	 2580590 B/op	   50459 allocs/op
BenchmarkNoMem 	 1000	 12 ns/op
PASS
ok  	github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/frames	4.123s
`

func TestParseBench(t *testing.T) {
	got := ParseBench(benchOutput)
	assert.Equal(t, []BenchResult{
		{Name: "BenchmarkDecodeAndFrameWeekOfMinutes", Iterations: 150, NsPerOp: 7890123, BytesPerOp: 2562539, AllocsPerOp: 50442, MBPerS: 98.53},
		{Name: "BenchmarkFetchDecodeAndFrameWeekOfMinutes", Iterations: 126, NsPerOp: 9401234.5, BytesPerOp: 2580590, AllocsPerOp: 50459, MBPerS: 82.70},
		{Name: "BenchmarkNoMem", Iterations: 1000, NsPerOp: 12},
	}, got)
	assert.Empty(t, ParseBench("FAIL\tsomething\n--- FAIL: BenchmarkX\n"))
}

func TestBenchArgsMatchTheDocumentedCommand(t *testing.T) {
	assert.Equal(t, []string{"test", "-run", "^$", "-bench", "DecodeAndFrameWeekOfMinutes", "-benchmem", "./pkg/frames"}, BenchArgs())
}
