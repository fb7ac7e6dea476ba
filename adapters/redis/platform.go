package redis

import (
	"context"
	"fmt"
	"time"

	"github.com/newcomerbot/newcomerbot/bot"
)

// Platform holds what chat adapters keep in Redis: delivery cursors and
// the ids of events already handled.
type Platform struct{ c *Client }

var (
	_ bot.Dedup   = (*Platform)(nil)
	_ bot.Cursors = (*Platform)(nil)
)

// Platform returns the adapter state store on c.
func (c *Client) Platform() *Platform { return &Platform{c: c} }

// First implements bot.Dedup with SET NX and an expiry.
func (p *Platform) First(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	ok, err := p.c.rdb.SetNX(ctx, "nb:seen:"+key, 1, ttl).Result()
	if err != nil {
		return false, fmt.Errorf("redis: dedup: %w", err)
	}
	return ok, nil
}

// Cursor implements bot.Cursors.
func (p *Platform) Cursor(ctx context.Context, name string) (string, error) {
	v, err := p.c.rdb.Get(ctx, "nb:cursor:"+name).Result()
	if isNil(err) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("redis: cursor %q: %w", name, err)
	}
	return v, nil
}

// SetCursor implements bot.Cursors.
func (p *Platform) SetCursor(ctx context.Context, name, value string) error {
	if err := p.c.rdb.Set(ctx, "nb:cursor:"+name, value, 0).Err(); err != nil {
		return fmt.Errorf("redis: cursor %q: %w", name, err)
	}
	return nil
}
