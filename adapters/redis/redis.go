// Package redis keeps newcomerbot's shared state in Redis: the knowledge
// base (versions, the atomic switch, reload notices), sessions and the
// unanswered-question log. It is the only package that imports go-redis.
//
// Keys (all under the "nb:" prefix, one hash tag so a Cluster keeps them
// together where they are used together):
//
//	nb:{kb}:live            string  the live knowledge version
//	nb:{kb}:prev            string  the version before it (for rollback)
//	nb:{kb}:v:<version>     hash    field "base" = the whole base as JSON
//	nb:{kb}:reload          pub/sub channel announcing a new live version
//	nb:session:<user>       string  JSON session, expires after the retention
//	nb:unanswered           list    JSON unanswered questions, newest first, bounded
package redis

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/alicebob/miniredis/v2"
	goredis "github.com/redis/go-redis/v9"
)

// Client is a connection to Redis with newcomerbot's stores on it.
type Client struct {
	rdb       goredis.UniversalClient
	log       *slog.Logger
	retention time.Duration
	embedded  *miniredis.Miniredis
}

// Config configures Open.
type Config struct {
	URL       string        // redis:// or rediss://; empty: embedded in-memory Redis
	Retention time.Duration // session lifetime; default 30 days
	Logger    *slog.Logger
}

// Open connects to Redis and pings it, failing fast with a clear error.
// With an empty URL it starts an embedded, in-memory Redis (miniredis).
func Open(ctx context.Context, cfg Config) (*Client, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Retention <= 0 {
		cfg.Retention = 30 * 24 * time.Hour
	}
	routeClientLog(cfg.Logger)
	c := &Client{log: cfg.Logger, retention: cfg.Retention}
	url := cfg.URL
	if url == "" {
		m, err := miniredis.Run()
		if err != nil {
			return nil, fmt.Errorf("redis: start embedded: %w", err)
		}
		c.embedded = m
		url = "redis://" + m.Addr()
	}
	opt, err := goredis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("redis: REDIS_URL: %w", err)
	}
	opt.DialTimeout = 3 * time.Second
	opt.ReadTimeout = 3 * time.Second
	opt.WriteTimeout = 3 * time.Second
	opt.MaxRetries = 1
	c.rdb = goredis.NewClient(opt)
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := c.rdb.Ping(pctx).Err(); err != nil {
		c.Close()
		return nil, fmt.Errorf("redis: cannot reach %s: %w", opt.Addr, err)
	}
	return c, nil
}

// Embedded reports whether the client runs on the in-process Redis.
func (c *Client) Embedded() bool { return c.embedded != nil }

// Ping checks the connection.
func (c *Client) Ping(ctx context.Context) error { return c.rdb.Ping(ctx).Err() }

// Close closes the connection and stops the embedded Redis, if any.
func (c *Client) Close() error {
	err := c.rdb.Close()
	if c.embedded != nil {
		c.embedded.Close()
	}
	return err
}

func isNil(err error) bool { return errors.Is(err, goredis.Nil) }
