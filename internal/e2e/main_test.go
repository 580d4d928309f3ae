// Package e2e starts the built plugin executable the way Grafana does and
// talks to it over the plugin protocol, against the simulator.
package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// buildDir holds the executable built here when none is given.
var buildDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "nanostream-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	buildDir = dir
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// binary is the plugin executable under test: $NANOSTREAM_PLUGIN_BINARY
// (what `mage goTest` builds; a relative path is taken from the working
// directory, or else from the module root), or one built from ./pkg on
// first use, so a run that starts no plugin builds nothing.
var binary = sync.OnceValues(func() (string, error) {
	if path := os.Getenv("NANOSTREAM_PLUGIN_BINARY"); path != "" {
		if _, err := os.Stat(path); filepath.IsAbs(path) || err == nil {
			return filepath.Abs(path)
		}
		return filepath.Abs(filepath.Join("..", "..", path))
	}
	path := filepath.Join(buildDir, "gpx_nanostream_analytics")
	build := exec.Command("go", "build", "-o", path, "../../pkg")
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building the plugin: %w\n%s", err, out)
	}
	return path, nil
})

// pluginBinary is binary, or the test's end when there is none.
func pluginBinary(t *testing.T) string {
	t.Helper()
	path, err := binary()
	if err != nil {
		t.Fatal(err)
	}
	return path
}
