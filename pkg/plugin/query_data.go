package plugin

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"golang.org/x/sync/errgroup"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/frames"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/models"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// maxConcurrentQueries caps the queries of one request that run at once.
const maxConcurrentQueries = 4

// queryHandler answers one loaded query: it fetches through the client and
// frames the answer, and returns the upstream call it made (kept in the
// frame meta, even on failure).
type queryHandler func(ctx context.Context, q models.Query) (data.Frames, nanostream.Call, error)

// QueryData answers every query of a request, up to maxConcurrentQueries
// at once; one failing query, even one that panics, never affects the
// others. A request with a deadline answers before it (see
// nanostream.Margin): a query whose turn of the request budget would come
// too late answers at once with status 429, saying when to retry, and the
// answers made by then are returned. (The SDK's concurrent helper does the
// same, but writes three debug lines per query, which Grafana reads and
// drops at its default level; a dashboard of repeated panels sends a
// request per panel.)
func (d *Datasource) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	ctx, cancel := nanostream.WithinDeadline(forAlerting(ctx, req))
	defer cancel()
	resp := backend.NewQueryDataResponse()
	if len(req.Queries) == 1 {
		q := req.Queries[0]
		resp.Responses[q.RefID] = d.guarded(ctx, q)
		return resp, nil
	}
	answers := make([]backend.DataResponse, len(req.Queries))
	var g errgroup.Group
	g.SetLimit(maxConcurrentQueries)
	for i, q := range req.Queries {
		g.Go(func() error {
			answers[i] = d.guarded(ctx, q)
			return nil
		})
	}
	_ = g.Wait()
	for i, q := range req.Queries {
		resp.Responses[q.RefID] = answers[i]
	}
	return resp, nil
}

// guarded answers one query and turns a panic into that query's error.
func (d *Datasource) guarded(ctx context.Context, q backend.DataQuery) (res backend.DataResponse) {
	defer func() {
		if r := recover(); r != nil {
			backend.Logger.FromContext(ctx).Error("A query failed with a panic", "refId", q.RefID, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			res = errorResponse(backend.PluginError(fmt.Errorf("the plugin failed on this query (%v); its log has the details", r)), nanostream.Call{})
		}
	}()
	return d.query(ctx, q)
}

// query answers one query: load and validate it, fetch through the client
// and frame the answer (the handler of its type), then complete the meta.
func (d *Datasource) query(ctx context.Context, dq backend.DataQuery) backend.DataResponse {
	if d.setupErr != nil {
		return errorResponse(d.setupErr, nanostream.Call{})
	}
	q, err := models.LoadQuery(dq)
	if err != nil {
		return errorResponse(backend.DownstreamError(err), nanostream.Call{})
	}
	answer, call, err := d.handler(q.QueryType)(ctx, q)
	if err != nil {
		return errorResponse(err, call)
	}
	frames.Served(answer, call, d.notices()...)
	return backend.DataResponse{Frames: answer}
}

// simulatedNotice marks every frame of a data source without credentials.
var simulatedNotice = data.Notice{Severity: data.NoticeSeverityInfo,
	Text: "Simulated demo data: this data source has no credentials and reads the nanoStream Analytics API simulator."}

// notices are what every frame of the data source says.
func (d *Datasource) notices() []data.Notice {
	if d.settings.AuthType == models.AuthSimulator {
		return []data.Notice{simulatedNotice}
	}
	return nil
}

// handler is the function that answers a query type LoadQuery accepted.
func (d *Datasource) handler(queryType string) queryHandler {
	switch queryType {
	case models.QueryMonthToDate:
		return d.queryMonthToDate
	case models.QueryByteUsage:
		return d.queryByteUsage
	case models.QueryUsageBreakdown:
		return d.queryUsageBreakdown
	case models.QueryIngestAlerts:
		return d.queryIngestAlerts
	case models.QueryPlaybackStartSuccess:
		return d.queryPlaybackStartSuccess
	case models.QueryPlaybackStartErrors:
		return d.queryPlaybackStartErrors
	case models.QueryBufferingRatio:
		return d.queryBufferingRatio
	case models.QueryStartupTime:
		return d.queryStartupTime
	}
	return d.queryMaxViewers
}
