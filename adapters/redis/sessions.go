package redis

import (
	"context"
	"encoding/json"
	"fmt"

	goredis "github.com/redis/go-redis/v9"

	"github.com/newcomerbot/newcomerbot/bot"
)

const keyUnanswered = "nb:unanswered"

func keySession(user string) string { return "nb:session:" + user }

// Sessions stores bot sessions and the unanswered-question log in Redis.
type Sessions struct{ c *Client }

var (
	_ bot.Sessions      = (*Sessions)(nil)
	_ bot.UnansweredLog = (*Sessions)(nil)
)

// Sessions returns the session store on c.
func (c *Client) Sessions() *Sessions { return &Sessions{c: c} }

// Session implements bot.Sessions.
func (s *Sessions) Session(ctx context.Context, user string) (bot.Session, error) {
	data, err := s.c.rdb.Get(ctx, keySession(user)).Bytes()
	if isNil(err) {
		return bot.Session{}, bot.ErrNotFound
	}
	if err != nil {
		return bot.Session{}, fmt.Errorf("redis: session: %w", err)
	}
	var out bot.Session
	if err := json.Unmarshal(data, &out); err != nil {
		return bot.Session{}, fmt.Errorf("redis: session: %w", err)
	}
	return out, nil
}

// SaveSession implements bot.Sessions; the session expires after the retention.
func (s *Sessions) SaveSession(ctx context.Context, sess bot.Session) error {
	data, err := json.Marshal(sess)
	if err != nil {
		return fmt.Errorf("redis: session: %w", err)
	}
	if err := s.c.rdb.Set(ctx, keySession(sess.User), data, s.c.retention).Err(); err != nil {
		return fmt.Errorf("redis: save session: %w", err)
	}
	return nil
}

// Forget implements bot.Sessions.
func (s *Sessions) Forget(ctx context.Context, user string) error {
	if err := s.c.rdb.Del(ctx, keySession(user)).Err(); err != nil {
		return fmt.Errorf("redis: forget: %w", err)
	}
	return nil
}

// Record implements bot.UnansweredLog.
func (s *Sessions) Record(ctx context.Context, q bot.Unanswered) error {
	data, err := json.Marshal(q)
	if err != nil {
		return err
	}
	_, err = s.c.rdb.TxPipelined(ctx, func(p goredis.Pipeliner) error {
		p.LPush(ctx, keyUnanswered, data)
		p.LTrim(ctx, keyUnanswered, 0, bot.MaxUnanswered-1)
		p.Expire(ctx, keyUnanswered, s.c.retention)
		return nil
	})
	if err != nil {
		return fmt.Errorf("redis: record unanswered: %w", err)
	}
	return nil
}

// Recent implements bot.UnansweredLog.
func (s *Sessions) Recent(ctx context.Context, n int) ([]bot.Unanswered, error) {
	items, err := s.c.rdb.LRange(ctx, keyUnanswered, 0, int64(n-1)).Result()
	if err != nil {
		return nil, fmt.Errorf("redis: unanswered: %w", err)
	}
	out := make([]bot.Unanswered, 0, len(items))
	for _, it := range items {
		var q bot.Unanswered
		if json.Unmarshal([]byte(it), &q) == nil {
			out = append(out, q)
		}
	}
	return out, nil
}
