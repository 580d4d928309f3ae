package loadharness

import (
	"bufio"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPercentileIsNearestRank(t *testing.T) {
	var d []time.Duration
	for i := 1; i <= 100; i++ {
		d = append(d, time.Duration(i)*time.Millisecond)
	}
	assert.Equal(t, 50*time.Millisecond, Percentile(d, 50))
	assert.Equal(t, 99*time.Millisecond, Percentile(d, 99))
	assert.Equal(t, 100*time.Millisecond, Percentile(d, 100))
	assert.Equal(t, time.Millisecond, Percentile(d, 0.1))
	assert.Equal(t, time.Duration(0), Percentile(nil, 50))
	assert.Equal(t, 7*time.Second, Percentile([]time.Duration{7 * time.Second}, 99))
}

func TestSummarizeSortsACopy(t *testing.T) {
	in := []time.Duration{3 * time.Millisecond, time.Millisecond, 2 * time.Millisecond}
	l := Summarize(in, 1)
	assert.Equal(t, 3*time.Millisecond, in[0], "the input keeps its order")
	assert.Equal(t, Latency{Count: 3, Errors: 1, P50Us: 2000, P99Us: 3000, MeanUs: 2000, MaxUs: 3000}, l)
	assert.Equal(t, Latency{}, Summarize(nil, 0))
}

func TestParseProcStatus(t *testing.T) {
	status := "Name:\tgpx_nanostream\nVmPeak:\t 1300000 kB\nVmHWM:\t   40960 kB\nVmRSS:\t   36864 kB\nThreads:\t9\n"
	m, err := ParseProcStatus(bufio.NewScanner(strings.NewReader(status)))
	require.NoError(t, err)
	assert.Equal(t, Memory{RSSKiB: 36864, PeakKiB: 40960}, m)
	_, err = ParseProcStatus(bufio.NewScanner(strings.NewReader("Name:\tx\n")))
	assert.Error(t, err)
}

func TestCPUModel(t *testing.T) {
	assert.Equal(t, "Intel(R) Xeon(R) Processor", CPUModel("processor\t: 0\nmodel name\t: Intel(R) Xeon(R) Processor\n"))
	assert.Equal(t, "unknown", CPUModel("processor\t: 0\n"))
}
