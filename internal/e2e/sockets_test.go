package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A data source without credentials answers from the built-in simulator in
// memory: the plugin process opens no TCP socket for it, so no other process
// on the machine can reach the simulator, let alone switch its faults. The
// SDK's HTTP middlewares still see every request (its request metrics count
// them).
func TestTheBuiltInSimulatorOpensNoSocket(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads the process's sockets from /proc")
	}
	f := start(t)
	require.NotEmpty(t, tcpSockets(t, os.Getpid(), true), "the check sees the test's own simulator listening")

	pid := f.plugin.PID()
	require.Positive(t, pid)
	assert.NotEmpty(t, listeningUnixSockets(t, pid), "the plugin protocol listens on a unix socket")
	require.Empty(t, tcpSockets(t, pid, false), "the plugin opens no TCP socket before any data source exists")

	pc := pluginContext("", `{}`, nil)
	now := time.Now()
	res := f.query(t, pc, dataQuery("A", `{"queryType":"maxViewers"}`, now.Add(-time.Hour), now)).Responses["A"]
	require.NoError(t, res.Error)
	require.NotEmpty(t, res.Frames)
	require.Len(t, res.Frames[0].Meta.Notices, 1)
	assert.Contains(t, res.Frames[0].Meta.Notices[0].Text, "Simulated demo data")
	health, err := f.plugin.CheckHealth(context.Background(), pc)
	require.NoError(t, err)
	assert.Equal(t, backend.HealthStatusOk, health.Status, health.Message)
	assert.Contains(t, health.Message, "built-in simulator")

	assert.Empty(t, tcpSockets(t, pid, true), "no listening TCP socket")
	assert.Empty(t, tcpSockets(t, pid, false), "no TCP socket at all")

	metrics, err := f.plugin.CollectMetrics(context.Background())
	require.NoError(t, err)
	for _, endpoint := range []string{"queryData", "checkHealth"} { // the type label without its dashes
		assert.Regexp(t, `(?m)^plugins_datasource_request_total\{code="200",datasource_type="nanostreamanalyticsdatasource",endpoint="`+endpoint+`"[^}]*\} [1-9]`,
			string(metrics), "the SDK's middlewares are in the chain")
	}
}

// socketInodes are the inodes of the sockets process pid has open.
func socketInodes(t *testing.T, pid int) map[string]bool {
	t.Helper()
	dir := fmt.Sprintf("/proc/%d/fd", pid)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	inodes := map[string]bool{}
	for _, e := range entries {
		target, err := os.Readlink(filepath.Join(dir, e.Name()))
		if err != nil {
			continue // closed meanwhile
		}
		if inode, ok := strings.CutPrefix(target, "socket:["); ok {
			inodes[strings.TrimSuffix(inode, "]")] = true
		}
	}
	return inodes
}

// tcpSockets lists the TCP sockets process pid has open (only the listening
// ones when listening is set) as "table local-address state" lines, read
// from the tables of its own network namespace.
func tcpSockets(t *testing.T, pid int, listening bool) []string {
	t.Helper()
	inodes := socketInodes(t, pid)
	var out []string
	for _, table := range []string{"tcp", "tcp6"} {
		raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/net/%s", pid, table))
		if os.IsNotExist(err) {
			continue // no IPv6
		}
		require.NoError(t, err)
		for _, line := range strings.Split(string(raw), "\n")[1:] {
			// sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
			f := strings.Fields(line)
			if len(f) < 10 || !inodes[f[9]] || (listening && f[3] != "0A") {
				continue
			}
			out = append(out, table+" "+f[1]+" state "+f[3])
		}
	}
	return out
}

// listeningUnixSockets lists the paths of the unix sockets process pid
// listens on.
func listeningUnixSockets(t *testing.T, pid int) []string {
	t.Helper()
	inodes := socketInodes(t, pid)
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/net/unix", pid))
	require.NoError(t, err)
	var out []string
	for _, line := range strings.Split(string(raw), "\n")[1:] {
		// Num RefCount Protocol Flags Type St Inode Path; flag 00010000 marks a listening socket
		f := strings.Fields(line)
		if len(f) < 8 || !inodes[f[6]] || f[3] != "00010000" {
			continue
		}
		out = append(out, f[7])
	}
	return out
}
