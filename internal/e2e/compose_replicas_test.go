package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// The demo's two Grafana replicas share one provisioning and one Redis,
// which holds Grafana's remote cache and the plugin's shared state.
func TestTheDemoRunsTwoReplicasOnOneRedis(t *testing.T) {
	compose := readCompose(t)

	first, second := compose.Services["grafana"], compose.Services["grafana-2"]
	require.NotEmpty(t, first.Image)
	assert.Equal(t, first.Image, second.Image)
	assert.Equal(t, first.Environment, second.Environment, "the same settings")
	assert.Equal(t, first.Volumes, second.Volumes, "the same plugin and provisioning")
	assert.NotEqual(t, first.Ports, second.Ports, "each on a port of its own")
	for _, g := range []composeService{first, second} {
		assert.Contains(t, g.DependsOn, "redis")
	}

	redis, ok := compose.Services["redis"]
	require.True(t, ok, "a redis service")
	assert.Contains(t, redis.Image, "redis:")
	assert.Equal(t, []string{"redis-server", "--save", "", "--appendonly", "no"}, redis.Command, "no persistence")
	assert.Empty(t, redis.Ports, "Redis is not published on the host")
	assert.Equal(t, []string{"6379"}, redis.Expose)

	env := first.Environment
	assert.Equal(t, "${NANOSTREAM_REDIS_URL-redis://redis:6379/0}", env["NANOSTREAM_REDIS_URL"], "the demo's Redis unless the user sets another, or none")
	assert.Equal(t, "${NANOSTREAM_REDIS_PASSWORD:-}", env["NANOSTREAM_REDIS_PASSWORD"], "from the user's environment only")
	assert.Equal(t, "redis", env["GF_REMOTE_CACHE_TYPE"])
	assert.True(t, strings.HasPrefix(env["GF_REMOTE_CACHE_CONNSTR"], "addr=redis:6379"), "Grafana's remote cache in the same Redis")

	ds, err := os.ReadFile(filepath.Join("..", "..", "provisioning", "datasources", "nanostream.yaml"))
	require.NoError(t, err)
	var provisioned struct {
		Datasources []struct {
			JSONData       map[string]string `yaml:"jsonData"`
			SecureJSONData map[string]string `yaml:"secureJsonData"`
		}
	}
	require.NoError(t, yaml.Unmarshal(ds, &provisioned))
	require.Len(t, provisioned.Datasources, 1)
	d := provisioned.Datasources[0]
	assert.Equal(t, "$NANOSTREAM_REDIS_URL", d.JSONData["redisUrl"])
	assert.Equal(t, "$NANOSTREAM_REDIS_KEY_PREFIX", d.JSONData["redisKeyPrefix"])
	assert.Equal(t, "$NANOSTREAM_REDIS_PASSWORD", d.SecureJSONData["redisPassword"], "the password is a secret")
}
