// Package discord connects the bot to Discord, where youth groups use it.
//
// The adapter keeps a gateway session (one shard of ShardCount), registers
// the slash commands (/ask, /help, /language, /region, /human, /forget,
// /privacy, with French names) and turns what arrives into bot.Incoming:
// slash commands and button presses from anywhere, direct messages,
// messages that mention the bot in a server channel, and every message in
// the settlement workers' channel (and its threads). Other chatter and all
// bots are ignored.
//
// Interactions are acknowledged at once with a deferred response (ephemeral
// in server channels unless the channel is one of PublicChannels), then the
// engine's replies follow as follow-up messages. Text is escaped so that it
// shows literally, split at 2,000 characters on paragraph boundaries, and
// buttons become action rows whose custom_id is the button's Data.
//
// Personal replies (sensitive topics, crisis, handoff) are never posted in
// a server channel: after an interaction they are ephemeral; after a
// mention they go by direct message with a short note in the channel. When
// the person does not accept direct messages the channel note asks them to
// allow them, except for crisis replies: the emergency numbers are shown in
// the channel at once, because they must never be withheld, and they say
// nothing the person has not already written there.
//
// discordgo is used only through the small client interface, so the
// translation is tested with a recording fake; the real client also runs in
// tests against a local fake Discord (REST and gateway, package discordtest).
package discord

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/newcomerbot/newcomerbot/bot"
)

// Config configures the adapter; cmd/newcomerbot fills it from the
// environment.
type Config struct {
	Token          string   // bot token (DISCORD_TOKEN); never logged
	AppID          string   // application id (DISCORD_APP_ID); "" takes it from the gateway's READY
	GuildID        string   // register commands only in this server (DISCORD_GUILD_ID), for development
	APIBase        string   // replaces https://discord.com for every REST call (DISCORD_API_BASE); the gateway address then comes from it
	ShardID        int      // this process's shard (DISCORD_SHARD_ID)
	ShardCount     int      // shards in all (DISCORD_SHARD_COUNT); 0 means 1
	StaffChannel   string   // the settlement workers' channel (HANDOFF_DISCORD_CHANNEL_ID)
	MessageContent bool     // ask for the privileged Message Content intent
	PublicChannels []string // channels where /ask and /help answers are public instead of ephemeral
}

// LogValue keeps the token out of logs.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("app_id", c.AppID),
		slog.String("guild_id", c.GuildID),
		slog.Int("shard", c.ShardID),
		slog.Int("shards", c.ShardCount),
		slog.Bool("message_content", c.MessageContent),
	)
}

// Timings.
const (
	handleTimeout = 2 * time.Minute // one event, engine and replies (interaction tokens last 15 min)
	drainGrace    = 5 * time.Second // in-flight events get this long after shutdown starts
	dedupTTL      = time.Hour
	maxIncoming   = 4000 // characters of a message passed to the engine
)

// Adapter is the Discord side of the bot: a gateway session that hands
// events to a bot.Handler, and a bot.Sender for replies pushed later.
type Adapter struct {
	cfg    Config
	h      bot.Handler
	dedup  bot.Dedup
	log    *slog.Logger
	s      *discordgo.Session // nil when built around a fake client in tests
	api    client
	conns  *conns
	public map[string]bool

	mu      sync.Mutex
	self    string            // the bot's user id, from READY
	appID   string            // cfg.AppID, or the application id from READY
	parents map[string]string // channel id → parent id ("" for none), a cache for staff threads
	closed  bool              // no new events are started
	running bool
	wg      sync.WaitGroup // events being handled
}

var _ bot.Sender = (*Adapter)(nil)

// New builds the adapter; it does not connect (Run does). dedup may be
// nil (no deduplication); log may be nil.
func New(cfg Config, h bot.Handler, dedup bot.Dedup, log *slog.Logger) (*Adapter, error) {
	if cfg.Token == "" {
		return nil, errors.New("discord: no token")
	}
	if h == nil {
		return nil, errors.New("discord: no handler")
	}
	if cfg.ShardCount == 0 {
		cfg.ShardCount = 1
	}
	if cfg.ShardID < 0 || cfg.ShardCount < 1 || cfg.ShardID >= cfg.ShardCount {
		return nil, fmt.Errorf("discord: shard %d of %d: want 0 ≤ id < count", cfg.ShardID, cfg.ShardCount)
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	var rt http.RoundTripper = transport
	if cfg.APIBase != "" {
		base, err := parseBase(cfg.APIBase)
		if err != nil {
			return nil, fmt.Errorf("discord: DISCORD_API_BASE %q: %w", cfg.APIBase, err)
		}
		rt = rewrite{base: base, next: transport}
	}
	token := cfg.Token
	if !strings.HasPrefix(token, "Bot ") {
		token = "Bot " + token
	}
	s, err := discordgo.New(token)
	if err != nil {
		return nil, fmt.Errorf("discord: %w", err)
	}
	s.Client = &http.Client{Timeout: 20 * time.Second, Transport: rt}
	cs := &conns{}
	s.Dialer = &websocket.Dialer{Proxy: http.ProxyFromEnvironment, HandshakeTimeout: 15 * time.Second, NetDialContext: cs.dial}
	s.ShardID, s.ShardCount = cfg.ShardID, cfg.ShardCount
	s.Identify.Intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages
	if cfg.MessageContent {
		s.Identify.Intents |= discordgo.IntentMessageContent
	}
	// Handlers run in order on the gateway's goroutine and only hand the
	// event to a goroutine the adapter owns (spawn), so READY is seen
	// before any message and Run can wait for everything it started.
	s.SyncEvents = true
	// Keep channels and threads (to find staff threads); nothing about
	// people or messages.
	st := s.State
	st.MaxMessageCount = 0
	st.TrackMembers, st.TrackPresences, st.TrackThreadMembers = false, false, false
	st.TrackVoice, st.TrackEmojis, st.TrackStickers, st.TrackRoles = false, false, false, false

	a := newAdapter(cfg, h, dedup, log, session{s})
	a.s, a.conns = s, cs
	return a, nil
}

// newAdapter builds the translation part around any client (tests use a
// recording fake).
func newAdapter(cfg Config, h bot.Handler, dedup bot.Dedup, log *slog.Logger, api client) *Adapter {
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	public := map[string]bool{}
	for _, c := range cfg.PublicChannels {
		if c = strings.TrimSpace(c); c != "" {
			public[c] = true
		}
	}
	return &Adapter{
		cfg: cfg, h: h, dedup: dedup, api: api, public: public, appID: cfg.AppID,
		log:     log.With("platform", "discord"),
		parents: map[string]string{},
	}
}

// Run connects to the gateway, registers the slash commands and handles
// events until ctx ends; then it closes the session, gives events being
// handled a short grace to finish, and returns once they have. It returns
// an error when the gateway cannot be opened (a bad token, or close code
// 4014 when the Message Content intent is asked for but not enabled).
func (a *Adapter) Run(ctx context.Context) error {
	if a.s == nil {
		return errors.New("discord: Run needs an adapter made by New")
	}
	a.mu.Lock()
	if a.running || a.closed {
		a.mu.Unlock()
		return errors.New("discord: Run called twice")
	}
	a.running = true
	a.mu.Unlock()

	// Events get their own context: they may finish during the grace
	// period after ctx ends.
	work, stop := context.WithCancel(context.WithoutCancel(ctx))
	defer stop()
	defer a.drain(stop)

	for _, h := range []any{
		func(_ *discordgo.Session, r *discordgo.Ready) { a.ready(r) },
		func(_ *discordgo.Session, m *discordgo.MessageCreate) {
			a.spawn(work, func(ctx context.Context) { a.onMessage(ctx, m.Message) })
		},
		func(_ *discordgo.Session, i *discordgo.InteractionCreate) {
			a.spawn(work, func(ctx context.Context) { a.onInteraction(ctx, i.Interaction) })
		},
		func(_ *discordgo.Session, rl *discordgo.RateLimit) {
			var after time.Duration
			if rl.TooManyRequests != nil {
				after = rl.RetryAfter
			}
			a.log.Warn("discord: rate limited (429), retrying", "route", route(rl.URL), "retry_after", after)
		},
		func(_ *discordgo.Session, _ *discordgo.Disconnect) { a.log.Info("discord: gateway disconnected") },
		func(_ *discordgo.Session, _ *discordgo.Resumed) { a.log.Info("discord: gateway resumed") },
	} {
		defer a.s.AddHandler(h)()
	}

	if gb, err := a.s.GatewayBot(discordgo.WithContext(ctx)); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("discord: gateway: %s", describe(err))
	} else if gb.Shards > a.cfg.ShardCount {
		a.log.Warn("discord: fewer shards than Discord recommends", "shards", a.cfg.ShardCount, "recommended", gb.Shards)
	}

	// Open takes no context: close the connection it is waiting on if
	// ctx ends first.
	opened := make(chan struct{})
	var watch sync.WaitGroup
	watch.Add(1)
	go func() {
		defer watch.Done()
		select {
		case <-ctx.Done():
			a.conns.closeLast()
		case <-opened:
		}
	}()
	err := a.s.Open()
	close(opened)
	watch.Wait()
	if err != nil {
		if ctx.Err() != nil {
			_ = a.s.Close()
			return nil
		}
		hint := ""
		if strings.Contains(err.Error(), "4014") {
			hint = " (the Message Content intent is not enabled for this bot in the developer portal: enable it or leave it off)"
		}
		return fmt.Errorf("discord: open gateway: %w%s", err, hint)
	}
	a.log.Info("discord: connected", "shard", a.cfg.ShardID, "shards", a.cfg.ShardCount, "message_content", a.cfg.MessageContent)
	if !a.cfg.MessageContent {
		a.log.Info("discord: without the Message Content intent the bot works through slash commands, mentions and direct messages; plain messages in the staff channel arrive empty")
	}
	if a.cfg.ShardID == 0 {
		a.registerCommands(ctx)
	}

	<-ctx.Done()
	if err := a.s.Close(); err != nil {
		a.log.Warn("discord: close gateway", "err", err)
	}
	return nil
}

// registerCommands replaces the slash commands (in GuildID only when set).
// A failure is logged: mentions and direct messages still work.
func (a *Adapter) registerCommands(ctx context.Context) {
	a.mu.Lock()
	appID := a.appID
	a.mu.Unlock()
	if appID == "" {
		a.log.Error("discord: no application id (DISCORD_APP_ID): slash commands not registered")
		return
	}
	scope := "global"
	if a.cfg.GuildID != "" {
		scope = "guild"
	}
	if err := a.api.RegisterCommands(ctx, appID, a.cfg.GuildID, commands()); err != nil {
		a.logAPI("register slash commands", err, "scope", scope)
		return
	}
	a.log.Info("discord: slash commands registered", "scope", scope, "count", len(commands()))
}

// ready records who the bot is.
func (a *Adapter) ready(r *discordgo.Ready) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if r.User != nil {
		a.self = r.User.ID
	}
	if a.appID == "" && r.Application != nil {
		a.appID = r.Application.ID
	}
	a.log.Info("discord: ready", "guilds", len(r.Guilds))
}

func (a *Adapter) selfID() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.self
}

// spawn handles one event on a goroutine the adapter waits for, unless
// shutdown has begun. A panic is logged, not spread.
func (a *Adapter) spawn(ctx context.Context, f func(context.Context)) {
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return
	}
	a.wg.Add(1)
	a.mu.Unlock()
	go func() {
		defer a.wg.Done()
		defer func() {
			if p := recover(); p != nil {
				a.log.Error("discord: panic while handling an event", "panic", fmt.Sprint(p))
			}
		}()
		ctx, cancel := context.WithTimeout(ctx, handleTimeout)
		defer cancel()
		f(ctx)
	}()
}

// drain stops new events, waits drainGrace for those in flight, then
// cancels them and waits until they have returned.
func (a *Adapter) drain(stop context.CancelFunc) {
	a.mu.Lock()
	a.closed = true
	a.mu.Unlock()
	done := make(chan struct{})
	go func() { a.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(drainGrace):
		a.log.Warn("discord: events still running after the grace period; cancelling them")
		stop()
		<-done
	}
}

// Send implements bot.Sender. chat is a channel id, or "discord:<user id>"
// for a direct message to that person (the form of bot.Incoming.User, for
// replies pushed to someone who wrote in a server channel). Send delivers
// what it is given where it is told: callers keep personal replies out of
// server channels.
func (a *Adapter) Send(ctx context.Context, chat string, replies []bot.Reply) ([]string, error) {
	channel := chat
	if uid, ok := strings.CutPrefix(chat, "discord:"); ok {
		ch, err := a.api.OpenDM(ctx, uid)
		if err != nil {
			return nil, fmt.Errorf("discord: open direct messages: %s", describe(err))
		}
		channel = ch
	}
	var ids []string
	for _, r := range replies {
		got, err := a.post(ctx, channel, r, "")
		ids = append(ids, got...)
		if err != nil {
			return ids, fmt.Errorf("discord: send to channel %s: %s", channel, describe(err))
		}
	}
	return ids, nil
}

// post sends one reply to a channel as one or more messages (buttons on
// the last), the first one answering replyTo when set. It returns the ids
// of the messages sent.
func (a *Adapter) post(ctx context.Context, channel string, r bot.Reply, replyTo string) ([]string, error) {
	parts := chunks(r.Text)
	comps := a.components(r)
	if len(parts) == 0 {
		if len(comps) == 0 {
			return nil, nil
		}
		parts = []string{"…"}
	}
	var ids []string
	for n, text := range parts {
		m := &discordgo.MessageSend{Content: text, AllowedMentions: noMentions()}
		if n == len(parts)-1 {
			m.Components = comps
		}
		if n == 0 && replyTo != "" {
			no := false
			m.Reference = &discordgo.MessageReference{MessageID: replyTo, ChannelID: channel, FailIfNotExists: &no}
		}
		msg, err := a.api.SendMessage(ctx, channel, m)
		if err != nil {
			return ids, err
		}
		if msg != nil {
			ids = append(ids, msg.ID)
		}
	}
	return ids, nil
}

// components builds the action rows of a reply, logging what did not fit.
func (a *Adapter) components(r bot.Reply) []discordgo.MessageComponent {
	comps, dropped := components(r.Buttons)
	if dropped > 0 {
		a.log.Warn("discord: buttons left out (over Discord's limits, empty or repeated)", "kind", r.Kind, "topic", r.Topic, "dropped", dropped)
	}
	return comps
}

// logAPI logs a failed Discord call with its status and error code, and
// what the code means for the most common ones. It never logs request
// URLs (interaction tokens are in them) or message text.
func (a *Adapter) logAPI(what string, err error, attrs ...any) {
	var rest *discordgo.RESTError
	if errors.As(err, &rest) && rest.Response != nil {
		code := 0
		if rest.Message != nil {
			code = rest.Message.Code
		}
		attrs = append(attrs, "status", rest.Response.StatusCode, "code", code)
		if why := reasons[code]; why != "" {
			attrs = append(attrs, "reason", why)
		}
		a.log.Warn("discord: "+what, attrs...)
		return
	}
	a.log.Warn("discord: "+what, append(attrs, "err", describe(err))...)
}

// reasons explain the API error codes people run into.
var reasons = map[int]string{
	discordgo.ErrCodeCannotSendMessagesToThisUser:          "the person does not accept direct messages",
	discordgo.ErrCodeMissingPermissions:                    "the bot lacks a permission in this channel",
	discordgo.ErrCodeMissingAccess:                         "the bot cannot see this channel",
	discordgo.ErrCodeUnknownInteraction:                    "interaction expired or unknown (not acknowledged within 3 s?)",
	discordgo.ErrCodeInteractionHasAlreadyBeenAcknowledged: "interaction already acknowledged",
	discordgo.ErrCodeUnknownMessage:                        "the message was deleted",
	discordgo.ErrCodeUnknownChannel:                        "the channel was deleted",
	discordgo.ErrCodeUnknownWebhook:                        "interaction token expired",
}

// describe renders an error without the request URL, which for
// interactions holds the interaction token.
func describe(err error) string {
	var rest *discordgo.RESTError
	if errors.As(err, &rest) && rest.Response != nil {
		if rest.Message != nil {
			return fmt.Sprintf("HTTP %d, code %d: %s", rest.Response.StatusCode, rest.Message.Code, rest.Message.Message)
		}
		return fmt.Sprintf("HTTP %d", rest.Response.StatusCode)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Op + ": " + ue.Err.Error()
	}
	return err.Error()
}

// route names the kind of API call behind a URL without its ids or
// tokens ("channels", "interactions", "webhooks").
func route(u string) string {
	_, path, ok := strings.Cut(u, "/api/v")
	if !ok {
		return ""
	}
	parts := strings.Split(path, "/")
	if len(parts) < 2 {
		return ""
	}
	return parts[1]
}
