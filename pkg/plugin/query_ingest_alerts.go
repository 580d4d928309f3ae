package plugin

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/frames"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/models"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// queryIngestAlerts answers the alerts and advices active now, from one
// request whatever the view: a table, the count per stream and severity
// for alert rules, or annotations. The route has no history: it reports
// the last five minutes, so the query ignores the dashboard's time range.
// The severity filter applies to the answer before every view, so that
// queries of any severities share the one request of their filter.
func (d *Datasource) queryIngestAlerts(ctx context.Context, q models.Query) (data.Frames, nanostream.Call, error) {
	alerts, call, err := d.client.IngestAlerts(ctx, q.Filter)
	if err != nil {
		return nil, call, err
	}
	alerts = q.KeepSeverities(alerts)
	switch q.View {
	case frames.ViewCount:
		return frames.IngestAlertsCount(alerts, q.Severities), call, nil
	case frames.ViewAnnotations:
		return data.Frames{frames.IngestAlertAnnotations(alerts, d.now(), q.Severities)}, call, nil
	}
	return data.Frames{frames.IngestAlertsTable(alerts, call.Served.Age, q.Severities)}, call, nil
}
