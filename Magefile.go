//go:build mage

// Build, test and demo targets. `mage -l` lists them.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/magefile/mage/mg"
	"github.com/magefile/mage/sh"

	// mage:import
	build "github.com/grafana/grafana-plugin-sdk-go/build"
	"github.com/grafana/grafana-plugin-sdk-go/build/buildinfo"
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

// goPackages are the Go packages the checks and tests cover: the plugin
// (pkg/) and the development tools and tests (internal/).
var goPackages = []string{"./pkg/...", "./internal/..."}

// Simulator runs the nanoStream Analytics API simulator on 127.0.0.1:8090
// (set SIMULATOR_ADDR to change it), with its admin routes.
func Simulator() error {
	addr := os.Getenv("SIMULATOR_ADDR")
	if addr == "" {
		addr = "127.0.0.1:8090"
	}
	return sh.RunV("go", "run", "./pkg/simulator/cmd/nanostream-simulator", "-addr", addr)
}

// Contract checks the API's working contract against the organisation whose
// credentials are in the environment (NANOSTREAM_URL, NANOSTREAM_API_KEY or
// NANOSTREAM_EMAIL and NANOSTREAM_PASSWORD): one paced request per route,
// never retried, and a report without secrets for a bug report.
// CONTRACT_FLAGS passes flags, e.g. "-json" or "-simulator". It exits with
// the check's code: 0 held, 1 did not hold, 2 could not run.
func Contract() error {
	dir, err := os.MkdirTemp("", "nanostream-contract-check")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	bin := dir + "/nanostream-contract-check"
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	if err := sh.Run("go", "build", "-o", bin, "./internal/contractcheck/cmd/nanostream-contract-check"); err != nil {
		return err
	}
	if err := sh.RunV(bin, strings.Fields(os.Getenv("CONTRACT_FLAGS"))...); err != nil {
		return mg.Fatal(sh.ExitStatus(err), "the contract check ended with exit status ", sh.ExitStatus(err))
	}
	return nil
}

// Check runs gofmt and go vet over pkg/, internal/ and this file.
func Check() error {
	out, err := sh.Output("gofmt", "-l", "pkg", "internal", "Magefile.go")
	if err != nil {
		return err
	}
	if out != "" {
		return fmt.Errorf("gofmt would change:\n%s", out)
	}
	if err := sh.RunV("go", append([]string{"vet"}, goPackages...)...); err != nil {
		return err
	}
	return sh.RunV("go", "vet", "-tags", "mage", "Magefile.go")
}

// GoTest builds the plugin binary for this machine and runs every Go test
// with the race detector, the tests that start the built binary included.
func GoTest() error {
	mg.Deps(Check)
	redis, err := ensureRedis()
	if err != nil {
		return err
	}
	if err := buildLocal(); err != nil {
		return err
	}
	env := map[string]string{"NANOSTREAM_PLUGIN_BINARY": localBinary(), "REDIS_SERVER_PATH": redis}
	return sh.RunWithV(env, "go", append([]string{"test", "-race", "-count=1"}, goPackages...)...)
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
// consistent. It installs the npm packages first unless they are current.
func Package() error {
	mg.Deps(ensureNodeModules)
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

// Frontend installs the npm packages unless they are current and runs
// every frontend check, including the editors in headless Chromium.
func Frontend() error {
	chromium, err := ensureChromium()
	if err != nil {
		return err
	}
	mg.Deps(ensureNodeModules)
	return sh.RunWithV(map[string]string{"CHROMIUM_PATH": chromium}, "npm", "run", "test:all")
}

// Demo builds the plugin (frontend, and the backend for linux amd64 and
// arm64) into dist/ and starts Grafana with the simulator in Docker.
func Demo() error {
	if err := ensureDockerCompose(); err != nil {
		return err
	}
	mg.Deps(ensureNodeModules)
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

// Fuzz runs every fuzz target of pkg/ one after the other, each for
// FUZZTIME (a Go duration or a count such as 1000x; default 30s), as
// `go test -run ^$ -fuzz ^FuzzX$ -fuzztime FUZZTIME pkg`. An input that
// fails is kept under the package's testdata/fuzz/FuzzX, where every
// later `go test` runs it, and fails the target.
func Fuzz() error {
	fuzzTime := os.Getenv("FUZZTIME")
	if fuzzTime == "" {
		fuzzTime = "30s"
	}
	pkgs, err := sh.Output("go", "list", "./pkg/...")
	if err != nil {
		return err
	}
	targets := 0
	for _, pkg := range strings.Fields(pkgs) {
		listed, err := sh.Output("go", "test", "-list", "^Fuzz", pkg)
		if err != nil {
			return err
		}
		for _, line := range strings.Split(listed, "\n") {
			name := strings.TrimSpace(line)
			if !strings.HasPrefix(name, "Fuzz") {
				continue
			}
			targets++
			fmt.Printf("fuzzing %s in %s for %s\n", name, pkg, fuzzTime)
			if err := sh.RunV("go", "test", "-run", "^$", "-fuzz", "^"+name+"$", "-fuzztime", fuzzTime, pkg); err != nil {
				return fmt.Errorf("%s in %s found a failing input, kept under its testdata/fuzz: %w", name, pkg, err)
			}
		}
	}
	if targets == 0 {
		return fmt.Errorf("no fuzz target found under ./pkg")
	}
	return nil
}

// Bench runs the Go benchmarks, compiled with the tags and build info of
// the plugin executable.
func Bench() error {
	flags, err := pluginBuildFlags()
	if err != nil {
		return err
	}
	args := append(append([]string{"test"}, flags...), "-run", "^$", "-bench", ".", "-benchmem")
	return sh.RunV("go", append(args, goPackages...)...)
}

// pluginBuildFlags are the build tag and the build info (plugin id and
// version) the SDK's build compiles into the executable. Without the build
// info the SDK's HTTP client logs a debug line for every client it builds.
func pluginBuildFlags() ([]string, error) {
	var manifest struct{ ID string }
	var pkg struct{ Version string }
	for file, v := range map[string]any{"plugin.json": &manifest, "package.json": &pkg} {
		raw, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(raw, v); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
	}
	vars := map[string]string{}
	buildinfo.Info{PluginID: manifest.ID, Version: pkg.Version}.AppendFlags(vars)
	var ldflags []string
	for _, name := range slices.Sorted(maps.Keys(vars)) {
		ldflags = append(ldflags, fmt.Sprintf("-X '%s=%s'", name, vars[name]))
	}
	return []string{"-tags", "arrow_json_stdlib", "-ldflags", strings.Join(ldflags, " ")}, nil
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

// ensureNodeModules runs `npm ci` unless node_modules already holds what
// package-lock.json pins.
func ensureNodeModules() error {
	if nodeModulesCurrent() {
		fmt.Println("node_modules matches package-lock.json: npm ci skipped")
		return nil
	}
	return sh.RunV("npm", "ci", "--no-audit", "--no-fund")
}

// nodeModulesCurrent compares package-lock.json with the record npm keeps
// of what it installed (node_modules/.package-lock.json): every installed
// package as locked, every locked package installed unless it is optional
// (those for other platforms are skipped), and the lock file's own
// dependencies those of package.json.
func nodeModulesCurrent() bool {
	type lock struct {
		Packages map[string]map[string]any `json:"packages"`
	}
	var locked, installed lock
	var manifest map[string]any
	for file, v := range map[string]any{"package-lock.json": &locked, "node_modules/.package-lock.json": &installed, "package.json": &manifest} {
		raw, err := os.ReadFile(file)
		if err != nil || json.Unmarshal(raw, v) != nil {
			return false
		}
	}
	root := locked.Packages[""]
	for _, kind := range []string{"dependencies", "devDependencies", "optionalDependencies", "peerDependencies"} {
		if !reflect.DeepEqual(root[kind], manifest[kind]) {
			return false
		}
	}
	for name, entry := range installed.Packages {
		if !reflect.DeepEqual(entry, locked.Packages[name]) {
			return false
		}
	}
	for name, entry := range locked.Packages {
		if _, ok := installed.Packages[name]; !ok && name != "" && entry["optional"] != true {
			return false
		}
	}
	return true
}

// ensureDockerCompose checks before any build that the demo can start:
// Docker with its daemon running and the Compose plugin v2.17 or later
// (for dockerfile_inline).
func ensureDockerCompose() error {
	const install = "https://docs.docker.com/compose/install/"
	if _, err := exec.LookPath("docker"); err != nil {
		return fmt.Errorf("the demo needs Docker with the Compose plugin: install Docker Engine and its docker-compose-plugin package, or Docker Desktop (%s)", install)
	}
	version, err := exec.Command("docker", "compose", "version", "--short").Output()
	if err != nil {
		return fmt.Errorf("the demo needs Docker's Compose plugin, which this Docker lacks: install the docker-compose-plugin package, or Docker Desktop (%s)", install)
	}
	if !atLeast(string(version), 2, 17) {
		return fmt.Errorf("the demo needs Docker Compose v2.17 or later, this is %s: update the docker-compose-plugin package, or Docker Desktop (%s)", strings.TrimSpace(string(version)), install)
	}
	if err := exec.Command("docker", "info", "--format", "{{.ServerVersion}}").Run(); err != nil {
		return errors.New("the Docker daemon does not answer: start Docker (or give your user access to it) and run the demo again")
	}
	return nil
}

// atLeast tells whether a version such as "v2.29.1" or "2.17.0-desktop.1"
// is major.minor or later.
func atLeast(version string, major, minor int) bool {
	parts := strings.SplitN(strings.TrimPrefix(strings.TrimSpace(version), "v"), ".", 3)
	if len(parts) < 2 {
		return false
	}
	gotMajor, err1 := strconv.Atoi(parts[0])
	gotMinor, err2 := strconv.Atoi(strings.TrimRightFunc(parts[1], func(r rune) bool { return r < '0' || r > '9' }))
	if err1 != nil || err2 != nil {
		return false
	}
	return gotMajor > major || gotMajor == major && gotMinor >= minor
}

// ensureChromium finds Chromium for the browser test: $CHROMIUM_PATH, else
// chromium on PATH, else Debian's chromium package installed when the
// machine allows it.
func ensureChromium() (string, error) {
	return ensureProgram("CHROMIUM_PATH", "chromium", "chromium",
		"the browser test needs Chromium: install Debian's chromium package, or set CHROMIUM_PATH to a Chromium executable")
}

// ensureRedis finds a Redis server for the Go tests: $REDIS_SERVER_PATH,
// else redis-server on PATH, else Debian's redis-server package installed
// when the machine allows it. GoTest hands its path to the tests as
// REDIS_SERVER_PATH.
func ensureRedis() (string, error) {
	return ensureProgram("REDIS_SERVER_PATH", "redis-server", "redis-server",
		"the Go tests need a Redis server: install Debian's redis-server package, or set REDIS_SERVER_PATH to a redis-server executable")
}

// ensureProgram returns the executable named by the environment variable
// env, else program on PATH, else installs the Debian package pkg when
// running as root with apt-get; otherwise it fails with hint.
func ensureProgram(env, program, pkg, hint string) (string, error) {
	if path := os.Getenv(env); path != "" {
		if _, err := os.Stat(path); err != nil {
			return "", fmt.Errorf("%s names %s, which does not exist: point it at a %s executable, or unset it", env, path, program)
		}
		return path, nil
	}
	if path, err := exec.LookPath(program); err == nil {
		return path, nil
	}
	if _, err := exec.LookPath("apt-get"); err != nil || os.Geteuid() != 0 {
		return "", errors.New(hint)
	}
	if err := sh.RunV("apt-get", "update", "-q"); err != nil {
		return "", err
	}
	if err := sh.RunWithV(map[string]string{"DEBIAN_FRONTEND": "noninteractive"}, "apt-get", "install", "-y", "-q", "--no-install-recommends", pkg); err != nil {
		return "", err
	}
	return exec.LookPath(program)
}
