package simulator

import (
	"log"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Demo credentials accepted by default.
const (
	DemoAPIKey   = "demo-api-key"     // #nosec G101 -- the default API key: a published demo key that opens simulated data only
	DemoEmail    = "demo@example.com" // default account email
	DemoPassword = "demo-password"    // default account password
)

// Options configure a Simulator; zero values take the documented defaults.
type Options struct {
	Now          func() time.Time  // clock, read as UTC; default time.Now
	APIKeys      []string          // accepted API keys; default DemoAPIKey
	APIKeyHeader string            // header carrying the API key, any case; default X-BINTU-APIKEY
	Accounts     map[string]string // email -> password for login; default the demo account
	TokenTTL     time.Duration     // lifetime of access tokens; default 1h
	Throttle     bool              // refuse requests like nginx limit_req does
	Rate         float64           // throttle: requests per second; default 1
	Burst        int               // throttle: burst size; default 30
	Seed         int64             // selects the generated world; default (and 0) 1
	Logger       *log.Logger       // request log; nil logs nothing

	// Admin serves the unauthenticated /_simulator/ routes that switch faults
	// and read or reset the counters. Only a simulator that runs as its own
	// process turns them on; off, those paths are unknown endpoints like any
	// other.
	Admin bool
}

// withDefaults fills in the zero values.
func (o Options) withDefaults() Options {
	if o.Now == nil {
		o.Now = time.Now
	}
	if len(o.APIKeys) == 0 {
		o.APIKeys = []string{DemoAPIKey}
	}
	if o.APIKeyHeader == "" {
		o.APIKeyHeader = "X-BINTU-APIKEY"
	}
	if len(o.Accounts) == 0 {
		o.Accounts = map[string]string{DemoEmail: DemoPassword}
	}
	if o.TokenTTL <= 0 {
		o.TokenTTL = time.Hour
	}
	if o.Rate <= 0 {
		o.Rate = 1
	}
	if o.Burst <= 0 {
		o.Burst = 30
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	return o
}

// routeFunc answers one data route.
type routeFunc func(*http.Request) (any, *apiError)

// Simulator serves the simulated API; it is an http.Handler.
type Simulator struct {
	opts     Options
	data     *Dataset
	routes   map[string]route
	apiKeys  map[string]bool
	accounts map[string]string // lower-cased email -> password
	tokens   *tokenStore
	limiter  *limiter
	stats    statsCounter
	mu       sync.Mutex
	faults   Faults
	renames  map[string]map[string]string // route -> field -> the name it is sent as (see RenameField)
}

// New builds a simulator; its data history starts on the first of the month
// six months before the clock's current time.
func New(opts Options) *Simulator {
	opts = opts.withDefaults()
	s := &Simulator{
		opts:     opts,
		apiKeys:  map[string]bool{},
		accounts: map[string]string{},
		tokens:   newTokenStore(opts.Seed),
		limiter:  newLimiter(opts.Rate, opts.Burst),
	}
	now := func() time.Time { return opts.Now().UTC() }
	s.data = newDataset(bitsOf(opts.Seed), now, now())
	for _, k := range opts.APIKeys {
		s.apiKeys[k] = true
	}
	for email, password := range opts.Accounts {
		s.accounts[strings.ToLower(strings.TrimSpace(email))] = password
	}
	s.routes = s.routeTable()
	return s
}

// Dataset returns the generated world, for computing expectations.
func (s *Simulator) Dataset() *Dataset {
	return s.data
}

// now reads the clock in UTC.
func (s *Simulator) now() time.Time {
	return s.opts.Now().UTC()
}

// routePath strips the legacy /api prefix.
func routePath(p string) string {
	if strings.HasPrefix(p, "/api/") {
		return p[len("/api"):]
	}
	return p
}

// ServeHTTP answers one request: admin routes first (when switched on),
// then throttling, latency, routing, authentication, faults and the route
// itself.
func (s *Simulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.opts.Admin && strings.HasPrefix(r.URL.Path, adminPrefix) {
		s.serveAdmin(w, r)
		return
	}
	start := time.Now()
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	s.serve(rec, r)
	if s.opts.Logger != nil {
		s.opts.Logger.Printf("%s %s -> %d (%s)", r.Method, r.URL.RequestURI(), rec.status, time.Since(start).Round(time.Microsecond))
	}
}

func (s *Simulator) serve(w http.ResponseWriter, r *http.Request) {
	path := routePath(r.URL.Path)
	s.stats.request(path)
	if s.opts.Throttle && !s.limiter.allow(s.now()) {
		s.stats.throttled()
		writeNginxPage(w, throttledStatus)
		return
	}
	faults := s.currentFaults()
	if faults.Latency > 0 && !sleep(r, faults.Latency) {
		return
	}
	if path == pathAuthenticate {
		if r.Method != http.MethodPost {
			writeError(w, unknownEndpoint(r.Method+" "+path))
			return
		}
		s.answer(w, s.login, r, Faults{})
		return
	}
	rt, ok := s.routes[path]
	if !ok || r.Method != http.MethodGet {
		writeError(w, unknownEndpoint(path))
		return
	}
	value := faults.RouteStatus[path]
	if value != 0 && routeFault(path, value).status == http.StatusNotFound {
		writeError(w, routeFault(path, value))
		return
	}
	if faults.HTMLStatus != 0 {
		writeNginxPage(w, faults.HTMLStatus)
		return
	}
	if err := s.authorize(r); err != nil {
		writeError(w, err)
		return
	}
	if value != 0 {
		writeError(w, routeFault(path, value))
		return
	}
	if faults.LevelTooLow && rt.quality {
		writeError(w, routeFault(path, codeLevelTooLow))
		return
	}
	if faults.Status != 0 {
		writeError(w, fail(codeInternal, "The analytics backend failed to answer; try again later.").withStatus(faults.Status))
		return
	}
	s.answer(w, rt.answer, r, faults)
}

// answer runs a route and writes its result, applying body faults.
func (s *Simulator) answer(w http.ResponseWriter, route routeFunc, r *http.Request, faults Faults) {
	data, apiErr := route(r)
	if apiErr != nil {
		writeError(w, apiErr)
		return
	}
	body, err := encode(data)
	if err != nil {
		writeError(w, fail(codeInternal, "The answer could not be encoded."))
		return
	}
	body = s.renamed(r, body)
	switch {
	case faults.Malformed:
		body = []byte(malformedBody)
	case faults.Truncated:
		body = body[:len(body)/2]
	}
	writeBody(w, http.StatusOK, body)
}
