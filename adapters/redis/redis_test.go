package redis_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/newcomerbot/newcomerbot/adapters/redis"
	"github.com/newcomerbot/newcomerbot/adapters/redis/redistest"
	"github.com/newcomerbot/newcomerbot/bot"
	"github.com/newcomerbot/newcomerbot/knowledge"
	"github.com/newcomerbot/newcomerbot/knowledge/storetest"
)

// backends runs f against the embedded miniredis and a real redis-server.
func backends(t *testing.T, f func(t *testing.T, open func(t *testing.T) *redis.Client)) {
	t.Run("miniredis", func(t *testing.T) {
		f(t, func(t *testing.T) *redis.Client { return openClient(t, "", time.Hour) })
	})
	t.Run("redis-server", func(t *testing.T) {
		f(t, func(t *testing.T) *redis.Client { return openClient(t, redistest.Start(t).URL, time.Hour) })
	})
}

// openClient opens a client on url ("" for the embedded miniredis) and
// closes it when the test ends; closing it earlier is fine.
func openClient(t testing.TB, url string, retention time.Duration) *redis.Client {
	t.Helper()
	c, err := redis.Open(context.Background(), redis.Config{URL: url, Retention: retention})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestKnowledgeStoreConformance(t *testing.T) {
	backends(t, func(t *testing.T, open func(t *testing.T) *redis.Client) {
		storetest.Run(t, func(t *testing.T) knowledge.Store { return open(t).Knowledge() })
	})
}

func TestKnowledgeBundledRoundTrip(t *testing.T) {
	backends(t, func(t *testing.T, open func(t *testing.T) *redis.Client) {
		ctx := context.Background()
		b, err := knowledge.Bundled()
		if err != nil {
			t.Fatal(err)
		}
		k := open(t).Knowledge()
		if _, err := k.Publish(ctx, b); err != nil {
			t.Fatal(err)
		}
		got, err := k.Live(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != b.Version || len(got.Topics) != len(b.Topics) || len(got.Services) != len(b.Services) {
			t.Fatalf("got version %s with %d topics, %d services; want %s, %d, %d", got.Version, len(got.Topics), len(got.Services), b.Version, len(b.Topics), len(b.Services))
		}
		if probs := knowledge.Validate(got); len(probs) > 0 {
			t.Fatalf("the base read back from Redis is not valid: %v", probs)
		}
	})
}

func TestSessions(t *testing.T) {
	backends(t, func(t *testing.T, open func(t *testing.T) *redis.Client) {
		ctx := context.Background()
		s := open(t).Sessions()
		if _, err := s.Session(ctx, "telegram:1"); !errors.Is(err, bot.ErrNotFound) {
			t.Fatalf("missing session: got %v, want bot.ErrNotFound", err)
		}
		want := bot.Session{User: "telegram:1", Lang: "fr", Region: "ON", City: "Sudbury", Pending: []string{"sin", "taxes"}, NoticeShown: true}
		if err := s.SaveSession(ctx, want); err != nil {
			t.Fatal(err)
		}
		got, err := s.Session(ctx, "telegram:1")
		if err != nil {
			t.Fatal(err)
		}
		if got.Lang != "fr" || got.City != "Sudbury" || len(got.Pending) != 2 || !got.NoticeShown {
			t.Fatalf("got %+v, want %+v", got, want)
		}
		if err := s.Forget(ctx, "telegram:1"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Session(ctx, "telegram:1"); !errors.Is(err, bot.ErrNotFound) {
			t.Fatalf("after Forget: got %v, want bot.ErrNotFound", err)
		}
	})
}

func TestUnansweredIsBounded(t *testing.T) {
	backends(t, func(t *testing.T, open func(t *testing.T) *redis.Client) {
		ctx := context.Background()
		s := open(t).Sessions()
		for i := 0; i < bot.MaxUnanswered+5; i++ {
			if err := s.Record(ctx, bot.Unanswered{Text: "q", Lang: "en", Score: float64(i)}); err != nil {
				t.Fatal(err)
			}
		}
		all, err := s.Recent(ctx, 2*bot.MaxUnanswered)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != bot.MaxUnanswered {
			t.Fatalf("kept %d entries, want the bound %d", len(all), bot.MaxUnanswered)
		}
		if all[0].Score != float64(bot.MaxUnanswered+4) {
			t.Fatalf("newest first: got score %v", all[0].Score)
		}
	})
}

func TestPlatformDedupAndCursor(t *testing.T) {
	backends(t, func(t *testing.T, open func(t *testing.T) *redis.Client) {
		ctx := context.Background()
		p := open(t).Platform()
		first, err := p.First(ctx, "telegram:update:7", time.Hour)
		if err != nil || !first {
			t.Fatalf("first sight: got %v, %v", first, err)
		}
		again, err := p.First(ctx, "telegram:update:7", time.Hour)
		if err != nil || again {
			t.Fatalf("second sight: got %v, %v; want false", again, err)
		}
		if v, _ := p.Cursor(ctx, "telegram:offset"); v != "" {
			t.Fatalf("empty cursor: got %q", v)
		}
		if err := p.SetCursor(ctx, "telegram:offset", "42"); err != nil {
			t.Fatal(err)
		}
		if v, _ := p.Cursor(ctx, "telegram:offset"); v != "42" {
			t.Fatalf("cursor: got %q, want 42", v)
		}
	})
}

func TestOpenFailsFastOnUnreachableRedis(t *testing.T) {
	_, err := redis.Open(context.Background(), redis.Config{URL: "redis://127.0.0.1:1"})
	if err == nil {
		t.Fatal("Open on a closed port: want an error")
	}
}

func TestSessionsExpire(t *testing.T) {
	ctx := context.Background()
	c := openClient(t, redistest.Start(t).URL, time.Second)
	if err := c.Sessions().SaveSession(ctx, bot.Session{User: "discord:9"}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := c.Sessions().Session(ctx, "discord:9"); errors.Is(err, bot.ErrNotFound) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("session still there 5s after a 1s retention")
}
