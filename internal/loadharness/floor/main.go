// Command floor is a do-nothing backend plugin built with the same SDK as
// the nanoStream plugin. Its QueryData does no I/O and answers one small
// frame per query, so the load harness can tell the plugin's own cost per
// query from the cost of the plugin protocol itself.
package main

import (
	"context"
	"os"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/datasource"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// floor answers every query with a one-row frame.
type floor struct{}

var (
	_ backend.QueryDataHandler   = floor{}
	_ backend.CheckHealthHandler = floor{}
)

// QueryData answers each query with a frame of one time and one value.
func (floor) QueryData(_ context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	resp := backend.NewQueryDataResponse()
	for _, q := range req.Queries {
		frame := data.NewFrame("",
			data.NewField("Time", nil, []time.Time{q.TimeRange.To}),
			data.NewField("Value", nil, []float64{0}),
		)
		resp.Responses[q.RefID] = backend.DataResponse{Frames: data.Frames{frame}}
	}
	return resp, nil
}

// CheckHealth always reports OK.
func (floor) CheckHealth(context.Context, *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	return &backend.CheckHealthResult{Status: backend.HealthStatusOk, Message: "floor plugin"}, nil
}

func newInstance(context.Context, backend.DataSourceInstanceSettings) (instancemgmt.Instance, error) {
	return floor{}, nil
}

func main() {
	if err := datasource.Manage("nanostream-load-floor", newInstance, datasource.ManageOpts{}); err != nil {
		log.DefaultLogger.Error(err.Error())
		os.Exit(1)
	}
}
