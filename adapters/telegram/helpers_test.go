package telegram

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newcomerbot/newcomerbot/adapters/telegram/telegramtest"
	"github.com/newcomerbot/newcomerbot/bot"
	"github.com/newcomerbot/newcomerbot/bot/logtest"
	"github.com/newcomerbot/newcomerbot/knowledge"
)

// waitFor is how long a test waits for something that should happen at once.
const waitFor = 5 * time.Second

// fakeHandler is a bot.Handler whose answer is a function field; it
// records what it was given.
type fakeHandler struct {
	reply func(in bot.Incoming) []bot.Reply

	mu      sync.Mutex
	got     []bot.Incoming
	changed chan struct{}
}

func newFakeHandler(reply func(in bot.Incoming) []bot.Reply) *fakeHandler {
	if reply == nil {
		reply = func(in bot.Incoming) []bot.Reply {
			return []bot.Reply{{Kind: bot.KindAnswer, Lang: "en", Text: "answer to " + in.Text + in.Button}}
		}
	}
	return &fakeHandler{reply: reply, changed: make(chan struct{})}
}

func (f *fakeHandler) Handle(ctx context.Context, in bot.Incoming) ([]bot.Reply, error) {
	out := f.reply(in)
	f.mu.Lock()
	f.got = append(f.got, in)
	close(f.changed)
	f.changed = make(chan struct{})
	f.mu.Unlock()
	return out, nil
}

func (f *fakeHandler) Got() []bot.Incoming {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]bot.Incoming(nil), f.got...)
}

// waitN waits until the handler was given at least n messages.
func (f *fakeHandler) waitN(t *testing.T, n int) []bot.Incoming {
	t.Helper()
	deadline := time.NewTimer(waitFor)
	defer deadline.Stop()
	for {
		f.mu.Lock()
		got, ch := append([]bot.Incoming(nil), f.got...), f.changed
		f.mu.Unlock()
		if len(got) >= n {
			return got
		}
		select {
		case <-ch:
		case <-deadline.C:
			t.Fatalf("handler got %d messages, want %d", len(got), n)
		}
	}
}

// env is one adapter against one fake Bot API.
type env struct {
	t      *testing.T
	srv    *telegramtest.Server
	a      *Adapter
	plat   *bot.MemoryPlatform
	logs   *logtest.Buffer
	forgot *forgetLog
	// secrets are strings that must never reach the log: the token and
	// whatever people typed in the test.
	secrets []string
}

type forgetLog struct {
	mu    sync.Mutex
	users []string
}

func (f *forgetLog) forget(ctx context.Context, user string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.users = append(f.users, user)
	return nil
}

func (f *forgetLog) Users() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.users...)
}

type envOption func(*Config, *env)

func withPlatform(p *bot.MemoryPlatform) envOption {
	return func(_ *Config, e *env) { e.plat = p }
}

func withServer(s *telegramtest.Server) envOption {
	return func(_ *Config, e *env) { e.srv = s }
}

func withConfig(f func(*Config)) envOption {
	return func(c *Config, _ *env) { f(c) }
}

// newEnv starts a fake Bot API and builds an adapter for it with fast
// limits and timeouts.
func newEnv(t *testing.T, h bot.Handler, opts ...envOption) *env {
	t.Helper()
	e := &env{t: t, logs: &logtest.Buffer{}, forgot: &forgetLog{}}
	cfg := Config{Forget: e.forgot.forget, StaffChat: "-777"}
	for _, o := range opts {
		o(&cfg, e)
	}
	if e.srv == nil {
		e.srv = telegramtest.NewServer()
		t.Cleanup(e.srv.Close)
	}
	if e.plat == nil {
		e.plat = bot.NewMemoryPlatform()
	}
	cfg.Token, cfg.Endpoint = e.srv.Token, e.srv.Endpoint()
	e.secrets = append(e.secrets, e.srv.Token)
	log := slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	a, err := New(context.Background(), cfg, h, e.plat, e.plat, log)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	a.limit = newLimiter(0, 0, 0)
	a.pollTimeout = 1
	a.backoff = 10 * time.Millisecond
	a.maxPollDelay = 50 * time.Millisecond
	a.drainTimeout = time.Second
	e.a = a
	t.Cleanup(func() {
		logs := e.logs.String()
		for _, s := range e.secrets {
			if s != "" && strings.Contains(logs, s) {
				t.Errorf("the log contains %q:\n%s", s, logs)
			}
		}
	})
	return e
}

// secret marks a string that must not be logged and returns it.
func (e *env) secret(s string) string {
	e.secrets = append(e.secrets, s)
	return s
}

// run starts the adapter; the returned function stops it and checks that
// Run returned promptly.
func (e *env) run() (stop func()) {
	cancel, wait := e.start()
	return func() { cancel(); wait() }
}

// start starts the adapter and returns functions to cancel its context
// and to wait for Run to return (at most waitFor).
func (e *env) start() (cancel func(), wait func()) {
	e.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.a.Run(ctx) }()
	var once sync.Once
	wait = func() {
		once.Do(func() {
			select {
			case err := <-done:
				if err != nil {
					e.t.Errorf("Run: %v", err)
				}
			case <-time.After(waitFor):
				e.t.Errorf("Run did not return within %v of cancellation", waitFor)
			}
		})
	}
	e.t.Cleanup(func() { cancel(); wait() })
	return cancel, wait
}

// waitCalls waits until cond holds for the calls of method.
func (e *env) waitCalls(method string, what string, cond func([]telegramtest.Call) bool) []telegramtest.Call {
	e.t.Helper()
	if !e.srv.Wait(waitFor, method, cond) {
		e.t.Fatalf("timed out waiting for %s; %s calls: %s", what, method, describe(e.srv.Calls(method)))
	}
	return e.srv.Calls(method)
}

// waitCursor waits until the stored offset is want.
func (e *env) waitCursor(want string) {
	e.t.Helper()
	deadline := time.Now().Add(waitFor)
	for {
		got, _ := e.plat.Cursor(context.Background(), OffsetCursor)
		if got == want {
			return
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("offset cursor = %q, want %q", got, want)
		}
		// The cursor moves after a getUpdates answer: wait for the next call.
		n := len(e.srv.Calls("getUpdates"))
		e.srv.Wait(100*time.Millisecond, "getUpdates", func(c []telegramtest.Call) bool { return len(c) > n })
	}
}

// sentTo returns the texts of successful sendMessage calls to chat.
func sentTo(calls []telegramtest.Call, chat int64) []telegramtest.Call {
	var out []telegramtest.Call
	for _, c := range calls {
		if c.Chat() == chat && c.OK() {
			out = append(out, c)
		}
	}
	return out
}

func describe(calls []telegramtest.Call) string {
	var b strings.Builder
	for _, c := range calls {
		text := c.Param("text")
		if len(text) > 60 {
			text = text[:60] + "…"
		}
		b.WriteString("\n  " + c.Method + " " + c.Param("chat_id") + " " + strconv.Itoa(c.Status) + " " + text)
	}
	return b.String()
}

var (
	engineOnce sync.Once
	engineBase *knowledge.Base
	engineErr  error
)

// newEngine builds the real engine on the bundled knowledge base.
func newEngine(t *testing.T) *bot.Engine {
	t.Helper()
	ctx := context.Background()
	engineOnce.Do(func() { engineBase, engineErr = knowledge.Bundled() })
	if engineErr != nil {
		t.Fatalf("bundled knowledge: %v", engineErr)
	}
	mem := knowledge.NewMemory()
	if _, err := mem.Publish(ctx, engineBase); err != nil {
		t.Fatal(err)
	}
	eng, err := bot.New(ctx, bot.Config{Knowledge: mem})
	if err != nil {
		t.Fatalf("bot.New: %v", err)
	}
	return eng
}
