// Package telegram connects the bot to Telegram through the Bot API.
//
// An Adapter turns Telegram updates into bot.Incoming messages for a
// bot.Handler and sends the replies back: HTML-escaped text split to
// Telegram's 4,096-character limit, inline keyboards from Reply.Buttons,
// and a typing indicator while the handler works. It is the only package
// that imports the client library; no library type leaves it.
//
// Delivery. By default the Adapter long-polls getUpdates in its own loop
// (each request carries a context cancelled on shutdown). The next offset
// is stored in bot.Cursors under "telegram:offset" only after every update
// of a batch was handled or deliberately dropped, so a restart neither
// repeats nor skips. With Config.WebhookURL the Adapter registers the
// webhook (with its secret token) and ServeHTTP receives the updates. In
// both modes each update id passes bot.Dedup first, so an update delivered
// twice (a webhook retry, two replicas) is handled once.
//
// Chats. In private chats every message goes to the handler. In groups
// only commands (also /cmd@thisbot), messages that mention the bot (the
// mention is removed) and replies to the bot's own messages do; other
// chatter is ignored. The settlement workers' chat (Config.StaffChat) is
// the exception: everything said there goes to the handler with Staff set.
// A personal reply (Reply.Sensitive, or the handoff kind) is never shown in
// an ordinary group: the group gets a short note and a button that opens a
// private chat with the bot (a t.me deep link whose /start payload carries
// the language and province). A crisis reply keeps its emergency text in
// the group, since safety comes first, and moves only the offer of a person
// to the private chat.
//
// Limits. Sends are queued, never dropped, to at most one message a second
// per private chat, one every three seconds per group (Telegram's 20 a
// minute) and about 30 a second overall. A 429 answer is retried after its
// retry_after; network errors and 5xx answers are retried a few times with
// backoff; a 403 (the person blocked the bot) is logged once per chat and
// calls Config.Forget for that person.
//
// Privacy. The Adapter never logs what people type, their names or the
// token: only the kind of reply, lengths and a short hash of the chat id.
// Incoming.Name is left empty.
package telegram

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/newcomerbot/newcomerbot/bot"
)

// Config is what an Adapter needs.
type Config struct {
	Token         string       // the bot token; never logged
	Endpoint      string       // Bot API endpoint format "http://host/bot%s/%s"; "" is Telegram's
	WebhookURL    string       // non-empty: webhook mode instead of long polling
	WebhookSecret string       // required in webhook mode: Telegram sends it in X-Telegram-Bot-Api-Secret-Token
	StaffChat     string       // the settlement workers' chat id: messages there are theirs
	HTTPClient    *http.Client // nil: a client with timeouts; a shorter Timeout than 35 s shortens the long-poll wait
	// Forget drops what is stored about a person (telegram:ID); it is
	// called when a person blocked the bot. nil: nothing is dropped.
	Forget func(ctx context.Context, user string) error
}

// LogValue keeps the token and the webhook secret out of logs.
func (c Config) LogValue() slog.Value {
	endpoint := c.Endpoint // a format: the token is not in it
	if endpoint == "" {
		endpoint = "default"
	}
	return slog.GroupValue(
		slog.String("endpoint", endpoint),
		slog.Bool("webhook", c.WebhookURL != ""),
		slog.Bool("staff_chat", c.StaffChat != ""),
	)
}

// OffsetCursor is the name under which the long-polling offset is kept in
// bot.Cursors.
const OffsetCursor = "telegram:offset"

// ErrBlocked is returned by Send when Telegram refuses to deliver to the
// chat: the person blocked the bot, or the bot was removed from the group.
var ErrBlocked = errors.New("telegram: the bot was blocked or removed from the chat")

// allowedUpdates are the update kinds the Adapter asks Telegram for.
var allowedUpdates = []string{"message", "edited_message", "callback_query", "my_chat_member"}

// Adapter connects one bot to Telegram. It is safe for concurrent use.
type Adapter struct {
	cfg     Config
	h       bot.Handler
	dedup   bot.Dedup
	cursors bot.Cursors
	log     *slog.Logger
	client  *http.Client
	api     *tgbotapi.BotAPI // template; use call, which adds the context
	self    tgbotapi.User
	hook    *url.URL // nil in polling mode

	limit *limiter

	// Tunables, changed only by tests before Run.
	pollTimeout   int           // seconds a getUpdates request waits for updates
	callTimeout   time.Duration // bound of one API request
	backoff       time.Duration // first delay before retrying a network error
	maxPollDelay  time.Duration // longest wait between failed getUpdates
	drainTimeout  time.Duration // how long updates in hand may finish after shutdown
	maxConcurrent int           // chats handled at once within a batch

	mu      sync.Mutex
	blocked map[string]bool // chats whose 403 was logged
}

var _ bot.Sender = (*Adapter)(nil)

// New checks the configuration, asks Telegram who the bot is (getMe) and
// returns the Adapter; it fails fast on a bad token or an unreachable API.
func New(ctx context.Context, cfg Config, h bot.Handler, dedup bot.Dedup, cursors bot.Cursors, log *slog.Logger) (*Adapter, error) {
	if cfg.Token == "" {
		return nil, errors.New("telegram: no token")
	}
	if h == nil || dedup == nil || cursors == nil {
		return nil, errors.New("telegram: a handler, a dedup store and a cursor store are required")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.Endpoint == "" {
		cfg.Endpoint = tgbotapi.APIEndpoint
	}
	if strings.Count(cfg.Endpoint, "%s") != 2 {
		return nil, fmt.Errorf("telegram: endpoint %q: want a format with two %%s (token, method)", cfg.Endpoint)
	}
	cfg.StaffChat = strings.TrimSpace(cfg.StaffChat)
	a := &Adapter{
		cfg:           cfg,
		h:             h,
		dedup:         dedup,
		cursors:       cursors,
		log:           log.With("platform", "telegram"),
		client:        cfg.HTTPClient,
		limit:         newLimiter(time.Second, 3*time.Second, time.Second/30),
		pollTimeout:   25,
		callTimeout:   30 * time.Second,
		backoff:       500 * time.Millisecond,
		maxPollDelay:  30 * time.Second,
		drainTimeout:  5 * time.Second,
		maxConcurrent: 8,
		blocked:       map[string]bool{},
	}
	if a.client == nil {
		a.client = defaultClient()
	}
	if t := a.client.Timeout; t > 0 && t < time.Duration(a.pollTimeout+10)*time.Second {
		// The long-poll wait must end before the client gives up.
		a.pollTimeout = max(1, int(t.Seconds())-10)
	}
	if cfg.WebhookURL != "" {
		u, err := url.Parse(cfg.WebhookURL)
		if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
			return nil, errors.New("telegram: the webhook URL is not an absolute http(s) URL")
		}
		if !validSecret(cfg.WebhookSecret) {
			return nil, errors.New("telegram: webhook mode needs a secret of 1-256 characters A-Z, a-z, 0-9, _ or -")
		}
		a.hook = u
	}
	gctx, cancel := context.WithTimeout(ctx, a.callTimeout)
	defer cancel()
	api, err := tgbotapi.NewBotAPIWithClient(cfg.Token, cfg.Endpoint, ctxDoer{ctx: gctx, c: a.client})
	if err != nil {
		return nil, fmt.Errorf("telegram: getMe: %w", a.redact(err))
	}
	if api.Self.UserName == "" {
		return nil, errors.New("telegram: getMe: the bot has no username")
	}
	api.Client = a.client
	a.api, a.self = api, api.Self
	return a, nil
}

func defaultClient() *http.Client {
	return &http.Client{
		Timeout: 90 * time.Second, // above the long-poll wait
		Transport: &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			TLSHandshakeTimeout:   10 * time.Second,
			IdleConnTimeout:       90 * time.Second,
			MaxIdleConnsPerHost:   16,
			ExpectContinueTimeout: time.Second,
			ForceAttemptHTTP2:     true,
		},
	}
}

func validSecret(s string) bool {
	if len(s) < 1 || len(s) > 256 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

// UserName returns the bot's Telegram username, without the @.
func (a *Adapter) UserName() string { return a.self.UserName }

// WebhookPath returns the path part of the webhook URL, where ServeHTTP
// should be mounted; "" in polling mode.
func (a *Adapter) WebhookPath() string {
	if a.hook == nil {
		return ""
	}
	if a.hook.Path == "" {
		return "/"
	}
	return a.hook.Path
}

// Run receives updates until ctx ends: it long-polls, or in webhook mode
// registers the webhook and waits (ServeHTTP then does the work). It
// registers the bot's commands first. It returns nil after ctx ends, once
// the updates in hand were handled (within a short grace), or an error
// when Telegram refuses the token or the webhook.
func (a *Adapter) Run(ctx context.Context) error {
	a.setCommands(ctx)
	if a.hook != nil {
		if err := a.setWebhook(ctx); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		a.log.Info("webhook registered", "path", a.WebhookPath())
		<-ctx.Done()
		return nil
	}
	return a.poll(ctx)
}

// setWebhook registers the webhook with its secret token, which the
// library's WebhookConfig lacks: through a raw request.
func (a *Adapter) setWebhook(ctx context.Context) error {
	allowed, _ := json.Marshal(allowedUpdates)
	params := tgbotapi.Params{
		"url":             a.hook.String(),
		"secret_token":    a.cfg.WebhookSecret,
		"allowed_updates": string(allowed),
	}
	_, err := a.call(ctx, "setWebhook", "", false, func(b *tgbotapi.BotAPI) (*tgbotapi.APIResponse, error) {
		return b.MakeRequest("setWebhook", params)
	})
	return err
}

// commands are registered with setMyCommands, per language.
var commands = map[string][]tgbotapi.BotCommand{
	"": {
		{Command: "help", Description: "What I can help with"},
		{Command: "language", Description: "Choose your language"},
		{Command: "region", Description: "Set your province or city"},
		{Command: "human", Description: "Talk to a settlement worker"},
		{Command: "forget", Description: "Delete what I remember about you"},
		{Command: "privacy", Description: "How your information is used"},
	},
	"fr": {
		{Command: "help", Description: "Ce que je peux faire pour vous"},
		{Command: "language", Description: "Choisir votre langue"},
		{Command: "region", Description: "Indiquer votre province ou votre ville"},
		{Command: "human", Description: "Parler à une intervenante ou un intervenant"},
		{Command: "forget", Description: "Effacer ce que je sais de vous"},
		{Command: "privacy", Description: "Comment vos informations sont utilisées"},
	},
}

// setCommands registers the command menu (English by default, French for
// French-speaking clients). A failure is logged: the bot works without it.
func (a *Adapter) setCommands(ctx context.Context) {
	for _, lang := range []string{"", "fr"} {
		cfg := tgbotapi.SetMyCommandsConfig{Commands: commands[lang], LanguageCode: lang}
		_, err := a.call(ctx, "setMyCommands", "", false, func(b *tgbotapi.BotAPI) (*tgbotapi.APIResponse, error) {
			return b.Request(cfg)
		})
		if err != nil && ctx.Err() == nil {
			a.log.Warn("setMyCommands failed", "lang", lang, "err", err)
		}
	}
}

// ServeHTTP receives one update from Telegram's webhook. It refuses a
// request without the configured secret token (401), handles the update
// before answering (so that Telegram delivers it again if the bot dies
// meanwhile) and answers 200 even when handling failed, since a retry
// would not help.
func (a *Adapter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	got := r.Header.Get("X-Telegram-Bot-Api-Secret-Token")
	if a.cfg.WebhookSecret == "" || subtle.ConstantTimeCompare([]byte(got), []byte(a.cfg.WebhookSecret)) != 1 {
		a.log.Warn("webhook: request without the right secret token refused")
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 4<<20))
	if err != nil {
		http.Error(w, "bad update", http.StatusBadRequest)
		return
	}
	var u tgbotapi.Update
	if err := json.Unmarshal(body, &u); err != nil {
		var id struct {
			UpdateID *int `json:"update_id"`
		}
		if json.Unmarshal(body, &id) == nil && id.UpdateID != nil {
			// An update this library cannot read: drop it, or Telegram
			// would send it again and again.
			a.log.Warn("webhook: undecodable update dropped", "update", *id.UpdateID, "err", err)
			w.WriteHeader(http.StatusOK)
			return
		}
		a.log.Warn("webhook: request is not an update", "err", err)
		http.Error(w, "bad update", http.StatusBadRequest)
		return
	}
	// The update is ours now: finish it even if Telegram hangs up.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 2*a.callTimeout)
	defer cancel()
	a.handleUpdate(ctx, &u)
	w.WriteHeader(http.StatusOK)
}

// chatHash names a chat in logs without its id.
func chatHash(chat string) string {
	sum := sha256.Sum256([]byte("telegram:" + chat))
	return hex.EncodeToString(sum[:4])
}
