package loadharness

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Packages the harness builds when no executable is given.
const (
	PluginPackage = "./pkg"                        // the nanoStream plugin
	FloorPackage  = "./internal/loadharness/floor" // the do-nothing floor plugin
	PluginBinary  = "gpx_nanostream_analytics"     // the name Grafana expects
	FloorBinary   = "nanostream-load-floor"
)

// ModuleRoot is the directory of the go.mod that governs dir.
func ModuleRoot(ctx context.Context, dir string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", "env", "GOMOD")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("%s is not inside a Go module; run the harness from the repository", dir)
	}
	return filepath.Dir(gomod), nil
}

// Build compiles a main package of the module into dir/name.
func Build(ctx context.Context, root, pkg, dir, name string) (string, error) {
	out := filepath.Join(dir, name)
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, pkg)
	cmd.Dir = root
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build %s: %w\n%s", pkg, err, tail(logs.String(), 4000))
	}
	return out, nil
}
