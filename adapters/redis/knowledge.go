package redis

import (
	"context"
	"encoding/json"
	"fmt"

	goredis "github.com/redis/go-redis/v9"

	"github.com/newcomerbot/newcomerbot/knowledge"
)

const (
	keyLive   = "nb:{kb}:live"
	keyPrev   = "nb:{kb}:prev"
	keyReload = "nb:{kb}:reload"
)

func keyVersion(v string) string { return "nb:{kb}:v:" + v }

// Knowledge is the knowledge.Store in Redis.
type Knowledge struct{ c *Client }

var (
	_ knowledge.Store   = (*Knowledge)(nil)
	_ knowledge.Watcher = (*Knowledge)(nil)
)

// Knowledge returns the knowledge store on c.
func (c *Client) Knowledge() *Knowledge { return &Knowledge{c: c} }

// switchScript makes a version live in one step: the old live becomes prev,
// versions older than prev are deleted, and running bots are told.
var switchScript = goredis.NewScript(`
local old = redis.call('GET', KEYS[1])
if old == ARGV[1] then
  redis.call('PUBLISH', KEYS[3], ARGV[1])
  return old
end
local prev = redis.call('GET', KEYS[2])
if old then redis.call('SET', KEYS[2], old) end
redis.call('SET', KEYS[1], ARGV[1])
if prev and prev ~= ARGV[1] and prev ~= old then redis.call('DEL', ARGV[2] .. prev) end
redis.call('PUBLISH', KEYS[3], ARGV[1])
return old
`)

var rollbackScript = goredis.NewScript(`
local prev = redis.call('GET', KEYS[2])
if not prev then return false end
local old = redis.call('GET', KEYS[1])
redis.call('SET', KEYS[1], prev)
if old then redis.call('SET', KEYS[2], old) else redis.call('DEL', KEYS[2]) end
redis.call('PUBLISH', KEYS[3], prev)
return prev
`)

// Live implements knowledge.Store.
func (k *Knowledge) Live(ctx context.Context) (*knowledge.Base, error) {
	v, err := k.c.rdb.Get(ctx, keyLive).Result()
	if isNil(err) {
		return nil, fmt.Errorf("redis: live knowledge: %w", knowledge.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("redis: live knowledge: %w", err)
	}
	data, err := k.c.rdb.HGet(ctx, keyVersion(v), "base").Bytes()
	if isNil(err) {
		return nil, fmt.Errorf("redis: knowledge version %q: %w", v, knowledge.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("redis: knowledge version %q: %w", v, err)
	}
	var b knowledge.Base
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("redis: knowledge version %q: %w", v, err)
	}
	return &b, nil
}

// Publish implements knowledge.Store: the version is written whole first,
// then switched to in one script.
func (k *Knowledge) Publish(ctx context.Context, b *knowledge.Base) (string, error) {
	data, err := json.Marshal(b)
	if err != nil {
		return "", fmt.Errorf("redis: encode knowledge: %w", err)
	}
	if err := k.c.rdb.HSet(ctx, keyVersion(b.Version), "base", data).Err(); err != nil {
		return "", fmt.Errorf("redis: write knowledge version %q: %w", b.Version, err)
	}
	if err := switchScript.Run(ctx, k.c.rdb, []string{keyLive, keyPrev, keyReload}, b.Version, keyVersion("")).Err(); err != nil && !isNil(err) {
		return "", fmt.Errorf("redis: switch to knowledge version %q: %w", b.Version, err)
	}
	return b.Version, nil
}

// Rollback implements knowledge.Store.
func (k *Knowledge) Rollback(ctx context.Context) (string, error) {
	v, err := rollbackScript.Run(ctx, k.c.rdb, []string{keyLive, keyPrev, keyReload}).Text()
	if isNil(err) {
		return "", fmt.Errorf("redis: previous knowledge: %w", knowledge.ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("redis: rollback: %w", err)
	}
	return v, nil
}

// Watch implements knowledge.Watcher with Redis pub/sub. The channel is
// closed when ctx ends.
func (k *Knowledge) Watch(ctx context.Context) (<-chan string, error) {
	sub := k.c.rdb.Subscribe(ctx, keyReload)
	if _, err := sub.Receive(ctx); err != nil {
		sub.Close()
		return nil, fmt.Errorf("redis: subscribe to knowledge reloads: %w", err)
	}
	out := make(chan string, 4)
	go func() {
		defer close(out)
		defer sub.Close()
		ch := sub.Channel()
		for {
			select {
			case <-ctx.Done():
				return
			case m, ok := <-ch:
				if !ok {
					return
				}
				select {
				case out <- m.Payload:
				default:
				}
			}
		}
	}()
	return out, nil
}
