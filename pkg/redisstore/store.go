// Package redisstore keeps the nanoStream client's shared state in Redis:
// every organisation's request budget and throttling pause, its answers,
// and the requests under way, for the plugins of several Grafana replicas.
// It implements nanostream.SharedState and knows nothing of Grafana's
// query model.
//
// Redis is a helper, never a dependency of a query: every operation has a
// short timeout, and the first that fails or times out switches the store
// to unavailable (logged once), so that the client carries on with its own
// process's budget (a third of the rate) and cache. A probe every second
// switches it back once Redis answers again, and notices a restart that
// lost the data. Nothing secret is stored: keys name an organisation by a
// PBKDF2 of its key (nanostream derives it), values are the API's answers,
// the claims hold a random process id, and the budget holds times.
package redisstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// Defaults of Options.
const (
	DefaultPrefix        = "nanostream:"
	DefaultTimeout       = 100 * time.Millisecond
	DefaultProbeInterval = time.Second
)

// rejoinProbes is how many probes in a row must succeed before the store
// is used again; it doubles, up to maxRejoinProbes, when Redis fails again
// soon after a rejoin, so that a flapping Redis does not make every
// process switch back and forth.
const (
	rejoinProbes    = 2
	maxRejoinProbes = 32
	flapWindow      = 30 * time.Second
)

// maxAnswerBytes bounds an answer kept in Redis; a larger one stays in the
// process that fetched it.
const maxAnswerBytes = 8 << 20

// Options configure a Store.
type Options struct {
	// URL is redis://[user@]host:port/db, or rediss:// for TLS. A password
	// in it is refused: it goes in Password.
	URL      string
	Password string
	// Prefix starts every key and the channel the store uses; default
	// DefaultPrefix.
	Prefix string
	// Timeout bounds each operation; default DefaultTimeout.
	Timeout time.Duration
	// ProbeInterval is how often the store checks Redis; default
	// DefaultProbeInterval.
	ProbeInterval time.Duration
	// Logger receives the switches to and from unavailable; default the
	// SDK's logger.
	Logger log.Logger
}

// Store is a Redis that several plugin processes share.
type Store struct {
	rdb     *redis.Client
	limiter *redis_rate.Limiter
	prefix  string
	where   string // "Redis at host:port/db", for messages
	timeout time.Duration
	owner   string // this process's id in claims
	logger  log.Logger
	now     func() time.Time

	mu         sync.Mutex
	status     nanostream.SharedStatus
	runID      string
	okProbes   int
	needProbes int
	rejoinedAt time.Time

	waitMu  sync.Mutex
	waiters map[string]map[chan struct{}]struct{}

	notices     *notices
	resubscribe chan struct{} // asks the listener for a fresh confirmation

	stop context.CancelFunc
	done sync.WaitGroup
}

var _ nanostream.SharedState = (*Store)(nil)

// silenceClient keeps go-redis's own log lines (each failed dial, say) out
// of the plugin's output, which Grafana logs: the store says what matters
// once per switch.
var silenceClient sync.Once

type silentLogger struct{}

func (silentLogger) Printf(context.Context, string, ...any) {}

// Open prepares a store; it connects lazily and never fails for want of
// Redis, only for options it cannot use.
func Open(opts Options) (*Store, error) {
	silenceClient.Do(func() { redis.SetLogger(silentLogger{}) })
	ro, err := ParseURL(opts.URL)
	if err != nil {
		return nil, err
	}
	if opts.Password != "" {
		ro.Password = opts.Password
	}
	if opts.Prefix == "" {
		opts.Prefix = DefaultPrefix
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.ProbeInterval <= 0 {
		opts.ProbeInterval = DefaultProbeInterval
	}
	if opts.Logger == nil {
		opts.Logger = backend.Logger
	}
	ro.DialTimeout = max(5*opts.Timeout, 500*time.Millisecond)
	ro.DialerRetries = 1
	ro.ReadTimeout = 3 * opts.Timeout
	ro.WriteTimeout = 3 * opts.Timeout
	ro.ContextTimeoutEnabled = true
	ro.MaxRetries = -1 // a failure switches to the process's own state; nothing retries
	ro.PoolSize = 32
	ro.PoolTimeout = opts.Timeout
	ro.DisableIdentity = true
	ro.MaintNotificationsConfig = &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}
	ro.ClientName = "nanostream-analytics-datasource"

	s := &Store{
		rdb:         redis.NewClient(ro),
		prefix:      opts.Prefix,
		where:       fmt.Sprintf("Redis at %s/%d", ro.Addr, ro.DB),
		timeout:     opts.Timeout,
		owner:       randomID(),
		logger:      opts.Logger,
		now:         time.Now,
		needProbes:  rejoinProbes,
		waiters:     map[string]map[chan struct{}]struct{}{},
		notices:     newNotices(),
		resubscribe: make(chan struct{}, 1),
	}
	s.limiter = redis_rate.NewLimiter(s.rdb)
	s.status = nanostream.SharedStatus{Store: s.where, Available: true, Since: s.now()}
	ctx, stop := context.WithCancel(context.Background())
	s.stop = stop
	s.done.Add(2)
	go s.probe(ctx, opts.ProbeInterval)
	go s.listen(ctx)
	return s, nil
}

// ParseURL reads a Redis URL as the settings take it: redis:// or
// rediss://, a host, an optional database number, and no password (the
// password has a field of its own, stored encrypted).
func ParseURL(raw string) (*redis.Options, error) {
	raw = strings.TrimSpace(raw)
	if !strings.HasPrefix(raw, "redis://") && !strings.HasPrefix(raw, "rediss://") {
		return nil, nanostream.Sentencef("The Redis URL %s must start with redis:// or rediss://", nanostream.Excerpt(redactURL(raw)))
	}
	if u, err := url.Parse(raw); err == nil && u.User != nil {
		if _, has := u.User.Password(); has {
			return nil, nanostream.Sentencef("The Redis URL must not hold a password: put it in the Redis password field, which Grafana stores encrypted")
		}
	}
	ro, err := redis.ParseURL(raw)
	if err != nil {
		return nil, nanostream.Sentencef("The Redis URL %s cannot be read: %s", nanostream.Excerpt(redactURL(raw)), strings.TrimPrefix(err.Error(), "redis: "))
	}
	return ro, nil
}

// redactURL drops anything between the scheme and an @ from a URL.
func redactURL(raw string) string {
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return raw
	}
	if at := strings.LastIndex(rest, "@"); at >= 0 {
		rest = "…@" + rest[at+1:]
	}
	return scheme + "://" + rest
}

// Close stops the probe and closes the connections.
func (s *Store) Close() {
	s.stop()
	_ = s.rdb.Close()
	s.done.Wait()
}

// Status says whether the store answers now.
func (s *Store) Status() nanostream.SharedStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.status
}

// available reports whether operations go to Redis.
func (s *Store) available() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.status.Available
}

// errUnavailable answers every operation while Redis is considered down.
var errUnavailable = errors.New("redis is unavailable")

// do runs one operation within the store's timeout. A failure other than
// a missing key, or the caller's own end, makes the store unavailable.
func (s *Store) do(ctx context.Context, op func(ctx context.Context) error) error {
	if !s.available() {
		return errUnavailable
	}
	opCtx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	err := op(opCtx)
	if err != nil && !errors.Is(err, redis.Nil) && ctx.Err() == nil {
		s.trip(err)
	}
	return err
}

// trip switches the store to unavailable and says so once.
func (s *Store) trip(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.status.Available {
		return
	}
	now := s.now()
	if !s.rejoinedAt.IsZero() && now.Sub(s.rejoinedAt) < flapWindow {
		s.needProbes = min(2*s.needProbes, maxRejoinProbes)
	}
	s.status = nanostream.SharedStatus{Store: s.where, Available: false, Since: now, Problem: describe(err), Epoch: s.status.Epoch + 1}
	s.okProbes = 0
	s.notices.deaf()
	s.logger.Warn(fmt.Sprintf("%s does not answer (%s): every organisation's budget falls back to this process, at a third of its rate, and answers come from this process's cache until it answers again",
		s.where, s.status.Problem), "redis", s.where)
}

// describe is an error of Redis in a few words, without a secret.
func describe(err error) string {
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "no answer within the timeout"
	case err == nil:
		return ""
	}
	msg := err.Error()
	if len(msg) > 200 {
		msg = msg[:200] + "…"
	}
	return msg
}

// probe checks Redis every interval: while it is unavailable, whether it
// answers again; while it is available, whether it restarted, which lost
// the shared budget's state.
func (s *Store) probe(ctx context.Context, every time.Duration) {
	defer s.done.Done()
	ticker := time.NewTicker(every)
	defer ticker.Stop()
	s.check(ctx)
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			s.check(ctx)
		}
	}
}

// check is one probe.
func (s *Store) check(ctx context.Context) {
	probeCtx, cancel := context.WithTimeout(ctx, 2*s.timeout)
	defer cancel()
	runID, err := s.serverRunID(probeCtx)
	if ctx.Err() != nil {
		return
	}
	if err != nil {
		if s.available() {
			s.trip(err)
			return
		}
		s.mu.Lock()
		s.okProbes = 0
		s.mu.Unlock()
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case !s.status.Available:
		s.okProbes++
		if s.okProbes < s.needProbes {
			return
		}
		now := s.now()
		s.status = nanostream.SharedStatus{Store: s.where, Available: true, Since: now, Epoch: s.status.Epoch + 1}
		s.rejoinedAt, s.runID = now, runID
		select {
		case s.resubscribe <- struct{}{}:
		default:
		}
		s.logger.Info(s.where+" answers again: the budget, the pause and the answers are shared again", "redis", s.where)
	case s.runID != "" && runID != s.runID:
		s.status.Epoch++ // a restart lost the shared budget: the clients drain it
		s.runID = runID
		s.logger.Info(s.where+" restarted: its shared budget starts empty", "redis", s.where)
	default:
		s.runID = runID
		if !s.rejoinedAt.IsZero() && s.now().Sub(s.rejoinedAt) > 10*flapWindow {
			s.needProbes = rejoinProbes
		}
	}
}

// serverRunID is the id of the Redis process, which changes with every
// restart.
func (s *Store) serverRunID(ctx context.Context) (string, error) {
	info, err := s.rdb.Info(ctx, "server").Result()
	if err != nil {
		return "", err
	}
	for _, line := range strings.Split(info, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "run_id:"); ok {
			return v, nil
		}
	}
	return "", nil
}

// randomID is this process's id in claims.
func randomID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
