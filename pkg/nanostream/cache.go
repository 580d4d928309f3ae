package nanostream

import (
	"container/list"
	"sync"
	"time"
)

// DefaultCacheBytes bounds the response cache of one organisation.
const DefaultCacheBytes = 32 << 20

// How long an answer stays fresh. Data that has settled (the range ended
// well before now) never changes again; the newest minutes still grow.
const (
	settleDelay       = 15 * time.Minute // after this the per-minute numbers are final
	hourlySettleDelay = 2 * time.Hour    // the pre-aggregated hourly data may lag longer
	settledTTL        = 6 * time.Hour
	minuteTTL         = 30 * time.Second
	hourTTL           = time.Minute
	dayTTL            = 5 * time.Minute
	breakdownTTL      = 5 * time.Minute
	referenceTTL      = time.Hour // lists without a time range, such as countries
)

// lifetime is how long the answer to call stays fresh at now.
func lifetime(call Call, now time.Time) time.Duration {
	to, err := time.Parse(timeLayout, call.Params.Get(paramTo))
	settle := settleDelay
	if call.Route == RouteHourlyBytes {
		settle = hourlySettleDelay
	}
	switch {
	case err != nil:
		return referenceTTL
	case to.Before(now.Add(-settle)):
		return settledTTL
	}
	switch call.Params.Get(paramInterval) {
	case intervalMinute:
		return minuteTTL
	case intervalHour:
		return hourTTL
	case intervalDay:
		return dayTTL
	}
	return breakdownTTL
}

// Cache keeps an organisation's decoded answers by their exact upstream
// request (Call.String), shared by every client of the organisation in a
// process (see Orgs). The implementation here keeps them in memory. One in
// a store that several processes share, such as Redis, would keep the
// answers' bodies and decode them again on a hit: the key names the route,
// which names the decoder.
type Cache interface {
	// Get returns a fresh answer and its age.
	Get(key string) (value any, age time.Duration, ok bool)
	// Put keeps an answer, whose body had size bytes, for ttl.
	Put(key string, value any, size int, ttl time.Duration)
}

// memoryCache is the Cache of one process, bounded by the size of the
// answers' bodies; the least recently used go first.
type memoryCache struct {
	maxBytes int
	now      func() time.Time

	mu      sync.Mutex
	bytes   int
	entries map[string]*list.Element
	order   *list.List // front: most recently used
}

type cacheEntry struct {
	key       string
	value     any
	size      int // bytes of the answer's body
	fetchedAt time.Time
	expires   time.Time
}

var _ Cache = (*memoryCache)(nil)

func newMemoryCache(maxBytes int, now func() time.Time) *memoryCache {
	if maxBytes <= 0 {
		maxBytes = DefaultCacheBytes
	}
	return &memoryCache{maxBytes: maxBytes, now: now, entries: map[string]*list.Element{}, order: list.New()}
}

// Get returns a fresh answer and its age.
func (c *memoryCache) Get(key string) (any, time.Duration, bool) {
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
	return e.value, now.Sub(e.fetchedAt), true
}

// Put stores an answer of size bytes for ttl, making room by dropping the
// least recently used entries. An answer larger than the whole cache is
// not kept.
func (c *memoryCache) Put(key string, value any, size int, ttl time.Duration) {
	if size > c.maxBytes || ttl <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[key]; ok {
		c.remove(el)
	}
	now := c.now()
	c.entries[key] = c.order.PushFront(&cacheEntry{key: key, value: value, size: size, fetchedAt: now, expires: now.Add(ttl)})
	c.bytes += size
	for c.bytes > c.maxBytes {
		c.remove(c.order.Back())
	}
}

func (c *memoryCache) remove(el *list.Element) {
	e := c.order.Remove(el).(*cacheEntry)
	delete(c.entries, e.key)
	c.bytes -= e.size
}

// size is the number of entries and bytes held.
func (c *memoryCache) size() (int, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries), c.bytes
}
