package redisstore

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

// awaitPoll is how often a process waiting for another's answer looks
// whether the claim is gone, in case a message of the channel was lost
// (a reconnection) or the claimer died and its claim expired.
const awaitPoll = 250 * time.Millisecond

// channel is where released claims are published.
func (s *Store) channel() string { return s.prefix + "landed" }

// keptChannel is where every kept answer's keys are published (see
// notices.go).
func (s *Store) keptChannel() string { return s.prefix + "kept" }

// listen receives the released claims, which wake the processes' waiters,
// and the kept answers of the other processes. The subscription
// reconnects by itself after Redis restarted; each confirmation starts a
// span of known listening, and a rejoin after a switch to unavailable
// subscribes again to get one.
func (s *Store) listen(ctx context.Context) {
	defer s.done.Done()
	sub := s.rdb.Subscribe(ctx, s.channel(), s.keptChannel())
	defer func() { _ = sub.Close() }()
	messages := sub.ChannelWithSubscriptions()
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.resubscribe:
			_ = sub.Subscribe(ctx, s.channel(), s.keptChannel())
		case m, ok := <-messages:
			if !ok {
				return
			}
			s.received(m)
		}
	}
}

// received handles one message of the subscription.
func (s *Store) received(m any) {
	switch m := m.(type) {
	case *redis.Subscription:
		if m.Kind == "subscribe" {
			s.notices.listening(s.now())
		}
	case *redis.Message:
		if m.Channel == s.channel() {
			s.wake(m.Payload)
			return
		}
		if owner, keys := readNotice(m.Payload); owner != s.owner {
			s.notices.kept(s.now(), keys...)
		}
	}
}

// subscribe registers a waiter for a claim's release.
func (s *Store) subscribe(claim string) chan struct{} {
	ch := make(chan struct{}, 1)
	s.waitMu.Lock()
	defer s.waitMu.Unlock()
	if s.waiters[claim] == nil {
		s.waiters[claim] = map[chan struct{}]struct{}{}
	}
	s.waiters[claim][ch] = struct{}{}
	return ch
}

func (s *Store) unsubscribe(claim string, ch chan struct{}) {
	s.waitMu.Lock()
	defer s.waitMu.Unlock()
	delete(s.waiters[claim], ch)
	if len(s.waiters[claim]) == 0 {
		delete(s.waiters, claim)
	}
}

// wake tells every waiter of a claim that it was released.
func (s *Store) wake(claim string) {
	s.waitMu.Lock()
	defer s.waitMu.Unlock()
	for ch := range s.waiters[claim] {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}
