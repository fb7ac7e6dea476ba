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
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/newcomerbot/newcomerbot/intents"
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

// OfficeHours are when settlement workers answer: some days of the week,
// one time range, in one time zone. The zero value means always.
type OfficeHours struct {
	days       [7]bool // by time.Weekday
	start, end int     // minutes after midnight; end may be 24*60
	loc        *time.Location
}

var dayAbbr = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// ParseOfficeHours reads a setting such as "Mon-Fri 09:00-17:00
// America/Toronto": days (a range or a comma-separated list of English day
// names or their first three letters), a time range, and an IANA time zone
// (default UTC). An empty setting means always open.
func ParseOfficeHours(spec string) (OfficeHours, error) {
	var h OfficeHours
	fields := strings.Fields(spec)
	if len(fields) == 0 {
		return h, nil
	}
	bad := func(why string) (OfficeHours, error) {
		return OfficeHours{}, fmt.Errorf("office hours %q: %s (want e.g. \"Mon-Fri 09:00-17:00 America/Toronto\")", spec, why)
	}
	if len(fields) < 2 || len(fields) > 3 {
		return bad("want days, hours and a time zone")
	}
	for _, part := range strings.Split(strings.ToLower(fields[0]), ",") {
		from, to, isRange := strings.Cut(part, "-")
		a, b := weekday(from), weekday(to)
		if !isRange {
			b = a
		}
		if a < 0 || b < 0 {
			return bad("unknown day " + strconv.Quote(part))
		}
		for d := a; ; d = (d + 1) % 7 {
			h.days[d] = true
			if d == b {
				break
			}
		}
	}
	from, to, ok := strings.Cut(fields[1], "-")
	var err1, err2 error
	h.start, err1 = clockMinutes(from)
	h.end, err2 = clockMinutes(to)
	if !ok || err1 != nil || err2 != nil {
		return bad("hours must be HH:MM-HH:MM")
	}
	if h.end <= h.start {
		return bad("the end of the day must come after its start")
	}
	h.loc = time.UTC
	if len(fields) == 3 {
		loc, err := time.LoadLocation(fields[2])
		if err != nil {
			return bad("unknown time zone " + strconv.Quote(fields[2]))
		}
		h.loc = loc
	}
	return h, nil
}

func weekday(s string) int {
	s = strings.TrimSpace(s)
	if len(s) < 3 {
		return -1
	}
	for i, d := range dayAbbr {
		if strings.HasPrefix(s, d) {
			return i
		}
	}
	return -1
}

func clockMinutes(s string) (int, error) {
	hh, mm, ok := strings.Cut(s, ":")
	h, err1 := strconv.Atoi(hh)
	m, err2 := strconv.Atoi(mm)
	if !ok || err1 != nil || err2 != nil || h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m > 0) {
		return 0, fmt.Errorf("bad time %q", s)
	}
	return h*60 + m, nil
}

// Always reports whether h is the zero value: always open.
func (h OfficeHours) Always() bool { return h.loc == nil }

// window returns the office window on the local day of t.
func (h OfficeHours) window(t time.Time) (start, end time.Time, ok bool) {
	l := t.In(h.loc)
	if !h.days[l.Weekday()] {
		return time.Time{}, time.Time{}, false
	}
	day := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, h.loc)
	start = time.Date(l.Year(), l.Month(), l.Day(), h.start/60, h.start%60, 0, 0, h.loc)
	if h.end == 24*60 {
		end = day.AddDate(0, 0, 1)
	} else {
		end = time.Date(l.Year(), l.Month(), l.Day(), h.end/60, h.end%60, 0, 0, h.loc)
	}
	return start, end, true
}

// IsOpen reports whether t is inside office hours.
func (h OfficeHours) IsOpen(t time.Time) bool {
	if h.Always() {
		return true
	}
	s, e, ok := h.window(t)
	return ok && !t.Before(s) && t.Before(e)
}

// NextOpen returns t when office hours are open then, else when they next
// open.
func (h OfficeHours) NextOpen(t time.Time) time.Time {
	if h.IsOpen(t) {
		return t
	}
	for i := 0; i < 8; i++ {
		l := t.In(h.loc)
		d := time.Date(l.Year(), l.Month(), l.Day()+i, 12, 0, 0, 0, h.loc)
		if s, _, ok := h.window(d); ok && s.After(t) {
			return s
		}
	}
	return t // no working day at all: cannot happen after Parse
}

// Between returns how much office time passes from a to b.
func (h OfficeHours) Between(a, b time.Time) time.Duration {
	if !b.After(a) {
		return 0
	}
	if h.Always() {
		return b.Sub(a)
	}
	var total time.Duration
	la := a.In(h.loc)
	for i := 0; ; i++ {
		d := time.Date(la.Year(), la.Month(), la.Day()+i, 12, 0, 0, 0, h.loc)
		s, e, ok := h.window(d)
		if ok {
			lo, hi := maxTime(s, a), minTime(e, b)
			if hi.After(lo) {
				total += hi.Sub(lo)
			}
		}
		if !time.Date(la.Year(), la.Month(), la.Day()+i+1, 0, 0, 0, 0, h.loc).Before(b) {
			return total
		}
	}
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// Describe says in lang when workers answer: "Monday to Friday,
// 9:00–17:00 Toronto time". "" when always open.
func (h OfficeHours) Describe(lang string) string {
	if h.Always() {
		return ""
	}
	if lang != "fr" {
		lang = "en"
	}
	return msg(lang, "hours_describe", h.dayList(lang), clockText(lang, h.start), clockText(lang, h.end), h.place())
}

// place names the time zone by its city: "Toronto".
func (h OfficeHours) place() string {
	name := h.loc.String()
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	return strings.ReplaceAll(name, "_", " ")
}

// dayList names the working days: "Monday to Friday", "du lundi au vendredi".
func (h OfficeHours) dayList(lang string) string {
	all := true
	for _, d := range h.days {
		all = all && d
	}
	if all {
		return msg(lang, "days_all")
	}
	// Runs of consecutive days, Monday first.
	var runs [][2]int
	for i := 0; i < 7; i++ {
		d := (i + 1) % 7
		if !h.days[d] {
			continue
		}
		if len(runs) > 0 && runs[len(runs)-1][1] == (d+6)%7 && i > 0 {
			runs[len(runs)-1][1] = d
			continue
		}
		runs = append(runs, [2]int{d, d})
	}
	var parts []string
	for _, r := range runs {
		if r[0] == r[1] {
			parts = append(parts, msg(lang, "days_one", dayName(lang, r[0])))
		} else {
			parts = append(parts, msg(lang, "days_range", dayName(lang, r[0]), dayName(lang, r[1])))
		}
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + msg(lang, "and") + parts[len(parts)-1]
}

func dayName(lang string, d int) string {
	names, ok := dayNames[lang]
	if !ok {
		names = dayNames["en"]
	}
	return names[d]
}

// clockText writes minutes after midnight as "9:00" (en) or "9 h" (fr).
func clockText(lang string, m int) string {
	if lang == "fr" {
		if m%60 == 0 {
			return fmt.Sprintf("%d h", m/60)
		}
		return fmt.Sprintf("%d h %02d", m/60, m%60)
	}
	return fmt.Sprintf("%d:%02d", m/60, m%60)
}

// Expect tells a newcomer honestly, in lang, when a person will reply:
// now, or when the office next opens ("it is Saturday, so expect a reply
// on Monday from 9:00"). "" when always open.
func (h OfficeHours) Expect(lang string, now time.Time) string {
	if h.Always() {
		return ""
	}
	if lang != "fr" {
		lang = "en"
	}
	desc := h.Describe(lang)
	if h.IsOpen(now) {
		return msg(lang, "hours_open", desc)
	}
	l := now.In(h.loc)
	var it string
	if h.days[l.Weekday()] {
		it = msg(lang, "hours_now_time", clockText(lang, l.Hour()*60+l.Minute()), dayName(lang, int(l.Weekday())))
	} else {
		it = msg(lang, "hours_now_day", dayName(lang, int(l.Weekday())))
	}
	next := h.NextOpen(now).In(h.loc)
	today := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, h.loc)
	nday := time.Date(next.Year(), next.Month(), next.Day(), 0, 0, 0, 0, h.loc)
	from := clockText(lang, h.start)
	var when string
	switch days := int(nday.Sub(today).Hours()/24 + 0.5); days {
	case 0:
		when = msg(lang, "when_today", from)
	case 1:
		when = msg(lang, "when_tomorrow", dayName(lang, int(next.Weekday())), from)
	default:
		when = msg(lang, "when_day", dayName(lang, int(next.Weekday())), from)
	}
	return msg(lang, "hours_closed", desc, it, when)
}

// StaffHandler takes messages and button presses from the settlement
// workers' chats (Incoming.Staff). The Engine gives them to its Handoffs
// when it implements this, before anything else.
type StaffHandler interface {
	Staff(ctx context.Context, in Incoming) ([]Reply, error)
}

// HandoffForgetter is a Handoffs that can delete what it keeps about a
// person; /forget uses it instead of Cancel.
type HandoffForgetter interface {
	Forget(ctx context.Context, user string) error
}

// HandoffRater is a Handoffs that records a newcomer's rating (1-5) of a
// closed ticket.
type HandoffRater interface {
	Rate(ctx context.Context, user string, ticket, score int) error
}

// Answerer writes the knowledge answer for a topic, for a worker's /kb;
// the Engine is one.
type Answerer interface {
	AnswerText(topic, lang, region string) (string, error)
}

// DeskConfig is what a Desk needs.
type DeskConfig struct {
	Store TicketStore
	// Senders deliver to chats by platform ("telegram", "discord"). The
	// Desk reads the map, never changes it; fill it before Run.
	Senders map[string]Sender
	// StaffChats are the settlement workers' chats by platform.
	StaffChats map[string]string
	// Workers may claim, answer and close tickets: "telegram:123".
	Workers []string
	Hours   OfficeHours
	SLA     time.Duration // re-post an unclaimed ticket after this much office time; default 15m
	Reclaim time.Duration // a claimed ticket without a worker reply this long goes back to the queue; default 24h
	Idle    time.Duration // take over queue entries another Desk took and left this long; default 1m
	Poll    time.Duration // one wait for new queue entries; default 1s
	Sweep   time.Duration // how often Run checks the SLA and reclaims; default 30s
	// Consumer names this Desk in the queue; default host-pid-random.
	Consumer string
	Answers  Answerer // nil: the Engine's, when the Desk is its Handoffs
	Now      func() time.Time
	Logger   *slog.Logger
}

// Desk is the settlement workers' desk: it implements Handoffs for the
// Engine, StaffHandler for workers' messages, and posts tickets in Run.
// It is safe for concurrent use, and several Desks (bot replicas) may
// share one TicketStore.
type Desk struct {
	cfg     DeskConfig
	log     *slog.Logger
	workers map[string]bool
	mu      sync.Mutex
	answers Answerer
}

var (
	_ Handoffs         = (*Desk)(nil)
	_ StaffHandler     = (*Desk)(nil)
	_ HandoffForgetter = (*Desk)(nil)
	_ HandoffRater     = (*Desk)(nil)
)

// NewDesk checks the configuration and returns a Desk.
func NewDesk(cfg DeskConfig) (*Desk, error) {
	if cfg.Store == nil {
		return nil, errors.New("bot: desk: no ticket store")
	}
	if len(cfg.StaffChats) == 0 {
		return nil, errors.New("bot: desk: no staff chat to post tickets to")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Senders == nil {
		cfg.Senders = map[string]Sender{}
	}
	if cfg.SLA <= 0 {
		cfg.SLA = 15 * time.Minute
	}
	if cfg.Reclaim <= 0 {
		cfg.Reclaim = 24 * time.Hour
	}
	if cfg.Idle <= 0 {
		cfg.Idle = time.Minute
	}
	if cfg.Poll <= 0 {
		cfg.Poll = time.Second
	}
	if cfg.Sweep <= 0 {
		cfg.Sweep = 30 * time.Second
	}
	if cfg.Consumer == "" {
		host, _ := os.Hostname()
		b := make([]byte, 4)
		_, _ = rand.Read(b)
		cfg.Consumer = fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b))
	}
	d := &Desk{cfg: cfg, log: cfg.Logger.With("part", "handoff"), workers: map[string]bool{}, answers: cfg.Answers}
	for _, w := range cfg.Workers {
		if w = strings.TrimSpace(w); w != "" {
			d.workers[w] = true
		}
	}
	return d, nil
}

// useAnswers sets the Answerer when none was configured (the Engine does
// this for the Desk it is given).
func (d *Desk) useAnswers(a Answerer) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.answers == nil {
		d.answers = a
	}
}

func (d *Desk) answerer() Answerer {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.answers
}

// Open implements Handoffs.
func (d *Desk) Open(ctx context.Context, user string) (bool, error) {
	_, err := d.cfg.Store.OpenTicket(ctx, user)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// privateChat is where the newcomer is reached privately: their chat,
// or, when they wrote in a group, their private chat on the platform.
func privateChat(in Incoming) string {
	if !in.Group {
		return in.Chat
	}
	id := strings.TrimPrefix(in.User, in.Platform+":")
	if in.Platform == "discord" {
		return in.User // the Discord sender opens a direct message for "discord:ID"
	}
	return id // a Telegram user's private chat has their id
}

// Request implements Handoffs: it opens a ticket with what the newcomer
// agreed to share (language, province, topic, last messages; never their
// name) and tells them their place in the queue and when to expect a reply.
func (d *Desk) Request(ctx context.Context, in Incoming, s Session, urgent bool) (string, error) {
	lang := s.Lang
	if lang == "" {
		lang = "en"
	}
	now := d.cfg.Now()
	t := Ticket{
		User: in.User, Platform: in.Platform, Chat: privateChat(in), Lang: lang, Region: s.Region,
		Topic: s.LastTopic, Recent: slices.Clone(s.Recent), Urgent: urgent, Created: now, Posted: now,
	}
	if s.Fallbacks > 0 && len(s.Recent) > 0 {
		t.Question = s.Recent[len(s.Recent)-1]
	}
	t, err := d.cfg.Store.Create(ctx, t)
	if errors.Is(err, ErrTicketOpen) {
		return msg(lang, "handoff_already", t.Number), nil
	}
	if err != nil {
		return "", fmt.Errorf("handoff: create ticket: %w", err)
	}
	d.log.Info("ticket opened", "ticket", t.Number, "platform", t.Platform, "lang", t.Lang, "region", t.Region, "urgent", t.Urgent)
	place := 1
	if all, err := d.cfg.Store.Active(ctx); err == nil {
		place = 0
		for _, o := range all {
			if o.Status == TicketOpen && o.Number <= t.Number {
				place++
			}
		}
	}
	parts := []string{msg(lang, "handoff_queued", t.Number, max(place, 1))}
	if e := d.cfg.Hours.Expect(lang, now); e != "" {
		parts = append(parts, e)
	}
	parts = append(parts, msg(lang, "handoff_meanwhile"))
	if urgent {
		parts = append(parts, msg(lang, "handoff_urgent"))
	}
	return strings.Join(parts, "\n\n"), nil
}

// Relay implements Handoffs: the newcomer's message goes to the ticket's
// transcript and to the staff chat (the claiming worker's, or all while
// unclaimed), prefixed with the ticket number. Crisis words flag it urgent.
func (d *Desk) Relay(ctx context.Context, in Incoming) error {
	text := strings.TrimSpace(in.Text)
	if text == "" {
		return nil
	}
	t, err := d.cfg.Store.OpenTicket(ctx, in.User)
	if errors.Is(err, ErrNotFound) {
		return nil // closed meanwhile
	}
	if err != nil {
		return fmt.Errorf("handoff: relay: %w", err)
	}
	if err := d.cfg.Store.Append(ctx, t.Number, Line{From: LineNewcomer, Text: text, Time: d.cfg.Now()}); err != nil {
		return fmt.Errorf("handoff: relay: %w", err)
	}
	head := fmt.Sprintf("#%d › newcomer", t.Number)
	if intents.Crisis(text) != intents.NoCrisis {
		head = fmt.Sprintf("⚠️ URGENT (crisis words; the bot sent emergency numbers) #%d › newcomer", t.Number)
		if !t.Urgent {
			_ = d.cfg.Store.Mark(ctx, t.Number, TicketMark{Urgent: true})
		}
	}
	only := ""
	if t.Status == TicketClaimed {
		only = platformOf(t.Worker)
	}
	return d.announce(ctx, t.Number, only, Reply{Kind: KindHandoff, Text: head + ":\n" + text})
}

// Cancel implements Handoffs: the newcomer withdraws their open ticket.
func (d *Desk) Cancel(ctx context.Context, user string) error {
	t, err := d.cfg.Store.OpenTicket(ctx, user)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("handoff: cancel: %w", err)
	}
	if _, err := d.cfg.Store.Close(ctx, t.Number, OutcomeWithdrawn, d.cfg.Now()); err != nil && !errors.Is(err, ErrClosed) {
		return fmt.Errorf("handoff: cancel: %w", err)
	}
	d.log.Info("ticket withdrawn", "ticket", t.Number)
	return d.announce(ctx, 0, "", Reply{Kind: KindHandoff, Text: fmt.Sprintf("#%d was withdrawn by the newcomer; they are back with the bot.", t.Number)})
}

// Forget implements HandoffForgetter: the newcomer's open ticket is closed
// and the transcripts of all their tickets deleted.
func (d *Desk) Forget(ctx context.Context, user string) error {
	was, err := d.cfg.Store.Forget(ctx, user)
	if err != nil {
		return fmt.Errorf("handoff: forget: %w", err)
	}
	var errs []error
	for _, n := range was {
		d.log.Info("ticket closed: the newcomer deleted their data", "ticket", n)
		errs = append(errs, d.announce(ctx, 0, "", Reply{Kind: KindHandoff,
			Text: fmt.Sprintf("#%d is closed: the newcomer asked the bot to delete their data (/forget). Its transcript is deleted.", n)}))
	}
	return errors.Join(errs...)
}

// Rate implements HandoffRater: the newcomer of closed ticket n rates it.
func (d *Desk) Rate(ctx context.Context, user string, n, score int) error {
	if score < 1 || score > 5 {
		return fmt.Errorf("handoff: rating %d out of 1-5", score)
	}
	t, err := d.cfg.Store.Ticket(ctx, n)
	if err != nil {
		return fmt.Errorf("handoff: rate: %w", err)
	}
	if t.User != user || t.Status != TicketClosed {
		return fmt.Errorf("handoff: rate #%d: %w", n, ErrNotFound)
	}
	d.log.Info("ticket rated", "ticket", n, "score", score)
	return d.cfg.Store.Mark(ctx, n, TicketMark{Rating: score})
}

func platformOf(user string) string {
	p, _, _ := strings.Cut(user, ":")
	return p
}

// staffPlatforms are the platforms with a staff chat, sorted.
func (d *Desk) staffPlatforms() []string {
	var ps []string
	for p, chat := range d.cfg.StaffChats {
		if chat != "" {
			ps = append(ps, p)
		}
	}
	sort.Strings(ps)
	return ps
}

// announce posts r in the staff chats (only that platform's when only is
// set and has one), linking the messages to ticket n when n > 0.
func (d *Desk) announce(ctx context.Context, n int, only string, r Reply) error {
	ps := d.staffPlatforms()
	if only != "" && slices.Contains(ps, only) {
		ps = []string{only}
	}
	var errs []error
	for _, p := range ps {
		ids, err := d.sendStaff(ctx, p, r)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, id := range ids {
			if n > 0 {
				if err := d.cfg.Store.Link(ctx, n, p, id); err != nil {
					errs = append(errs, err)
				}
			}
		}
	}
	return errors.Join(errs...)
}

func (d *Desk) sendStaff(ctx context.Context, platform string, r Reply) ([]string, error) {
	s := d.cfg.Senders[platform]
	if s == nil {
		return nil, fmt.Errorf("handoff: no %s connection for its staff chat", platform)
	}
	ids, err := s.Send(ctx, d.cfg.StaffChats[platform], []Reply{r})
	if err != nil {
		return ids, fmt.Errorf("handoff: post to the %s staff chat: %w", platform, err)
	}
	return ids, nil
}

// toNewcomer sends replies to the ticket's newcomer on their platform.
func (d *Desk) toNewcomer(ctx context.Context, t Ticket, rs ...Reply) error {
	s := d.cfg.Senders[t.Platform]
	if s == nil {
		return fmt.Errorf("handoff: #%d: no %s connection to reach the newcomer", t.Number, t.Platform)
	}
	if t.Chat == "" {
		return fmt.Errorf("handoff: #%d: the newcomer's chat is unknown", t.Number)
	}
	if _, err := s.Send(ctx, t.Chat, rs); err != nil {
		return fmt.Errorf("handoff: #%d: send to the newcomer: %w", t.Number, err)
	}
	return nil
}

// card is a ticket as workers see it, with a Claim button.
func (d *Desk) card(t Ticket, head string) Reply {
	now := d.cfg.Now()
	var b strings.Builder
	b.WriteString(head)
	fmt.Fprintf(&b, "Ticket #%d", t.Number)
	if t.Urgent {
		b.WriteString(" · ⚠️ URGENT (the newcomer got crisis information)")
	}
	region := t.Region
	if region == "" {
		region = "unknown"
	}
	fmt.Fprintf(&b, "\nLanguage: %s · Province: %s · Via: %s", langName(t.Lang), region, t.Platform)
	if t.Topic != "" {
		fmt.Fprintf(&b, "\nTopic: %s", t.Topic)
	}
	if t.Question != "" {
		fmt.Fprintf(&b, "\nQuestion the bot could not answer: %s", t.Question)
	}
	fmt.Fprintf(&b, "\nWaiting: %s", waited(now.Sub(t.Created)))
	if t.Status == TicketClaimed {
		fmt.Fprintf(&b, " · claimed by %s", t.Worker)
	}
	if len(t.Recent) > 0 {
		b.WriteString("\nLast messages:")
		for _, r := range t.Recent {
			b.WriteString("\n› " + r)
		}
	}
	fmt.Fprintf(&b, "\n\nClaim it, then reply to this message to write to the newcomer. Commands (as a reply here, or with #%d): /reply TEXT, /close [%s], /release, /note TEXT, /kb TOPIC",
		t.Number, strings.Join(Outcomes, "|"))
	return Reply{Kind: KindHandoff, Lang: "en", Region: t.Region, Text: b.String(),
		Buttons: [][]Button{{{Label: fmt.Sprintf("Claim #%d", t.Number), Data: fmt.Sprintf("claim:%d", t.Number)}}}}
}

func langName(code string) string {
	for _, l := range languageNames {
		if l.Code == code {
			return l.Name + " (" + code + ")"
		}
	}
	return code
}

func waited(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "less than a minute"
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h %d min", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%d days", int(d.Hours()/24))
}

// post posts ticket n to every staff chat it is not in yet.
func (d *Desk) post(ctx context.Context, n int, head string) error {
	t, err := d.cfg.Store.Ticket(ctx, n)
	if errors.Is(err, ErrNotFound) || (err == nil && t.Status == TicketClosed) {
		return nil // withdrawn or forgotten before it was posted
	}
	if err != nil {
		return err
	}
	card := d.card(t, head)
	var errs []error
	for _, p := range d.staffPlatforms() {
		if head == "" && t.Messages[p] != "" {
			continue // posted before a crash, not acknowledged
		}
		ids, err := d.sendStaff(ctx, p, card)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for i, id := range ids {
			if i == 0 {
				err = d.cfg.Store.Mark(ctx, n, TicketMark{Platform: p, Message: id})
			} else {
				err = d.cfg.Store.Link(ctx, n, p, id)
			}
			if err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// Run posts queued tickets as they come, and regularly re-posts tickets
// waiting past the SLA and puts back in the queue claimed tickets without
// a reply for Reclaim, until ctx ends.
func (d *Desk) Run(ctx context.Context) error {
	d.log.Info("handoff desk running", "consumer", d.cfg.Consumer, "staff_chats", len(d.staffPlatforms()))
	var lastSweep time.Time
	delay := time.Duration(0)
	for ctx.Err() == nil {
		err := d.Step(ctx)
		if time.Since(lastSweep) >= d.cfg.Sweep {
			lastSweep = time.Now()
			err = errors.Join(err, d.Sweep(ctx))
		}
		if err != nil && ctx.Err() == nil {
			delay = min(max(2*delay, 100*time.Millisecond), 10*time.Second)
			d.log.Warn("handoff desk: will retry", "retry_in", delay.String(), "err", err)
			select {
			case <-ctx.Done():
			case <-time.After(delay):
			}
			continue
		}
		delay = 0
	}
	return nil
}

// Step takes what is in the queue for this Desk (waiting up to Poll),
// posts each ticket and acknowledges it. A ticket that could not be posted
// stays in the queue and is taken again after Idle.
func (d *Desk) Step(ctx context.Context) error {
	qs, err := d.cfg.Store.Next(ctx, d.cfg.Consumer, d.cfg.Idle, d.cfg.Poll)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("handoff: read the queue: %w", err)
	}
	var errs []error
	for _, q := range qs {
		if err := d.post(ctx, q.Number, ""); err != nil {
			errs = append(errs, fmt.Errorf("handoff: post #%d: %w", q.Number, err))
			continue
		}
		if err := d.cfg.Store.Ack(ctx, q); err != nil {
			errs = append(errs, err)
			continue
		}
		d.log.Info("ticket posted", "ticket", q.Number)
	}
	return errors.Join(errs...)
}

// Sweep re-posts open tickets that waited longer than the SLA in office
// hours since they were last posted, and puts back in the queue claimed
// tickets whose worker has not written to the newcomer for Reclaim.
func (d *Desk) Sweep(ctx context.Context) error {
	all, err := d.cfg.Store.Active(ctx)
	if err != nil {
		return fmt.Errorf("handoff: sweep: %w", err)
	}
	now := d.cfg.Now()
	var errs []error
	for _, t := range all {
		switch t.Status {
		case TicketOpen:
			if len(t.Messages) == 0 || d.cfg.Hours.Between(t.Posted, now) < d.cfg.SLA {
				continue // not posted yet (the queue will), or within the SLA
			}
			won, err := d.cfg.Store.Repost(ctx, t.Number, t.Posted, now)
			if err != nil || !won {
				errs = append(errs, err)
				continue
			}
			head := fmt.Sprintf("⏰ Settlement workers (%s): still waiting for someone to claim it, more than %s in office hours.\n",
				strings.Join(d.cfg.Workers, ", "), waited(d.cfg.SLA))
			d.log.Info("ticket re-posted after the SLA", "ticket", t.Number)
			errs = append(errs, d.post(ctx, t.Number, head))
		case TicketClaimed:
			last := maxTime(t.Claimed, t.Replied)
			if now.Sub(last) < d.cfg.Reclaim {
				continue
			}
			if _, err := d.cfg.Store.Release(ctx, t.Number, t.Worker, now); err != nil {
				if !errors.Is(err, ErrNotClaimed) {
					errs = append(errs, err)
				}
				continue
			}
			d.log.Info("ticket back in the queue: no worker reply", "ticket", t.Number)
			head := fmt.Sprintf("↩️ Back in the queue: %s claimed it but has not written to the newcomer for %s.\n", t.Worker, waited(d.cfg.Reclaim))
			errs = append(errs, d.post(ctx, t.Number, head))
		}
	}
	return errors.Join(errs...)
}

// Staff implements StaffHandler: a settlement worker's message or button
// press in a staff chat. Claim buttons ("claim:12"); a reply to a ticket's
// message (its card or a relayed message) goes to the newcomer, and so
// does /reply #12 TEXT; commands act on the ticket replied to, the ticket
// whose Discord thread they are in, or the one named with #12: /claim,
// /close [outcome], /release, /note TEXT, /kb TOPIC, and /tickets lists the
// queue. Only Workers may act; anyone else gets a polite refusal and
// nothing changes. Other chatter, even mentioning #12, gets no reply and
// never reaches a newcomer.
func (d *Desk) Staff(ctx context.Context, in Incoming) ([]Reply, error) {
	say := func(format string, args ...any) []Reply {
		return []Reply{{Kind: KindCommand, Lang: "en", Text: fmt.Sprintf(format, args...)}}
	}
	if in.Button != "" {
		kind, arg, _ := strings.Cut(in.Button, ":")
		n, err := strconv.Atoi(arg)
		if kind != "claim" || err != nil {
			return nil, nil
		}
		if !d.workers[in.User] {
			return d.refuse(in), nil
		}
		return d.claim(ctx, in.User, n)
	}
	text := strings.TrimSpace(in.Text)
	if !strings.HasPrefix(text, "/") {
		// Only a reply to a ticket's message is for the newcomer.
		n := d.linked(ctx, in.Platform, in.ReplyTo)
		if n == 0 || text == "" {
			return nil, nil // staff chatter
		}
		if !d.workers[in.User] {
			return d.refuse(in), nil
		}
		return d.reply(ctx, in.User, n, text)
	}
	cmd, rest, _ := strings.Cut(text[1:], " ")
	cmd, _, _ = strings.Cut(strings.ToLower(cmd), "@")
	n, rest := ticketRef(strings.TrimSpace(rest))
	if n == 0 {
		n = d.linked(ctx, in.Platform, in.ReplyTo, in.Chat)
	}
	switch cmd {
	case "tickets", "queue", "claim", "close", "release", "note", "kb", "reply":
	case "help", "start":
		return say("Settlement workers: press Claim on a ticket, then reply to its message to write to the newcomer. Commands (as a reply to a ticket, or with #N): /claim, /reply TEXT, /close [%s], /release, /note TEXT (kept, never sent), /kb TOPIC (sends the knowledge answer in the newcomer's language), /tickets.",
			strings.Join(Outcomes, "|")), nil
	default:
		return nil, nil // a command for someone else
	}
	if !d.workers[in.User] {
		return d.refuse(in), nil
	}
	if cmd == "tickets" || cmd == "queue" {
		return d.list(ctx)
	}
	if n == 0 {
		return say("Which ticket? Reply to the ticket's message, or write its number, e.g. /%s #12.", cmd), nil
	}
	switch cmd {
	case "claim":
		return d.claim(ctx, in.User, n)
	case "close":
		return d.closeTicket(ctx, in.User, n, rest)
	case "release":
		t, err := d.cfg.Store.Release(ctx, n, in.User, d.cfg.Now())
		if errors.Is(err, ErrNotClaimed) || errors.Is(err, ErrNotFound) {
			return say("You do not have #%d; nothing changed.", n), nil
		}
		if err != nil {
			return say("Sorry, #%d could not be released; try again.", n), err
		}
		d.log.Info("ticket released", "ticket", n)
		return nil, d.post(ctx, t.Number, fmt.Sprintf("↩️ Back in the queue: %s released it.\n", in.User))
	case "note":
		if rest == "" {
			return say("Write the note after the command: /note TEXT."), nil
		}
		if err := d.cfg.Store.Append(ctx, n, Line{From: LineNote, By: in.User, Text: rest, Time: d.cfg.Now()}); err != nil {
			if errors.Is(err, ErrNotFound) {
				return say("There is no ticket #%d.", n), nil
			}
			return say("Sorry, the note could not be kept; try again."), err
		}
		return say("📝 Note kept with #%d (never sent to the newcomer).", n), nil
	case "kb":
		return d.sendAnswer(ctx, in.User, n, strings.ToLower(strings.TrimSpace(rest)))
	}
	if rest == "" {
		return say("Write the message after the command: /reply #%d TEXT.", n), nil
	}
	return d.reply(ctx, in.User, n, rest)
}

// ticketRef takes a leading "#12" off s.
func ticketRef(s string) (int, string) {
	if !strings.HasPrefix(s, "#") {
		return 0, s
	}
	num, rest, _ := strings.Cut(s[1:], " ")
	n, err := strconv.Atoi(strings.TrimRight(num, ":,."))
	if err != nil || n <= 0 {
		return 0, s
	}
	return n, strings.TrimSpace(rest)
}

// linked finds the ticket of the first of ids that is a ticket's staff
// message: the message replied to, or the thread a command is in (a
// Discord thread started from a ticket's message has that message's id).
func (d *Desk) linked(ctx context.Context, platform string, ids ...string) int {
	for _, id := range ids {
		if id == "" {
			continue
		}
		if n, err := d.cfg.Store.Linked(ctx, platform, id); err == nil {
			return n
		}
	}
	return 0
}

func (d *Desk) refuse(in Incoming) []Reply {
	d.log.Info("staff action refused: not a listed worker", "platform", in.Platform)
	return []Reply{{Kind: KindCommand, Lang: "en", Text: fmt.Sprintf(
		"Sorry, only settlement workers on the bot's list can take, answer or close tickets, so nothing was changed. If you are one, ask an administrator to add %s to WORKERS.", in.User)}}
}

// claim gives ticket n to worker and tells the staff chats and the newcomer.
func (d *Desk) claim(ctx context.Context, worker string, n int) ([]Reply, error) {
	t, err := d.cfg.Store.Claim(ctx, n, worker, d.cfg.Now())
	say := func(format string, args ...any) ([]Reply, error) {
		return []Reply{{Kind: KindCommand, Lang: "en", Text: fmt.Sprintf(format, args...)}}, nil
	}
	switch {
	case errors.Is(err, ErrClaimed) && t.Worker == worker:
		return say("#%d is already yours.", n)
	case errors.Is(err, ErrClaimed):
		return say("#%d is already claimed by %s.", n, t.Worker)
	case errors.Is(err, ErrClosed):
		return say("#%d is closed.", n)
	case errors.Is(err, ErrNotFound):
		return say("There is no ticket #%d.", n)
	case err != nil:
		r, _ := say("Sorry, #%d could not be claimed; try again.", n)
		return r, fmt.Errorf("handoff: claim #%d: %w", n, err)
	}
	d.log.Info("ticket claimed", "ticket", n)
	errs := []error{d.announce(ctx, n, "", Reply{Kind: KindHandoff, Text: fmt.Sprintf(
		"✋ #%d claimed by %s. Reply to the ticket's message (or use /reply #%d TEXT) to write to the newcomer.", n, worker, n)})}
	errs = append(errs, d.toNewcomer(ctx, t, Reply{Kind: KindHandoff, Lang: t.Lang, Region: t.Region, Sensitive: true, Text: msg(t.Lang, "handoff_claimed")}))
	return nil, errors.Join(errs...)
}

// mine returns ticket n when worker may act on it for the newcomer:
// claimed by them, or open (then they claim it first).
func (d *Desk) mine(ctx context.Context, worker string, n int) (Ticket, []Reply, error) {
	say := func(format string, args ...any) []Reply {
		return []Reply{{Kind: KindCommand, Lang: "en", Text: fmt.Sprintf(format, args...)}}
	}
	t, err := d.cfg.Store.Ticket(ctx, n)
	switch {
	case errors.Is(err, ErrNotFound):
		return t, say("There is no ticket #%d.", n), nil
	case err != nil:
		return t, say("Sorry, something went wrong with #%d; try again.", n), err
	case t.Status == TicketClosed:
		return t, say("#%d is closed; the newcomer is back with the bot.", n), nil
	case t.Status == TicketClaimed && t.Worker != worker:
		return t, say("#%d is claimed by %s; nothing was sent.", n, t.Worker), nil
	case t.Status == TicketOpen:
		if rs, err := d.claim(ctx, worker, n); rs != nil || err != nil {
			if rs != nil {
				return t, rs, err
			}
			d.log.Warn("handoff: claim notices", "ticket", n, "err", err)
		}
		t, err = d.cfg.Store.Ticket(ctx, n)
		if err != nil {
			return t, say("Sorry, something went wrong with #%d; try again.", n), err
		}
	}
	return t, nil, nil
}

// reply relays a worker's message to the newcomer.
func (d *Desk) reply(ctx context.Context, worker string, n int, text string) ([]Reply, error) {
	if text == "" {
		return nil, nil
	}
	t, refusal, err := d.mine(ctx, worker, n)
	if refusal != nil || err != nil {
		return refusal, err
	}
	now := d.cfg.Now()
	if err := d.toNewcomer(ctx, t, Reply{Kind: KindHandoff, Lang: t.Lang, Region: t.Region, Sensitive: true, Text: msg(t.Lang, "handoff_worker", text)}); err != nil {
		return []Reply{{Kind: KindCommand, Lang: "en", Text: fmt.Sprintf("⚠️ Not delivered to the newcomer of #%d; try again in a moment.", n)}}, err
	}
	_ = d.cfg.Store.Mark(ctx, n, TicketMark{Replied: now})
	if err := d.cfg.Store.Append(ctx, n, Line{From: LineWorker, By: worker, Text: text, Time: now}); err != nil {
		return nil, fmt.Errorf("handoff: transcript #%d: %w", n, err)
	}
	return nil, nil
}

// sendAnswer sends the knowledge answer for topic to the newcomer, in
// their language and for their province.
func (d *Desk) sendAnswer(ctx context.Context, worker string, n int, topic string) ([]Reply, error) {
	say := func(format string, args ...any) []Reply {
		return []Reply{{Kind: KindCommand, Lang: "en", Text: fmt.Sprintf(format, args...)}}
	}
	if topic == "" {
		return say("Name the topic: /kb TOPIC, e.g. /kb sin."), nil
	}
	a := d.answerer()
	if a == nil {
		return say("Knowledge answers are not available here."), nil
	}
	t, refusal, err := d.mine(ctx, worker, n)
	if refusal != nil || err != nil {
		return refusal, err
	}
	text, err := a.AnswerText(topic, t.Lang, t.Region)
	if err != nil {
		return say("There is no topic %q in the knowledge base; nothing was sent.", topic), nil
	}
	now := d.cfg.Now()
	if err := d.toNewcomer(ctx, t, Reply{Kind: KindAnswer, Topic: topic, Lang: t.Lang, Region: t.Region, Text: msg(t.Lang, "handoff_kb") + "\n\n" + text}); err != nil {
		return say("⚠️ Not delivered to the newcomer of #%d; try again in a moment.", n), err
	}
	_ = d.cfg.Store.Mark(ctx, n, TicketMark{Replied: now})
	_ = d.cfg.Store.Append(ctx, n, Line{From: LineWorker, By: worker, Text: "/kb " + topic, Time: now})
	return say("📚 Sent the %q answer to the newcomer of #%d (%s).", topic, n, langName(t.Lang)), nil
}

// closeTicket closes ticket n with an outcome; the newcomer is told and
// asked for a rating.
func (d *Desk) closeTicket(ctx context.Context, worker string, n int, outcome string) ([]Reply, error) {
	say := func(format string, args ...any) []Reply {
		return []Reply{{Kind: KindCommand, Lang: "en", Text: fmt.Sprintf(format, args...)}}
	}
	outcome = strings.Join(strings.Fields(strings.ToLower(strings.ReplaceAll(outcome, "_", " "))), " ")
	switch outcome {
	case "":
		outcome = OutcomeAnswered
	case "follow-up", "followup", "follow up booked", "followup booked":
		outcome = OutcomeFollowUp
	case "noresponse", "no-response":
		outcome = OutcomeNoResponse
	}
	if !slices.Contains(Outcomes, outcome) {
		return say("Close with one of: %s.", strings.Join(Outcomes, ", ")), nil
	}
	t, err := d.cfg.Store.Ticket(ctx, n)
	switch {
	case errors.Is(err, ErrNotFound):
		return say("There is no ticket #%d.", n), nil
	case err != nil:
		return say("Sorry, #%d could not be closed; try again.", n), err
	case t.Status == TicketClaimed && t.Worker != worker:
		return say("#%d is claimed by %s; only they can close it.", n, t.Worker), nil
	}
	t, err = d.cfg.Store.Close(ctx, n, outcome, d.cfg.Now())
	if errors.Is(err, ErrClosed) {
		return say("#%d is already closed.", n), nil
	}
	if err != nil {
		return say("Sorry, #%d could not be closed; try again.", n), err
	}
	d.log.Info("ticket closed", "ticket", n, "outcome", outcome)
	var row []Button
	for i := 1; i <= 5; i++ {
		row = append(row, Button{Label: strconv.Itoa(i), Data: fmt.Sprintf("rate:%d:%d", n, i)})
	}
	errs := []error{d.toNewcomer(ctx, t, Reply{Kind: KindHandoff, Lang: t.Lang, Region: t.Region, Text: msg(t.Lang, "handoff_closed"), Buttons: [][]Button{row}})}
	errs = append(errs, d.announce(ctx, 0, "", Reply{Kind: KindHandoff, Text: fmt.Sprintf("✅ #%d closed by %s: %s.", n, worker, outcome)}))
	return nil, errors.Join(errs...)
}

// list shows the open and claimed tickets.
func (d *Desk) list(ctx context.Context) ([]Reply, error) {
	all, err := d.cfg.Store.Active(ctx)
	if err != nil {
		return []Reply{{Kind: KindCommand, Lang: "en", Text: "Sorry, the queue could not be read; try again."}}, err
	}
	if len(all) == 0 {
		return []Reply{{Kind: KindCommand, Lang: "en", Text: "No open tickets."}}, nil
	}
	var b strings.Builder
	now := d.cfg.Now()
	for _, t := range all {
		fmt.Fprintf(&b, "#%d %s · %s · %s · waiting %s", t.Number, t.Status, t.Lang, orDash(t.Region), waited(now.Sub(t.Created)))
		if t.Urgent {
			b.WriteString(" · URGENT")
		}
		if t.Worker != "" {
			b.WriteString(" · " + t.Worker)
		}
		b.WriteString("\n")
	}
	return []Reply{{Kind: KindCommand, Lang: "en", Text: strings.TrimSpace(b.String())}}, nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
