package simulator

import (
	"encoding/json"
	"net/http"
	"time"
)

// rawJSON marks data that is sent without the success envelope.
type rawJSON struct{ v any }

// encode renders data in the success envelope unless it is rawJSON.
func encode(data any) ([]byte, error) {
	if raw, ok := data.(rawJSON); ok {
		return json.Marshal(raw.v)
	}
	return success(data)
}

// sleep waits d or until the request is abandoned; false means abandoned.
func sleep(r *http.Request, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

// writeError writes an API error answer.
func writeError(w http.ResponseWriter, e *apiError) {
	writeBody(w, e.status, e.body())
}

// writeBody writes a JSON answer.
func writeBody(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body) // #nosec G705 -- JSON from encoding/json (which escapes <, > and &), sent as application/json
}

// statusRecorder remembers the status written, for the request log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}
