package plugin

import (
	"context"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// quietPeriod ends an episode that has not recurred for a while: its next
// occurrence is logged again, as a new episode.
const quietPeriod = 10 * time.Minute

// episodeLog writes the plugin's log lines about the API through the SDK's
// context logger, once per episode, never per query: the first occurrence
// of a problem is logged, repeats are counted, and one line summarises
// them when the episode ends (the API answers again) or, after a quiet
// period, when the problem recurs as a new episode. Every text that may come
// from the API or the settings passes through the organisation's redaction.
type episodeLog struct {
	logger log.Logger
	now    func() time.Time

	mu       sync.Mutex
	open     map[episodeKey]*episode
	loggedIn map[string]bool // organisations that logged in before: a login renews the token
}

// episodeKey names an episode: its kind, the organisation and, for
// episodes of one route, the route.
type episodeKey struct{ kind, org, route string }

type episode struct {
	began, last time.Time
	repeats     int // occurrences after the first
}

// The kinds of episode.
const (
	episodeThrottled   = "throttled"
	episodeBudget      = "budget"
	episodeLogin       = "login"
	episodeRefused     = "refused"
	episodeUndecodable = "undecodable"
)

func newEpisodeLog(logger log.Logger, now func() time.Time) *episodeLog {
	return &episodeLog{logger: logger, now: now, open: map[episodeKey]*episode{}, loggedIn: map[string]bool{}}
}

// occur records an occurrence of k and reports whether it begins an
// episode; an episode that had gone quiet is summarised first.
func (l *episodeLog) occur(ctx context.Context, k episodeKey) bool {
	now := l.now()
	l.mu.Lock()
	e := l.open[k]
	if e != nil && now.Sub(e.last) <= quietPeriod {
		e.repeats++
		e.last = now
		l.mu.Unlock()
		return false
	}
	l.open[k] = &episode{began: now, last: now}
	l.mu.Unlock()
	if e != nil && e.repeats > 0 {
		l.from(ctx).Info("An earlier episode went quiet", "episode", k.kind, "route", k.route, "org", k.org,
			"repeats", e.repeats, "lasted", e.last.Sub(e.began).Round(time.Millisecond).String())
	}
	return true
}

// end ends the episode k, if one is open, and returns it.
func (l *episodeLog) end(k episodeKey) (episode, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.open[k]
	if !ok {
		return episode{}, false
	}
	delete(l.open, k)
	return *e, true
}

func (l *episodeLog) from(ctx context.Context) log.Logger { return l.logger.FromContext(ctx) }

func lasted(e episode, now time.Time) string {
	return now.Sub(e.began).Round(time.Millisecond).String()
}

// throttled logs the beginning of a throttling episode and reports whether
// this answer began one.
func (l *episodeLog) throttled(ctx context.Context, s nanostream.Scope, x nanostream.Exchange) bool {
	if !l.occur(ctx, episodeKey{kind: episodeThrottled, org: s.Org}) {
		return false
	}
	l.from(ctx).Warn("The nanoStream API is throttling: the request budget pauses", "org", s.Org, "route", s.Route,
		"status", x.HTTPStatus, "pause", x.Pause.Round(time.Millisecond).String())
	return true
}

// exchanged logs what an exchange that was not throttled begins or ends.
func (l *episodeLog) exchanged(ctx context.Context, s nanostream.Scope, x nanostream.Exchange) {
	if x.Outcome == nanostream.OutcomeOK {
		if e, ok := l.end(episodeKey{kind: episodeThrottled, org: s.Org}); ok {
			l.from(ctx).Info("The nanoStream API answers again: the throttling pause ended", "org", s.Org,
				"throttledAnswers", e.repeats+1, "lasted", lasted(e, l.now()))
		}
		if e, ok := l.end(episodeKey{kind: episodeRefused, org: s.Org, route: s.Route}); ok {
			l.from(ctx).Info("The nanoStream API answers the route again", "org", s.Org, "route", s.Route,
				"refusals", e.repeats+1, "lasted", lasted(e, l.now()))
		}
	}
	if s.Route == nanostream.RouteAuthenticate {
		l.login(ctx, s, x)
		return
	}
	if x.Outcome == string(nanostream.KindNotFound) || x.Outcome == string(nanostream.KindForbidden) {
		if l.occur(ctx, episodeKey{kind: episodeRefused, org: s.Org, route: s.Route}) {
			l.from(ctx).Warn("The nanoStream API refuses a route", "org", s.Org, "route", s.Route,
				"status", x.HTTPStatus, "code", x.Code, "error", redactErr(s, x.Err))
		}
	}
}

// login logs a login: its refusal once per episode, its success once per
// login (a session token lasts a while).
func (l *episodeLog) login(ctx context.Context, s nanostream.Scope, x nanostream.Exchange) {
	switch x.Outcome {
	case nanostream.OutcomeOK:
		if e, ok := l.end(episodeKey{kind: episodeLogin, org: s.Org}); ok {
			l.from(ctx).Info("The nanoStream API accepts the login again", "org", s.Org,
				"refusals", e.repeats+1, "lasted", lasted(e, l.now()))
		}
		l.mu.Lock()
		renewed := l.loggedIn[s.Org]
		l.loggedIn[s.Org] = true
		l.mu.Unlock()
		if renewed {
			l.from(ctx).Info("Renewed the nanoStream API session token", "org", s.Org)
		} else {
			l.from(ctx).Info("Logged in to the nanoStream API", "org", s.Org)
		}
	case string(nanostream.KindUnauthorized), string(nanostream.KindForbidden), string(nanostream.KindNotFound), string(nanostream.KindBadRequest):
		if l.occur(ctx, episodeKey{kind: episodeLogin, org: s.Org}) {
			l.from(ctx).Warn("The nanoStream API refused the login", "org", s.Org,
				"status", x.HTTPStatus, "code", x.Code, "error", redactErr(s, x.Err))
		}
	}
}

// budgetExhausted logs the beginning of an episode of calls answered
// without asking the API for want of budget.
func (l *episodeLog) budgetExhausted(ctx context.Context, s nanostream.Scope, err error) {
	if l.occur(ctx, episodeKey{kind: episodeBudget, org: s.Org}) {
		l.from(ctx).Warn("The nanoStream request budget is exhausted: queries end before their deadline without asking the API",
			"org", s.Org, "route", s.Route, "error", redactErr(s, err))
	}
}

// turn ends an episode of an exhausted budget: a request got its turn.
func (l *episodeLog) turn(ctx context.Context, s nanostream.Scope) {
	if e, ok := l.end(episodeKey{kind: episodeBudget, org: s.Org}); ok {
		l.from(ctx).Info("The nanoStream request budget has room again", "org", s.Org,
			"exhaustedCalls", e.repeats+1, "lasted", lasted(e, l.now()))
	}
}

// undecodable logs the beginning of an episode of answers of a route that
// cannot be decoded.
func (l *episodeLog) undecodable(ctx context.Context, s nanostream.Scope, err error) {
	if l.occur(ctx, episodeKey{kind: episodeUndecodable, org: s.Org, route: s.Route}) {
		l.from(ctx).Warn("The nanoStream API sent an answer that cannot be decoded", "org", s.Org, "route", s.Route,
			"error", redactErr(s, err))
	}
}

// answered ends an episode of undecodable answers: the route's answer was
// decoded.
func (l *episodeLog) answered(ctx context.Context, s nanostream.Scope, cache nanostream.CacheStatus) {
	if cache != nanostream.CacheMiss && cache != nanostream.CacheOff {
		return
	}
	if e, ok := l.end(episodeKey{kind: episodeUndecodable, org: s.Org, route: s.Route}); ok {
		l.from(ctx).Info("The nanoStream API's answers of the route can be decoded again", "org", s.Org, "route", s.Route,
			"undecodable", e.repeats+1, "lasted", lasted(e, l.now()))
	}
}

// redactErr is err's message without the organisation's secrets.
func redactErr(s nanostream.Scope, err error) string {
	if err == nil {
		return ""
	}
	if s.Redact == nil {
		return err.Error()
	}
	return s.Redact(err.Error())
}
