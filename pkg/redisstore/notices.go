package redisstore

import (
	"strings"
	"sync"
	"time"
)

// Every process publishes the keys of each answer it keeps, and hears
// those of the others. A process that holds an answer (or a family's
// newest) and heard of no newer one since it last read or kept that key
// knows that Redis holds nothing newer, and skips the read: a panel asked
// again by the next screen costs no round trip until another process
// actually kept a newer answer. Whatever may have been missed forces the
// reads again: listening is known only from a subscription's confirmation
// on, and a switch to unavailable forgets it until the next confirmation.

// maxNoticed bounds the keys remembered; past it the memory starts afresh,
// which only costs reads.
const maxNoticed = 20_000

// notices is what this process knows of the answers kept in Redis.
type notices struct {
	mu     sync.Mutex
	since  time.Time            // listening without a known gap since; zero: not known to listen
	heard  map[string]time.Time // Redis key → when another process's keep of it was heard
	synced map[string]synced    // Redis key → what this process last learnt of it
}

// synced is what a process learnt of a key when it last read or kept it.
type synced struct {
	at   time.Time // when the read began or the keep was sent
	upTo time.Time // Redis held no answer fetched after this then
}

func newNotices() *notices {
	return &notices{heard: map[string]time.Time{}, synced: map[string]synced{}}
}

// listening records a subscription's confirmation at now.
func (n *notices) listening(now time.Time) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.since = now
}

// deaf forgets that the process listens: until the next confirmation,
// every read goes to Redis.
func (n *notices) deaf() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.since = time.Time{}
}

// kept records that another process kept keys at now.
func (n *notices) kept(now time.Time, keys ...string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, k := range keys {
		if len(n.heard) >= maxNoticed {
			clear(n.heard)
			clear(n.synced) // a sync without its notices would skip too much
		}
		n.heard[k] = now
	}
}

// sync records that a read of key begun at, or a keep of it sent at, found
// or left no answer fetched after upTo in Redis.
func (n *notices) sync(key string, at, upTo time.Time) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if len(n.synced) >= maxNoticed {
		clear(n.synced)
	}
	n.synced[key] = synced{at: at, upTo: upTo}
}

// holdsNewest reports whether Redis can hold no answer for key fetched
// after newerThan: when this process last read or kept key, Redis held
// none fetched after newerThan, and the process listened all along since
// then and heard of no keep of key after it.
func (n *notices) holdsNewest(key string, newerThan time.Time) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	last, ok := n.synced[key]
	if !ok || newerThan.Before(last.upTo) || n.since.IsZero() || last.at.Before(n.since) {
		return false
	}
	heard, ok := n.heard[key]
	return !ok || heard.Before(last.at)
}

// A notice is the keeping process's id and the keys it wrote, separated
// by spaces (Redis keys of this store hold none: ids and hashes are hex).
func noticeOf(owner string, keys ...string) string {
	return strings.Join(append([]string{owner}, keys...), " ")
}

// readNotice splits a notice into its owner and keys.
func readNotice(payload string) (owner string, keys []string) {
	fields := strings.Fields(payload)
	if len(fields) == 0 {
		return "", nil
	}
	return fields[0], fields[1:]
}
