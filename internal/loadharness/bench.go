package loadharness

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
)

// DecodeBenchmark is the benchmark of scenario 5; the pattern also matches
// its variant with the HTTP exchange, which is reported alongside.
const DecodeBenchmark = "BenchmarkDecodeAndFrameWeekOfMinutes"

// BenchResult is one line of `go test -bench` output.
type BenchResult struct {
	Name        string  `json:"name"` // without the -GOMAXPROCS suffix
	Iterations  int64   `json:"iterations"`
	NsPerOp     float64 `json:"nsPerOp"`
	BytesPerOp  int64   `json:"bytesPerOp"`
	AllocsPerOp int64   `json:"allocsPerOp"`
	MBPerS      float64 `json:"mbPerS,omitempty"`
}

// BenchArgs are the arguments of the go test run of scenario 5.
func BenchArgs() []string {
	return []string{"test", "-run", "^$", "-bench", strings.TrimPrefix(DecodeBenchmark, "Benchmark"), "-benchmem", "./pkg/frames"}
}

// RunBench runs the decoding benchmark in the module root and parses it.
func RunBench(ctx context.Context, root string) ([]BenchResult, error) {
	cmd := exec.CommandContext(ctx, "go", BenchArgs()...)
	cmd.Dir = root
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go %s: %w\n%s", strings.Join(BenchArgs(), " "), err, tail(out.String(), 2000))
	}
	results := ParseBench(out.String())
	if len(results) == 0 {
		return nil, fmt.Errorf("no benchmark results in:\n%s", tail(out.String(), 2000))
	}
	return results, nil
}

// ParseBench reads the result lines of `go test -bench -benchmem` output.
func ParseBench(output string) []BenchResult {
	var out []BenchResult
	sc := bufio.NewScanner(strings.NewReader(output))
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") {
			continue
		}
		iterations, err := strconv.ParseInt(fields[1], 10, 64)
		if err != nil {
			continue
		}
		r := BenchResult{Name: benchName(fields[0]), Iterations: iterations}
		for i := 2; i+1 < len(fields); i += 2 {
			value, unit := fields[i], fields[i+1]
			switch unit {
			case "ns/op":
				r.NsPerOp, _ = strconv.ParseFloat(value, 64)
			case "B/op":
				r.BytesPerOp, _ = strconv.ParseInt(value, 10, 64)
			case "allocs/op":
				r.AllocsPerOp, _ = strconv.ParseInt(value, 10, 64)
			case "MB/s":
				r.MBPerS, _ = strconv.ParseFloat(value, 64)
			}
		}
		if r.NsPerOp > 0 {
			out = append(out, r)
		}
	}
	return out
}

// benchName drops the -GOMAXPROCS suffix of a benchmark name.
func benchName(s string) string {
	if i := strings.LastIndexByte(s, '-'); i > 0 {
		if _, err := strconv.Atoi(s[i+1:]); err == nil {
			return s[:i]
		}
	}
	return s
}

// tail is the end of s, at most n bytes.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}
