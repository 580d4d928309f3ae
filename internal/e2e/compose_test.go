package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// Docker cannot run here; this checks what can be checked of the demo: the
// file parses, what it mounts exists, and its ids and addresses agree with
// the plugin and the provisioning.
func TestTheDemoComposeFileAgreesWithThePlugin(t *testing.T) {
	root := filepath.Join("..", "..")
	compose := readCompose(t)

	var manifest struct{ ID, Executable string }
	pluginJSON, err := os.ReadFile(filepath.Join(root, "plugin.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(pluginJSON, &manifest))

	grafana, ok := compose.Services["grafana"]
	require.True(t, ok, "a grafana service")
	assert.True(t, strings.HasPrefix(grafana.Image, "grafana/grafana:"), "Grafana's official image")
	assert.Equal(t, manifest.ID, grafana.Environment["GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS"])

	mounts := map[string]string{}
	for _, v := range grafana.Volumes {
		parts := strings.Split(v, ":")
		require.GreaterOrEqual(t, len(parts), 2, v)
		mounts[parts[1]] = parts[0]
	}
	assert.Equal(t, "./dist", mounts["/var/lib/grafana/plugins/"+manifest.ID], "the built plugin folder is mounted under the plugin's id")
	for target, source := range mounts {
		if source == "./dist" {
			continue // made by the build
		}
		info, err := os.Stat(filepath.Join(root, source))
		require.NoError(t, err, "mounted path %s exists", source)
		assert.True(t, info.IsDir())
		assert.True(t, strings.HasPrefix(target, "/etc/grafana/provisioning/"), target)
	}
	home := grafana.Environment["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]
	rel, err := filepath.Rel("/etc/grafana/provisioning/dashboards", home)
	require.NoError(t, err)
	assert.FileExists(t, filepath.Join(root, "provisioning", "dashboards", rel))

	simulator, ok := compose.Services["simulator"]
	require.True(t, ok, "a simulator service")
	assert.Contains(t, simulator.Build.DockerfileInline, "./pkg/simulator/cmd/nanostream-simulator")
	assert.DirExists(t, filepath.Join(root, "pkg", "simulator", "cmd", "nanostream-simulator"))
	assert.Contains(t, simulator.Build.DockerfileInline, `"0.0.0.0:8090"`)
	assert.Equal(t, "http://simulator:8090", grafana.Environment["NANOSTREAM_SIMULATOR_URL"])

	for _, name := range []string{"NANOSTREAM_API_KEY", "NANOSTREAM_PASSWORD"} {
		assert.Equal(t, "${"+name+":-}", grafana.Environment[name], "%s comes from the user's environment, empty by default", name)
	}
	ds, err := os.ReadFile(filepath.Join(root, "provisioning", "datasources", "nanostream.yaml"))
	require.NoError(t, err)
	for name := range grafana.Environment {
		if strings.HasPrefix(name, "NANOSTREAM_") {
			assert.Contains(t, string(ds), "$"+name, "the data source file reads %s", name)
		}
	}
}

// composeService is what the tests read of a service of the demo's
// docker-compose.yaml.
type composeService struct {
	Image       string
	Command     []string
	Environment map[string]string
	Volumes     []string
	Ports       []string
	Expose      []string
	DependsOn   []string `yaml:"depends_on"`
	Build       struct {
		Context          string
		DockerfileInline string `yaml:"dockerfile_inline"`
	}
}

// readCompose parses the demo's docker-compose.yaml.
func readCompose(t *testing.T) struct{ Services map[string]composeService } {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "docker-compose.yaml"))
	require.NoError(t, err)
	var compose struct{ Services map[string]composeService }
	require.NoError(t, yaml.Unmarshal(raw, &compose))
	return compose
}
