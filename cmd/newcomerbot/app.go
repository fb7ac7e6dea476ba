package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/newcomerbot/newcomerbot/adapters/redis"
	"github.com/newcomerbot/newcomerbot/bot"
	"github.com/newcomerbot/newcomerbot/knowledge"
)

// app is the wired program: Redis, the knowledge store and the engine.
type app struct {
	cfg    Config
	log    *slog.Logger
	redis  *redis.Client
	engine *bot.Engine
	desk   *bot.Desk // nil without a staff chat (HANDOFF_*)
	// senders deliver replies outside a request (handoff relays), by
	// platform name; each adapter's start function registers itself.
	senders map[string]bot.Sender
}

func newLogger(cfg Config, stderr io.Writer, quiet bool) *slog.Logger {
	level := cfg.LogLevel
	if quiet && level < slog.LevelWarn {
		level = slog.LevelWarn
	}
	return slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
}

// loadDir reads a knowledge directory, or the bundled one when dir is "".
func loadDir(dir string) (*knowledge.Base, error) {
	if dir == "" {
		return knowledge.Bundled()
	}
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("knowledge directory: %w", err)
	}
	return knowledge.Load(os.DirFS(dir))
}

// open connects to Redis (embedded without REDIS_URL), makes sure a
// knowledge base is live (KB_DIR or the bundled one when Redis has none, or
// always when embedded) and builds the engine.
func open(ctx context.Context, cfg Config, log *slog.Logger, stderr io.Writer) (*app, error) {
	rc, err := redis.Open(ctx, redis.Config{URL: cfg.RedisURL, Retention: cfg.Retention, Logger: log})
	if err != nil {
		return nil, err
	}
	if rc.Embedded() {
		fmt.Fprintln(stderr, "newcomerbot: REDIS_URL is not set: using an embedded in-memory Redis; nothing is persisted.")
	}
	a := &app{cfg: cfg, log: log, redis: rc, senders: map[string]bot.Sender{}}
	store := rc.Knowledge()
	_, liveErr := store.Live(ctx)
	if rc.Embedded() || cfg.KBDir != "" || errors.Is(liveErr, knowledge.ErrNotFound) {
		b, err := loadDir(cfg.KBDir)
		if err != nil {
			rc.Close()
			return nil, err
		}
		if _, err := store.Publish(ctx, b); err != nil {
			rc.Close()
			return nil, err
		}
	} else if liveErr != nil {
		rc.Close()
		return nil, liveErr
	}
	sessions := rc.Sessions()
	a.desk, err = newDesk(cfg, rc, a.senders, log)
	if err != nil {
		rc.Close()
		return nil, err
	}
	var handoffs bot.Handoffs
	if a.desk != nil {
		handoffs = a.desk
	}
	a.engine, err = bot.New(ctx, bot.Config{
		Knowledge:  store,
		Sessions:   sessions,
		Unanswered: sessions,
		Handoffs:   handoffs,
		Logger:     log,
		Retention:  cfg.Retention,
	})
	if err != nil {
		rc.Close()
		return nil, err
	}
	return a, nil
}

func (a *app) Close() error { return a.redis.Close() }

// forget deletes what is kept about a person who left (a chat that blocked
// the bot): the session, and any open handoff ticket with its transcript.
func (a *app) forget(ctx context.Context, user string) error {
	err := a.redis.Sessions().Forget(ctx, user)
	if a.desk != nil {
		err = errors.Join(err, a.desk.Forget(ctx, user))
	}
	return err
}
