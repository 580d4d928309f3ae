package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/internal/pluginhost"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/internal/redisserver"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/simulator"
)

func TestReplicasShareARedisOverTLSWithAPrivateAuthority(t *testing.T) {
	srv := redisserver.RunTLS(t)
	sim := startSimulator(t, simulator.Options{Throttle: true})
	// the administrator adds the authority to what the plugin process trusts
	r := startReplicas(t, 2, "SSL_CERT_FILE="+srv.CAFile)
	pc := sharedContext(sim.URL, srv.URL, "")
	now := time.Now()
	ask := func(p *pluginhost.Plugin) backend.DataResponse {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		resp, err := p.QueryData(ctx, &backend.QueryDataRequest{PluginContext: pc, Queries: []backend.DataQuery{
			dataQuery("A", `{"queryType":"maxViewers"}`, now.Add(-2*time.Hour), now.Add(-time.Hour))}})
		require.NoError(t, err)
		return resp.Responses["A"]
	}
	require.NoError(t, ask(r.plugins[0]).Error)
	require.NoError(t, ask(r.plugins[1]).Error)
	assert.Equal(t, int64(1), sim.Sim.Stats().Requests, "the second replica took the first one's answer from Redis over TLS")
	for i, p := range r.plugins {
		st := sharedState(t, p, pc)
		assert.Equal(t, true, st["shared"], "replica %d: %v", i, st)
	}

	// a replica that does not trust the authority carries on alone and says why
	lone := startReplicas(t, 1)
	require.NoError(t, ask(lone.plugins[0]).Error, "answered without Redis")
	st := sharedState(t, lone.plugins[0], pc)
	assert.Equal(t, false, st["shared"], "%v", st)
	assert.Contains(t, st["message"], "certificate", "the reason names the certificate: %v", st)
}
