package bot_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newcomerbot/newcomerbot/bot"
	"github.com/newcomerbot/newcomerbot/bot/tickettest"
	"github.com/newcomerbot/newcomerbot/knowledge"
)

func TestMemoryTicketStoreConformance(t *testing.T) {
	tickettest.Run(t, func(t *testing.T) bot.TicketStore { return bot.NewMemoryTickets() })
}

// clock is a settable time for tests.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}
func (c *clock) Add(d time.Duration) { c.Set(c.Now().Add(d)) }

// recorder is a bot.Sender that keeps what it was asked to send.
type recorder struct {
	mu   sync.Mutex
	next int
	name string
	sent []sent
	fail error
}

type sent struct {
	chat, id string
	reply    bot.Reply
}

func (r *recorder) Send(ctx context.Context, chat string, replies []bot.Reply) ([]string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		return nil, r.fail
	}
	var ids []string
	for _, rep := range replies {
		r.next++
		id := fmt.Sprintf("%s%d", r.name, r.next)
		r.sent = append(r.sent, sent{chat: chat, id: id, reply: rep})
		ids = append(ids, id)
	}
	return ids, nil
}

// to returns what was sent to chat, in order.
func (r *recorder) to(chat string) []sent {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []sent
	for _, s := range r.sent {
		if s.chat == chat {
			out = append(out, s)
		}
	}
	return out
}

func (r *recorder) lastTo(chat string) sent {
	all := r.to(chat)
	if len(all) == 0 {
		return sent{}
	}
	return all[len(all)-1]
}

const (
	staffTG  = "-100"
	staffDC  = "555"
	worker   = "telegram:7"
	worker2  = "discord:8"
	newcomer = "telegram:42"
)

// Times in Toronto (EST in November 2026): Saturday 21, Monday 23.
var toronto, _ = time.LoadLocation("America/Toronto")

func at(day, hour, min int) time.Time { return time.Date(2026, 11, day, hour, min, 0, 0, toronto) }

type deskTest struct {
	e      *bot.Engine
	desk   *bot.Desk
	store  *bot.MemoryTickets
	tg, dc *recorder
	clock  *clock
}

func newDesk(t *testing.T, hours string) *deskTest {
	t.Helper()
	h, err := bot.ParseOfficeHours(hours)
	if err != nil {
		t.Fatal(err)
	}
	dt := &deskTest{store: bot.NewMemoryTickets(), tg: &recorder{name: "t"}, dc: &recorder{name: "d"}, clock: &clock{now: at(23, 10, 0)}}
	dt.store.Now = dt.clock.Now
	dt.desk, err = bot.NewDesk(bot.DeskConfig{
		Store:      dt.store,
		Senders:    map[string]bot.Sender{"telegram": dt.tg, "discord": dt.dc},
		StaffChats: map[string]string{"telegram": staffTG, "discord": staffDC},
		Workers:    []string{worker, worker2},
		Hours:      h,
		Now:        dt.clock.Now,
		Poll:       time.Millisecond,
		Consumer:   "test",
	})
	if err != nil {
		t.Fatal(err)
	}
	dt.e = newEngine(t, bot.Config{Handoffs: dt.desk, Knowledge: smallKB(t)})
	return dt
}

// smallKB is a few bundled topics: the handoff tests need a knowledge
// answer or two, and the matcher over the whole base is slow to build
// under the race detector.
var smallKB = func() func(t *testing.T) knowledge.Store {
	var once sync.Once
	var store *knowledge.Memory
	var err error
	return func(t *testing.T) knowledge.Store {
		t.Helper()
		once.Do(func() {
			var b *knowledge.Base
			if b, err = knowledge.Bundled(); err != nil {
				return
			}
			small := *b
			small.Topics = nil
			for _, tp := range b.Topics {
				switch tp.ID {
				case "sin", "health-card", "work-permit", "bank-account":
					small.Topics = append(small.Topics, tp)
				}
			}
			store = knowledge.NewMemory()
			_, err = store.Publish(context.Background(), &small)
		})
		if err != nil {
			t.Fatal(err)
		}
		return store
	}
}()

func (dt *deskTest) say(t *testing.T, user, text string) []bot.Reply {
	t.Helper()
	return dt.handle(t, bot.Incoming{Platform: "telegram", User: user, Chat: strings.TrimPrefix(user, "telegram:"), Text: text})
}

func (dt *deskTest) press(t *testing.T, user, data string) []bot.Reply {
	t.Helper()
	return dt.handle(t, bot.Incoming{Platform: "telegram", User: user, Chat: strings.TrimPrefix(user, "telegram:"), Button: data})
}

func (dt *deskTest) handle(t *testing.T, in bot.Incoming) []bot.Reply {
	t.Helper()
	rs, err := dt.e.Handle(context.Background(), in)
	if err != nil {
		t.Fatalf("Handle(%q, button %q): %v", in.Text, in.Button, err)
	}
	return rs
}

// staff sends a worker's message or button press from a staff chat.
func (dt *deskTest) staff(t *testing.T, in bot.Incoming) []bot.Reply {
	t.Helper()
	in.Staff, in.Group = true, true
	if in.Platform == "" {
		in.Platform, in.Chat = "telegram", staffTG
	}
	rs, err := dt.e.Handle(context.Background(), in)
	if err != nil {
		t.Fatalf("staff %+v: %v", in, err)
	}
	return rs
}

func (dt *deskTest) step(t *testing.T) {
	t.Helper()
	if err := dt.desk.Step(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// open takes a newcomer through /human and consent to a posted ticket and
// returns its number and the id of its post in the Telegram staff chat.
func (dt *deskTest) open(t *testing.T, user string) (int, string) {
	t.Helper()
	dt.say(t, user, "/human")
	dt.press(t, user, "consent")
	dt.step(t)
	tk, err := dt.store.OpenTicket(context.Background(), user)
	if err != nil {
		t.Fatal(err)
	}
	return tk.Number, tk.Messages["telegram"]
}

func text(rs []bot.Reply) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteString(r.Text + "\n")
	}
	return b.String()
}

func TestConsentComesBeforeAnyTicket(t *testing.T) {
	t.Parallel()
	dt := newDesk(t, "Mon-Fri 09:00-17:00 America/Toronto")
	ctx := context.Background()
	dt.say(t, newcomer, "I live in Ottawa")
	dt.say(t, newcomer, "my work permit expires next week what do i do")
	r := first(dt.say(t, newcomer, "I want to talk to a person"))
	if r.Kind != bot.KindHandoff || !hasButton(r, "consent") {
		t.Fatalf("asking for a person: got %s with buttons %v, want a consent question", r.Kind, r.Buttons)
	}
	for _, must := range []string{"language", "province", "last few messages", "not your name or username"} {
		if !strings.Contains(r.Text, must) {
			t.Errorf("the consent text does not say %q: %q", must, r.Text)
		}
	}
	if _, err := dt.store.OpenTicket(ctx, newcomer); !errors.Is(err, bot.ErrNotFound) {
		t.Fatal("a ticket was opened before consent")
	}
	rs := dt.press(t, newcomer, "consent")
	if !strings.Contains(text(rs), "number 1 in the queue") || !strings.Contains(text(rs), "/cancel") {
		t.Fatalf("after consent: %q, want the place in the queue and how to withdraw", text(rs))
	}
	tk, err := dt.store.OpenTicket(ctx, newcomer)
	if err != nil {
		t.Fatal(err)
	}
	if tk.Region != "ON" || tk.Lang != "en" || tk.Urgent || tk.Chat != "42" || len(tk.Recent) != 3 ||
		tk.Recent[1] != "my work permit expires next week what do i do" {
		t.Fatalf("ticket: %+v", tk)
	}
	if len(dt.tg.to(staffTG)) != 0 {
		t.Fatal("posted before the queue was read")
	}
	dt.step(t)
	for _, chat := range []struct {
		r    *recorder
		chat string
	}{{dt.tg, staffTG}, {dt.dc, staffDC}} {
		posts := chat.r.to(chat.chat)
		if len(posts) != 1 {
			t.Fatalf("staff chat %s got %d posts, want the ticket once", chat.chat, len(posts))
		}
		card := posts[0].reply
		if !hasButton(card, fmt.Sprintf("claim:%d", tk.Number)) || !strings.Contains(card.Text, fmt.Sprintf("Ticket #%d", tk.Number)) ||
			!strings.Contains(card.Text, "Province: ON") || !strings.Contains(card.Text, "English (en)") ||
			!strings.Contains(card.Text, "my work permit expires") || !strings.Contains(card.Text, "Waiting:") {
			t.Fatalf("ticket card: %q %v", card.Text, card.Buttons)
		}
	}
	dt.step(t)
	if len(dt.tg.to(staffTG)) != 1 {
		t.Fatal("an acknowledged ticket was posted again")
	}
	// A second request while one is open says so.
	if rs := dt.say(t, newcomer, "/cancel"); !strings.Contains(text(rs), "withdrew") {
		t.Fatalf("/cancel: %q", text(rs))
	}
	if _, err := dt.store.OpenTicket(ctx, newcomer); !errors.Is(err, bot.ErrNotFound) {
		t.Fatal("/cancel left the ticket open")
	}
	if got := dt.tg.lastTo(staffTG).reply.Text; !strings.Contains(got, "withdrawn") {
		t.Fatalf("staff not told of the withdrawal: %q", got)
	}
}

func TestTwoFallbacksInARowOfferAPerson(t *testing.T) {
	t.Parallel()
	dt := newDesk(t, "")
	r := first(dt.say(t, newcomer, "what's the weather in toronto tomorrow"))
	if r.Kind != bot.KindFallback || hasButton(r, "consent") {
		t.Fatalf("first fallback: %s %v, want the ordinary fallback", r.Kind, r.Buttons)
	}
	r = first(dt.say(t, newcomer, "who will win the hockey game tonight"))
	if r.Kind != bot.KindFallback || !hasButton(r, "consent") || !strings.Contains(r.Text, "not your name or username") {
		t.Fatalf("second fallback in a row: %s %q %v, want an offer of a person with consent", r.Kind, r.Text, r.Buttons)
	}
	dt.press(t, newcomer, "consent")
	tk, err := dt.store.OpenTicket(context.Background(), newcomer)
	if err != nil || tk.Question != "who will win the hockey game tonight" {
		t.Fatalf("ticket after a fallback: %+v, %v; want the unanswered question", tk, err)
	}
}

func TestCrisisOfferCarriesUrgency(t *testing.T) {
	t.Parallel()
	dt := newDesk(t, "")
	r := first(dt.say(t, newcomer, "my husband is hitting me"))
	if r.Kind != bot.KindCrisis || !hasButton(r, "human:urgent") {
		t.Fatalf("crisis: %s %v", r.Kind, r.Buttons)
	}
	r = first(dt.press(t, newcomer, "human:urgent"))
	if !hasButton(r, "consent:urgent") {
		t.Fatalf("offer after a crisis: %v, want consent:urgent", r.Buttons)
	}
	rs := dt.press(t, newcomer, "consent:urgent")
	if !strings.Contains(text(rs), "911") {
		t.Fatalf("urgent request: %q, want 911 repeated", text(rs))
	}
	dt.step(t)
	tk, _ := dt.store.OpenTicket(context.Background(), newcomer)
	if !tk.Urgent || !strings.Contains(dt.tg.lastTo(staffTG).reply.Text, "URGENT") {
		t.Fatalf("urgent ticket: %+v, card %q", tk, dt.tg.lastTo(staffTG).reply.Text)
	}
}

func TestOfficeHoursParsing(t *testing.T) {
	tests := []struct {
		spec string
		ok   bool
		open time.Time
		shut time.Time
	}{
		{"Mon-Fri 09:00-17:00 America/Toronto", true, at(23, 9, 0), at(23, 17, 0)},
		{"mon-fri 9:00-17:00 America/Toronto", true, at(27, 16, 59), at(21, 12, 0)},
		{"Sat,Sun 10:00-14:00 America/Toronto", true, at(22, 10, 0), at(23, 10, 0)},
		{"Fri-Mon 08:30-24:00 America/Toronto", true, at(23, 23, 59), at(24, 12, 0)},
		{"Mon-Fri 09:00-17:00", true, time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC), time.Date(2026, 11, 23, 8, 59, 0, 0, time.UTC)},
		{"Mon-Fri 17:00-09:00 America/Toronto", false, time.Time{}, time.Time{}},
		{"Mon-Fri 09:00-17:00 Mars/Olympus", false, time.Time{}, time.Time{}},
		{"Mo-Fr 09:00-17:00 America/Toronto", false, time.Time{}, time.Time{}},
		{"Mon-Fri 9-5 America/Toronto", false, time.Time{}, time.Time{}},
		{"weekdays", false, time.Time{}, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			h, err := bot.ParseOfficeHours(tt.spec)
			if (err == nil) != tt.ok {
				t.Fatalf("got error %v, want ok=%v", err, tt.ok)
			}
			if !tt.ok {
				return
			}
			if !h.IsOpen(tt.open) {
				t.Errorf("closed at %v, want open", tt.open)
			}
			if h.IsOpen(tt.shut) {
				t.Errorf("open at %v, want closed", tt.shut)
			}
		})
	}
	if h, err := bot.ParseOfficeHours(""); err != nil || !h.Always() || !h.IsOpen(at(21, 3, 0)) {
		t.Fatal("empty OFFICE_HOURS: want always open")
	}
}

func TestOfficeHoursHonestReplyTime(t *testing.T) {
	t.Parallel()
	h, _ := bot.ParseOfficeHours("Mon-Fri 09:00-17:00 America/Toronto")
	tests := []struct {
		name string
		lang string
		now  time.Time
		want string
	}{
		{"saturday", "en", at(21, 11, 0), "Our settlement workers reply Monday to Friday, 9:00–17:00 Toronto time; it is Saturday, so expect a reply on Monday from 9:00."},
		{"sunday", "en", at(22, 20, 0), "it is Sunday, so expect a reply tomorrow (Monday) from 9:00."},
		{"weekday evening", "en", at(24, 18, 30), "it is 18:30 on Tuesday, so expect a reply tomorrow (Wednesday) from 9:00."},
		{"early morning", "en", at(24, 7, 5), "it is 7:05 on Tuesday, so expect a reply today from 9:00."},
		{"friday evening", "en", at(27, 17, 0), "it is 17:00 on Friday, so expect a reply on Monday from 9:00."},
		{"inside hours", "en", at(24, 10, 0), "Our settlement workers are at work now (Monday to Friday, 9:00–17:00 Toronto time), so a person should reply soon."},
		{"samedi", "fr", at(21, 11, 0), "Nos intervenantes et intervenants répondent du lundi au vendredi, de 9 h à 17 h (heure de Toronto); nous sommes samedi, attendez-vous donc à une réponse lundi à partir de 9 h."},
		{"soir", "fr", at(24, 18, 30), "il est 18 h 30 ce mardi, attendez-vous donc à une réponse demain (mercredi) à partir de 9 h."},
		{"other language falls back to English", "uk", at(21, 11, 0), "it is Saturday, so expect a reply on Monday"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := h.Expect(tt.lang, tt.now); !strings.Contains(got, tt.want) {
				t.Fatalf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
	// The newcomer gets it with their place in the queue.
	dt := newDesk(t, "Mon-Fri 09:00-17:00 America/Toronto")
	dt.clock.Set(at(21, 11, 0))
	dt.say(t, newcomer, "/human")
	if got := text(dt.press(t, newcomer, "consent")); !strings.Contains(got, "it is Saturday, so expect a reply on Monday") {
		t.Fatalf("request on a Saturday: %q", got)
	}
}

func TestSLACountsOnlyOfficeHours(t *testing.T) {
	t.Parallel()
	h, _ := bot.ParseOfficeHours("Mon-Fri 09:00-17:00 America/Toronto")
	if got := h.Between(at(27, 16, 55), at(30, 9, 10)); got != 15*time.Minute {
		t.Fatalf("Friday 16:55 to Monday 9:10: %v of office time, want 15m", got)
	}
	if got := h.Between(at(21, 0, 0), at(22, 23, 0)); got != 0 {
		t.Fatalf("a weekend: %v of office time, want 0", got)
	}

	dt := newDesk(t, "Mon-Fri 09:00-17:00 America/Toronto")
	dt.clock.Set(at(27, 16, 55)) // Friday
	n, _ := dt.open(t, newcomer)
	ctx := context.Background()
	sweep := func() {
		t.Helper()
		if err := dt.desk.Sweep(ctx); err != nil {
			t.Fatal(err)
		}
	}
	dt.clock.Set(at(28, 12, 0)) // Saturday noon: 5 minutes of office time
	sweep()
	if got := len(dt.tg.to(staffTG)); got != 1 {
		t.Fatalf("re-posted over the weekend (%d posts)", got)
	}
	dt.clock.Set(at(30, 9, 9)) // Monday 9:09: 14 minutes
	sweep()
	if got := len(dt.tg.to(staffTG)); got != 1 {
		t.Fatal("re-posted before 15 minutes of office time")
	}
	dt.clock.Set(at(30, 9, 11))
	sweep()
	posts := dt.tg.to(staffTG)
	if len(posts) != 2 || !strings.Contains(posts[1].reply.Text, "still waiting") || !hasButton(posts[1].reply, fmt.Sprintf("claim:%d", n)) {
		t.Fatalf("after the SLA: %d posts, last %q", len(posts), posts[len(posts)-1].reply.Text)
	}
	if !strings.Contains(posts[1].reply.Text, worker) {
		t.Fatalf("the re-post does not mention the workers: %q", posts[1].reply.Text)
	}
	sweep()
	if len(dt.tg.to(staffTG)) != 2 {
		t.Fatal("re-posted twice for one SLA period")
	}
	// A reply to the re-post reaches the ticket too.
	dt.staff(t, bot.Incoming{User: worker, Text: "hello from the re-post", ReplyTo: posts[1].id})
	if got := dt.tg.lastTo("42").reply.Text; !strings.Contains(got, "hello from the re-post") {
		t.Fatalf("reply to the re-post: newcomer got %q", got)
	}
}

func TestClaimedTicketWithoutReplyGoesBackAfterADay(t *testing.T) {
	t.Parallel()
	dt := newDesk(t, "")
	n, card := dt.open(t, newcomer)
	dt.staff(t, bot.Incoming{User: worker, Button: fmt.Sprintf("claim:%d", n), MessageID: card})
	ctx := context.Background()
	dt.clock.Add(23 * time.Hour)
	dt.desk.Sweep(ctx)
	if tk, _ := dt.store.Ticket(ctx, n); tk.Status != bot.TicketClaimed {
		t.Fatalf("after 23 h: %s, want still claimed", tk.Status)
	}
	dt.clock.Add(time.Hour)
	if err := dt.desk.Sweep(ctx); err != nil {
		t.Fatal(err)
	}
	tk, _ := dt.store.Ticket(ctx, n)
	if tk.Status != bot.TicketOpen || tk.Worker != "" {
		t.Fatalf("after 24 h without a reply: %s by %q, want back in the queue", tk.Status, tk.Worker)
	}
	last := dt.tg.lastTo(staffTG)
	if !strings.Contains(last.reply.Text, "Back in the queue") || !hasButton(last.reply, fmt.Sprintf("claim:%d", n)) {
		t.Fatalf("staff not told: %q", last.reply.Text)
	}
	// A worker who replies keeps the ticket.
	dt.staff(t, bot.Incoming{User: worker2, Platform: "discord", Chat: staffDC, Button: fmt.Sprintf("claim:%d", n)})
	dt.clock.Add(20 * time.Hour)
	dt.staff(t, bot.Incoming{User: worker2, Platform: "discord", Chat: staffDC, Text: fmt.Sprintf("/reply #%d I'm here", n)})
	dt.clock.Add(20 * time.Hour)
	dt.desk.Sweep(ctx)
	if tk, _ := dt.store.Ticket(ctx, n); tk.Status != bot.TicketClaimed || tk.Worker != worker2 {
		t.Fatalf("a worker who replied 20 h ago lost the ticket: %+v", tk)
	}
}

func TestOnlyListedWorkersAct(t *testing.T) {
	t.Parallel()
	dt := newDesk(t, "")
	n, card := dt.open(t, newcomer)
	ctx := context.Background()
	before := len(dt.tg.to("42"))
	for _, in := range []bot.Incoming{
		{User: "telegram:999", Button: fmt.Sprintf("claim:%d", n), MessageID: card},
		{User: "telegram:999", Text: "hi, I can help", ReplyTo: card},
		{User: "telegram:999", Text: "/close answered", ReplyTo: card},
		{User: "telegram:999", Text: fmt.Sprintf("/claim #%d", n)},
	} {
		rs := dt.staff(t, in)
		if len(rs) != 1 || !strings.Contains(rs[0].Text, "only settlement workers") {
			t.Fatalf("%+v from an unlisted user: %q, want a polite refusal", in, text(rs))
		}
	}
	tk, _ := dt.store.Ticket(ctx, n)
	if tk.Status != bot.TicketOpen || len(dt.tg.to("42")) != before {
		t.Fatalf("an unlisted user changed something: %s, newcomer got %d messages", tk.Status, len(dt.tg.to("42"))-before)
	}
	// Chatter in the staff chat gets no reply at all.
	if rs := dt.staff(t, bot.Incoming{User: "telegram:999", Text: "lunch anyone?"}); len(rs) != 0 {
		t.Fatalf("staff chatter answered: %q", text(rs))
	}
}

func TestWorkerConversation(t *testing.T) {
	t.Parallel()
	dt := newDesk(t, "")
	ctx := context.Background()
	dt.say(t, newcomer, "/language fr")
	dt.say(t, newcomer, "/region Sudbury")
	n, card := dt.open(t, newcomer)

	// Nothing answers while the ticket is open: messages are relayed.
	if rs := dt.say(t, newcomer, "je n'ai pas reçu ma lettre"); len(rs) != 0 {
		t.Fatalf("the bot answered during an open ticket: %q", text(rs))
	}
	if got := dt.tg.lastTo(staffTG).reply.Text; !strings.Contains(got, fmt.Sprintf("#%d › newcomer", n)) || !strings.Contains(got, "je n'ai pas reçu ma lettre") {
		t.Fatalf("relay in the staff chat: %q", got)
	}
	// Claim; the staff chats and the newcomer are told.
	if rs := dt.staff(t, bot.Incoming{User: worker, Button: fmt.Sprintf("claim:%d", n), MessageID: card}); len(rs) != 0 {
		t.Fatalf("claim: %q", text(rs))
	}
	for _, c := range []struct {
		r    *recorder
		chat string
	}{{dt.tg, staffTG}, {dt.dc, staffDC}} {
		if got := c.r.lastTo(c.chat).reply.Text; !strings.Contains(got, "claimed by "+worker) {
			t.Fatalf("staff chat %s not told who claimed: %q", c.chat, got)
		}
	}
	if got := dt.tg.lastTo("42").reply; got.Lang != "fr" || !strings.Contains(got.Text, "s'occupe") {
		t.Fatalf("newcomer not told in French: %+v", got)
	}
	if rs := dt.staff(t, bot.Incoming{User: worker2, Platform: "discord", Chat: staffDC, Button: fmt.Sprintf("claim:%d", n)}); !strings.Contains(text(rs), "already claimed by "+worker) {
		t.Fatalf("second claim: %q", text(rs))
	}
	// The worker's reply reaches the newcomer.
	dt.staff(t, bot.Incoming{User: worker, Text: "Bonjour, je regarde votre dossier.", ReplyTo: card})
	if got := dt.tg.lastTo("42").reply.Text; !strings.Contains(got, "Bonjour, je regarde votre dossier.") || !strings.HasPrefix(got, "Intervenante ou intervenant") {
		t.Fatalf("worker reply at the newcomer: %q", got)
	}
	// Another worker's reply is refused.
	rs := dt.staff(t, bot.Incoming{User: worker2, Platform: "discord", Chat: staffDC, Text: fmt.Sprintf("/reply #%d let me", n)})
	if !strings.Contains(text(rs), "claimed by "+worker) {
		t.Fatalf("reply from a worker who does not have it: %q", text(rs))
	}
	// Staff chatter naming a ticket never reaches the newcomer.
	toNewcomer := len(dt.tg.to("42"))
	if rs := dt.staff(t, bot.Incoming{User: worker, Text: fmt.Sprintf("#%d is a tricky one, she sounds scared", n)}); len(rs) != 0 || len(dt.tg.to("42")) != toNewcomer {
		t.Fatalf("chatter about #%d: replies %q, sent to the newcomer %d", n, text(rs), len(dt.tg.to("42"))-toNewcomer)
	}
	// After claim, newcomer messages go only to the claiming worker's chat.
	dcBefore := len(dt.dc.to(staffDC))
	dt.say(t, newcomer, "merci!")
	if len(dt.dc.to(staffDC)) != dcBefore || !strings.Contains(dt.tg.lastTo(staffTG).reply.Text, "merci!") {
		t.Fatal("after a Telegram worker claimed, the relay went elsewhere")
	}
	// /note is kept, never sent.
	toNewcomer = len(dt.tg.to("42"))
	if rs := dt.staff(t, bot.Incoming{User: worker, Text: "/note called Service Canada for her", ReplyTo: card}); !strings.Contains(text(rs), "Note kept") {
		t.Fatalf("/note: %q", text(rs))
	}
	if len(dt.tg.to("42")) != toNewcomer {
		t.Fatal("a note was sent to the newcomer")
	}
	// /kb sin sends the knowledge answer in the newcomer's language.
	if rs := dt.staff(t, bot.Incoming{User: worker, Text: fmt.Sprintf("/kb #%d sin", n)}); !strings.Contains(text(rs), "Sent") {
		t.Fatalf("/kb: %q", text(rs))
	}
	kb := dt.tg.lastTo("42").reply
	if kb.Kind != bot.KindAnswer || kb.Lang != "fr" || kb.Topic != "sin" || !strings.Contains(kb.Text, "NAS") {
		t.Fatalf("/kb sin at the newcomer: %s %s %.120q", kb.Kind, kb.Lang, kb.Text)
	}
	if rs := dt.staff(t, bot.Incoming{User: worker, Text: "/kb no-such-topic", ReplyTo: card}); !strings.Contains(text(rs), "no topic") {
		t.Fatalf("/kb with an unknown topic: %q", text(rs))
	}
	lines, _ := dt.store.Transcript(ctx, n)
	var kinds []string
	for _, l := range lines {
		kinds = append(kinds, l.From)
	}
	if strings.Join(kinds, ",") != "newcomer,worker,newcomer,note,worker" {
		t.Fatalf("transcript: %v", kinds)
	}
	// /close with an outcome: told, rated, back with the bot.
	if rs := dt.staff(t, bot.Incoming{User: worker, Text: "/close maybe", ReplyTo: card}); !strings.Contains(text(rs), "Close with one of") {
		t.Fatalf("/close with a bad outcome: %q", text(rs))
	}
	dt.staff(t, bot.Incoming{User: worker, Text: "/close follow-up booked", ReplyTo: card})
	closed := dt.tg.lastTo("42").reply
	if !hasButton(closed, fmt.Sprintf("rate:%d:5", n)) || !strings.Contains(closed.Text, "newcomerbot") {
		t.Fatalf("close at the newcomer: %q %v", closed.Text, closed.Buttons)
	}
	if tk, _ := dt.store.Ticket(ctx, n); tk.Outcome != bot.OutcomeFollowUp {
		t.Fatalf("outcome %q", tk.Outcome)
	}
	if !strings.Contains(dt.tg.lastTo(staffTG).reply.Text, "closed by "+worker) {
		t.Fatal("staff not told of the close")
	}
	if rs := dt.press(t, newcomer, fmt.Sprintf("rate:%d:5", n)); !strings.Contains(text(rs), "Merci") {
		t.Fatalf("rating: %q", text(rs))
	}
	if tk, _ := dt.store.Ticket(ctx, n); tk.Rating != 5 {
		t.Fatalf("rating kept: %d", tk.Rating)
	}
	if r := first(dt.say(t, newcomer, "comment obtenir un numéro d'assurance sociale")); r.Kind != bot.KindAnswer || r.Topic != "sin" {
		t.Fatalf("after close: %s %s, want the bot's answer", r.Kind, r.Topic)
	}
}

func TestReleaseAndCloseByNumber(t *testing.T) {
	t.Parallel()
	dt := newDesk(t, "")
	ctx := context.Background()
	n, _ := dt.open(t, newcomer)
	dt.staff(t, bot.Incoming{User: worker, Text: fmt.Sprintf("/claim #%d", n)})
	if rs := dt.staff(t, bot.Incoming{User: worker2, Platform: "discord", Chat: staffDC, Text: fmt.Sprintf("/release #%d", n)}); !strings.Contains(text(rs), "do not have") {
		t.Fatalf("release by another: %q", text(rs))
	}
	dt.staff(t, bot.Incoming{User: worker, Text: fmt.Sprintf("/release #%d", n)})
	if tk, _ := dt.store.Ticket(ctx, n); tk.Status != bot.TicketOpen {
		t.Fatalf("after /release: %s", tk.Status)
	}
	if !strings.Contains(dt.dc.lastTo(staffDC).reply.Text, "released") {
		t.Fatal("staff not told of the release")
	}
	if rs := dt.staff(t, bot.Incoming{User: worker, Text: "/tickets"}); !strings.Contains(text(rs), fmt.Sprintf("#%d open", n)) {
		t.Fatalf("/tickets: %q", text(rs))
	}
	dt.staff(t, bot.Incoming{User: worker2, Platform: "discord", Chat: staffDC, Text: fmt.Sprintf("/close #%d no response", n)})
	if tk, _ := dt.store.Ticket(ctx, n); tk.Status != bot.TicketClosed || tk.Outcome != bot.OutcomeNoResponse {
		t.Fatalf("after /close #n: %+v", tk)
	}
}

func TestForgetClosesTheTicketAndDeletesItsTranscript(t *testing.T) {
	t.Parallel()
	dt := newDesk(t, "")
	ctx := context.Background()
	n, card := dt.open(t, newcomer)
	dt.say(t, newcomer, "my SIN is 046 454 286")
	dt.staff(t, bot.Incoming{User: worker, Text: "thanks, checking", ReplyTo: card})
	if lines, _ := dt.store.Transcript(ctx, n); len(lines) != 2 {
		t.Fatalf("transcript before /forget: %d lines", len(lines))
	}
	if rs := dt.say(t, newcomer, "/forget"); !strings.Contains(text(rs), "deleted") {
		t.Fatalf("/forget during a ticket was relayed instead of handled: %q", text(rs))
	}
	tk, _ := dt.store.Ticket(ctx, n)
	if tk.Status != bot.TicketClosed || tk.Outcome != bot.OutcomeForgotten || tk.User != "" || len(tk.Recent) != 0 {
		t.Fatalf("after /forget: %+v", tk)
	}
	if lines, _ := dt.store.Transcript(ctx, n); len(lines) != 0 {
		t.Fatalf("transcript after /forget: %d lines", len(lines))
	}
	if !strings.Contains(dt.tg.lastTo(staffTG).reply.Text, "/forget") {
		t.Fatal("staff not told")
	}
	if r := first(dt.say(t, newcomer, "how do i get a sin number")); r.Kind != bot.KindAnswer {
		t.Fatalf("after /forget the bot does not answer: %s", r.Kind)
	}
}

func TestCrisisDuringAnOpenTicketComesFirstAndIsRelayed(t *testing.T) {
	t.Parallel()
	dt := newDesk(t, "")
	n, _ := dt.open(t, newcomer)
	rs := dt.say(t, newcomer, "i want to kill myself")
	if len(rs) == 0 || first(rs).Kind != bot.KindCrisis || !strings.Contains(first(rs).Text, "988") {
		t.Fatalf("crisis during a ticket: %q, want the crisis information", text(rs))
	}
	relay := dt.tg.lastTo(staffTG).reply.Text
	if !strings.Contains(relay, "URGENT") || !strings.Contains(relay, "i want to kill myself") {
		t.Fatalf("crisis message not relayed as urgent: %q", relay)
	}
	if tk, _ := dt.store.Ticket(context.Background(), n); !tk.Urgent {
		t.Fatal("ticket not flagged urgent")
	}
	// A button pressed on an old message is not relayed and says why.
	if r := first(dt.press(t, newcomer, "t:sin")); r.Kind != bot.KindHandoff || !strings.Contains(r.Text, "/cancel") {
		t.Fatalf("a button during a ticket: %s %q", r.Kind, r.Text)
	}
}

func TestQuestionAboutViolenceDuringAnOpenTicketGoesToTheWorker(t *testing.T) {
	t.Parallel()
	dt := newDesk(t, "")
	// the whole knowledge base, which answers this question when no
	// ticket is open
	dt.e = newEngine(t, bot.Config{Handoffs: dt.desk})
	dt.open(t, newcomer)
	q := "my partner hits me sometimes when he drinks, who can i talk to"
	for _, r := range dt.say(t, newcomer, q) {
		if r.Kind == bot.KindAnswer {
			t.Fatalf("the bot answered during a ticket: %s %q", r.Kind, r.Topic)
		}
	}
	if relay := dt.tg.lastTo(staffTG).reply.Text; !strings.Contains(relay, q) {
		t.Fatalf("not relayed to the worker: %q", relay)
	}
}

func TestNewcomerInAGroupIsReachedPrivately(t *testing.T) {
	t.Parallel()
	dt := newDesk(t, "")
	ctx := context.Background()
	for _, in := range []bot.Incoming{
		{Platform: "telegram", User: "telegram:61", Chat: "-200", Group: true, Button: "consent"},
		{Platform: "discord", User: "discord:62", Chat: "900", Group: true, Button: "consent"},
	} {
		if _, err := dt.e.Handle(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	if tk, _ := dt.store.OpenTicket(ctx, "telegram:61"); tk.Chat != "61" {
		t.Fatalf("telegram group newcomer reached at %q, want their private chat 61", tk.Chat)
	}
	if tk, _ := dt.store.OpenTicket(ctx, "discord:62"); tk.Chat != "discord:62" {
		t.Fatalf("discord server newcomer reached at %q, want a direct message", tk.Chat)
	}
}

// A ticket a Desk took from the queue but never acknowledged (it died) is
// posted once by another Desk after the idle time.
func TestAnotherDeskTakesOverAnUnpostedTicket(t *testing.T) {
	t.Parallel()
	dt := newDesk(t, "")
	ctx := context.Background()
	dt.say(t, newcomer, "/human")
	dt.press(t, newcomer, "consent")
	if q, _ := dt.store.Next(ctx, "dead-desk", time.Minute, 0); len(q) != 1 {
		t.Fatal("the dying desk did not get the entry")
	}
	dt.step(t)
	if len(dt.tg.to(staffTG)) != 0 {
		t.Fatal("posted while the entry was still held by another desk")
	}
	dt.clock.Add(2 * time.Minute)
	dt.step(t)
	dt.step(t)
	if got := len(dt.tg.to(staffTG)); got != 1 {
		t.Fatalf("after the idle time: %d posts, want 1", got)
	}
}
