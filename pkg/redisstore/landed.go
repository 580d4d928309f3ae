package redisstore

import (
	"context"
	"time"
)

// awaitPoll is how often a process waiting for another's answer looks
// whether the claim is gone, in case a message of the channel was lost
// (a reconnection) or the claimer died and its claim expired.
const awaitPoll = 250 * time.Millisecond

// channel is where released claims are published.
func (s *Store) channel() string { return s.prefix + "landed" }

// listen receives the released claims and wakes the processes' waiters.
// The subscription reconnects by itself after Redis restarted.
func (s *Store) listen(ctx context.Context) {
	defer s.done.Done()
	sub := s.rdb.Subscribe(ctx, s.channel())
	defer func() { _ = sub.Close() }()
	messages := sub.Channel()
	for {
		select {
		case <-ctx.Done():
			return
		case m, ok := <-messages:
			if !ok {
				return
			}
			s.wake(m.Payload)
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
