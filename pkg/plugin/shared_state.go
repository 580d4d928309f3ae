package plugin

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/models"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/redisstore"
)

// stores are the Redis stores the data sources of this process use, one
// per URL, password and prefix, shared by every instance that names them.
// A store outlives its last instance as long as an organisation's state
// does (nanostream.DefaultLinger), so that a settings save keeps its
// connections and its view of Redis.
type stores struct {
	linger time.Duration

	mu sync.Mutex
	m  map[string]*storeRef
}

type storeRef struct {
	store *redisstore.Store
	users int
	drop  *time.Timer
}

var processStores = &stores{linger: nanostream.DefaultLinger, m: map[string]*storeRef{}}

// acquire returns the store for the settings' Redis and a function that
// releases it.
func (r *stores) acquire(s models.Settings) (*redisstore.Store, func(), error) {
	sum := sha256.Sum256([]byte(s.RedisPassword))
	key := s.RedisURL + "\x00" + s.RedisKeyPrefix + "\x00" + hex.EncodeToString(sum[:])
	r.mu.Lock()
	defer r.mu.Unlock()
	ref := r.m[key]
	if ref == nil {
		store, err := redisstore.Open(redisstore.Options{URL: s.RedisURL, Password: s.RedisPassword, Prefix: s.RedisKeyPrefix})
		if err != nil {
			return nil, nil, err
		}
		ref = &storeRef{store: store}
		r.m[key] = ref
	}
	if ref.drop != nil {
		ref.drop.Stop()
		ref.drop = nil
	}
	ref.users++
	var once sync.Once
	return ref.store, func() { once.Do(func() { r.release(key, ref) }) }, nil
}

func (r *stores) release(key string, ref *storeRef) {
	r.mu.Lock()
	defer r.mu.Unlock()
	ref.users--
	if ref.users > 0 {
		return
	}
	ref.drop = time.AfterFunc(r.linger, func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		if ref.users == 0 && r.m[key] == ref {
			delete(r.m, key)
			go ref.store.Close()
		}
	})
}

// forAlerting marks the queries of an alert rule's evaluation, which
// Grafana sends with the header FromAlert: true, as needing fresh answers:
// they never take a stale one (see nanostream.FreshOnly).
func forAlerting(ctx context.Context, req *backend.QueryDataRequest) context.Context {
	if req == nil {
		return ctx
	}
	v := req.Headers[backend.FromAlertHeaderName]
	if v == "" {
		v = req.GetHTTPHeader(backend.FromAlertHeaderName)
	}
	if strings.EqualFold(strings.TrimSpace(v), "true") {
		return nanostream.FreshOnly(ctx)
	}
	return ctx
}

// sharedStateDetail is the health check's word on the shared state.
type sharedStateDetail struct {
	Store  string `json:"store"`
	Shared bool   `json:"shared"`
	// Message says what is shared, or how the plugin carries on without it.
	Message string    `json:"message"`
	Since   time.Time `json:"since"`
	Problem string    `json:"problem,omitempty"`
	// FallbackRequestsPerSecond is the rate this process takes while the
	// store does not answer.
	FallbackRequestsPerSecond float64 `json:"fallbackRequestsPerSecond"`
}

// sharedState describes the data source's shared state, or nil without
// one.
func (d *Datasource) sharedState() *sharedStateDetail {
	if d.client == nil {
		return nil
	}
	st, fallback, ok := d.client.SharedStatus()
	if !ok {
		return nil
	}
	out := &sharedStateDetail{Store: st.Store, Shared: st.Available, Since: st.Since.UTC(), Problem: st.Problem, FallbackRequestsPerSecond: fallback}
	if st.Available {
		out.Message = fmt.Sprintf("%s keeps the request budget, the throttling pause, the answers and the requests under way of every Grafana replica that uses it.", st.Store)
	} else {
		out.Message = fmt.Sprintf("%s does not answer (%s): this replica spends its own budget at %.2f requests per second (a third of the configured rate) and answers from its own cache until it answers again.",
			st.Store, st.Problem, fallback)
	}
	return out
}

// withSharedState adds the shared state to a health check's details.
func (d *Datasource) withSharedState(res *backend.CheckHealthResult) {
	detail := d.sharedState()
	if res == nil || detail == nil {
		return
	}
	details := map[string]any{}
	if len(res.JSONDetails) > 0 {
		if err := json.Unmarshal(res.JSONDetails, &details); err != nil {
			return
		}
	}
	details["sharedState"] = detail
	if verbose, ok := details["verboseMessage"].(string); ok {
		details["verboseMessage"] = strings.TrimSpace(verbose + "\nshared state: " + detail.Message)
	}
	if body, err := json.Marshal(details); err == nil {
		res.JSONDetails = body
	}
}
