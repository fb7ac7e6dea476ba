package redis

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// quietLogger receives go-redis's own log lines (a failed dial is logged
// on every attempt) and passes at most one a minute to slog, so an outage
// is said once, not hundreds of times.
type quietLogger struct {
	mu   sync.Mutex
	log  *slog.Logger
	last time.Time
}

func (q *quietLogger) Printf(ctx context.Context, format string, v ...any) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if time.Since(q.last) < time.Minute {
		return
	}
	q.last = time.Now()
	q.log.Warn("redis client: "+fmt.Sprintf(format, v...), "note", "repeats suppressed for a minute")
}

// routeClientLog routes go-redis's process-wide logger through log. The
// library has one logger per process, so the first Open's logger wins.
func routeClientLog(log *slog.Logger) {
	clientLogOnce.Do(func() { goredis.SetLogger(&quietLogger{log: log}) })
}

var clientLogOnce sync.Once
