package nanostream

import (
	"context"
	"sync"
	"sync/atomic"
)

// flight is one upstream request shared by every identical call that
// arrives while it is under way.
type flight struct {
	done    chan struct{}
	body    []byte
	err     error
	sending atomic.Bool // past the budget, the exchange has begun

	waiters int                // guarded by flights.mu
	abandon context.CancelFunc // stops a flight still waiting for budget
}

// flights are the requests under way, by their exact upstream request.
type flights struct {
	mu sync.Mutex
	m  map[string]*flight
}

// join returns the flight for key, and whether the caller must start it.
func (fs *flights) join(key string) (*flight, bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if f, ok := fs.m[key]; ok {
		f.waiters++
		return f, false
	}
	if fs.m == nil {
		fs.m = map[string]*flight{}
	}
	f := &flight{done: make(chan struct{}), waiters: 1}
	fs.m[key] = f
	return f, true
}

// leave is called by a caller that stops waiting; when nobody waits any
// more, a flight that has not begun its exchange is abandoned, so a
// cancelled panel spends no budget.
func (fs *flights) leave(f *flight) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	f.waiters--
	if f.waiters == 0 && f.abandon != nil && !f.sending.Load() {
		f.abandon()
	}
}

// land records the flight's outcome and releases its callers.
func (fs *flights) land(key string, f *flight, body []byte, err error) {
	fs.mu.Lock()
	delete(fs.m, key)
	fs.mu.Unlock()
	f.body, f.err = body, err
	close(f.done)
}
