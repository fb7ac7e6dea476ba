package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newcomerbot/newcomerbot/adapters/redis"
	"github.com/newcomerbot/newcomerbot/adapters/redis/redistest"
	"github.com/newcomerbot/newcomerbot/adapters/telegram/telegramtest"
	"github.com/newcomerbot/newcomerbot/bot"
	"github.com/newcomerbot/newcomerbot/bot/logtest"
)

// TestMain lets the test binary also be the bot, for the SIGKILL test:
// with NEWCOMERBOT_AS_BOT=1 it runs `newcomerbot run` from the environment
// until it is killed.
func TestMain(m *testing.M) {
	if os.Getenv("NEWCOMERBOT_AS_BOT") == "1" {
		err := run(context.Background(), []string{"run"}, os.Getenv, strings.NewReader(""), io.Discard, os.Stderr)
		fmt.Fprintln(os.Stderr, "bot process ended:", err)
		os.Exit(3)
	}
	os.Exit(m.Run())
}

// The staff chat: a real Telegram group id is negative, and the adapter
// then spaces messages 3 s apart (Telegram's 20 a minute per group). The
// round trip uses one; the other tests use a positive id, paced at 1 s.
const (
	staffGroup = -100
	staffFast  = 100
)

var (
	amina   = telegramtest.User{ID: 42, FirstName: "Amina", UserName: "amina_h", LanguageCode: "en"}
	worker7 = telegramtest.User{ID: 7, FirstName: "Worker", UserName: "worker_seven"}
	worker8 = telegramtest.User{ID: 8, FirstName: "Other", UserName: "worker_eight"}
	private = telegramtest.Private(amina)
)

func handoffEnv(redisURL string, tg *telegramtest.Server, staffChat int64, extra ...string) []string {
	return append([]string{
		"REDIS_URL", redisURL,
		"TELEGRAM_TOKEN", tg.Token,
		"TELEGRAM_API_ENDPOINT", tg.Endpoint(),
		"HANDOFF_TELEGRAM_CHAT_ID", fmt.Sprint(staffChat),
		"WORKERS", "telegram:7,telegram:8,discord:9",
		"LOG_LEVEL", "debug",
	}, extra...)
}

// handoffFakes starts a real redis-server and a fake Telegram for one
// test; both stop when it ends.
func handoffFakes(t *testing.T) (*redistest.Server, *telegramtest.Server) {
	srv := redistest.Start(t)
	tg := telegramtest.NewServer()
	t.Cleanup(tg.Close)
	return srv, tg
}

// handoffStore opens the ticket store of the Redis at url, as a worker's
// command line or a dying replica would, closed when the test ends.
func handoffStore(t *testing.T, url string) *redis.Handoff {
	rc, err := redis.Open(context.Background(), redis.Config{URL: url, Retention: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rc.Close() })
	return rc.Handoff()
}

// stack is one running bot (a replica): Redis client, engine, desk and
// the Telegram adapter polling the fake, wired by the program's own open
// and startTelegram.
type stack struct {
	a    *app
	once sync.Once
	stop func()
}

func startStack(t *testing.T, pairs []string, tweak func(*Config), extra map[string]bot.Sender) *stack {
	return startStackDesk(t, pairs, tweak, extra, true)
}

// startStackDesk is startStack, with the desk's loop running or not.
func startStackDesk(t *testing.T, pairs []string, tweak func(*Config), extra map[string]bot.Sender, runDesk bool) *stack {
	t.Helper()
	cfg, err := loadConfig(env(pairs...))
	if err != nil {
		t.Fatal(err)
	}
	if tweak != nil {
		tweak(&cfg)
	}
	logs := &logtest.Buffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx, cancel := context.WithCancel(context.Background())
	a, err := open(ctx, cfg, log, io.Discard)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	svc, err := startTelegram(ctx, a, http.NewServeMux())
	if err != nil {
		cancel()
		a.Close()
		t.Fatal(err)
	}
	for k, v := range extra {
		a.senders[k] = v
	}
	services := []service{svc}
	if runDesk {
		services = append(services, a.desk.Run)
	}
	var wg sync.WaitGroup
	for _, f := range services {
		wg.Add(1)
		go func() { defer wg.Done(); _ = f(ctx) }()
	}
	s := &stack{a: a}
	s.stop = func() {
		s.once.Do(func() {
			cancel()
			wg.Wait()
			a.Close()
		})
	}
	t.Cleanup(func() {
		s.stop()
		if t.Failed() {
			t.Logf("bot log:\n%s", logs.String())
		}
	})
	return s
}

// waitText waits until the bot sent chat a message containing s, and
// returns the last such message as Telegram stored it.
func waitText(t *testing.T, tg *telegramtest.Server, chat int64, s string) telegramtest.Message {
	t.Helper()
	ok := tg.Wait(startupWait, "sendMessage", func(calls []telegramtest.Call) bool {
		for _, c := range calls {
			if c.Chat() == chat && c.OK() && strings.Contains(c.Param("text"), s) {
				return true
			}
		}
		return false
	})
	if !ok {
		var got []string
		for _, m := range tg.Sent(chat) {
			got = append(got, m.Text)
		}
		t.Fatalf("chat %d never got a message containing %q; it got:\n%s", chat, s, strings.Join(got, "\n---\n"))
	}
	var last telegramtest.Message
	for _, m := range tg.Sent(chat) {
		if strings.Contains(m.Text, s) {
			last = m
		}
	}
	return last
}

// count counts the messages sent to chat that contain s.
func count(tg *telegramtest.Server, chat int64, s string) int {
	n := 0
	for _, m := range tg.Sent(chat) {
		if strings.Contains(m.Text, s) {
			n++
		}
	}
	return n
}

func hasData(m telegramtest.Message, data string) bool {
	if m.ReplyMarkup == nil {
		return false
	}
	for _, row := range m.ReplyMarkup.InlineKeyboard {
		for _, b := range row {
			if b.CallbackData != nil && *b.CallbackData == data {
				return true
			}
		}
	}
	return false
}

// replyTo sends a worker's reply to message m in m's (staff) chat.
func replyTo(tg *telegramtest.Server, from telegramtest.User, m telegramtest.Message, text string) {
	tg.Enqueue(telegramtest.Update{Message: &telegramtest.Message{From: &from, Chat: telegramtest.Group(m.Chat.ID), Text: text, ReplyToMessage: &m}})
}

// requestConsent takes the newcomer from /human through consent.
func requestConsent(t *testing.T, tg *telegramtest.Server) {
	t.Helper()
	tg.Text(amina, private, "/human")
	offer := waitText(t, tg, amina.ID, "not your name or username")
	if !hasData(offer, "consent") {
		t.Fatalf("the offer has no consent button: %+v", offer.ReplyMarkup)
	}
	tg.Press(amina, offer, "consent")
	waitText(t, tg, amina.ID, "in the queue")
}

// requestPerson is requestConsent, then waits for the ticket card in the
// staff chat and returns it.
func requestPerson(t *testing.T, tg *telegramtest.Server, staffChat int64) telegramtest.Message {
	t.Helper()
	requestConsent(t, tg)
	return waitText(t, tg, staffChat, "Ticket #1")
}

// The whole round trip through the program's wiring, Telegram on both
// sides, real Redis.
func TestHandoffRoundTripTelegram(t *testing.T) {
	t.Parallel() // mostly waiting for the adapter's per-chat rate limits
	const staffChat = staffGroup
	srv, tg := handoffFakes(t)
	startStack(t, handoffEnv(srv.URL, tg, staffChat), nil, nil)

	tg.Text(amina, private, "my work permit expires next week, what do I do")
	card := requestPerson(t, tg, staffChat)
	if !hasData(card, "claim:1") {
		t.Fatalf("ticket card without a Claim button: %+v", card.ReplyMarkup)
	}
	for _, leak := range []string{"Amina", "amina_h"} {
		if strings.Contains(card.Text, leak) {
			t.Fatalf("the card shares the newcomer's profile name (%s): %q", leak, card.Text)
		}
	}
	if !strings.Contains(card.Text, "work permit expires") {
		t.Fatalf("the card lacks the last messages: %q", card.Text)
	}

	tg.Press(worker7, card, "claim:1")
	waitText(t, tg, staffChat, "#1 claimed by telegram:7")
	waitText(t, tg, amina.ID, "now looking at your request")

	replyTo(tg, worker7, card, "Hello, I can help with your work permit.")
	waitText(t, tg, amina.ID, "Hello, I can help with your work permit.")

	tg.Text(amina, private, "Thank you! It expires on Friday.")
	waitText(t, tg, staffChat, "It expires on Friday.")
	if got := waitText(t, tg, staffChat, "It expires on Friday."); !strings.HasPrefix(got.Text, "#1 › newcomer") {
		t.Fatalf("relay not prefixed with the ticket number: %q", got.Text)
	}

	replyTo(tg, worker7, card, "/close answered")
	closed := waitText(t, tg, amina.ID, "closed this conversation")
	if !hasData(closed, "rate:1:5") {
		t.Fatalf("no rating buttons after close: %+v", closed.ReplyMarkup)
	}
	waitText(t, tg, staffChat, "#1 closed by telegram:7: answered")

	tg.Text(amina, private, "how do I get a SIN number")
	answer := waitText(t, tg, amina.ID, "Official source:")
	if !strings.Contains(answer.Text, "Social Insurance Number") && !strings.Contains(answer.Text, "SIN") {
		t.Fatalf("after close the bot's answer is not about the SIN: %.200q", answer.Text)
	}

	// The same queue from the command line.
	getenv := env("REDIS_URL", srv.URL)
	out, _, err := runCmd(t, getenv, "", "handoff", "list")
	if err != nil || !strings.Contains(out, "no open tickets") {
		t.Fatalf("handoff list: %v %q", err, out)
	}
	out, _, err = runCmd(t, getenv, "", "handoff", "show", "1")
	if err != nil || !strings.Contains(out, "status:   closed") || !strings.Contains(out, "outcome:  answered") ||
		!strings.Contains(out, "worker telegram:7: Hello, I can help") || !strings.Contains(out, "newcomer: Thank you! It expires on Friday.") {
		t.Fatalf("handoff show 1: %v\n%s", err, out)
	}
}

// discordFake records what the desk sends to Discord.
type discordFake struct {
	mu   sync.Mutex
	n    int
	sent map[string][]bot.Reply
	ids  map[string][]string
}

func (d *discordFake) Send(ctx context.Context, chat string, replies []bot.Reply) ([]string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.sent == nil {
		d.sent, d.ids = map[string][]bot.Reply{}, map[string][]string{}
	}
	var ids []string
	for _, r := range replies {
		d.n++
		id := fmt.Sprint(1000 + d.n)
		d.sent[chat] = append(d.sent[chat], r)
		d.ids[chat] = append(d.ids[chat], id)
		ids = append(ids, id)
	}
	return ids, nil
}

// find returns the id of the last message to chat containing s.
func (d *discordFake) find(chat, s string) (string, bot.Reply, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for i := len(d.sent[chat]) - 1; i >= 0; i-- {
		if strings.Contains(d.sent[chat][i].Text, s) {
			return d.ids[chat][i], d.sent[chat][i], true
		}
	}
	return "", bot.Reply{}, false
}

func (d *discordFake) wait(t *testing.T, chat, s string) (string, bot.Reply) {
	t.Helper()
	deadline := time.Now().Add(startupWait)
	for time.Now().Before(deadline) {
		if id, r, ok := d.find(chat, s); ok {
			return id, r
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("discord channel %s never got %q", chat, s)
	return "", bot.Reply{}
}

// A newcomer on Telegram, a settlement worker on Discord.
func TestHandoffAcrossPlatforms(t *testing.T) {
	t.Parallel() // mostly waiting for the adapter's per-chat rate limits
	const staffChat = staffFast
	srv, tg := handoffFakes(t)
	dc := &discordFake{}
	const channel = "555"
	s := startStack(t, handoffEnv(srv.URL, tg, staffChat, "DISCORD_TOKEN", "test", "HANDOFF_DISCORD_CHANNEL_ID", channel), nil,
		map[string]bot.Sender{"discord": dc})
	requestPerson(t, tg, staffChat)
	cardID, card := dc.wait(t, channel, "Ticket #1")
	if len(card.Buttons) == 0 || card.Buttons[0][0].Data != "claim:1" {
		t.Fatalf("discord card: %+v", card.Buttons)
	}
	ctx := context.Background()
	worker := func(in bot.Incoming) []bot.Reply {
		t.Helper()
		in.Platform, in.User, in.Staff, in.Group = "discord", "discord:9", true, true
		if in.Chat == "" {
			in.Chat = channel
		}
		rs, err := s.a.engine.Handle(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		return rs
	}
	worker(bot.Incoming{Button: "claim:1", ReplyTo: cardID})
	waitText(t, tg, staffChat, "#1 claimed by discord:9")
	dc.wait(t, channel, "#1 claimed by discord:9")

	worker(bot.Incoming{Text: "Hi from Discord, how can I help?", ReplyTo: cardID})
	waitText(t, tg, amina.ID, "Hi from Discord, how can I help?")

	tg.Text(amina, private, "I need help with my lease")
	dc.wait(t, channel, "I need help with my lease")
	if count(tg, staffChat, "I need help with my lease") != 0 {
		t.Fatal("after a Discord worker claimed, the relay also went to the Telegram staff chat")
	}
	// In the ticket's thread (its id is the card's id), without a reply.
	if rs := worker(bot.Incoming{Chat: cardID, Text: "/note tenant board referral"}); len(rs) != 1 || !strings.Contains(rs[0].Text, "Note kept") {
		t.Fatalf("/note in the thread: %+v", rs)
	}
	worker(bot.Incoming{Chat: cardID, Text: "/kb sin"})
	waitText(t, tg, amina.ID, "Your settlement worker sent you this information")
	worker(bot.Incoming{Text: "/close referred", ReplyTo: cardID})
	waitText(t, tg, amina.ID, "closed this conversation")
	if tk, err := s.a.redis.Handoff().Ticket(ctx, 1); err != nil || tk.Outcome != bot.OutcomeReferred {
		t.Fatalf("ticket after close: %+v, %v", tk, err)
	}
}

// A crash between taking a ticket from the queue and posting it loses
// nothing: after a restart another desk posts it exactly once, and a
// message sent while the bot was down is relayed. (The SIGKILL test below
// shows a claim surviving.)
func TestHandoffSurvivesARestart(t *testing.T) {
	t.Parallel() // mostly waiting for the adapter's per-chat rate limits
	const staffChat = staffFast
	srv, tg := handoffFakes(t)
	pairs := handoffEnv(srv.URL, tg, staffChat)
	fast := func(c *Config) { c.handoffIdle, c.handoffPoll = 300*time.Millisecond, 100*time.Millisecond }
	ctx := context.Background()

	// First life: the ticket is opened; the replica's desk takes it from
	// the queue and dies before acknowledging it (what SIGKILL between
	// XREADGROUP and XACK leaves behind), then the whole replica stops.
	h := handoffStore(t, srv.URL)
	one := startStackDesk(t, pairs, fast, nil, false)
	requestConsent(t, tg)
	if q, err := h.Next(ctx, "desk-that-dies", time.Minute, time.Second); err != nil || len(q) != 1 {
		t.Fatalf("the dying desk's read: %+v, %v", q, err)
	}
	one.stop()
	if tk, err := h.OpenTicket(ctx, "telegram:42"); err != nil || tk.Number != 1 || len(tk.Messages) != 0 {
		t.Fatalf("before the restart: %+v, %v; want #1 open and not posted", tk, err)
	}

	// While the bot is down, the newcomer writes (Telegram keeps it).
	tg.Text(amina, private, "are you there? it is about my lease")

	// Second life: the entry is taken over and posted once; the message
	// written while down is relayed.
	startStack(t, pairs, fast, nil)
	card := waitText(t, tg, staffChat, "Ticket #1")
	waitText(t, tg, staffChat, "are you there? it is about my lease")
	tg.Press(worker7, card, "claim:1")
	waitText(t, tg, staffChat, "#1 claimed by telegram:7")
	time.Sleep(time.Second) // several idle periods: nothing is posted twice
	if n := count(tg, staffChat, "Ticket #1"); n != 1 {
		t.Fatalf("the ticket was posted %d times, want once", n)
	}
	if n := count(tg, staffChat, "are you there?"); n != 1 {
		t.Fatalf("the message sent while down was relayed %d times, want once", n)
	}
}

// The bot process is killed with SIGKILL mid-conversation and started
// again: the open ticket, the claim and messages written while it was down
// all come through.
func TestHandoffSurvivesSIGKILL(t *testing.T) {
	t.Parallel() // mostly waiting for the adapter's per-chat rate limits
	if testing.Short() {
		t.Skip("skipped with -short: starts the bot as a separate process twice")
	}
	const staffChat = staffFast
	srv, tg := handoffFakes(t)
	pairs := handoffEnv(srv.URL, tg, staffChat, "LOG_LEVEL", "warn")
	start := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "NEWCOMERBOT_AS_BOT=1")
		for i := 0; i+1 < len(pairs); i += 2 {
			cmd.Env = append(cmd.Env, pairs[i]+"="+pairs[i+1])
		}
		var logs logtest.Buffer
		cmd.Stderr = &logs
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			if t.Failed() {
				t.Logf("bot process log:\n%s", logs.String())
			}
		})
		return cmd
	}
	bot1 := start()
	card := requestPerson(t, tg, staffChat)
	tg.Press(worker7, card, "claim:1")
	waitText(t, tg, staffChat, "#1 claimed by telegram:7")
	tg.Text(amina, private, "first message before the crash")
	waitText(t, tg, staffChat, "first message before the crash")

	if err := bot1.Process.Kill(); err != nil { // SIGKILL: no shutdown at all
		t.Fatal(err)
	}
	_ = bot1.Wait()

	tg.Text(amina, private, "written while the bot was dead")
	replyTo(tg, worker7, card, "answered while the bot was dead")

	start()
	waitText(t, tg, staffChat, "written while the bot was dead")
	waitText(t, tg, amina.ID, "answered while the bot was dead")
	tg.Press(worker8, card, "claim:1")
	waitText(t, tg, staffChat, "#1 is already claimed by telegram:7")

	out, _, err := runCmd(t, env("REDIS_URL", srv.URL), "", "handoff", "show", "1")
	if err != nil || !strings.Contains(out, "status:   claimed") || !strings.Contains(out, "worker:   telegram:7") {
		t.Fatalf("after SIGKILL and restart: %v\n%s", err, out)
	}
	for _, s := range []string{"Ticket #1", "first message before the crash", "written while the bot was dead"} {
		if n := count(tg, staffChat, s); n != 1 {
			t.Fatalf("%q reached the staff chat %d times, want once", s, n)
		}
	}
	if n := count(tg, amina.ID, "answered while the bot was dead"); n != 1 {
		t.Fatalf("the worker's reply reached the newcomer %d times, want once", n)
	}
}

// Two replicas on one Redis and one Telegram bot: each ticket is posted
// once and each message relayed once.
func TestTwoReplicasPostAndRelayOnce(t *testing.T) {
	t.Parallel() // mostly waiting for the adapter's per-chat rate limits
	const staffChat = staffFast
	srv, tg := handoffFakes(t)
	pairs := handoffEnv(srv.URL, tg, staffChat)
	startStack(t, pairs, nil, nil)
	startStack(t, pairs, nil, nil)
	card := requestPerson(t, tg, staffChat)
	tg.Press(worker7, card, "claim:1")
	waitText(t, tg, staffChat, "#1 claimed by telegram:7")
	for i := 1; i <= 3; i++ {
		tg.Text(amina, private, fmt.Sprintf("message number %d", i))
	}
	replyTo(tg, worker7, card, "one reply from the worker")
	for i := 1; i <= 3; i++ {
		waitText(t, tg, staffChat, fmt.Sprintf("message number %d", i))
	}
	waitText(t, tg, amina.ID, "one reply from the worker")
	time.Sleep(1500 * time.Millisecond) // room for duplicates to show up
	checks := []struct {
		chat int64
		s    string
	}{
		{staffChat, "Ticket #1"}, {staffChat, "#1 claimed by"},
		{staffChat, "message number 1"}, {staffChat, "message number 2"}, {staffChat, "message number 3"},
		{amina.ID, "one reply from the worker"}, {amina.ID, "in the queue"},
	}
	for _, c := range checks {
		if n := count(tg, c.chat, c.s); n != 1 {
			t.Errorf("%q sent %d times to %d, want once", c.s, n, c.chat)
		}
	}
}

func TestHandoffCommandLine(t *testing.T) {
	t.Parallel() // mostly waiting for the adapter's per-chat rate limits
	srv := redistest.Start(t)
	ctx := context.Background()
	h := handoffStore(t, srv.URL)
	h.Create(ctx, bot.Ticket{User: "telegram:1", Platform: "telegram", Chat: "1", Lang: "fr", Region: "ON", Topic: "sin", Urgent: true, Created: time.Now()})
	h.Create(ctx, bot.Ticket{User: "discord:2", Platform: "discord", Chat: "discord:2", Lang: "en", Created: time.Now()})
	h.Claim(ctx, 2, "discord:9", time.Now())
	h.Append(ctx, 1, bot.Line{From: bot.LineNote, By: "telegram:7", Text: "called back", Time: time.Now()})
	getenv := env("REDIS_URL", srv.URL)

	out, _, err := runCmd(t, getenv, "", "handoff", "list")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "#1\topen\tfr\tON") || !strings.Contains(lines[0], "URGENT") ||
		!strings.Contains(lines[1], "claimed by discord:9") {
		t.Fatalf("handoff list:\n%s", out)
	}
	out, _, err = runCmd(t, getenv, "", "handoff", "show", "#1")
	if err != nil || !strings.Contains(out, "note telegram:7: called back") || !strings.Contains(out, "topic:    sin") {
		t.Fatalf("handoff show: %v\n%s", err, out)
	}
	if _, stderr, err := runCmd(t, getenv, "", "handoff", "close", "1", "maybe"); err == nil || !strings.Contains(stderr, "outcome") {
		t.Fatalf("close with a bad outcome: %v %q", err, stderr)
	}
	out, _, err = runCmd(t, getenv, "", "handoff", "close", "1", "follow-up", "booked")
	if err != nil || !strings.Contains(out, "closed: follow-up booked") {
		t.Fatalf("handoff close: %v %q", err, out)
	}
	if _, _, err := runCmd(t, getenv, "", "handoff", "close", "1"); err == nil || !strings.Contains(err.Error(), "already closed") {
		t.Fatalf("closing twice: %v", err)
	}
	if _, _, err := runCmd(t, getenv, "", "handoff", "show", "99"); err == nil {
		t.Fatal("show of a missing ticket succeeded")
	}
	if _, stderr, err := runCmd(t, getenv, "", "handoff"); err == nil || !strings.Contains(stderr, "list") {
		t.Fatalf("handoff without a subcommand: %v %q", err, stderr)
	}
}

func TestHandoffConfig(t *testing.T) {
	for _, e := range [][]string{{"OFFICE_HOURS", "Mon-Fri 9-5"}, {"OFFICE_HOURS", "Mon-Fri 09:00-17:00 Narnia/Cair"}, {"HANDOFF_SLA", "soon"}} {
		if _, stderr, err := runCmd(t, env(e...), "", "ask", "sin"); err == nil || !strings.Contains(stderr, e[0]) {
			t.Errorf("%s=%s: err %v, stderr %q", e[0], e[1], err, stderr)
		}
	}
	cfg, err := loadConfig(env("OFFICE_HOURS", "Mon-Fri 09:00-17:00 America/Toronto", "HANDOFF_SLA", "30m"))
	if err != nil || cfg.HandoffSLA != 30*time.Minute || cfg.Hours.Always() {
		t.Fatalf("config: %+v, %v", cfg, err)
	}
	// A staff chat without its platform's token gets no desk.
	log := slog.New(slog.DiscardHandler)
	if chats := staffChats(Config{HandoffTelegram: "-1", HandoffDiscord: "2", DiscordToken: "x"}, log); len(chats) != 1 || chats["discord"] != "2" {
		t.Fatalf("staff chats: %v", chats)
	}
}
