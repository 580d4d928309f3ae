package nanostream

import (
	"net/url"
	"time"
)

// Call is one upstream request: a route and its query parameters. Its
// String form is what frame meta shows as the executed query, and the key
// of the cache and of shared flights.
type Call struct {
	Route  string
	Params url.Values
	Served Served // how the answer was obtained
}

func (c Call) String() string {
	if len(c.Params) == 0 {
		return "GET " + c.Route
	}
	return "GET " + c.Route + "?" + c.Params.Encode()
}

// Served says where an answer came from.
type Served struct {
	Cache CacheStatus
	Age   time.Duration // of a cached answer
}

// CacheStatus tells how a call was answered.
type CacheStatus string

// How a call was answered.
const (
	CacheHit    CacheStatus = "hit"    // from the cache
	CacheMiss   CacheStatus = "miss"   // this call went upstream
	CacheShared CacheStatus = "shared" // joined an identical call under way
	CacheOff    CacheStatus = "off"    // the cache is switched off; this call went upstream
)
