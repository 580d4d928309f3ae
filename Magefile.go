//go:build mage

// Build, test and demo targets. `mage -l` lists them.
package main

import (
	"fmt"
	"os"
	"runtime"

	"github.com/magefile/mage/mg"
	"github.com/magefile/mage/sh"

	// mage:import
	build "github.com/grafana/grafana-plugin-sdk-go/build"
)

// plugin.json lives at the repository root, not in src/.
func init() {
	_ = build.SetBeforeBuildCallback(func(cfg build.Config) (build.Config, error) {
		cfg.PluginJSONPath = "."
		return cfg, nil
	})
}

// Default builds the backend for every supported platform.
var Default = build.BuildAll

// Simulator runs the nanoStream Analytics API simulator on 127.0.0.1:8090
// (set SIMULATOR_ADDR to change it).
func Simulator() error {
	addr := os.Getenv("SIMULATOR_ADDR")
	if addr == "" {
		addr = "127.0.0.1:8090"
	}
	return sh.RunV("go", "run", "./pkg/simulator/cmd/nanostream-simulator", "-addr", addr)
}

// Check runs gofmt and go vet.
func Check() error {
	out, err := sh.Output("gofmt", "-l", "pkg", "Magefile.go")
	if err != nil {
		return err
	}
	if out != "" {
		return fmt.Errorf("gofmt would change:\n%s", out)
	}
	return sh.RunV("go", "vet", "./pkg/...")
}

// GoTest builds the plugin binary for this machine and runs every Go test
// with the race detector, the tests that start the built binary included.
func GoTest() error {
	mg.Deps(Check)
	if err := buildLocal(); err != nil {
		return err
	}
	return sh.RunWithV(map[string]string{"NANOSTREAM_PLUGIN_BINARY": localBinary()}, "go", "test", "-race", "-count=1", "./pkg/...")
}

// CI runs the whole test suite: the Go checks and tests, the frontend's
// type check, lint, unit tests, dashboard schema check, build and browser
// test, then the complete plugin folder.
func CI() error {
	mg.SerialDeps(GoTest, Frontend, Package)
	return nil
}

// Package builds the complete plugin folder in dist/ (the frontend and the
// backend for linux, darwin and windows) and checks that it is complete and
// consistent. It expects the npm packages installed.
func Package() error {
	b := build.Build{}
	for _, target := range []func() error{b.Linux, b.LinuxARM64, b.Darwin, b.DarwinARM64, b.Windows} {
		if err := target(); err != nil {
			return err
		}
	}
	if err := sh.RunV("npm", "run", "build"); err != nil {
		return err
	}
	return sh.RunV("npm", "run", "test:dist")
}

// Frontend installs the npm packages and runs every frontend check,
// including the editors in headless Chromium.
func Frontend() error {
	if err := ensureChromium(); err != nil {
		return err
	}
	if err := sh.RunV("npm", "ci", "--no-audit", "--no-fund"); err != nil {
		return err
	}
	return sh.RunV("npm", "run", "test:all")
}

// ensureChromium installs Debian's chromium for the browser test when it
// is missing and the machine allows it.
func ensureChromium() error {
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return nil
	}
	if os.Geteuid() != 0 {
		return fmt.Errorf("the browser test needs /usr/bin/chromium: install Debian's chromium package")
	}
	if err := sh.RunV("apt-get", "update", "-q"); err != nil {
		return err
	}
	return sh.RunWithV(map[string]string{"DEBIAN_FRONTEND": "noninteractive"}, "apt-get", "install", "-y", "-q", "--no-install-recommends", "chromium")
}

// Demo builds the plugin (frontend, and the backend for linux amd64 and
// arm64) into dist/ and starts Grafana with the simulator in Docker.
func Demo() error {
	if err := sh.RunV("npm", "ci", "--no-audit", "--no-fund"); err != nil {
		return err
	}
	if err := sh.RunV("npm", "run", "build"); err != nil {
		return err
	}
	b := build.Build{}
	if err := b.Linux(); err != nil {
		return err
	}
	if err := b.LinuxARM64(); err != nil {
		return err
	}
	if err := sh.RunV("docker", "compose", "up", "--build", "--detach", "--wait"); err != nil {
		return err
	}
	port := os.Getenv("GRAFANA_PORT")
	if port == "" {
		port = "3000"
	}
	fmt.Printf("\nnanoStream Analytics is running: open http://localhost:%s/d/nanostream-analytics\n", port)
	fmt.Println("Stop it with: docker compose down")
	return nil
}

// Bench runs the Go benchmarks.
func Bench() error {
	return sh.RunV("go", "test", "-run", "^$", "-bench", ".", "-benchmem", "./pkg/...")
}

func buildLocal() error {
	return build.Build{}.Custom(runtime.GOOS, runtime.GOARCH)
}

// localBinary is the path of the executable built for this machine.
func localBinary() string {
	name := fmt.Sprintf("dist/gpx_nanostream_analytics_%s_%s", runtime.GOOS, runtime.GOARCH)
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	return name
}
