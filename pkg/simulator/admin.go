package simulator

import (
	"encoding/json"
	"io"
	"net/http"
)

// adminPrefix starts the routes that steer a simulator running as its own
// process (Options.Admin). They need no credentials, are never throttled and
// are not counted in Stats:
//
//	GET  /_simulator/faults          the active Faults as JSON
//	POST /_simulator/faults          replace the Faults (the body is documented on Faults; {} clears)
//	POST /_simulator/expire-tokens   every issued token answers 401/105011 from now on
//	GET  /_simulator/stats           the Stats as JSON
//	POST /_simulator/reset-stats     zero the Stats
//	POST /_simulator/reset-throttle  empty the throttling bucket
const adminPrefix = "/_simulator/"

// serveAdmin answers the admin routes.
func (s *Simulator) serveAdmin(w http.ResponseWriter, r *http.Request) {
	switch r.Method + " " + r.URL.Path {
	case "GET /_simulator/faults":
		writeAdmin(w, http.StatusOK, s.currentFaults())
	case "POST /_simulator/faults":
		var f Faults
		raw, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err == nil {
			err = json.Unmarshal(raw, &f)
		}
		if err == nil {
			err = s.checkFaults(f)
		}
		if err != nil {
			writeAdmin(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		s.SetFaults(f)
		writeAdmin(w, http.StatusOK, s.currentFaults())
	case "POST /_simulator/expire-tokens":
		s.ExpireTokens()
		writeAdmin(w, http.StatusOK, map[string]bool{"ok": true})
	case "GET /_simulator/stats":
		writeAdmin(w, http.StatusOK, s.Stats())
	case "POST /_simulator/reset-stats":
		s.ResetStats()
		writeAdmin(w, http.StatusOK, map[string]bool{"ok": true})
	case "POST /_simulator/reset-throttle":
		s.ResetThrottle()
		writeAdmin(w, http.StatusOK, map[string]bool{"ok": true})
	default:
		writeAdmin(w, http.StatusNotFound, map[string]string{"error": "unknown admin route " + r.Method + " " + r.URL.Path})
	}
}

// writeAdmin writes an admin answer as JSON.
func writeAdmin(w http.ResponseWriter, status int, v any) {
	body, _ := json.Marshal(v)
	writeBody(w, status, body)
}
