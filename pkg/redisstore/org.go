package redisstore

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"math"
	"math/rand/v2"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"

	"github.com/nanostream-grafana/nanostream-analytics-datasource/pkg/nanostream"
)

// Keys of an organisation, under the store's prefix and the organisation's
// id in braces (a Redis Cluster hash tag: one slot per organisation):
//
//	{id}:budget      the GCRA state of redis_rate (which adds "rate:" in front)
//	{id}:pause       a throttling pause: its start, expiring when it ends
//	{id}:episode     the start of the current throttling episode
//	{id}:episodes    throttling episodes in a row
//	{id}:a:<hash>    an answer: its times, its request and the API's body
//	{id}:f:<hash>    the hash of a family's newest answer
//	{id}:c:<hash>    a claim: the id of the process that fetches a request
//
// and the channels <prefix>landed, on which a released claim's key is
// published, and <prefix>kept, on which every kept answer's keys are (see
// notices.go). Hashes are SHA-256 of the request, cut to 128 bits.

// orgState is one organisation's state in the store.
type orgState struct {
	s    *Store
	base string
}

var _ nanostream.SharedOrg = (*orgState)(nil)

// Org is the state of the organisation id.
func (s *Store) Org(id string) nanostream.SharedOrg {
	return &orgState{s: s, base: s.prefix + "{" + id + "}:"}
}

func hashOf(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:16])
}

func (o *orgState) answerKey(key string) string { return o.base + "a:" + hashOf(key) }
func (o *orgState) familyKey(fam string) string { return o.base + "f:" + hashOf(fam) }
func (o *orgState) claimKey(key string) string  { return o.base + "c:" + hashOf(key) }

// limit is redis_rate's limit for a rate in tokens per second: whole
// tokens per 1000 s, so that rates such as 0.8/s are exact.
func limit(rate float64, burst int) redis_rate.Limit {
	perKilo := math.Round(rate * 1000)
	if perKilo < 1 {
		return redis_rate.Limit{Rate: 1, Period: time.Duration(float64(time.Second) / rate), Burst: max(burst, 1)}
	}
	return redis_rate.Limit{Rate: int(perKilo), Period: 1000 * time.Second, Burst: max(burst, 1)}
}

// Allow takes a token when no pause holds and one is free.
func (o *orgState) Allow(ctx context.Context, rate float64, burst int) (bool, time.Duration, error) {
	var ok bool
	var wait time.Duration
	err := o.s.do(ctx, func(ctx context.Context) error {
		pause, err := o.s.rdb.PTTL(ctx, o.base+"pause").Result()
		if err != nil {
			return err
		}
		if pause > 0 {
			wait = pause
			return nil
		}
		res, err := o.s.limiter.Allow(ctx, o.base+"budget", limit(rate, burst))
		if err != nil {
			return err
		}
		ok, wait = res.Allowed > 0, max(res.RetryAfter, 0)
		return nil
	})
	return ok, wait, err
}

// Next is how long until a token would be free, pause included.
func (o *orgState) Next(ctx context.Context, rate float64, burst int) (time.Duration, error) {
	var wait time.Duration
	err := o.s.do(ctx, func(ctx context.Context) error {
		pause, err := o.s.rdb.PTTL(ctx, o.base+"pause").Result()
		if err != nil {
			return err
		}
		l := limit(rate, burst)
		res, err := o.s.limiter.AllowN(ctx, o.base+"budget", l, 0) // takes nothing
		if err != nil {
			return err
		}
		interval := l.Period / time.Duration(l.Rate)
		wait = max(res.ResetAfter-time.Duration(l.Burst-1)*interval, pause, 0)
		return nil
	})
	return wait, err
}

// throttled starts a pause unless the refused request was sent before the
// current episode began; episodes in a row double the pause.
var throttled = redis.NewScript(`
local start = tonumber(redis.call('GET', KEYS[2]) or '0')
if tonumber(ARGV[1]) < start then return 0 end
local n = redis.call('INCR', KEYS[3])
redis.call('EXPIRE', KEYS[3], 600)
local pause = tonumber(ARGV[3]) * (2 ^ math.min(n - 1, 5))
pause = math.floor(math.min(pause, tonumber(ARGV[4])) * tonumber(ARGV[5]))
redis.call('SET', KEYS[1], ARGV[2], 'PX', math.max(pause, 1))
redis.call('SET', KEYS[2], ARGV[2], 'EX', 600)
return pause
`)

// Throttled pauses every process of the organisation and empties its
// bucket.
func (o *orgState) Throttled(ctx context.Context, sent time.Time, base, maxPause time.Duration, rate float64, burst int) error {
	// #nosec G404 -- the jitter only spreads the return of several instances in time
	jitter := 0.8 + 0.4*rand.Float64()
	return o.s.do(ctx, func(ctx context.Context) error {
		keys := []string{o.base + "pause", o.base + "episode", o.base + "episodes"}
		if err := throttled.Run(ctx, o.s.rdb, keys, sent.UnixMilli(), o.s.now().UnixMilli(), base.Milliseconds(), maxPause.Milliseconds(), jitter).Err(); err != nil {
			return err
		}
		_, err := o.s.limiter.AllowAtMost(ctx, o.base+"budget", limit(rate, burst), max(burst, 1))
		return err
	})
}

// Answered ends a run of throttling episodes.
func (o *orgState) Answered(ctx context.Context) error {
	return o.s.do(ctx, func(ctx context.Context) error {
		return o.s.rdb.Del(ctx, o.base+"episodes").Err()
	})
}

// Drain spends what is left of the bucket.
func (o *orgState) Drain(ctx context.Context, rate float64, burst int) error {
	return o.s.do(ctx, func(ctx context.Context) error {
		_, err := o.s.limiter.AllowAtMost(ctx, o.base+"budget", limit(rate, burst), max(burst, 1))
		return err
	})
}

// An answer is stored as a version byte, the times it was fetched and
// expires (unix milliseconds), the length of its request and the request,
// then the API's body.
const answerVersion = 1

func encodeAnswer(key string, a nanostream.SharedAnswer) []byte {
	out := make([]byte, 0, 1+8+8+4+len(key)+len(a.Body))
	out = append(out, answerVersion)
	out = binary.BigEndian.AppendUint64(out, uint64(a.FetchedAt.UnixMilli())) // #nosec G115 -- the bit pattern of a UnixMilli, read back by decodeAnswer
	out = binary.BigEndian.AppendUint64(out, uint64(a.Expires.UnixMilli()))   // #nosec G115 -- the bit pattern of a UnixMilli, read back by decodeAnswer
	out = binary.BigEndian.AppendUint32(out, uint32(len(key)))                // #nosec G115 -- a request key is a route and its parameters, far below 4 GiB
	out = append(out, key...)
	return append(out, a.Body...)
}

var errBadAnswer = errors.New("an answer in Redis that this version cannot read")

func decodeAnswer(raw []byte) (string, nanostream.SharedAnswer, error) {
	if len(raw) < 21 || raw[0] != answerVersion {
		return "", nanostream.SharedAnswer{}, errBadAnswer
	}
	fetched := time.UnixMilli(int64(binary.BigEndian.Uint64(raw[1:9])))  // #nosec G115 -- reverses the uint64 of a UnixMilli written by encodeAnswer
	expires := time.UnixMilli(int64(binary.BigEndian.Uint64(raw[9:17]))) // #nosec G115 -- as above
	n := int(binary.BigEndian.Uint32(raw[17:21]))
	if len(raw) < 21+n {
		return "", nanostream.SharedAnswer{}, errBadAnswer
	}
	return string(raw[21 : 21+n]), nanostream.SharedAnswer{Body: raw[21+n:], FetchedAt: fetched, Expires: expires}, nil
}

// newer returns an answer when it was fetched after ARGV[1] (unix
// milliseconds), 0 when it was not, nil when there is none: an answer a
// process holds already is not transferred again. The time is the 8 bytes
// after the version byte.
const newer = `
local function newer(key, after)
  local head = redis.call('GETRANGE', key, 0, 8)
  if #head < 9 then return nil end
  local t = 0
  for i = 2, 9 do t = t * 256 + string.byte(head, i) end
  if t <= after then return 0 end
  return redis.call('GET', key)
end
`

var answerNewer = redis.NewScript(newer + `
local v = newer(KEYS[1], tonumber(ARGV[1]))
if v == nil then return false end
return v
`)

// latestNewer follows a family's pointer (KEYS[1]) to its answer, under
// the organisation's prefix (ARGV[2]), and returns it as answerNewer does.
var latestNewer = redis.NewScript(newer + `
local hash = redis.call('GET', KEYS[1])
if not hash then return false end
local v = newer(ARGV[2] .. 'a:' .. hash, tonumber(ARGV[1]))
if v == nil then return false end
return v
`)

// fetchNewer runs one of the scripts and reads its answer.
func (o *orgState) fetchNewer(ctx context.Context, script *redis.Script, key string, newerThan time.Time) (string, nanostream.SharedAnswer, bool, error) {
	var after int64
	if !newerThan.IsZero() {
		if o.s.notices.holdsNewest(key, newerThan) {
			return "", nanostream.SharedAnswer{}, false, nil
		}
		after = newerThan.UnixMilli()
	}
	began := o.s.now()
	var v any
	err := o.s.do(ctx, func(ctx context.Context) error {
		var err error
		v, err = script.Run(ctx, o.s.rdb, []string{key}, after, o.base).Result()
		return err
	})
	if errors.Is(err, redis.Nil) { // none
		o.s.notices.sync(key, began, time.Time{})
		return "", nanostream.SharedAnswer{}, false, nil
	}
	if err != nil {
		return "", nanostream.SharedAnswer{}, false, err
	}
	raw, ok := v.(string)
	if !ok { // 0: not newer
		o.s.notices.sync(key, began, time.UnixMilli(after))
		return "", nanostream.SharedAnswer{}, false, nil
	}
	stored, a, err := decodeAnswer([]byte(raw))
	if err != nil {
		return "", nanostream.SharedAnswer{}, false, nil
	}
	o.s.notices.sync(key, began, a.FetchedAt)
	return stored, a, true, nil
}

// Answer is the answer kept for key, when it is newer than newerThan.
func (o *orgState) Answer(ctx context.Context, key string, newerThan time.Time) (nanostream.SharedAnswer, bool, error) {
	stored, a, found, err := o.fetchNewer(ctx, answerNewer, o.answerKey(key), newerThan)
	if err != nil || !found || stored != key {
		return nanostream.SharedAnswer{}, false, err
	}
	return a, true, nil
}

// Latest is the newest answer of a family, when it is newer than
// newerThan.
func (o *orgState) Latest(ctx context.Context, fam string, newerThan time.Time) (string, nanostream.SharedAnswer, bool, error) {
	return o.fetchNewer(ctx, latestNewer, o.familyKey(fam), newerThan)
}

// Keep stores an answer until keepFor after it expires, and makes it its
// family's newest.
func (o *orgState) Keep(ctx context.Context, key, fam string, a nanostream.SharedAnswer, keepFor time.Duration) (err error) {
	ttl := a.Expires.Add(keepFor).Sub(o.s.now())
	if ttl <= 0 || len(a.Body) > maxAnswerBytes {
		return nil
	}
	keys := []string{o.answerKey(key)}
	if fam != "" {
		keys = append(keys, o.familyKey(fam))
	}
	sent := o.s.now()
	defer func() {
		if err == nil {
			for _, k := range keys {
				o.s.notices.sync(k, sent, a.FetchedAt)
			}
		}
	}()
	return o.s.do(ctx, func(ctx context.Context) error {
		_, err := o.s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.Set(ctx, keys[0], encodeAnswer(key, a), ttl)
			if fam != "" {
				p.Set(ctx, keys[1], hashOf(key), ttl)
			}
			p.Publish(ctx, o.s.keptChannel(), noticeOf(o.s.owner, keys...))
			return nil
		})
		return err
	})
}

// release ends a claim held by this process and wakes whoever awaits it.
var release = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
redis.call('PUBLISH', ARGV[2], KEYS[1])
return 1
`)

// Claim makes this process the one that fetches key.
func (o *orgState) Claim(ctx context.Context, key string, ttl time.Duration) (bool, func(), error) {
	claim := o.claimKey(key)
	var claimed bool
	err := o.s.do(ctx, func(ctx context.Context) error {
		var err error
		claimed, err = o.s.rdb.SetNX(ctx, claim, o.s.owner, ttl).Result()
		return err
	})
	if err != nil || !claimed {
		return false, func() {}, err
	}
	return true, func() {
		_ = o.s.do(context.Background(), func(ctx context.Context) error {
			return release.Run(ctx, o.s.rdb, []string{claim}, o.s.owner, o.s.channel()).Err()
		})
	}, nil
}

// Await returns once key is no longer claimed, or when ctx ends.
func (o *orgState) Await(ctx context.Context, key string) error {
	claim := o.claimKey(key)
	woken := o.s.subscribe(claim)
	defer o.s.unsubscribe(claim, woken)
	ticker := time.NewTicker(awaitPoll)
	defer ticker.Stop()
	for {
		var n int64
		err := o.s.do(ctx, func(ctx context.Context) error {
			var err error
			n, err = o.s.rdb.Exists(ctx, claim).Result()
			return err
		})
		if err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-woken:
			return nil
		case <-ticker.C:
		}
	}
}
