package nanostream

import (
	"context"
	"sync"
	"time"
)

// Stale while revalidate. Once an answer exists, a query whose answer has
// expired gets it at once, stale, and one refresh of its request is queued
// in the organisation's budget; so does a panel whose relative range moved
// on, from the newest answer of its family (see family). Only a query with
// no answer at all waits for the budget. The queue serves the request
// asked most since it was queued first, then the one queued longest: a
// request asked by ten screens goes before one asked by one, and one asked
// rarely still gains a place with every ask while it waits. One worker per
// organisation takes one budget turn at a time, so queries without an
// answer wait behind at most one refresh.

// maxQueued bounds the refreshes queued per organisation; past it the
// least asked is dropped (it is queued again when asked again).
const maxQueued = 5000

// refresher is an organisation's queue of refreshes.
type refresher struct {
	now  func() time.Time
	wake chan struct{}

	mu       sync.Mutex
	items    map[string]*refreshItem // by family, or by request without one
	failures map[string]string       // the last refresh of an item that failed, by item id
}

// refreshItem is one queued refresh: the newest request asked of it.
type refreshItem struct {
	id     string
	client *Client
	call   Call
	family string
	decode decoder
	demand int       // stale answers given since it was queued
	queued time.Time // when it was queued first
}

func newRefresher(now func() time.Time) *refresher {
	return &refresher{now: now, wake: make(chan struct{}, 1), items: map[string]*refreshItem{}, failures: map[string]string{}}
}

// enqueue queues a refresh of call, or counts one more ask of the refresh
// queued already, which then fetches the newest request. It returns how
// the last refresh of the item failed, if it did.
func (r *refresher) enqueue(c *Client, call Call, fam string, decode decoder) string {
	id := fam
	if id == "" {
		id = call.String()
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if it, ok := r.items[id]; ok {
		it.client, it.call, it.decode = c, call, decode
		it.demand++
		return r.failures[id]
	}
	if len(r.items) >= maxQueued {
		r.dropLeastAsked()
	}
	r.items[id] = &refreshItem{id: id, client: c, call: call, family: fam, decode: decode, demand: 1, queued: r.now()}
	select {
	case r.wake <- struct{}{}:
	default:
	}
	return r.failures[id]
}

func (r *refresher) dropLeastAsked() {
	var least *refreshItem
	for _, it := range r.items {
		if least == nil || it.demand < least.demand || (it.demand == least.demand && it.queued.After(least.queued)) {
			least = it
		}
	}
	if least != nil {
		delete(r.items, least.id)
	}
}

// next takes the refresh to make first: the most asked, then the one
// queued longest.
func (r *refresher) next() *refreshItem {
	r.mu.Lock()
	defer r.mu.Unlock()
	var best *refreshItem
	for _, it := range r.items {
		if best == nil || it.demand > best.demand || (it.demand == best.demand && it.queued.Before(best.queued)) {
			best = it
		}
	}
	if best != nil {
		delete(r.items, best.id)
	}
	return best
}

// done records how a refresh ended.
func (r *refresher) done(id string, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err == nil {
		delete(r.failures, id)
		return
	}
	if len(r.failures) >= maxQueued {
		clear(r.failures)
	}
	r.failures[id] = err.Error()
}

// queued is the number of refreshes waiting.
func (r *refresher) queued() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.items)
}

// run makes the queued refreshes, one budget turn at a time, until ctx
// (the organisation's) ends; then the queue is dropped.
func (r *refresher) run(ctx context.Context, g *org) {
	defer func() {
		r.mu.Lock()
		clear(r.items)
		r.mu.Unlock()
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case <-r.wake:
		}
		for it := r.next(); it != nil && ctx.Err() == nil; it = r.next() {
			it.client.refreshNow(ctx, r, it)
		}
	}
}

// refreshNow starts the refresh of an item unless it is done already, or
// a request for it is under way; it returns once the refresh has its turn
// of the budget (or needs none). An item is done when its request, or the
// newest request of its family (a panel whose range moved on), was
// answered since the item was queued or is fresh, here or by another
// process: that answer stands in, and an ask after it expires queues the
// panel again, behind those that waited longer.
func (c *Client) refreshNow(ctx context.Context, r *refresher, it *refreshItem) {
	key := it.call.String()
	done := func(e Entry, ok bool) bool {
		return ok && (e.fresh(c.now()) || e.FetchedAt.After(it.queued))
	}
	if done(c.lookup(ctx, key, it.family, it.decode)) {
		return
	}
	if it.family != "" && done(c.latest(ctx, it.family, it.decode, true)) {
		return
	}
	lease, leased := c.refreshLease(ctx, it.family)
	if !leased {
		return
	}
	f, ok := c.org.flights.pin(key)
	if !ok {
		lease()
		return
	}
	c.launch(ctx, f, it.call, it.family, it.decode)
	go func() {
		<-f.done
		lease()
		r.done(it.id, f.err)
	}()
	select {
	case <-f.turn:
	case <-ctx.Done():
	}
}

// refreshLease makes this process the one that refreshes a panel (a
// family) in the shared store, for as long as its refresh runs: replicas
// whose queues hold the same panel would otherwise refresh it together
// when its range has just moved on to the next minute, a request the claim
// of an exact request does not join. It reports false when another process
// holds the lease; its refresh will stand in. Without a family or a store
// that answers, there is nothing to lease.
func (c *Client) refreshLease(ctx context.Context, fam string) (release func(), ok bool) {
	s, shared := c.org.shared()
	if fam == "" || !shared {
		return func() {}, true
	}
	claimed, release, err := s.Claim(ctx, "refresh "+fam, claimTTL)
	if err != nil {
		return func() {}, true
	}
	return release, claimed
}
