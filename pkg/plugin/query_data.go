package plugin

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/experimental/concurrent"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/models"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// maxConcurrentQueries caps the queries of one request that run at once.
const maxConcurrentQueries = 4

// queryHandler answers one validated query with frames and the upstream
// call it made (kept in the frame meta, even on failure).
type queryHandler func(ctx context.Context, q models.Query) (data.Frames, nanostream.Call, error)

// QueryData answers every query of a request concurrently; one failing
// query never affects the others.
func (d *Datasource) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	return concurrent.QueryData(ctx, req, d.query, maxConcurrentQueries)
}

func (d *Datasource) query(ctx context.Context, cq concurrent.Query) backend.DataResponse {
	if d.setupErr != nil {
		return errorResponse(d.setupErr, nanostream.Call{})
	}
	q, err := models.LoadQuery(cq.DataQuery)
	if err != nil {
		return errorResponse(backend.DownstreamError(err), nanostream.Call{})
	}
	frames, call, err := d.handler(q.QueryType)(ctx, q)
	if err != nil {
		return errorResponse(err, call)
	}
	for _, f := range frames {
		if call.Route != "" {
			f.Meta.ExecutedQueryString = call.String()
		}
		f.Meta.Custom = withServed(f.Meta.Custom, call.Served)
		if d.settings.AuthType == models.AuthSimulator {
			f.Meta.Notices = append(f.Meta.Notices, simulatedNotice)
		}
	}
	return backend.DataResponse{Frames: frames}
}

// simulatedNotice marks every frame of a data source without credentials.
var simulatedNotice = data.Notice{Severity: data.NoticeSeverityInfo,
	Text: "Simulated demo data: this data source has no credentials and reads the nanoStream Analytics API simulator."}

// handler is the function that answers a query type LoadQuery accepted.
func (d *Datasource) handler(queryType string) queryHandler {
	switch queryType {
	case models.QueryMonthToDate:
		return d.queryMonthToDate
	case models.QueryByteUsage:
		return d.queryByteUsage
	}
	return d.queryMaxViewers
}

// withServed adds to a frame's custom meta whether its upstream answer came
// from the cache, and how old it is.
func withServed(custom any, s nanostream.Served) any {
	if s.Cache == "" {
		return custom
	}
	m, ok := custom.(map[string]any)
	if !ok {
		m = map[string]any{}
	}
	m["cache"] = map[string]any{"status": string(s.Cache), "ageSeconds": int(s.Age.Seconds())}
	return m
}

// errorResponse carries the error with its source and status, and an empty
// frame whose meta still shows the executed request.
func errorResponse(err error, call nanostream.Call) backend.DataResponse {
	if !backend.IsDownstreamError(err) && !backend.IsPluginError(err) {
		err = backend.PluginError(err)
	}
	res := backend.ErrorResponseWithErrorSource(err)
	res.Status = statusOf(err)
	if call.Route != "" {
		res.Frames = data.Frames{data.NewFrame("").SetMeta(&data.FrameMeta{ExecutedQueryString: call.String()})}
	}
	return res
}

// statusOf maps a failure to the status Grafana shows for the query.
func statusOf(err error) backend.Status {
	switch nanostream.KindOf(err) {
	case nanostream.KindThrottled, nanostream.KindBudget:
		return backend.StatusTooManyRequests
	case nanostream.KindUnauthorized, nanostream.KindForbidden:
		// never 401: Grafana's frontend would take it for its own session
		return backend.StatusForbidden
	case nanostream.KindNotFound:
		return backend.StatusNotFound
	case nanostream.KindBadRequest:
		return backend.StatusBadRequest
	case nanostream.KindTimeout, nanostream.KindCanceled:
		return backend.StatusTimeout
	case nanostream.KindUpstream, nanostream.KindMalformed, nanostream.KindUnreachable:
		return backend.StatusBadGateway
	}
	if backend.IsDownstreamError(err) {
		return backend.StatusBadRequest
	}
	return backend.StatusInternal
}
