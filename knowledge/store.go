package knowledge

import (
	"context"
	"fmt"
	"sync"
)

// Store keeps the live knowledge base and the one before it.
type Store interface {
	// Live returns the live base, or ErrNotFound when nothing was published.
	Live(ctx context.Context) (*Base, error)
	// Publish makes b the live version in one step and returns its version.
	// The previous live version is kept for Rollback.
	Publish(ctx context.Context, b *Base) (string, error)
	// Rollback makes the previous version live again and returns it, or
	// ErrNotFound when there is no previous version.
	Rollback(ctx context.Context) (string, error)
}

// Watcher is a Store that can tell running bots a new version went live.
type Watcher interface {
	// Watch sends each newly published version until ctx ends.
	Watch(ctx context.Context) (<-chan string, error)
}

// Memory is an in-process Store.
type Memory struct {
	mu         sync.Mutex
	live, prev *Base
	subs       []chan string
}

var _ Store = (*Memory)(nil)
var _ Watcher = (*Memory)(nil)

// NewMemory returns an empty in-memory store.
func NewMemory() *Memory { return &Memory{} }

// Live implements Store.
func (m *Memory) Live(ctx context.Context) (*Base, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.live == nil {
		return nil, fmt.Errorf("live knowledge: %w", ErrNotFound)
	}
	return m.live, nil
}

// Publish implements Store.
func (m *Memory) Publish(ctx context.Context, b *Base) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.live != nil && m.live.Version != b.Version {
		m.prev = m.live
	}
	m.live = b
	m.notify(b.Version)
	return b.Version, nil
}

// Rollback implements Store.
func (m *Memory) Rollback(ctx context.Context) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.prev == nil {
		return "", fmt.Errorf("previous knowledge: %w", ErrNotFound)
	}
	m.live, m.prev = m.prev, m.live
	m.notify(m.live.Version)
	return m.live.Version, nil
}

func (m *Memory) notify(v string) {
	for _, c := range m.subs {
		select {
		case c <- v:
		default:
		}
	}
}

// Watch implements Watcher.
func (m *Memory) Watch(ctx context.Context) (<-chan string, error) {
	c := make(chan string, 4)
	m.mu.Lock()
	m.subs = append(m.subs, c)
	m.mu.Unlock()
	go func() {
		<-ctx.Done()
		m.mu.Lock()
		defer m.mu.Unlock()
		for i, s := range m.subs {
			if s == c {
				m.subs = append(m.subs[:i], m.subs[i+1:]...)
				break
			}
		}
	}()
	return c, nil
}
