package nanostream

import (
	"container/list"
	"sync"
	"time"
)

// DefaultCacheBytes bounds the response cache of one client.
const DefaultCacheBytes = 32 << 20

// How long an answer stays fresh. Data that has settled (the range ended
// well before now) never changes again; the newest minutes still grow.
const (
	settleDelay  = 15 * time.Minute // after this the API's numbers are final
	settledTTL   = 6 * time.Hour
	minuteTTL    = 30 * time.Second
	hourTTL      = time.Minute
	dayTTL       = 5 * time.Minute
	breakdownTTL = 5 * time.Minute
	referenceTTL = time.Hour // lists without a time range, such as countries
)

// lifetime is how long the answer to call stays fresh at now.
func lifetime(call Call, now time.Time) time.Duration {
	to, err := time.Parse(timeLayout, call.Params.Get(paramTo))
	switch {
	case err != nil:
		return referenceTTL
	case to.Before(now.Add(-settleDelay)):
		return settledTTL
	}
	switch call.Params.Get(paramInterval) {
	case "minute":
		return minuteTTL
	case "hour":
		return hourTTL
	case "day":
		return dayTTL
	}
	return breakdownTTL
}

// cache keeps answer bodies by their exact upstream request, bounded in
// bytes; the least recently used go first.
type cache struct {
	maxBytes int
	now      func() time.Time

	mu      sync.Mutex
	bytes   int
	entries map[string]*list.Element
	order   *list.List // front: most recently used
}

type cacheEntry struct {
	key       string
	body      []byte
	fetchedAt time.Time
	expires   time.Time
}

func newCache(maxBytes int, now func() time.Time) *cache {
	if maxBytes <= 0 {
		maxBytes = DefaultCacheBytes
	}
	return &cache{maxBytes: maxBytes, now: now, entries: map[string]*list.Element{}, order: list.New()}
}

// get returns a fresh body and its age.
func (c *cache) get(key string) ([]byte, time.Duration, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[key]
	if !ok {
		return nil, 0, false
	}
	e := el.Value.(*cacheEntry)
	now := c.now()
	if !now.Before(e.expires) {
		c.remove(el)
		return nil, 0, false
	}
	c.order.MoveToFront(el)
	return e.body, now.Sub(e.fetchedAt), true
}

// put stores a body for ttl, making room by dropping the least recently
// used entries. A body larger than the whole cache is not kept.
func (c *cache) put(key string, body []byte, ttl time.Duration) {
	if len(body) > c.maxBytes || ttl <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[key]; ok {
		c.remove(el)
	}
	now := c.now()
	c.entries[key] = c.order.PushFront(&cacheEntry{key: key, body: body, fetchedAt: now, expires: now.Add(ttl)})
	c.bytes += len(body)
	for c.bytes > c.maxBytes {
		c.remove(c.order.Back())
	}
}

func (c *cache) remove(el *list.Element) {
	e := c.order.Remove(el).(*cacheEntry)
	delete(c.entries, e.key)
	c.bytes -= len(e.body)
}

// size is the number of entries and bytes held.
func (c *cache) size() (int, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries), c.bytes
}
