package nanostream

import (
	"context"
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/hex"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"
)

// SharedState is a store that several plugin processes share, such as the
// Redis of a Grafana high-availability setup: every replica's plugin keeps
// an organisation's budget, throttling pause, answers and requests under
// way there, so that the replicas together keep within the organisation's
// rate and fetch each answer once. It knows nothing of the API; the client
// decides what to keep. A store that cannot be reached says so in Status,
// and the client carries on with state of its own process (see orgBudget).
type SharedState interface {
	// Org is the state of the organisation id. The id names the
	// organisation without revealing its credential (see sharedOrgID).
	Org(id string) SharedOrg
	// Status says whether the store answers now.
	Status() SharedStatus
}

// SharedStatus is the state of a shared store.
type SharedStatus struct {
	Store     string    // what and where, for messages: e.g. "Redis at redis:6379/0"; no secret
	Available bool      // the store answers; otherwise the process's own state stands in
	Since     time.Time // when the store last became available or unavailable
	Problem   string    // why it is unavailable; no secret
	// Epoch changes whenever the store becomes unavailable, becomes
	// available again or is found to have lost its data (a restart).
	Epoch uint64
}

// SharedAnswer is an answer kept in a shared store: the API's body, which
// decoded once already, and its times.
type SharedAnswer struct {
	Body      []byte
	FetchedAt time.Time
	Expires   time.Time
}

// SharedOrg is one organisation's state in a shared store. Every method
// answers within a short timeout of its own; an error means the store is
// unavailable for now (its Status says so), and the caller carries on
// without it. Keys and families are Call strings and families (see
// family); the store may hash them.
type SharedOrg interface {
	// Allow takes one token of the organisation's bucket (rate tokens per
	// second, burst) when one is free now and no pause holds; otherwise it
	// says how long until the next one.
	Allow(ctx context.Context, rate float64, burst int) (ok bool, wait time.Duration, err error)
	// Next is how long until a token would be free, pause included.
	Next(ctx context.Context, rate float64, burst int) (time.Duration, error)
	// Throttled starts a pause after the API throttled a request sent at
	// sent (see Budget.Throttled), base doubling per episode in a row up to
	// max, with ±20 % jitter, and empties the bucket.
	Throttled(ctx context.Context, sent time.Time, base, max time.Duration, rate float64, burst int) error
	// Answered ends a run of throttling episodes.
	Answered(ctx context.Context) error
	// Drain spends what is left of the bucket: after the store was
	// unreachable or lost its data, nobody knows what was spent meanwhile.
	Drain(ctx context.Context, rate float64, burst int) error

	// Answer is the answer kept for key, fresh or stale, when it was
	// fetched after newerThan (the zero time: any); an older one is not
	// transferred.
	Answer(ctx context.Context, key string, newerThan time.Time) (SharedAnswer, bool, error)
	// Latest is the newest answer kept of a family, and its key, when it
	// was fetched after newerThan.
	Latest(ctx context.Context, family string, newerThan time.Time) (string, SharedAnswer, bool, error)
	// Keep stores an answer under key until keepFor after it expires, as
	// the newest of its family when family is not empty.
	Keep(ctx context.Context, key, family string, a SharedAnswer, keepFor time.Duration) error

	// Claim makes this process the one that fetches key, for at most ttl,
	// unless another process has claimed it. release ends the claim and
	// wakes whoever awaits it.
	Claim(ctx context.Context, key string, ttl time.Duration) (claimed bool, release func(), err error)
	// Await returns once key is no longer claimed (its answer landed or its
	// fetcher gave up), or when ctx ends.
	Await(ctx context.Context, key string) error
}

// FallbackShare is the part of an organisation's rate that one process
// takes while its shared store cannot be reached. The configured rate is
// the whole organisation's share across every replica; one process does
// not know how many there are, and the usual high-availability setups run
// two or three, so a third keeps three replicas that fall back together
// within the configured rate. The burst shrinks alike, and the bucket
// starts empty, since the shared bucket may just have been spent.
const FallbackShare = 1.0 / 3

// sharedRef is an organisation's shared store, if it has one.
type sharedRef struct {
	state SharedState
	org   SharedOrg
}

// orgBudget is the budget every request of an organisation passes: the
// shared store's bucket when there is one and it answers, the fallback
// bucket at FallbackShare of the rate while it does not, and otherwise the
// process's own bucket at the whole rate.
type orgBudget struct {
	now      func() time.Time
	local    *memoryBudget // without a shared store
	fallback *memoryBudget // while the shared store does not answer
	shared   atomic.Pointer[sharedRef]

	mu    sync.Mutex
	rate  float64
	burst int
	epoch uint64 // of the shared store, as last seen
	seen  bool   // epoch holds a value
}

var _ Budget = (*orgBudget)(nil)

func newOrgBudget(rate float64, burst int, now func() time.Time) *orgBudget {
	b := &orgBudget{now: now}
	b.rate, b.burst = rate, burst
	b.local = newMemoryBudget(rate, burst, now)
	fr, fb := fallbackLimits(rate, burst)
	b.fallback = newMemoryBudget(fr, fb, now)
	b.fallback.empty()
	return b
}

// fallbackLimits are the rate and burst of the fallback bucket.
func fallbackLimits(rate float64, burst int) (float64, int) {
	r, bu := budgetLimits(rate, burst)
	return r * FallbackShare, max(1, int(bu*FallbackShare))
}

// limits are the configured rate and burst, defaults applied.
func (b *orgBudget) limits() (float64, int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	r, bu := budgetLimits(b.rate, b.burst)
	return r, int(bu)
}

// use sets or clears the shared store.
func (b *orgBudget) use(ref *sharedRef) {
	b.mu.Lock()
	b.seen = false
	b.mu.Unlock()
	b.shared.Store(ref)
}

// store is the shared store when one is set and answers. Whenever its
// epoch changes the budget adjusts: the fallback bucket starts empty when
// the store stops answering, and the shared bucket is drained when it
// answers again or lost its data.
func (b *orgBudget) store() (SharedOrg, bool) {
	ref := b.shared.Load()
	if ref == nil {
		return nil, false
	}
	st := ref.state.Status()
	b.mu.Lock()
	changed := b.seen && st.Epoch != b.epoch
	b.epoch, b.seen = st.Epoch, true
	b.mu.Unlock()
	if changed {
		if st.Available {
			rate, burst := b.limits()
			_ = ref.org.Drain(context.Background(), rate, burst)
		} else {
			b.fallback.empty()
		}
	}
	if !st.Available {
		return nil, false
	}
	return ref.org, true
}

// own is the process's bucket that answers without the shared store: the
// fallback while one is set, else the local one.
func (b *orgBudget) own() *memoryBudget {
	if b.shared.Load() != nil {
		return b.fallback
	}
	return b.local
}

func (b *orgBudget) Take(ctx context.Context, deadline time.Time) error {
	for {
		s, ok := b.store()
		if !ok {
			return b.own().Take(ctx, deadline)
		}
		rate, burst := b.limits()
		allowed, wait, err := s.Allow(ctx, rate, burst)
		switch {
		case err != nil:
			if ctx.Err() != nil {
				return ctx.Err()
			}
			b.store() // notes the store's new state first: the fallback starts empty
			return b.fallback.Take(ctx, deadline)
		case allowed:
			return nil
		case !deadline.IsZero() && b.now().Add(wait).After(deadline):
			return &noTurn{retryAfter: wait}
		}
		// #nosec G404 -- the jitter spreads the processes that wait for the same token; it guards no secret
		timer := time.NewTimer(wait + time.Duration(rand.Float64()*float64(wait)/10))
		select {
		case <-timer.C:
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		}
	}
}

// Refund gives a token back to the process's own bucket; a shared bucket
// keeps what was taken, which errs on the side of the API.
func (b *orgBudget) Refund() {
	if _, ok := b.store(); !ok {
		b.own().Refund()
	}
}

func (b *orgBudget) TryTake() bool {
	if s, ok := b.store(); ok {
		rate, burst := b.limits()
		allowed, _, err := s.Allow(context.Background(), rate, burst)
		if err == nil {
			return allowed
		}
	}
	return b.own().TryTake()
}

func (b *orgBudget) Next() time.Duration {
	if s, ok := b.store(); ok {
		rate, burst := b.limits()
		if wait, err := s.Next(context.Background(), rate, burst); err == nil {
			return wait
		}
	}
	return b.own().Next()
}

// Throttled pauses the shared bucket, if it answers, and the process's own
// ones, so that a switch to the fallback keeps the pause.
func (b *orgBudget) Throttled(sent time.Time) {
	if s, ok := b.store(); ok {
		rate, burst := b.limits()
		_ = s.Throttled(context.Background(), sent, backoffBase, backoffMax, rate, burst)
	}
	b.local.Throttled(sent)
	b.fallback.Throttled(sent)
}

func (b *orgBudget) Answered() {
	if s, ok := b.store(); ok {
		_ = s.Answered(context.Background())
	}
	b.local.Answered()
	b.fallback.Answered()
}

func (b *orgBudget) Configure(rate float64, burst int) {
	b.mu.Lock()
	b.rate, b.burst = rate, burst
	b.mu.Unlock()
	b.local.Configure(rate, burst)
	b.fallback.Configure(fallbackLimits(rate, burst))
}

// SharedStatus is the state of the shared store of the client's
// organisation, and the rate the process takes while it does not answer;
// false when the data source keeps its state in its own process only.
func (c *Client) SharedStatus() (status SharedStatus, fallbackRate float64, ok bool) {
	ref := c.org.budget.shared.Load()
	if ref == nil {
		return SharedStatus{}, 0, false
	}
	rate, burst := c.org.budget.limits()
	fallbackRate, _ = fallbackLimits(rate, burst)
	return ref.state.Status(), fallbackRate, true
}

// sharedIDs remembers the shared ids derived in this process, by the
// organisation's key (which holds no secret either).
var sharedIDs sync.Map

// sharedIterations makes guessing a password from an organisation's shared
// id expensive: the id is stored in a shared store where others may read it.
const sharedIterations = 100_000

// sharedOrgID is the name of an organisation in a shared store: a PBKDF2
// of the organisation's key (the API's URL and a hash of its credential),
// so that the store's keys reveal neither the API key nor, without a
// costly search, an account's password. Every process derives the same id.
func sharedOrgID(orgKey string) string {
	if id, ok := sharedIDs.Load(orgKey); ok {
		return id.(string)
	}
	salt := sha256.Sum256([]byte("nanostream shared organisation"))
	derived, err := pbkdf2.Key(sha256.New, orgKey, salt[:], sharedIterations, 16)
	if err != nil { // only for parameters out of range, which these are not
		sum := sha256.Sum256([]byte(orgKey))
		derived = sum[:16]
	}
	id := hex.EncodeToString(derived)
	sharedIDs.Store(orgKey, id)
	return id
}
