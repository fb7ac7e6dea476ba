package bot

import (
	"context"
	"time"
)

// Handler answers messages; *Engine is one. Adapters depend on this, not
// on the Engine, so they can be tested with a fake.
type Handler interface {
	Handle(ctx context.Context, in Incoming) ([]Reply, error)
}

// Sender delivers replies to a chat on one platform; adapters implement it
// so that replies can be pushed outside a request (handoff relays).
type Sender interface {
	// Send delivers the replies to chat and returns the ids of the messages
	// it created, in order.
	Send(ctx context.Context, chat string, replies []Reply) ([]string, error)
}

// Dedup remembers keys for a while, so that an event delivered twice (a
// webhook retry, two replicas) is handled once.
type Dedup interface {
	// First reports whether key is seen for the first time within ttl, and
	// marks it seen.
	First(ctx context.Context, key string, ttl time.Duration) (bool, error)
}

// Cursors keep a named position that must survive a restart, such as the
// Telegram update offset.
type Cursors interface {
	// Cursor returns the stored value, or "" when there is none.
	Cursor(ctx context.Context, name string) (string, error)
	// SetCursor stores value under name.
	SetCursor(ctx context.Context, name, value string) error
}
