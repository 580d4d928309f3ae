package nanostream

import (
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
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
	Cache    CacheStatus
	Age      time.Duration // of a cached answer
	Lifetime time.Duration // how long the answer stays fresh
	// From is the wider upstream request the answer was cut from, when it
	// is not the call itself (see reuse.go).
	From string
	// Problem is, for a stale answer, how the last refresh of its request
	// failed, if it did.
	Problem string
}

// Notice is what a user reads about a stale answer: its age against its
// lifetime, and that a refresh is queued. Empty for any other answer.
func (s Served) Notice() string {
	if s.Cache != CacheStale || s.Age <= s.Lifetime {
		return ""
	}
	notice := fmt.Sprintf("This answer is %s old, older than its lifetime of %s: it is shown while a refresh waits for the nanoStream API's request budget.",
		roughDuration(s.Age), roughDuration(s.Lifetime))
	if s.Problem != "" {
		notice += " Its last refresh failed: " + strings.TrimSuffix(lowerFirst(s.Problem), ".") + "."
	}
	return notice
}

// lowerFirst lower-cases the first letter of a sentence made part of
// another, unless it starts an abbreviation ("API ...").
func lowerFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if next, _ := utf8.DecodeRuneInString(s[size:]); unicode.IsUpper(next) {
		return s
	}
	return string(unicode.ToLower(r)) + s[size:]
}

// roughDuration writes a duration in whole seconds, minutes or hours.
func roughDuration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%d min %d s", int(d.Minutes()), int(d.Seconds())%60)
	}
	return fmt.Sprintf("%d h %d min", int(d.Hours()), int(d.Minutes())%60)
}

// CacheStatus tells how a call was answered.
type CacheStatus string

// How a call was answered.
const (
	CacheHit    CacheStatus = "hit"    // from the cache
	CacheMiss   CacheStatus = "miss"   // this call went upstream
	CacheShared CacheStatus = "shared" // joined an identical call under way
	CacheOff    CacheStatus = "off"    // the cache is switched off; this call went upstream
	CacheStale  CacheStatus = "stale"  // from the cache after its lifetime, while a refresh is queued
)
