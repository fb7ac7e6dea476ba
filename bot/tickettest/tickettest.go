// Package tickettest is the conformance suite every bot.TicketStore
// passes: the in-memory one always, the Redis one against miniredis and a
// real redis-server.
package tickettest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/newcomerbot/newcomerbot/bot"
)

// at is a fixed time with millisecond precision (what stores keep).
var at = time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)

func ticket(user string) bot.Ticket {
	return bot.Ticket{User: user, Platform: "telegram", Chat: "42", Lang: "fr", Region: "ON", Topic: "sin",
		Question: "where is my card", Recent: []string{"bonjour", "where is my card"}, Created: at, Posted: at}
}

// Run runs the suite; newStore returns an empty store each call.
func Run(t *testing.T, newStore func(t *testing.T) bot.TicketStore) {
	ctx := context.Background()

	t.Run("CreateAndRead", func(t *testing.T) {
		s := newStore(t)
		if _, err := s.OpenTicket(ctx, "telegram:1"); !errors.Is(err, bot.ErrNotFound) {
			t.Fatalf("OpenTicket with none: got %v, want ErrNotFound", err)
		}
		if _, err := s.Ticket(ctx, 99); !errors.Is(err, bot.ErrNotFound) {
			t.Fatalf("Ticket(99): got %v, want ErrNotFound", err)
		}
		a, err := s.Create(ctx, ticket("telegram:1"))
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.Create(ctx, ticket("telegram:2"))
		if err != nil {
			t.Fatal(err)
		}
		if a.Number <= 0 || b.Number <= a.Number {
			t.Fatalf("numbers %d then %d: want increasing from 1", a.Number, b.Number)
		}
		got, err := s.Ticket(ctx, a.Number)
		if err != nil {
			t.Fatal(err)
		}
		want := ticket("telegram:1")
		if got.User != want.User || got.Chat != "42" || got.Lang != "fr" || got.Region != "ON" || got.Topic != "sin" ||
			got.Question != want.Question || !slices.Equal(got.Recent, want.Recent) || got.Status != bot.TicketOpen ||
			!got.Created.Equal(at) || !got.Posted.Equal(at) {
			t.Fatalf("read back %+v", got)
		}
		again, err := s.Create(ctx, ticket("telegram:1"))
		if !errors.Is(err, bot.ErrTicketOpen) || again.Number != a.Number {
			t.Fatalf("second Create for the same person: got #%d, %v; want #%d, ErrTicketOpen", again.Number, err, a.Number)
		}
		open, err := s.OpenTicket(ctx, "telegram:1")
		if err != nil || open.Number != a.Number {
			t.Fatalf("OpenTicket: got #%d, %v", open.Number, err)
		}
		all, err := s.Active(ctx)
		if err != nil || len(all) != 2 || all[0].Number != a.Number || all[1].Number != b.Number {
			t.Fatalf("Active: got %d tickets, %v", len(all), err)
		}
	})

	t.Run("ClaimReleaseClose", func(t *testing.T) {
		s := newStore(t)
		tk, _ := s.Create(ctx, ticket("telegram:1"))
		n := tk.Number
		if _, err := s.Claim(ctx, 999, "telegram:7", at); !errors.Is(err, bot.ErrNotFound) {
			t.Fatalf("Claim of a missing ticket: %v", err)
		}
		got, err := s.Claim(ctx, n, "telegram:7", at.Add(time.Minute))
		if err != nil || got.Status != bot.TicketClaimed || got.Worker != "telegram:7" || !got.Claimed.Equal(at.Add(time.Minute)) {
			t.Fatalf("Claim: %+v, %v", got, err)
		}
		got, err = s.Claim(ctx, n, "discord:8", at)
		if !errors.Is(err, bot.ErrClaimed) || got.Worker != "telegram:7" {
			t.Fatalf("second Claim: got %v by %s, want ErrClaimed by telegram:7", err, got.Worker)
		}
		if _, err := s.Release(ctx, n, "discord:8", at); !errors.Is(err, bot.ErrNotClaimed) {
			t.Fatalf("Release by another worker: %v, want ErrNotClaimed", err)
		}
		rel := at.Add(time.Hour)
		got, err = s.Release(ctx, n, "telegram:7", rel)
		if err != nil || got.Status != bot.TicketOpen || got.Worker != "" || !got.Posted.Equal(rel) {
			t.Fatalf("Release: %+v, %v", got, err)
		}
		if _, err := s.Release(ctx, n, "", rel); !errors.Is(err, bot.ErrNotClaimed) {
			t.Fatalf("Release of an open ticket: %v", err)
		}
		if _, err := s.Claim(ctx, n, "discord:8", at); err != nil {
			t.Fatalf("Claim after release: %v", err)
		}
		got, err = s.Close(ctx, n, bot.OutcomeReferred, at.Add(2*time.Hour))
		if err != nil || got.Status != bot.TicketClosed || got.Outcome != bot.OutcomeReferred {
			t.Fatalf("Close: %+v, %v", got, err)
		}
		if _, err := s.Close(ctx, n, bot.OutcomeAnswered, at); !errors.Is(err, bot.ErrClosed) {
			t.Fatalf("second Close: %v, want ErrClosed", err)
		}
		if _, err := s.Claim(ctx, n, "telegram:7", at); !errors.Is(err, bot.ErrClosed) {
			t.Fatalf("Claim of a closed ticket: %v, want ErrClosed", err)
		}
		if _, err := s.OpenTicket(ctx, "telegram:1"); !errors.Is(err, bot.ErrNotFound) {
			t.Fatalf("OpenTicket after close: %v", err)
		}
		if all, _ := s.Active(ctx); len(all) != 0 {
			t.Fatalf("Active after close: %d tickets", len(all))
		}
		next, err := s.Create(ctx, ticket("telegram:1"))
		if err != nil || next.Number == n {
			t.Fatalf("a new ticket after close: #%d, %v", next.Number, err)
		}
	})

	t.Run("OneClaimWins", func(t *testing.T) {
		s := newStore(t)
		tk, _ := s.Create(ctx, ticket("telegram:1"))
		const workers = 12
		var wg sync.WaitGroup
		errs := make([]error, workers)
		for i := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = s.Claim(ctx, tk.Number, fmt.Sprintf("telegram:%d", 100+i), at)
			}()
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case !errors.Is(err, bot.ErrClaimed):
				t.Fatalf("a losing claim: %v, want ErrClaimed", err)
			}
		}
		if won != 1 {
			t.Fatalf("%d of %d simultaneous claims won, want exactly 1", won, workers)
		}
	})

	t.Run("MarkLinkRepost", func(t *testing.T) {
		s := newStore(t)
		tk, _ := s.Create(ctx, ticket("telegram:1"))
		n := tk.Number
		if err := s.Mark(ctx, 999, bot.TicketMark{Rating: 3}); !errors.Is(err, bot.ErrNotFound) {
			t.Fatalf("Mark of a missing ticket: %v", err)
		}
		if err := s.Mark(ctx, n, bot.TicketMark{Replied: at.Add(time.Minute), Rating: 4, Urgent: true, Platform: "telegram", Message: "77"}); err != nil {
			t.Fatal(err)
		}
		got, _ := s.Ticket(ctx, n)
		if !got.Replied.Equal(at.Add(time.Minute)) || got.Rating != 4 || !got.Urgent || got.Messages["telegram"] != "77" {
			t.Fatalf("after Mark: %+v", got)
		}
		if m, err := s.Linked(ctx, "telegram", "77"); err != nil || m != n {
			t.Fatalf("Linked(the ticket's post): %d, %v", m, err)
		}
		if err := s.Link(ctx, n, "discord", "1234567890"); err != nil {
			t.Fatal(err)
		}
		if m, err := s.Linked(ctx, "discord", "1234567890"); err != nil || m != n {
			t.Fatalf("Linked: %d, %v", m, err)
		}
		if _, err := s.Linked(ctx, "discord", "77"); !errors.Is(err, bot.ErrNotFound) {
			t.Fatalf("links are per platform: %v", err)
		}
		later := at.Add(20 * time.Minute)
		if ok, err := s.Repost(ctx, n, at, later); !ok || err != nil {
			t.Fatalf("Repost: %v, %v", ok, err)
		}
		if ok, _ := s.Repost(ctx, n, at, later.Add(time.Minute)); ok {
			t.Fatal("a second Repost from the same previous time won too")
		}
		if got, _ := s.Ticket(ctx, n); !got.Posted.Equal(later) {
			t.Fatalf("Posted after Repost: %v", got.Posted)
		}
	})

	t.Run("TranscriptAndForget", func(t *testing.T) {
		s := newStore(t)
		old, _ := s.Create(ctx, ticket("telegram:1"))
		if err := s.Append(ctx, old.Number, bot.Line{From: bot.LineNewcomer, Text: "first", Time: at}); err != nil {
			t.Fatal(err)
		}
		s.Close(ctx, old.Number, bot.OutcomeAnswered, at)
		tk, _ := s.Create(ctx, ticket("telegram:1"))
		other, _ := s.Create(ctx, ticket("telegram:2"))
		lines := []bot.Line{
			{From: bot.LineNewcomer, Text: "my SIN letter never came", Time: at},
			{From: bot.LineWorker, By: "telegram:7", Text: "let me check", Time: at.Add(time.Minute)},
			{From: bot.LineNote, By: "telegram:7", Text: "called Service Canada", Time: at.Add(2 * time.Minute)},
		}
		for _, l := range lines {
			if err := s.Append(ctx, tk.Number, l); err != nil {
				t.Fatal(err)
			}
		}
		s.Append(ctx, other.Number, bot.Line{From: bot.LineNewcomer, Text: "other person", Time: at})
		if err := s.Append(ctx, 999, lines[0]); !errors.Is(err, bot.ErrNotFound) {
			t.Fatalf("Append to a missing ticket: %v", err)
		}
		got, err := s.Transcript(ctx, tk.Number)
		if err != nil || len(got) != 3 {
			t.Fatalf("Transcript: %d lines, %v", len(got), err)
		}
		for i := range lines {
			if got[i].From != lines[i].From || got[i].By != lines[i].By || got[i].Text != lines[i].Text || !got[i].Time.Equal(lines[i].Time) {
				t.Fatalf("line %d: got %+v, want %+v", i, got[i], lines[i])
			}
		}
		was, err := s.Forget(ctx, "telegram:1")
		if err != nil || !slices.Equal(was, []int{tk.Number}) {
			t.Fatalf("Forget: closed %v, %v; want [%d]", was, err, tk.Number)
		}
		for _, n := range []int{old.Number, tk.Number} {
			if lines, _ := s.Transcript(ctx, n); len(lines) != 0 {
				t.Fatalf("transcript of #%d kept after Forget: %d lines", n, len(lines))
			}
			f, err := s.Ticket(ctx, n)
			if err == nil && (f.User != "" || f.Chat != "" || f.Question != "" || len(f.Recent) > 0 || f.Status != bot.TicketClosed) {
				t.Fatalf("#%d after Forget still identifies the person or is open: %+v", n, f)
			}
		}
		if f, _ := s.Ticket(ctx, tk.Number); f.Outcome != bot.OutcomeForgotten {
			t.Fatalf("outcome after Forget: %q", f.Outcome)
		}
		if _, err := s.OpenTicket(ctx, "telegram:1"); !errors.Is(err, bot.ErrNotFound) {
			t.Fatalf("OpenTicket after Forget: %v", err)
		}
		if lines, _ := s.Transcript(ctx, other.Number); len(lines) != 1 {
			t.Fatal("Forget deleted another person's transcript")
		}
	})

	t.Run("QueueHandsEachTicketToOneConsumerAndTakesOverFromTheDead", func(t *testing.T) {
		s := newStore(t)
		a, _ := s.Create(ctx, ticket("telegram:1"))
		b, _ := s.Create(ctx, ticket("telegram:2"))
		const idle = 300 * time.Millisecond
		got, err := s.Next(ctx, "desk-a", idle, 0)
		if err != nil || len(got) != 2 || got[0].Number != a.Number || got[1].Number != b.Number {
			t.Fatalf("first read: %+v, %v", got, err)
		}
		if again, _ := s.Next(ctx, "desk-b", idle, 0); len(again) != 0 {
			t.Fatalf("another consumer got entries desk-a holds: %+v", again)
		}
		if err := s.Ack(ctx, got[0]); err != nil {
			t.Fatal(err)
		}
		// desk-a dies holding b's entry; after idle desk-b takes it over.
		time.Sleep(idle + 100*time.Millisecond)
		over, err := s.Next(ctx, "desk-b", idle, 0)
		if err != nil || len(over) != 1 || over[0].Number != b.Number {
			t.Fatalf("take-over: %+v, %v; want #%d only (#%d was acknowledged)", over, err, b.Number, a.Number)
		}
		s.Ack(ctx, over[0])
		if none, _ := s.Next(ctx, "desk-c", 0, 0); len(none) != 0 {
			t.Fatalf("acknowledged entries came back: %+v", none)
		}
		// A blocking read returns when a ticket is queued.
		done := make(chan []bot.Queued, 1)
		go func() {
			q, _ := s.Next(ctx, "desk-c", time.Hour, 3*time.Second)
			done <- q
		}()
		time.Sleep(100 * time.Millisecond)
		c, _ := s.Create(ctx, ticket("telegram:3"))
		select {
		case q := <-done:
			if len(q) != 1 || q[0].Number != c.Number {
				t.Fatalf("blocking read: %+v", q)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("a blocking read did not return after a ticket was queued")
		}
	})
}
