package nanostream

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"strings"
	"sync"
	"time"
)

// DefaultLinger is how long an organisation's state outlives the last
// client that used it. Grafana makes a new data source instance at every
// settings save and disposes of the old one a few seconds later, so the
// budget, a throttling pause (at most a minute), the session token and the
// cached answers have to outlive the instances; after ten quiet minutes the
// API's own bucket is full again and nothing of the state is worth keeping.
const DefaultLinger = 10 * time.Minute

// Orgs keeps the state of every API organisation its clients use: the
// request budget with its throttling pause, the answer cache, the requests
// under way, the account session, and the secrets to redact. Clients of the
// same organisation share it: the API's limits hold for the organisation,
// not for a data source instance. An organisation is its API's base URL and
// a hash of its credential (the API key, or email and password); the key
// never holds a secret in clear. A process has one Orgs for its data
// sources; a client whose Config names none has state of its own.
//
// With a shared store (Config.Shared, see SharedState) the budget, the
// throttling pause, the answers and the requests under way are also shared
// with the other processes that use the store, such as the plugins of
// every replica of a high-availability Grafana; the process's own state
// stays as the first tier of the cache and stands in while the store does
// not answer.
type Orgs struct {
	linger time.Duration

	mu sync.Mutex
	m  map[string]*org
}

// NewOrgs returns an empty registry whose organisations outlive their last
// client by DefaultLinger.
func NewOrgs() *Orgs { return newOrgs(DefaultLinger) }

func newOrgs(linger time.Duration) *Orgs {
	return &Orgs{linger: linger, m: map[string]*org{}}
}

// org is the state of one organisation.
type org struct {
	key     string
	budget  *orgBudget
	cache   Cache // the process's own answers; the first tier (see tiers.go)
	flights flights
	refresh *refresher // stale answers' refreshes (see refresh.go)
	checked checked    // when the shared store was last read for a key (see tiers.go)
	session *session   // account mode: the session token
	secrets *redactor  // every secret used with the organisation

	// guarded by Orgs.mu
	users int
	base  context.Context // cancelled when the last client is closed: stops every flight
	stop  context.CancelFunc
	drop  *time.Timer
}

// acquire returns the state of the organisation key for a new client,
// creating it if needed, and applies cfg's budget settings: the newest
// settings of an organisation apply.
func (o *Orgs) acquire(key string, cfg Config) *org {
	o.mu.Lock()
	defer o.mu.Unlock()
	g := o.m[key]
	if g == nil {
		g = &org{
			key:     key,
			budget:  newOrgBudget(cfg.RequestsPerSecond, cfg.Burst, cfg.Now),
			cache:   newMemoryCache(cfg.CacheBytes, cfg.Now),
			refresh: newRefresher(cfg.Now),
			session: newSession(),
			secrets: &redactor{},
		}
		o.m[key] = g
	} else {
		g.budget.Configure(cfg.RequestsPerSecond, cfg.Burst)
	}
	g.useShared(cfg.Shared)
	if g.drop != nil {
		g.drop.Stop()
		g.drop = nil
	}
	if g.users == 0 {
		g.base, g.stop = context.WithCancel(context.Background())
		go g.refresh.run(g.base, g)
	}
	g.users++
	return g
}

// release is the end of a client. When it was the organisation's last,
// every request under way stops, and the state is forgotten after the
// linger time unless a new client comes first.
func (o *Orgs) release(g *org) {
	o.mu.Lock()
	defer o.mu.Unlock()
	g.users--
	if g.users > 0 {
		return
	}
	g.stop()
	g.drop = time.AfterFunc(o.linger, func() {
		o.mu.Lock()
		defer o.mu.Unlock()
		if g.users == 0 && o.m[g.key] == g {
			delete(o.m, g.key)
		}
	})
}

// useShared applies a shared store, or none: the newest settings of an
// organisation apply.
func (g *org) useShared(state SharedState) {
	current := g.budget.shared.Load()
	switch {
	case state == nil && current == nil:
	case state == nil:
		g.budget.use(nil)
	case current == nil || current.state != state:
		g.budget.use(&sharedRef{state: state, org: state.Org(sharedOrgID(g.key))})
	}
}

// shared is the organisation's shared store while it answers.
func (g *org) shared() (SharedOrg, bool) {
	ref := g.budget.shared.Load()
	if ref == nil || !ref.state.Status().Available {
		return nil, false
	}
	return ref.org, true
}

// base is the context that stops the organisation's requests.
func (o *Orgs) base(g *org) context.Context {
	o.mu.Lock()
	defer o.mu.Unlock()
	return g.base
}

// len is the number of organisations kept.
func (o *Orgs) len() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.m)
}

// orgKey names an organisation: the API's base URL and a SHA-256 of the
// authentication mode and credential. A cross-process store may use it as
// its key: it holds no secret in clear.
func orgKey(cfg Config, baseURL string) string {
	h := sha256.New()
	field(h, "nanostream organisation")
	field(h, string(cfg.Auth))
	switch cfg.Auth {
	case AuthAccount:
		field(h, strings.ToLower(strings.TrimSpace(cfg.Email)))
		field(h, cfg.Password)
	default:
		field(h, cfg.APIKey)
	}
	return baseURL + " " + hex.EncodeToString(h.Sum(nil))
}

// field writes s length-prefixed, so that no two credentials hash alike.
func field(h hash.Hash, s string) {
	_ = binary.Write(h, binary.BigEndian, uint64(len(s)))
	h.Write([]byte(s))
}
