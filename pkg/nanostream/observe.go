package nanostream

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"
)

// Observer is told what the client does, at its few choke points, for the
// plugin's metrics, log lines and traces. Its methods are called from many
// goroutines at once and must not block. Every error it is given has been
// redacted already; any other text it logs must pass through Scope.Redact.
type Observer interface {
	// Call begins one call of a route, answered from the cache, by a
	// request under way or by a request of its own. The function it
	// returns is called once, when the call ends, with how it was served
	// and its error (nil: answered). The context it returns carries the
	// call on (e.g. a tracing span).
	Call(ctx context.Context, s Scope) (context.Context, func(CacheStatus, error))
	// Exchange tells of one HTTP exchange with the API, login included,
	// once it has ended.
	Exchange(ctx context.Context, s Scope, x Exchange)
	// BudgetWaited tells how long a request waited for the request budget
	// and how the wait ended.
	BudgetWaited(ctx context.Context, s Scope, waited time.Duration, outcome BudgetOutcome)
	// Undecodable tells of an answer that came with success but could not
	// be decoded; it is not kept.
	Undecodable(ctx context.Context, s Scope, err error)
}

// Scope names what an observation is about.
type Scope struct {
	// Route is the route constant (e.g. RouteBytes), never a URL with
	// parameters: a label of bounded cardinality.
	Route string
	// Org tells the API organisations of a process apart: a short digest of
	// the organisation's key, which holds no secret and cannot be turned
	// back into one.
	Org string
	// Redact removes every secret of the organisation from a text.
	Redact func(string) string
}

// Exchange is one HTTP exchange with the API.
type Exchange struct {
	// Outcome is OutcomeOK or the Kind of the failure.
	Outcome    string
	HTTPStatus int // 0 when no answer came
	Code       int // the API's error code, 0 if none
	Duration   time.Duration
	// Pause is, when the API throttled, how long the budget now waits
	// before its next request.
	Pause time.Duration
	Err   error // redacted; nil when the exchange succeeded
}

// OutcomeOK is the outcome of a call or exchange that succeeded.
const OutcomeOK = "ok"

// Outcome is OutcomeOK for a nil error, the error's Kind otherwise
// ("unknown" when it has none).
func Outcome(err error) string {
	if err == nil {
		return OutcomeOK
	}
	if k := KindOf(err); k != "" {
		return string(k)
	}
	return "unknown"
}

// BudgetOutcome is how a wait for the request budget ended.
type BudgetOutcome string

// The ends of a wait for the budget.
const (
	BudgetTurn      BudgetOutcome = "turn"      // the request got its turn
	BudgetExhausted BudgetOutcome = "exhausted" // the turn would have come after the deadline
	BudgetGaveUp    BudgetOutcome = "gaveUp"    // the caller gave up first
)

// nopObserver observes nothing: the default.
type nopObserver struct{}

func (nopObserver) Call(ctx context.Context, _ Scope) (context.Context, func(CacheStatus, error)) {
	return ctx, func(CacheStatus, error) {}
}
func (nopObserver) Exchange(context.Context, Scope, Exchange)                         {}
func (nopObserver) BudgetWaited(context.Context, Scope, time.Duration, BudgetOutcome) {}
func (nopObserver) Undecodable(context.Context, Scope, error)                         {}

// observe is the client's observer, the no-op one when none was given.
func (c *Client) observe() Observer {
	if c.obs == nil {
		return nopObserver{}
	}
	return c.obs
}

// scope names a route of the client's organisation.
func (c *Client) scope(route string) Scope {
	sum := sha256.Sum256([]byte(c.org.key))
	return Scope{Route: route, Org: hex.EncodeToString(sum[:6]), Redact: c.Redact}
}

// exchanged reports the HTTP exchange of route sent at sent once its result
// is known, and passes the result on unchanged.
func (c *Client) exchanged(ctx context.Context, route string, sent time.Time) func([]byte, error) ([]byte, error) {
	return func(body []byte, err error) ([]byte, error) {
		x := Exchange{Outcome: Outcome(err), Duration: max(c.now().Sub(sent), 0), Err: err}
		if e := (*Error)(nil); errors.As(err, &e) {
			x.HTTPStatus, x.Code = e.HTTPStatus, e.Code
		} else if err == nil {
			x.HTTPStatus = 200
		}
		if x.Outcome == string(KindThrottled) {
			x.Pause = c.org.budget.Next()
		}
		c.observe().Exchange(ctx, c.scope(route), x)
		return body, err
	}
}

// budgetWaited reports a wait for the budget that began at began and ended
// with err (see Budget.Take).
func (c *Client) budgetWaited(ctx context.Context, route string, began time.Time, err error) {
	outcome := BudgetTurn
	var nt *noTurn
	switch {
	case errors.As(err, &nt):
		outcome = BudgetExhausted
	case err != nil:
		outcome = BudgetGaveUp
	}
	c.observe().BudgetWaited(ctx, c.scope(route), max(time.Since(began), 0), outcome)
}
