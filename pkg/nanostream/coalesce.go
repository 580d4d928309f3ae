package nanostream

import (
	"context"
	"sync"
)

// flightState is where a flight stands; it moves forward only.
type flightState int

const (
	waitingForBudget flightState = iota
	sending                      // the exchange has begun: it runs to its end
	abandoned                    // nobody waited any more before it was sent
)

// flight is one upstream request shared by every identical call that
// arrives while it is under way.
type flight struct {
	key   string
	done  chan struct{}
	value any   // the decoded answer
	entry Entry // its times
	err   error
	// turn is closed once the flight no longer waits for the budget: it
	// took its token, found its answer elsewhere, or gave up
	turn     chan struct{}
	turnOnce sync.Once
	// elsewhere is set when another process fetched the answer
	elsewhere bool

	// guarded by flights.mu
	waiters int
	state   flightState
	abandon context.CancelFunc
	pinned  bool // a refresh: it is never abandoned (see refresh.go)
}

// turnTaken records that the flight no longer waits for the budget.
func (f *flight) turnTaken() { f.turnOnce.Do(func() { close(f.turn) }) }

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
	f := &flight{key: key, done: make(chan struct{}), turn: make(chan struct{}), waiters: 1}
	fs.m[key] = f
	return f, true
}

// pin starts a refresh flight for key unless one is under way already: a
// refresh is never abandoned by callers that join it and leave.
func (fs *flights) pin(key string) (*flight, bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if _, ok := fs.m[key]; ok {
		return nil, false
	}
	if fs.m == nil {
		fs.m = map[string]*flight{}
	}
	f := &flight{key: key, done: make(chan struct{}), turn: make(chan struct{}), pinned: true}
	fs.m[key] = f
	return f, true
}

// started records how to abandon a flight that has been launched.
func (fs *flights) started(f *flight, abandon context.CancelFunc) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	f.abandon = abandon
}

// leave is called by a caller that stops waiting, and reports whether the
// flight had begun sending. When nobody waits any more and it has not, the
// flight is abandoned and forgotten, so a cancelled panel spends no budget
// and a newcomer starts afresh.
func (fs *flights) leave(f *flight) (wasSending bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	f.waiters--
	if f.waiters == 0 && f.state == waitingForBudget && !f.pinned {
		f.state = abandoned
		fs.forget(f)
		if f.abandon != nil {
			f.abandon()
		}
	}
	return f.state == sending
}

// begin moves a flight from waiting to sending; false if it was abandoned.
func (fs *flights) begin(f *flight) bool {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if f.state == abandoned {
		return false
	}
	f.state = sending
	return true
}

// land records the flight's outcome and releases its callers.
func (fs *flights) land(f *flight, value any, e Entry, err error) {
	fs.mu.Lock()
	fs.forget(f)
	fs.mu.Unlock()
	f.value, f.entry, f.err = value, e, err
	f.turnTaken()
	close(f.done)
}

func (fs *flights) forget(f *flight) {
	if fs.m[f.key] == f {
		delete(fs.m, f.key)
	}
}
