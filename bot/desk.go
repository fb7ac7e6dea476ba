package bot

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
	var lastSweep, lastWarn time.Time
	delay := time.Duration(0)
	for ctx.Err() == nil {
		err := d.Step(ctx)
		if time.Since(lastSweep) >= d.cfg.Sweep {
			lastSweep = time.Now()
			err = errors.Join(err, d.Sweep(ctx))
		}
		if err != nil && ctx.Err() == nil {
			delay = min(max(2*delay, 100*time.Millisecond), 10*time.Second)
			if time.Since(lastWarn) >= time.Minute { // an outage is said once a minute
				lastWarn = time.Now()
				d.log.Warn("handoff desk: will retry", "retry_in", delay.String(), "err", err)
			}
			select {
			case <-ctx.Done():
			case <-time.After(delay):
			}
			continue
		}
		if delay > 0 {
			d.log.Info("handoff desk: recovered")
		}
		delay, lastWarn = 0, time.Time{}
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
