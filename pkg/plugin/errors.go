package plugin

import (
	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/frames"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// errorResponse carries the error, as one sentence, with its source and
// status, and an empty frame whose meta still shows the executed request.
func errorResponse(err error, call nanostream.Call) backend.DataResponse {
	if !backend.IsDownstreamError(err) && !backend.IsPluginError(err) {
		err = backend.PluginError(err)
	}
	res := backend.ErrorResponseWithErrorSource(sentenceError{err})
	res.Status = statusOf(err)
	if call.Route != "" {
		res.Frames = data.Frames{frames.Failed(call)}
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
	case nanostream.KindUpstream, nanostream.KindMalformed, nanostream.KindUnreachable, nanostream.KindRedirected:
		return backend.StatusBadGateway
	}
	if backend.IsDownstreamError(err) {
		return backend.StatusBadRequest
	}
	return backend.StatusInternal
}
