package bot

import (
	"context"
	"errors"
	"sync"
	"time"
	"unicode/utf8"
)

// ErrNotFound is returned by stores for a session or ticket that does not exist.
var ErrNotFound = errors.New("bot: not found")

// Session is what the bot remembers about one person between messages.
type Session struct {
	User        string   `json:"user"`
	Lang        string   `json:"lang,omitempty"` // chosen with /language or the last detected language
	LangChosen  bool     `json:"lang_chosen,omitempty"`
	Region      string   `json:"region,omitempty"` // province code
	City        string   `json:"city,omitempty"`
	Pending     []string `json:"pending,omitempty"` // topics offered in a clarification
	NoticeShown bool     `json:"notice_shown,omitempty"`
	AskedRegion bool     `json:"asked_region,omitempty"`
	RegionFor   string   `json:"region_for,omitempty"` // the regional topic answered while the bot asked for the province
	LastTopic   string   `json:"last_topic,omitempty"`
	Fallbacks   int      `json:"fallbacks,omitempty"` // in a row
	// Recent are the person's last messages (at most MaxRecent), shared
	// with a settlement worker only when they consent to a handoff.
	Recent  []string  `json:"recent,omitempty"`
	Updated time.Time `json:"updated"`
}

// MaxRecent is how many of a person's last messages a Session keeps, and
// MaxRecentLen how many bytes of each.
const (
	MaxRecent    = 3
	MaxRecentLen = 500
)

// remember adds text to the session's recent messages.
func (s *Session) remember(text string) {
	if text == "" {
		return
	}
	if len(text) > MaxRecentLen {
		cut := MaxRecentLen
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut] + "…"
	}
	s.Recent = append(s.Recent, text)
	if len(s.Recent) > MaxRecent {
		s.Recent = s.Recent[len(s.Recent)-MaxRecent:]
	}
}

// Sessions stores sessions. Implementations expire a session after the
// retention period without activity.
type Sessions interface {
	// Session returns the session of user, or ErrNotFound.
	Session(ctx context.Context, user string) (Session, error)
	// SaveSession stores s under s.User.
	SaveSession(ctx context.Context, s Session) error
	// Forget deletes everything stored about user; no error if nothing was.
	Forget(ctx context.Context, user string) error
}

// Unanswered is a question the bot could not answer, kept for curators
// without anything that identifies who asked.
type Unanswered struct {
	Text   string    `json:"text"`
	Lang   string    `json:"lang"`
	Region string    `json:"region,omitempty"`
	Best   string    `json:"best,omitempty"` // the closest topic
	Score  float64   `json:"score"`
	Time   time.Time `json:"time"`
}

// UnansweredLog records unanswered questions.
type UnansweredLog interface {
	// Record keeps q; the oldest entries are dropped past a bound.
	Record(ctx context.Context, q Unanswered) error
	// Recent returns up to n entries, newest first.
	Recent(ctx context.Context, n int) ([]Unanswered, error)
}

// MemorySessions is an in-memory Sessions and UnansweredLog, for tests
// and as the engine's fallback while Redis is away.
type MemorySessions struct {
	mu         sync.Mutex
	sessions   map[string]Session
	unanswered []Unanswered
}

var (
	_ Sessions      = (*MemorySessions)(nil)
	_ UnansweredLog = (*MemorySessions)(nil)
)

// NewMemorySessions returns an empty store.
func NewMemorySessions() *MemorySessions {
	return &MemorySessions{sessions: map[string]Session{}}
}

// Session implements Sessions.
func (m *MemorySessions) Session(ctx context.Context, user string) (Session, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sessions[user]
	if !ok {
		return Session{}, ErrNotFound
	}
	return s, nil
}

// SaveSession implements Sessions.
func (m *MemorySessions) SaveSession(ctx context.Context, s Session) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sessions[s.User] = s
	return nil
}

// Forget implements Sessions.
func (m *MemorySessions) Forget(ctx context.Context, user string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.sessions, user)
	return nil
}

// Record implements UnansweredLog.
func (m *MemorySessions) Record(ctx context.Context, q Unanswered) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.unanswered = append(m.unanswered, q)
	if len(m.unanswered) > MaxUnanswered {
		m.unanswered = m.unanswered[len(m.unanswered)-MaxUnanswered:]
	}
	return nil
}

// Recent implements UnansweredLog.
func (m *MemorySessions) Recent(ctx context.Context, n int) ([]Unanswered, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Unanswered
	for i := len(m.unanswered) - 1; i >= 0 && len(out) < n; i-- {
		out = append(out, m.unanswered[i])
	}
	return out, nil
}

// MaxUnanswered bounds the unanswered-question log.
const MaxUnanswered = 1000

// MemoryPlatform is an in-memory Dedup and Cursors for tests.
type MemoryPlatform struct {
	mu      sync.Mutex
	seen    map[string]time.Time
	cursors map[string]string
	Now     func() time.Time
}

var (
	_ Dedup   = (*MemoryPlatform)(nil)
	_ Cursors = (*MemoryPlatform)(nil)
)

// NewMemoryPlatform returns an empty store.
func NewMemoryPlatform() *MemoryPlatform {
	return &MemoryPlatform{seen: map[string]time.Time{}, cursors: map[string]string{}, Now: time.Now}
}

// First implements Dedup.
func (m *MemoryPlatform) First(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.Now()
	if until, ok := m.seen[key]; ok && now.Before(until) {
		return false, nil
	}
	m.seen[key] = now.Add(ttl)
	return true, nil
}

// Cursor implements Cursors.
func (m *MemoryPlatform) Cursor(ctx context.Context, name string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.cursors[name], nil
}

// SetCursor implements Cursors.
func (m *MemoryPlatform) SetCursor(ctx context.Context, name, value string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cursors[name] = value
	return nil
}
