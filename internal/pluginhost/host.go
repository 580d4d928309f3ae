// Package pluginhost starts a backend plugin executable the way Grafana
// does (hashicorp/go-plugin with the SDK's handshake, gRPC protocol v2) and
// talks to it with the SDK's types. Tests and the load harness use it.
package pluginhost

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os/exec"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/grpcplugin"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"
)

// Plugin is a running plugin process.
type Plugin struct {
	client      *goplugin.Client
	data        grpcplugin.DataClient
	diagnostics grpcplugin.DiagnosticsClient
	resource    grpcplugin.ResourceClient
}

// Start runs the executable and completes the handshake, with this
// process's environment and env, whose values win. Its log output goes to
// logs (nil discards it).
func Start(executable string, logs io.Writer, env ...string) (*Plugin, error) {
	if logs == nil {
		logs = io.Discard
	}
	cmd := exec.Command(executable)
	cmd.Env = append(cmd.Environ(), env...)
	client := goplugin.NewClient(&goplugin.ClientConfig{
		HandshakeConfig: goplugin.HandshakeConfig{
			ProtocolVersion:  grpcplugin.ProtocolVersion,
			MagicCookieKey:   grpcplugin.MagicCookieKey,
			MagicCookieValue: grpcplugin.MagicCookieValue,
		},
		VersionedPlugins: map[int]goplugin.PluginSet{grpcplugin.ProtocolVersion: {
			"data":        &grpcplugin.DataGRPCPlugin{},
			"diagnostics": &grpcplugin.DiagnosticsGRPCPlugin{},
			"resource":    &grpcplugin.ResourceGRPCPlugin{},
		}},
		Cmd:              cmd,
		SkipHostEnv:      true, // cmd has it, with env last: appended again, it would override env
		AllowedProtocols: []goplugin.Protocol{goplugin.ProtocolGRPC},
		Logger:           hclog.New(&hclog.LoggerOptions{Name: "plugin", Output: logs, Level: hclog.Debug}),
		Stderr:           logs,
	})
	p := &Plugin{client: client}
	if err := p.dispense(); err != nil {
		client.Kill()
		return nil, err
	}
	return p, nil
}

func (p *Plugin) dispense() error {
	rpc, err := p.client.Client()
	if err != nil {
		return fmt.Errorf("plugin handshake: %w", err)
	}
	for name, target := range map[string]any{"data": &p.data, "diagnostics": &p.diagnostics, "resource": &p.resource} {
		raw, err := rpc.Dispense(name)
		if err != nil {
			return fmt.Errorf("dispense %s: %w", name, err)
		}
		switch t := target.(type) {
		case *grpcplugin.DataClient:
			*t = raw.(grpcplugin.DataClient)
		case *grpcplugin.DiagnosticsClient:
			*t = raw.(grpcplugin.DiagnosticsClient)
		case *grpcplugin.ResourceClient:
			*t = raw.(grpcplugin.ResourceClient)
		}
	}
	return nil
}

// Kill stops the plugin process.
func (p *Plugin) Kill() { p.client.Kill() }

// PID is the plugin process's id.
func (p *Plugin) PID() int {
	if rc := p.client.ReattachConfig(); rc != nil {
		return rc.Pid
	}
	return 0
}

// QueryData sends a query request over gRPC.
func (p *Plugin) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	resp, err := p.data.QueryData(ctx, backend.ToProto().QueryDataRequest(req))
	if err != nil {
		return nil, err
	}
	return backend.FromProto().QueryDataResponse(resp)
}

// CheckHealth sends a health check over gRPC.
func (p *Plugin) CheckHealth(ctx context.Context, pc backend.PluginContext) (*backend.CheckHealthResult, error) {
	resp, err := p.diagnostics.CheckHealth(ctx, &pluginv2.CheckHealthRequest{PluginContext: backend.ToProto().PluginContext(pc)})
	if err != nil {
		return nil, err
	}
	return backend.FromProto().CheckHealthResponse(resp), nil
}

// CollectMetrics asks the plugin process for its Prometheus metrics, in the
// text exposition format, as Grafana's metrics endpoint does.
func (p *Plugin) CollectMetrics(ctx context.Context) ([]byte, error) {
	resp, err := p.diagnostics.CollectMetrics(ctx, &pluginv2.CollectMetricsRequest{})
	if err != nil {
		return nil, err
	}
	return resp.GetMetrics().GetPrometheus(), nil
}

// Resource is a resource answer.
type Resource struct {
	Status  int
	Headers map[string][]string
	Body    []byte
}

// CallResource sends a GET for a resource (e.g. "streams", or
// "keys?term=country&limit=5") over gRPC and collects the streamed answer.
// The request is built as Grafana builds it: the path without the query
// string, the URL with it.
func (p *Plugin) CallResource(ctx context.Context, pc backend.PluginContext, resource string) (*Resource, error) {
	u, err := url.Parse(resource)
	if err != nil {
		return nil, fmt.Errorf("resource %q: %w", resource, err)
	}
	stream, err := p.resource.CallResource(ctx, &pluginv2.CallResourceRequest{
		PluginContext: backend.ToProto().PluginContext(pc),
		Path:          u.Path,
		Method:        "GET",
		Url:           u.String(),
	})
	if err != nil {
		return nil, err
	}
	out := &Resource{Headers: map[string][]string{}}
	for {
		msg, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if msg.Code != 0 {
			out.Status = int(msg.Code)
		}
		for k, v := range msg.Headers {
			out.Headers[k] = v.Values
		}
		out.Body = append(out.Body, msg.Body...)
	}
}
