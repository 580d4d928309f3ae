// Package e2e starts the built plugin executable the way Grafana does and
// talks to it over the plugin protocol, against the simulator.
package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// binary is the plugin executable under test: $NANOSTREAM_PLUGIN_BINARY
// (what `mage goTest` builds), or one built here from ./pkg.
var binary string

func TestMain(m *testing.M) {
	code, err := run(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(code)
}

func run(m *testing.M) (int, error) {
	binary = os.Getenv("NANOSTREAM_PLUGIN_BINARY")
	if binary != "" {
		abs, err := filepath.Abs(filepath.Join("..", "..", binary))
		if _, statErr := os.Stat(binary); filepath.IsAbs(binary) || statErr == nil {
			abs, err = filepath.Abs(binary)
		}
		if err != nil {
			return 0, err
		}
		binary = abs
		return m.Run(), nil
	}
	dir, err := os.MkdirTemp("", "nanostream-e2e")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	binary = filepath.Join(dir, "gpx_nanostream_analytics")
	build := exec.Command("go", "build", "-o", binary, "..")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		return 0, fmt.Errorf("building the plugin: %w", err)
	}
	return m.Run(), nil
}
