package bot

// Handoff to settlement workers.
//
// A newcomer who consents gets a Ticket: numbered, stored and queued by a
// TicketStore (Redis in adapters/redis, MemoryTickets here). A Desk posts
// each queued ticket to the workers' staff chats (one per platform, through
// the platform's Sender) with a Claim button, lets one listed worker claim
// it atomically, relays messages both ways across platforms, and closes it
// with an outcome; then the newcomer is back with the bot and may rate the
// conversation. Desk.Run also re-posts tickets nobody claimed within the SLA
// (counted in office hours only) and puts back in the queue a claimed
// ticket whose worker has not written for a day.

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strconv"
	"sync"
	"time"
)

// Errors of TicketStore and Desk.
var (
	// ErrTicketOpen is returned by TicketStore.Create when the person
	// already has an open ticket; the ticket returned is that one.
	ErrTicketOpen = errors.New("bot: the person already has an open ticket")
	// ErrClaimed is returned by TicketStore.Claim when another worker (or
	// the same one) has the ticket; the ticket returned says who.
	ErrClaimed = errors.New("bot: ticket already claimed")
	// ErrClosed is returned when a ticket is already closed.
	ErrClosed = errors.New("bot: ticket closed")
	// ErrNotClaimed is returned by TicketStore.Release when the ticket is
	// not claimed by the given worker.
	ErrNotClaimed = errors.New("bot: ticket not claimed by that worker")
)

// TicketStatus is where a ticket is in its life.
type TicketStatus string

// The ticket statuses.
const (
	TicketOpen    TicketStatus = "open"    // waiting in the queue for a worker
	TicketClaimed TicketStatus = "claimed" // a worker has it
	TicketClosed  TicketStatus = "closed"  // done (or withdrawn, or forgotten)
)

// Outcomes a ticket closes with. Workers choose the first four with /close;
// the bot sets the others.
const (
	OutcomeAnswered   = "answered"
	OutcomeReferred   = "referred"
	OutcomeFollowUp   = "follow-up booked"
	OutcomeNoResponse = "no response"
	OutcomeWithdrawn  = "withdrawn" // the newcomer cancelled
	OutcomeForgotten  = "forgotten" // the newcomer deleted their data
)

// Outcomes are the outcomes a worker may close a ticket with.
var Outcomes = []string{OutcomeAnswered, OutcomeReferred, OutcomeFollowUp, OutcomeNoResponse}

// Ticket is one newcomer's request for a settlement worker. It holds only
// what the newcomer agreed to share: never their name or username.
type Ticket struct {
	Number   int
	User     string   // the newcomer, platform:id
	Platform string   // the newcomer's platform
	Chat     string   // where to reach the newcomer privately on it
	Lang     string   // the newcomer's language
	Region   string   // province code, "" when unknown
	Topic    string   // the last knowledge topic, if any
	Question string   // the last question the bot could not answer, if that is why
	Recent   []string // the newcomer's last messages before the ticket
	Urgent   bool     // after a crisis reply, or crisis words while open
	Status   TicketStatus
	Worker   string // who claimed it, platform:id
	Outcome  string
	Rating   int // 1-5 from the newcomer after close; 0 when none

	Created time.Time
	Claimed time.Time
	Closed  time.Time
	Replied time.Time // the worker's last message to the newcomer
	// Posted is when the ticket last entered the queue (created, released)
	// or was last re-posted: the SLA counts from it.
	Posted time.Time
	// Messages are the ids of the ticket's latest post in each platform's
	// staff chat, by platform.
	Messages map[string]string
}

// Line is one entry of a ticket's transcript.
type Line struct {
	From string // LineNewcomer, LineWorker, LineNote
	By   string // the worker, for worker lines and notes
	Text string
	Time time.Time
}

// Who wrote a transcript line.
const (
	LineNewcomer = "newcomer"
	LineWorker   = "worker"
	LineNote     = "note" // a worker's note: kept with the ticket, never sent
)

// TicketMark sets bookkeeping fields of a ticket; zero fields are left as
// they are.
type TicketMark struct {
	Replied  time.Time
	Rating   int
	Urgent   bool
	Platform string // with Message: the ticket's post in that staff chat
	Message  string
}

// Queued is a ticket number taken from the posting queue, to be
// acknowledged once the ticket is posted.
type Queued struct {
	ID     string // the queue's id for the entry
	Number int
}

// TicketStore keeps tickets, their transcripts and the posting queue.
// Implementations make Create, Claim, Release, Close and Repost atomic, so
// that several bot replicas can share one store.
type TicketStore interface {
	// Create numbers t, stores it as t.User's open ticket and queues it
	// for posting; it returns the stored ticket. When the person already
	// has an open ticket it returns that one and ErrTicketOpen.
	Create(ctx context.Context, t Ticket) (Ticket, error)
	// Ticket returns ticket n, or ErrNotFound.
	Ticket(ctx context.Context, n int) (Ticket, error)
	// OpenTicket returns the person's open or claimed ticket, or ErrNotFound.
	OpenTicket(ctx context.Context, user string) (Ticket, error)
	// Active returns the open and claimed tickets, oldest first.
	Active(ctx context.Context) ([]Ticket, error)
	// Claim gives open ticket n to worker. It returns ErrClaimed with the
	// ticket when it is already claimed, ErrClosed when closed, ErrNotFound.
	// Of simultaneous claims exactly one succeeds.
	Claim(ctx context.Context, n int, worker string, at time.Time) (Ticket, error)
	// Release puts claimed ticket n back in the queue (Posted = at) when
	// worker has it, or any worker when worker is "". It returns
	// ErrNotClaimed otherwise, ErrNotFound.
	Release(ctx context.Context, n int, worker string, at time.Time) (Ticket, error)
	// Close closes ticket n with outcome and frees its person to open
	// another. It returns ErrClosed when already closed, ErrNotFound.
	Close(ctx context.Context, n int, outcome string, at time.Time) (Ticket, error)
	// Repost sets ticket n's Posted to at if it is still prev, and reports
	// whether it did: of several Desks, one re-posts. ErrNotFound.
	Repost(ctx context.Context, n int, prev, at time.Time) (bool, error)
	// Mark sets the non-zero fields of m on ticket n (and links
	// m.Platform/m.Message to it); ErrNotFound.
	Mark(ctx context.Context, n int, m TicketMark) error
	// Link records that the staff message msg on platform belongs to
	// ticket n, for replies to it.
	Link(ctx context.Context, n int, platform, msg string) error
	// Linked returns the ticket a staff message belongs to, or ErrNotFound.
	Linked(ctx context.Context, platform, msg string) (int, error)
	// Append adds a line to ticket n's transcript; ErrNotFound.
	Append(ctx context.Context, n int, l Line) error
	// Transcript returns ticket n's transcript in order (empty when none).
	Transcript(ctx context.Context, n int) ([]Line, error)
	// Forget closes the person's open ticket (outcome forgotten), deletes
	// the transcripts of all their tickets and what identifies them, and
	// returns the numbers of the tickets that were open or claimed.
	Forget(ctx context.Context, user string) ([]int, error)
	// Next returns queued tickets for consumer: entries another consumer
	// took but did not acknowledge for longer than idle (it died), then
	// new ones, waiting up to wait for one. Each entry goes to one
	// consumer at a time.
	Next(ctx context.Context, consumer string, idle, wait time.Duration) ([]Queued, error)
	// Ack removes an entry from the queue once its ticket is posted.
	Ack(ctx context.Context, q Queued) error
}

// MemoryTickets is an in-memory TicketStore for tests and the console.
type MemoryTickets struct {
	Now func() time.Time // the clock for queue idle times; nil: time.Now

	mu          sync.Mutex
	seq         int
	tickets     map[int]*Ticket
	transcripts map[int][]Line
	byUser      map[string]int
	links       map[string]int
	queue       []*memEntry
	qseq        int
	changed     chan struct{}
}

type memEntry struct {
	id        string
	n         int
	consumer  string
	delivered time.Time
}

var _ TicketStore = (*MemoryTickets)(nil)

// NewMemoryTickets returns an empty store.
func NewMemoryTickets() *MemoryTickets {
	return &MemoryTickets{
		tickets: map[int]*Ticket{}, transcripts: map[int][]Line{}, byUser: map[string]int{},
		links: map[string]int{}, changed: make(chan struct{}),
	}
}

func (m *MemoryTickets) now() time.Time {
	if m.Now != nil {
		return m.Now()
	}
	return time.Now()
}

func copyTicket(t *Ticket) Ticket {
	c := *t
	c.Recent = slices.Clone(t.Recent)
	c.Messages = make(map[string]string, len(t.Messages))
	for k, v := range t.Messages {
		c.Messages[k] = v
	}
	return c
}

func active(t *Ticket) bool { return t.Status == TicketOpen || t.Status == TicketClaimed }

// Create implements TicketStore.
func (m *MemoryTickets) Create(ctx context.Context, t Ticket) (Ticket, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if n, ok := m.byUser[t.User]; ok && active(m.tickets[n]) {
		return copyTicket(m.tickets[n]), ErrTicketOpen
	}
	m.seq++
	t.Number, t.Status = m.seq, TicketOpen
	if t.Posted.IsZero() {
		t.Posted = t.Created
	}
	t.Messages = map[string]string{}
	m.tickets[t.Number] = &t
	m.byUser[t.User] = t.Number
	m.qseq++
	m.queue = append(m.queue, &memEntry{id: strconv.Itoa(m.qseq), n: t.Number})
	close(m.changed)
	m.changed = make(chan struct{})
	return copyTicket(&t), nil
}

// Ticket implements TicketStore.
func (m *MemoryTickets) Ticket(ctx context.Context, n int) (Ticket, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.tickets[n]
	if !ok {
		return Ticket{}, ErrNotFound
	}
	return copyTicket(t), nil
}

// OpenTicket implements TicketStore.
func (m *MemoryTickets) OpenTicket(ctx context.Context, user string) (Ticket, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n, ok := m.byUser[user]
	if !ok || !active(m.tickets[n]) {
		return Ticket{}, ErrNotFound
	}
	return copyTicket(m.tickets[n]), nil
}

// Active implements TicketStore.
func (m *MemoryTickets) Active(ctx context.Context) ([]Ticket, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Ticket
	for _, t := range m.tickets {
		if active(t) {
			out = append(out, copyTicket(t))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Number < out[j].Number })
	return out, nil
}

// Claim implements TicketStore.
func (m *MemoryTickets) Claim(ctx context.Context, n int, worker string, at time.Time) (Ticket, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.tickets[n]
	switch {
	case !ok:
		return Ticket{}, ErrNotFound
	case t.Status == TicketClosed:
		return copyTicket(t), ErrClosed
	case t.Status == TicketClaimed:
		return copyTicket(t), ErrClaimed
	}
	t.Status, t.Worker, t.Claimed, t.Replied = TicketClaimed, worker, at, time.Time{}
	return copyTicket(t), nil
}

// Release implements TicketStore.
func (m *MemoryTickets) Release(ctx context.Context, n int, worker string, at time.Time) (Ticket, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.tickets[n]
	if !ok {
		return Ticket{}, ErrNotFound
	}
	if t.Status != TicketClaimed || (worker != "" && t.Worker != worker) {
		return copyTicket(t), ErrNotClaimed
	}
	t.Status, t.Worker, t.Claimed, t.Replied, t.Posted = TicketOpen, "", time.Time{}, time.Time{}, at
	return copyTicket(t), nil
}

// Close implements TicketStore.
func (m *MemoryTickets) Close(ctx context.Context, n int, outcome string, at time.Time) (Ticket, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.tickets[n]
	if !ok {
		return Ticket{}, ErrNotFound
	}
	if t.Status == TicketClosed {
		return copyTicket(t), ErrClosed
	}
	t.Status, t.Outcome, t.Closed = TicketClosed, outcome, at
	if m.byUser[t.User] == n {
		delete(m.byUser, t.User)
	}
	return copyTicket(t), nil
}

// Repost implements TicketStore.
func (m *MemoryTickets) Repost(ctx context.Context, n int, prev, at time.Time) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.tickets[n]
	if !ok {
		return false, ErrNotFound
	}
	if !t.Posted.Equal(prev) {
		return false, nil
	}
	t.Posted = at
	return true, nil
}

// Mark implements TicketStore.
func (m *MemoryTickets) Mark(ctx context.Context, n int, mk TicketMark) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.tickets[n]
	if !ok {
		return ErrNotFound
	}
	if !mk.Replied.IsZero() {
		t.Replied = mk.Replied
	}
	if mk.Rating != 0 {
		t.Rating = mk.Rating
	}
	if mk.Urgent {
		t.Urgent = true
	}
	if mk.Platform != "" && mk.Message != "" {
		t.Messages[mk.Platform] = mk.Message
		m.links[mk.Platform+":"+mk.Message] = n
	}
	return nil
}

// Link implements TicketStore.
func (m *MemoryTickets) Link(ctx context.Context, n int, platform, msg string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.links[platform+":"+msg] = n
	return nil
}

// Linked implements TicketStore.
func (m *MemoryTickets) Linked(ctx context.Context, platform, msg string) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n, ok := m.links[platform+":"+msg]
	if !ok {
		return 0, ErrNotFound
	}
	return n, nil
}

// Append implements TicketStore.
func (m *MemoryTickets) Append(ctx context.Context, n int, l Line) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.tickets[n]; !ok {
		return ErrNotFound
	}
	m.transcripts[n] = append(m.transcripts[n], l)
	return nil
}

// Transcript implements TicketStore.
func (m *MemoryTickets) Transcript(ctx context.Context, n int) ([]Line, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.transcripts[n]), nil
}

// Forget implements TicketStore.
func (m *MemoryTickets) Forget(ctx context.Context, user string) ([]int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var was []int
	for n, t := range m.tickets {
		if t.User != user {
			continue
		}
		if active(t) {
			was = append(was, n)
			t.Status, t.Outcome, t.Closed = TicketClosed, OutcomeForgotten, m.now()
		}
		t.User, t.Chat, t.Topic, t.Question, t.Recent = "", "", "", "", nil
		delete(m.transcripts, n)
	}
	delete(m.byUser, user)
	sort.Ints(was)
	return was, nil
}

// Next implements TicketStore. It waits for a new entry up to wait.
func (m *MemoryTickets) Next(ctx context.Context, consumer string, idle, wait time.Duration) ([]Queued, error) {
	deadline := time.NewTimer(max(wait, 0))
	defer deadline.Stop()
	for {
		m.mu.Lock()
		now := m.now()
		var out []Queued
		for _, e := range m.queue {
			if e.consumer == "" || now.Sub(e.delivered) >= idle {
				e.consumer, e.delivered = consumer, now
				out = append(out, Queued{ID: e.id, Number: e.n})
			}
		}
		ch := m.changed
		m.mu.Unlock()
		if len(out) > 0 || wait <= 0 {
			return out, nil
		}
		select {
		case <-ch:
		case <-deadline.C:
			return nil, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// Ack implements TicketStore.
func (m *MemoryTickets) Ack(ctx context.Context, q Queued) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.queue = slices.DeleteFunc(m.queue, func(e *memEntry) bool { return e.id == q.ID })
	return nil
}
