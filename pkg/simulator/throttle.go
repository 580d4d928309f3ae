package simulator

import (
	"fmt"
	"net/http"
	"sync"
	"time"
)

// limiter mimics nginx limit_req with nodelay: an excess counter drains at
// rate per second; a request that would lift it above burst is refused and
// leaves the counter untouched. Unlike nginx (which admits burst+1 requests
// at once) exactly burst requests pass in the same instant.
type limiter struct {
	mu      sync.Mutex
	rate    float64 // requests per second
	burst   int64   // in thousandths of a request
	excess  int64   // in thousandths of a request
	last    time.Time
	started bool
}

func newLimiter(rate float64, burst int) *limiter {
	return &limiter{rate: rate, burst: int64(burst) * 1000}
}

// allow decides whether a request arriving at now passes.
func (l *limiter) allow(now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	excess := int64(0)
	if l.started {
		ms := max(now.Sub(l.last).Milliseconds(), 0)
		excess = max(l.excess-int64(l.rate*float64(ms)), 0)
	}
	excess += 1000
	if excess > l.burst {
		return false
	}
	l.excess, l.last, l.started = excess, now, true
	return true
}

// reset empties the bucket.
func (l *limiter) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.excess, l.started = 0, false
}

// ResetThrottle empties the throttling bucket.
func (s *Simulator) ResetThrottle() {
	s.limiter.reset()
}

// throttledStatus is the status of a refused request.
const throttledStatus = http.StatusBadGateway

// writeNginxPage answers like nginx does when it gives up on a request:
// an HTML page, no JSON and no Retry-After.
func writeNginxPage(w http.ResponseWriter, status int) {
	text := fmt.Sprintf("%d %s", status, http.StatusText(status))
	w.Header().Set("Content-Type", "text/html")
	w.Header().Set("Server", "nginx")
	w.WriteHeader(status)
	fmt.Fprintf(w, "<html>\r\n<head><title>%s</title></head>\r\n<body>\r\n<center><h1>%s</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n", text, text)
}
