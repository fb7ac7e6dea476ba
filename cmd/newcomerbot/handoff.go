package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // OFFICE_HOURS time zones on machines without a zoneinfo database

	"github.com/newcomerbot/newcomerbot/adapters/redis"
	"github.com/newcomerbot/newcomerbot/bot"
)

// staffChats returns the settlement workers' chats of the platforms that
// are configured: a HANDOFF_* chat without its platform's token cannot be
// posted to.
func staffChats(cfg Config, log *slog.Logger) map[string]string {
	chats := map[string]string{}
	if cfg.HandoffTelegram != "" {
		if cfg.TelegramToken != "" {
			chats["telegram"] = cfg.HandoffTelegram
		} else {
			log.Warn("HANDOFF_TELEGRAM_CHAT_ID is set but TELEGRAM_TOKEN is not: no tickets go to Telegram")
		}
	}
	if cfg.HandoffDiscord != "" {
		if cfg.DiscordToken != "" {
			chats["discord"] = cfg.HandoffDiscord
		} else {
			log.Warn("HANDOFF_DISCORD_CHANNEL_ID is set but DISCORD_TOKEN is not: no tickets go to Discord")
		}
	}
	return chats
}

// newDesk builds the handoff desk when a staff chat is configured; nil
// otherwise (the bot then points people to local agencies). senders is
// filled by the adapters before the desk runs.
func newDesk(cfg Config, rc *redis.Client, senders map[string]bot.Sender, log *slog.Logger) (*bot.Desk, error) {
	chats := staffChats(cfg, log)
	if len(chats) == 0 {
		return nil, nil
	}
	if len(cfg.Workers) == 0 {
		log.Warn("WORKERS is empty: nobody can claim handoff tickets")
	}
	return bot.NewDesk(bot.DeskConfig{
		Store:      rc.Handoff(),
		Senders:    senders,
		StaffChats: chats,
		Workers:    cfg.Workers,
		Hours:      cfg.Hours,
		SLA:        cfg.HandoffSLA,
		Idle:       cfg.handoffIdle,
		Poll:       cfg.handoffPoll,
		Logger:     log,
	})
}

// cmdHandoff is `newcomerbot handoff list|show N|close N [outcome]`: the
// settlement workers' queue in Redis, from the command line.
func cmdHandoff(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	usage := "newcomerbot: handoff needs a subcommand: list, show N, close N [" + strings.Join(bot.Outcomes, "|") + "]\n"
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errSilent
	}
	sub, args := args[0], args[1:]
	number := func() (int, bool) {
		if len(args) == 0 {
			return 0, false
		}
		n, err := strconv.Atoi(strings.TrimPrefix(args[0], "#"))
		return n, err == nil && n > 0
	}
	switch sub {
	case "list":
		return withRedis(ctx, cfg, stderr, func(rc *redis.Client) error {
			all, err := rc.Handoff().Active(ctx)
			if err != nil {
				return err
			}
			if len(all) == 0 {
				fmt.Fprintln(stdout, "no open tickets")
				return nil
			}
			now := time.Now()
			for _, t := range all {
				fmt.Fprintln(stdout, ticketLine(t, now))
			}
			return nil
		})
	case "show":
		n, ok := number()
		if !ok {
			fmt.Fprint(stderr, "newcomerbot: handoff show needs a ticket number\n")
			return errSilent
		}
		return withRedis(ctx, cfg, stderr, func(rc *redis.Client) error {
			h := rc.Handoff()
			t, err := h.Ticket(ctx, n)
			if errors.Is(err, bot.ErrNotFound) {
				return fmt.Errorf("no ticket #%d", n)
			}
			if err != nil {
				return err
			}
			lines, err := h.Transcript(ctx, n)
			if err != nil {
				return err
			}
			showTicket(stdout, t, lines)
			return nil
		})
	case "close":
		n, ok := number()
		if !ok {
			fmt.Fprint(stderr, usage)
			return errSilent
		}
		outcome := strings.ToLower(strings.Join(args[1:], " "))
		if outcome == "" {
			outcome = bot.OutcomeAnswered
		}
		if !slices.Contains(bot.Outcomes, outcome) {
			fmt.Fprintf(stderr, "newcomerbot: outcome %q: want one of %s\n", outcome, strings.Join(bot.Outcomes, ", "))
			return errSilent
		}
		return withRedis(ctx, cfg, stderr, func(rc *redis.Client) error {
			_, err := rc.Handoff().Close(ctx, n, outcome, time.Now())
			switch {
			case errors.Is(err, bot.ErrNotFound):
				return fmt.Errorf("no ticket #%d", n)
			case errors.Is(err, bot.ErrClosed):
				return fmt.Errorf("ticket #%d is already closed", n)
			case err != nil:
				return err
			}
			fmt.Fprintf(stdout, "ticket #%d closed: %s. The newcomer is back with the bot from their next message (they are not told from the command line).\n", n, outcome)
			return nil
		})
	}
	fmt.Fprintf(stderr, "newcomerbot: unknown handoff subcommand %q\n%s", sub, usage)
	return errSilent
}

func ticketLine(t bot.Ticket, now time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "#%d\t%s\t%s\t%s\twaiting %s\tvia %s", t.Number, t.Status, t.Lang, dash(t.Region), now.Sub(t.Created).Round(time.Minute), t.Platform)
	if t.Urgent {
		b.WriteString("\tURGENT")
	}
	if t.Worker != "" {
		b.WriteString("\tclaimed by " + t.Worker)
	}
	if t.Topic != "" {
		b.WriteString("\ttopic " + t.Topic)
	}
	return b.String()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func showTicket(w io.Writer, t bot.Ticket, lines []bot.Line) {
	when := func(at time.Time) string {
		if at.IsZero() {
			return "-"
		}
		return at.Format(time.RFC3339)
	}
	fmt.Fprintf(w, "ticket #%d\nstatus:   %s\n", t.Number, t.Status)
	if t.Outcome != "" {
		fmt.Fprintf(w, "outcome:  %s\n", t.Outcome)
	}
	fmt.Fprintf(w, "newcomer: %s (%s chat %s)\nlanguage: %s\nprovince: %s\nurgent:   %v\n", dash(t.User), dash(t.Platform), dash(t.Chat), t.Lang, dash(t.Region), t.Urgent)
	if t.Topic != "" {
		fmt.Fprintf(w, "topic:    %s\n", t.Topic)
	}
	if t.Question != "" {
		fmt.Fprintf(w, "question: %s\n", t.Question)
	}
	fmt.Fprintf(w, "worker:   %s\ncreated:  %s\nclaimed:  %s\nreplied:  %s\nclosed:   %s\n", dash(t.Worker), when(t.Created), when(t.Claimed), when(t.Replied), when(t.Closed))
	if t.Rating > 0 {
		fmt.Fprintf(w, "rating:   %d/5\n", t.Rating)
	}
	if len(t.Recent) > 0 {
		fmt.Fprintln(w, "messages before the ticket:")
		for _, r := range t.Recent {
			fmt.Fprintf(w, "  › %s\n", r)
		}
	}
	fmt.Fprintln(w, "transcript:")
	if len(lines) == 0 {
		fmt.Fprintln(w, "  (empty)")
	}
	for _, l := range lines {
		who := l.From
		if l.By != "" {
			who += " " + l.By
		}
		fmt.Fprintf(w, "  %s %s: %s\n", l.Time.Format("2006-01-02 15:04"), who, l.Text)
	}
}
