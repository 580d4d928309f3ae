package nanostream

import (
	"context"
	"errors"
	"sync"
	"time"
)

// The cache has two tiers when the organisation has a shared store: the
// process's own decoded answers first, then the store's, which every
// process of the organisation fills. An answer found in the store is
// decoded once and kept in the process with the times it was fetched and
// expires, so that it ages alike in every process. While the store does not
// answer, the process's tier alone serves.

// claimTTL bounds a claim on a request (see SharedOrg.Claim): a process
// that dies while it fetches holds the others back for at most this long.
const claimTTL = time.Minute

// claimWait bounds how long a request without a deadline (a refresh) waits
// for another process's answer before it claims the request itself.
const claimWait = 30 * time.Second

// recheck is how long a look-up in the shared store stands for a key whose
// stale answer the process holds: a panel asked by ten screens at once, or
// again a moment later, reads the store once. An answer another process
// lands meanwhile is found at the next look-up after it.
const recheck = time.Second

// checked remembers when the shared store was last read for a key.
type checked struct {
	mu sync.Mutex
	at map[string]time.Time
}

// due reports whether the store should be read for key at now, and if so
// records the read.
func (ch *checked) due(key string, now time.Time) bool {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	if at, ok := ch.at[key]; ok && now.Sub(at) < recheck && !now.Before(at) {
		return false
	}
	if ch.at == nil || len(ch.at) >= maxChecked {
		ch.at = map[string]time.Time{}
	}
	ch.at[key] = now
	return true
}

// maxChecked bounds the keys remembered; past it the memory starts afresh.
const maxChecked = 10_000

// lookup is the answer kept for key: the process's own while it is fresh,
// else the shared store's when it is newer, else the process's stale one.
// A request of a family that the process never had is not looked up in
// the store by itself: the family's newest answer is (see latest), which
// is this very request's when another process fetched it last, and the
// claim of a fetch looks again before anything is sent.
func (c *Client) lookup(ctx context.Context, key, fam string, decode decoder) (Entry, bool) {
	e, ok := c.org.cache.Lookup(key)
	if ok && e.fresh(c.now()) {
		return e, true
	}
	if !ok && fam != "" {
		return e, false
	}
	// a stale answer at hand is served without reading the store more than
	// once per recheck; without one, the store is always read
	if s, shared := c.org.shared(); shared && (!ok || c.org.checked.due(key, c.now())) {
		if se, found := c.fromShared(ctx, s, key, fam, e.FetchedAt, decode); found {
			return se, true
		}
	}
	return e, ok
}

// fromShared reads key's answer from the shared store when it is newer
// than newerThan, decodes it and keeps it in the process.
func (c *Client) fromShared(ctx context.Context, s SharedOrg, key, fam string, newerThan time.Time, decode decoder) (Entry, bool) {
	a, found, err := s.Answer(ctx, key, newerThan)
	if err != nil || !found {
		return Entry{}, false
	}
	return c.decodeShared(key, fam, a, decode)
}

// decodeShared decodes an answer of the shared store and keeps it in the
// process; an answer that does not decode is ignored.
func (c *Client) decodeShared(key, fam string, a SharedAnswer, decode decoder) (Entry, bool) {
	if !a.Expires.After(a.FetchedAt) {
		return Entry{}, false
	}
	value, err := decode(a.Body)
	if err != nil {
		return Entry{}, false
	}
	e := Entry{Value: value, Size: len(a.Body), FetchedAt: a.FetchedAt, Expires: a.Expires}
	if !e.usable(c.now()) {
		return Entry{}, false
	}
	c.org.cache.Put(key, fam, e)
	return e, true
}

// latest is the newest answer of a family: the process's own, or the
// shared store's when that is newer. A query reads the store for a family
// at most once per recheck; a refresh, which may spend the budget, always
// asks it.
func (c *Client) latest(ctx context.Context, fam string, decode decoder, forRefresh bool) (Entry, bool) {
	_, e, ok := c.org.cache.Latest(fam)
	if ok && e.fresh(c.now()) {
		return e, true
	}
	if s, shared := c.org.shared(); shared && (!ok || forRefresh || c.org.checked.due("family "+fam, c.now())) {
		key, a, found, err := s.Latest(ctx, fam, e.FetchedAt)
		if err == nil && found {
			if se, decoded := c.decodeShared(key, fam, a, decode); decoded {
				return se, true
			}
		}
	}
	return e, ok
}

// keep stores a fetched answer in the process and in the shared store.
func (c *Client) keep(key, fam string, e Entry, body []byte) {
	c.org.cache.Put(key, fam, e)
	if s, ok := c.org.shared(); ok {
		_ = s.Keep(context.Background(), key, fam, SharedAnswer{Body: body, FetchedAt: e.FetchedAt, Expires: e.Expires}, staleKeep)
	}
}

// errNoAnswerInTime ends a wait for another process's answer at the
// budget deadline of the request.
var errNoAnswerInTime = errors.New("no answer from another process before the deadline")

// claimOrAwait makes this process the one that fetches key, or waits for
// the process that does and returns its answer. It returns release for a
// claim that was made, found for an answer another process fetched, and
// errNoAnswerInTime when the budget deadline of ctx passed while another
// process still fetched. A store that does not answer makes the process
// fetch alone.
func (c *Client) claimOrAwait(ctx context.Context, s SharedOrg, f *flight, key, fam string, decode decoder) (e Entry, found bool, release func(), err error) {
	release = func() {}
	for range 3 {
		claimed, rel, err := s.Claim(ctx, key, claimTTL)
		if err != nil {
			return Entry{}, false, release, nil
		}
		if claimed {
			// an answer may have landed between the look-up and the claim
			if e, ok := c.fromShared(ctx, s, key, fam, time.Time{}, decode); ok && e.fresh(c.now()) {
				rel()
				return e, true, release, nil
			}
			return Entry{}, false, rel, nil
		}
		f.turnTaken() // nothing to spend while another process fetches
		waitCtx, cancel := c.answerWait(ctx)
		awaitErr := s.Await(waitCtx, key)
		cancel()
		if e, ok := c.fromShared(ctx, s, key, fam, time.Time{}, decode); ok && e.fresh(c.now()) {
			return e, true, release, nil
		}
		switch {
		case ctx.Err() != nil:
			return Entry{}, false, release, ctx.Err()
		case awaitErr != nil && !budgetDeadline(ctx).IsZero():
			return Entry{}, false, release, errNoAnswerInTime
		}
		// the other process gave up or failed: claim the request now
	}
	return Entry{}, false, release, nil
}

// answerWait is the context of a wait for another process's answer: until
// the budget deadline of ctx, or claimWait when it has none.
func (c *Client) answerWait(ctx context.Context) (context.Context, context.CancelFunc) {
	if by := budgetDeadline(ctx); !by.IsZero() {
		return context.WithDeadline(ctx, by)
	}
	return context.WithTimeout(ctx, claimWait)
}
