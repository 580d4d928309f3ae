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
	referenceTTL      = time.Hour        // lists without a time range, such as countries
	alertsTTL         = 30 * time.Second // the alerts of the last five minutes, without a time range
)

// lifetime is how long the answer to call stays fresh at now.
func lifetime(call Call, now time.Time) time.Duration {
	if call.Route == RouteIngestAlerts { // what is active now: no range, and it changes by the minute
		return alertsTTL
	}
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

// staleKeep is how long an answer is kept, and may be shown, after its
// lifetime ended: while its refresh waits for the budget (see refresh.go).
// A panel left open on a busy budget shows answers of a few minutes; one
// an hour past its lifetime says too little about now, and its query
// waits for a fresh answer instead.
const staleKeep = time.Hour

// Entry is an answer in the cache: the decoded value, the size of the body
// it was decoded from, and when it was fetched and stops being fresh.
type Entry struct {
	Value     any
	Size      int
	FetchedAt time.Time
	Expires   time.Time
}

// fresh reports whether the answer is within its lifetime at now.
func (e Entry) fresh(now time.Time) bool { return now.Before(e.Expires) }

// usable reports whether the answer may still be shown at now, fresh or
// stale.
func (e Entry) usable(now time.Time) bool { return now.Before(e.Expires.Add(staleKeep)) }

// lifetime is how long the answer was fresh for.
func (e Entry) lifetime() time.Duration { return e.Expires.Sub(e.FetchedAt) }

// Cache keeps an organisation's decoded answers by their exact upstream
// request (Call.String), shared by every client of the organisation in a
// process (see Orgs), fresh ones and, for a while after their lifetime
// (staleKeep), stale ones. It also knows the newest answer of each family:
// the requests of one panel whose relative time range moves on (see
// family). With a shared store this is the process's first tier in front
// of the store's answers (see tiers.go).
type Cache interface {
	// Lookup returns the answer kept for key, fresh or stale.
	Lookup(key string) (Entry, bool)
	// Latest returns the newest answer kept of a family, and its key.
	Latest(family string) (string, Entry, bool)
	// Put keeps an answer under key and, when family is not empty, as the
	// newest of its family unless a newer one is kept.
	Put(key, family string, e Entry)
}

// memoryCache is the Cache of one process, bounded by the size of the
// answers' bodies; the least recently used go first.
type memoryCache struct {
	maxBytes int
	now      func() time.Time

	mu       sync.Mutex
	bytes    int
	entries  map[string]*list.Element
	order    *list.List        // front: most recently used
	families map[string]string // family -> key of its newest answer
}

type cacheEntry struct {
	key    string
	family string
	Entry
}

var _ Cache = (*memoryCache)(nil)

func newMemoryCache(maxBytes int, now func() time.Time) *memoryCache {
	if maxBytes <= 0 {
		maxBytes = DefaultCacheBytes
	}
	return &memoryCache{maxBytes: maxBytes, now: now, entries: map[string]*list.Element{}, order: list.New(), families: map[string]string{}}
}

// Get returns a fresh answer and its age.
func (c *memoryCache) Get(key string) (any, time.Duration, bool) {
	e, ok := c.Lookup(key)
	now := c.now()
	if !ok || !e.fresh(now) {
		return nil, 0, false
	}
	return e.Value, now.Sub(e.FetchedAt), true
}

// Lookup returns the answer kept for key while it may be shown.
func (c *memoryCache) Lookup(key string) (Entry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lookup(key)
}

func (c *memoryCache) lookup(key string) (Entry, bool) {
	el, ok := c.entries[key]
	if !ok {
		return Entry{}, false
	}
	e := el.Value.(*cacheEntry)
	if !e.usable(c.now()) {
		c.remove(el)
		return Entry{}, false
	}
	c.order.MoveToFront(el)
	return e.Entry, true
}

// Latest returns the newest answer of a family while it may be shown.
func (c *memoryCache) Latest(family string) (string, Entry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	key, ok := c.families[family]
	if !ok {
		return "", Entry{}, false
	}
	e, ok := c.lookup(key)
	return key, e, ok
}

// Put stores an answer, making room by dropping the least recently used
// entries. An answer larger than the whole cache is not kept, nor one
// older than the one it would replace.
func (c *memoryCache) Put(key, family string, e Entry) {
	if e.Size > c.maxBytes || !e.Expires.After(e.FetchedAt) {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[key]; ok {
		if old := el.Value.(*cacheEntry); old.FetchedAt.After(e.FetchedAt) {
			return
		}
		c.remove(el)
	}
	c.entries[key] = c.order.PushFront(&cacheEntry{key: key, family: family, Entry: e})
	c.bytes += e.Size
	if family != "" {
		newest := true
		if k, ok := c.families[family]; ok {
			if el, ok := c.entries[k]; ok && el.Value.(*cacheEntry).FetchedAt.After(e.FetchedAt) {
				newest = false
			}
		}
		if newest {
			c.families[family] = key
		}
	}
	for c.bytes > c.maxBytes {
		c.remove(c.order.Back())
	}
}

func (c *memoryCache) remove(el *list.Element) {
	e := c.order.Remove(el).(*cacheEntry)
	delete(c.entries, e.key)
	if e.family != "" && c.families[e.family] == e.key {
		delete(c.families, e.family)
	}
	c.bytes -= e.Size
}

// size is the number of entries and bytes held.
func (c *memoryCache) size() (int, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries), c.bytes
}
