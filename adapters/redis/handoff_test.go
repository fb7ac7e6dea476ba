package redis_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newcomerbot/newcomerbot/adapters/redis"
	"github.com/newcomerbot/newcomerbot/adapters/redis/redistest"
	"github.com/newcomerbot/newcomerbot/bot"
	"github.com/newcomerbot/newcomerbot/bot/tickettest"
)

func TestTicketStoreConformance(t *testing.T) {
	backends(t, func(t *testing.T, open func(t *testing.T) *redis.Client) {
		tickettest.Run(t, func(t *testing.T) bot.TicketStore { return open(t).Handoff() })
	})
}

// What a store knows survives a new connection (a restarted bot): open
// tickets, claims, links, transcripts and the queue position of an entry
// nobody acknowledged.
func TestTicketsSurviveANewClient(t *testing.T) {
	srv := redistest.Start(t)
	ctx := context.Background()
	c1 := openClient(t, srv.URL, time.Hour)
	h1 := c1.Handoff()
	a, _ := h1.Create(ctx, bot.Ticket{User: "telegram:1", Platform: "telegram", Chat: "1", Lang: "en", Created: time.Now()})
	b, _ := h1.Create(ctx, bot.Ticket{User: "telegram:2", Platform: "telegram", Chat: "2", Lang: "fr", Created: time.Now()})
	if _, err := h1.Claim(ctx, a.Number, "telegram:7", time.Now()); err != nil {
		t.Fatal(err)
	}
	h1.Link(ctx, a.Number, "telegram", "55")
	h1.Append(ctx, a.Number, bot.Line{From: bot.LineNewcomer, Text: "hello", Time: time.Now()})
	if q, err := h1.Next(ctx, "dies", time.Minute, 0); err != nil || len(q) != 2 {
		t.Fatalf("read before the crash: %+v, %v", q, err)
	}
	c1.Close() // the bot dies without acknowledging

	h2 := openClient(t, srv.URL, time.Hour).Handoff()
	if got, err := h2.Ticket(ctx, a.Number); err != nil || got.Status != bot.TicketClaimed || got.Worker != "telegram:7" {
		t.Fatalf("the claim after a restart: %+v, %v", got, err)
	}
	if n, err := h2.Linked(ctx, "telegram", "55"); err != nil || n != a.Number {
		t.Fatalf("the staff message link after a restart: %d, %v", n, err)
	}
	if lines, _ := h2.Transcript(ctx, a.Number); len(lines) != 1 {
		t.Fatalf("transcript after a restart: %d lines", len(lines))
	}
	if open, err := h2.OpenTicket(ctx, "telegram:2"); err != nil || open.Number != b.Number {
		t.Fatalf("open ticket after a restart: %+v, %v", open, err)
	}
	if q, _ := h2.Next(ctx, "new", time.Minute, 0); len(q) != 0 {
		t.Fatalf("entries still held by the dead consumer were handed out before the idle time: %+v", q)
	}
	q, err := h2.Next(ctx, "new", 0, 0)
	if err != nil || len(q) != 2 {
		t.Fatalf("take-over after the idle time: %+v, %v", q, err)
	}
	if n, _ := h2.Create(ctx, bot.Ticket{User: "telegram:3", Created: time.Now()}); n.Number != b.Number+1 {
		t.Fatalf("numbering after a restart: #%d, want #%d", n.Number, b.Number+1)
	}
}

// The transcript and the ticket expire with the retention.
func TestTranscriptExpires(t *testing.T) {
	ctx := context.Background()
	h := openClient(t, redistest.Start(t).URL, time.Second).Handoff()
	tk, _ := h.Create(ctx, bot.Ticket{User: "telegram:1", Created: time.Now()})
	h.Append(ctx, tk.Number, bot.Line{From: bot.LineNewcomer, Text: "hello"})
	h.Close(ctx, tk.Number, bot.OutcomeAnswered, time.Now())
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		lines, _ := h.Transcript(ctx, tk.Number)
		if _, err := h.Ticket(ctx, tk.Number); err != nil && len(lines) == 0 {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("ticket or transcript still there 5s after a 1s retention")
}

// sender records what a Desk sends, safely from many goroutines.
type sender struct {
	mu   sync.Mutex
	n    int
	sent []string
}

func (s *sender) Send(ctx context.Context, chat string, replies []bot.Reply) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []string
	for _, r := range replies {
		s.n++
		s.sent = append(s.sent, chat+": "+r.Text)
		ids = append(ids, strconv.Itoa(s.n))
	}
	return ids, nil
}

func (s *sender) count(sub string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, m := range s.sent {
		if strings.Contains(m, sub) {
			n++
		}
	}
	return n
}

// Two workers on two replicas (each its own Client and Desk) press Claim
// at the same moment: exactly one gets each ticket, the staff chat is told
// once who, and each ticket is posted once by the two Desks together.
func TestSimultaneousClaimsOnReplicas(t *testing.T) {
	srv := redistest.Start(t)
	ctx := context.Background()
	out := &sender{}
	desks := make([]*bot.Desk, 2)
	var stores []*redis.Handoff
	for i := range desks {
		c := openClient(t, srv.URL, time.Hour)
		stores = append(stores, c.Handoff())
		var err error
		desks[i], err = bot.NewDesk(bot.DeskConfig{
			Store: c.Handoff(), Senders: map[string]bot.Sender{"telegram": out},
			StaffChats: map[string]string{"telegram": "-100"}, Workers: []string{"telegram:7", "telegram:8"},
			Poll: 10 * time.Millisecond, Consumer: fmt.Sprintf("replica-%d", i),
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	const tickets = 20
	for i := range tickets {
		in := bot.Incoming{Platform: "telegram", User: fmt.Sprintf("telegram:%d", 500+i), Chat: strconv.Itoa(500 + i)}
		if _, err := desks[i%2].Request(ctx, in, bot.Session{Lang: "en"}, false); err != nil {
			t.Fatal(err)
		}
	}
	// Both desks read the queue at once.
	var wg sync.WaitGroup
	for _, d := range desks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 5 {
				if err := d.Step(ctx); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	for n := 1; n <= tickets; n++ {
		if got := out.count(fmt.Sprintf("Ticket #%d\n", n)); got != 1 {
			t.Fatalf("ticket #%d posted %d times by two replicas, want once", n, got)
		}
	}
	for n := 1; n <= tickets; n++ {
		start := make(chan struct{})
		replies := make([][]bot.Reply, 2)
		for i, d := range desks {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				var err error
				replies[i], err = d.Staff(ctx, bot.Incoming{Platform: "telegram", User: fmt.Sprintf("telegram:%d", 7+i),
					Chat: "-100", Staff: true, Group: true, Button: fmt.Sprintf("claim:%d", n)})
				if err != nil {
					t.Error(err)
				}
			}()
		}
		close(start)
		wg.Wait()
		tk, err := stores[0].Ticket(ctx, n)
		if err != nil {
			t.Fatal(err)
		}
		winners := 0
		for i, rs := range replies {
			me := fmt.Sprintf("telegram:%d", 7+i)
			switch {
			case len(rs) == 0 && tk.Worker == me:
				winners++
			case len(rs) == 1 && strings.Contains(rs[0].Text, "already claimed by "+tk.Worker) && tk.Worker != me:
			default:
				t.Fatalf("#%d claimed by %q; %s got %+v", n, tk.Worker, me, rs)
			}
		}
		if winners != 1 || out.count(fmt.Sprintf("#%d claimed by", n)) != 1 {
			t.Fatalf("#%d: %d winners, %d announcements; want exactly one of each", n, winners, out.count(fmt.Sprintf("#%d claimed by", n)))
		}
	}
}
