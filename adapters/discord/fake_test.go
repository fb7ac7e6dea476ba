package discord

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/newcomerbot/newcomerbot/adapters/discord/discordtest"
	"github.com/newcomerbot/newcomerbot/bot"
	"github.com/newcomerbot/newcomerbot/bot/logtest"
)

// call is one request the adapter made of the fake client.
type call struct {
	op      string // send, respond, edit, delete, followup, dm, register
	channel string // send: the channel; dm: the user
	content string
	flags   discordgo.MessageFlags
	comps   []discordgo.MessageComponent
	ack     discordgo.InteractionResponseType
	ref     string // send: the message replied to
	cmds    []*discordgo.ApplicationCommand
}

// fakeClient records calls; its function fields inject failures.
type fakeClient struct {
	mu      sync.Mutex
	calls   []call
	n       int
	parents map[string]string

	sendErr    func(channel string) error
	respondErr error
	dmErr      error
}

var _ client = (*fakeClient)(nil)

func (f *fakeClient) record(c call) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, c)
	f.n++
	return fmt.Sprintf("m%d", f.n)
}

func (f *fakeClient) Calls() []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]call(nil), f.calls...)
}

func (f *fakeClient) SendMessage(ctx context.Context, channelID string, m *discordgo.MessageSend) (*discordgo.Message, error) {
	if f.sendErr != nil {
		if err := f.sendErr(channelID); err != nil {
			return nil, err
		}
	}
	c := call{op: "send", channel: channelID, content: m.Content, flags: m.Flags, comps: m.Components}
	if m.Reference != nil {
		c.ref = m.Reference.MessageID
	}
	if m.AllowedMentions == nil || len(m.AllowedMentions.Parse) != 0 {
		panic("message sent without allowed_mentions none")
	}
	return &discordgo.Message{ID: f.record(c), ChannelID: channelID}, nil
}

func (f *fakeClient) Respond(ctx context.Context, i *discordgo.Interaction, r *discordgo.InteractionResponse) error {
	if f.respondErr != nil {
		return f.respondErr
	}
	c := call{op: "respond", ack: r.Type}
	if r.Data != nil {
		c.flags = r.Data.Flags
	}
	f.record(c)
	return nil
}

func (f *fakeClient) EditResponse(ctx context.Context, i *discordgo.Interaction, e *discordgo.WebhookEdit) (*discordgo.Message, error) {
	c := call{op: "edit"}
	if e.Content != nil {
		c.content = *e.Content
	}
	return &discordgo.Message{ID: f.record(c)}, nil
}

func (f *fakeClient) DeleteResponse(ctx context.Context, i *discordgo.Interaction) error {
	f.record(call{op: "delete"})
	return nil
}

func (f *fakeClient) Followup(ctx context.Context, i *discordgo.Interaction, p *discordgo.WebhookParams) (*discordgo.Message, error) {
	if p.AllowedMentions == nil || len(p.AllowedMentions.Parse) != 0 {
		panic("follow-up without allowed_mentions none")
	}
	return &discordgo.Message{ID: f.record(call{op: "followup", content: p.Content, flags: p.Flags, comps: p.Components})}, nil
}

func (f *fakeClient) OpenDM(ctx context.Context, userID string) (string, error) {
	if f.dmErr != nil {
		return "", f.dmErr
	}
	f.record(call{op: "dm", channel: userID})
	return "dm-" + userID, nil
}

func (f *fakeClient) RegisterCommands(ctx context.Context, appID, guildID string, cmds []*discordgo.ApplicationCommand) error {
	f.record(call{op: "register", cmds: cmds})
	return nil
}

func (f *fakeClient) Parent(ctx context.Context, channelID string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.parents[channelID], nil
}

// fakeHandler is a bot.Handler made of a function; it keeps what it got.
type fakeHandler struct {
	mu     sync.Mutex
	got    []bot.Incoming
	handle func(in bot.Incoming) []bot.Reply
}

func (h *fakeHandler) Handle(ctx context.Context, in bot.Incoming) ([]bot.Reply, error) {
	h.mu.Lock()
	h.got = append(h.got, in)
	h.mu.Unlock()
	if h.handle == nil {
		return nil, nil
	}
	return h.handle(in), nil
}

func (h *fakeHandler) Got() []bot.Incoming {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]bot.Incoming(nil), h.got...)
}

// answer is a handler that always gives the same replies.
func answer(replies ...bot.Reply) *fakeHandler {
	return &fakeHandler{handle: func(bot.Incoming) []bot.Reply { return replies }}
}

func testLogger() (*slog.Logger, *logtest.Buffer) {
	var buf logtest.Buffer
	return slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})), &buf
}

// Ids used across the tests: those of the fake Discord (discordtest),
// whose READY and channel lookups the gateway and REST tests rely on.
const (
	botID   = discordtest.BotID
	appID   = discordtest.AppID
	userID  = "42"
	guildID = discordtest.GuildID
	general = discordtest.Channel      // an ordinary server channel
	staffCh = discordtest.StaffChannel // the settlement workers' channel
	thread  = discordtest.Thread       // a thread in it
	dmCh    = discordtest.DMChannel
)

// newTest builds an adapter around a fake client.
func newTest(t *testing.T, cfg Config, h bot.Handler) (*Adapter, *fakeClient, *logtest.Buffer) {
	t.Helper()
	fc := &fakeClient{parents: map[string]string{thread: staffCh}}
	log, buf := testLogger()
	if cfg.AppID == "" {
		cfg.AppID = appID
	}
	a := newAdapter(cfg, h, bot.NewMemoryPlatform(), log, fc)
	a.ready(&discordgo.Ready{User: &discordgo.User{ID: botID, Bot: true}})
	return a, fc, buf
}

func guildMessage(id, channel, content string, mentionBot bool) *discordgo.Message {
	m := &discordgo.Message{
		ID: id, ChannelID: channel, GuildID: guildID, Content: content,
		Author: &discordgo.User{ID: userID, Username: "Amina"},
	}
	if mentionBot {
		m.Mentions = []*discordgo.User{{ID: botID, Bot: true}}
	}
	return m
}

func slashCommand(id, channel, name, locale string, opts ...*discordgo.ApplicationCommandInteractionDataOption) *discordgo.Interaction {
	return &discordgo.Interaction{
		ID: id, AppID: appID, Type: discordgo.InteractionApplicationCommand, Token: "tok-" + id,
		GuildID: guildID, ChannelID: channel, Locale: discordgo.Locale(locale),
		Member: &discordgo.Member{User: &discordgo.User{ID: userID, Username: "Amina"}},
		Data:   discordgo.ApplicationCommandInteractionData{ID: "c1", Name: name, Options: opts},
	}
}

func stringOpt(name, value string) *discordgo.ApplicationCommandInteractionDataOption {
	return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionString, Value: value}
}

func buttonPress(id, channel, customID, onMessage string) *discordgo.Interaction {
	return &discordgo.Interaction{
		ID: id, AppID: appID, Type: discordgo.InteractionMessageComponent, Token: "tok-" + id,
		GuildID: guildID, ChannelID: channel, Locale: "en-US",
		Member:  &discordgo.Member{User: &discordgo.User{ID: userID}},
		Message: &discordgo.Message{ID: onMessage, ChannelID: channel},
		Data:    discordgo.MessageComponentInteractionData{CustomID: customID, ComponentType: discordgo.ButtonComponent},
	}
}

// apiError is the error discordgo returns for an API refusal.
func apiError(status, code int) error {
	return &discordgo.RESTError{
		Response:     &http.Response{StatusCode: status, Status: fmt.Sprint(status)},
		ResponseBody: []byte(fmt.Sprintf(`{"code":%d,"message":"refused"}`, code)),
		Message:      &discordgo.APIErrorMessage{Code: code, Message: "refused"},
	}
}

// ops lists the operations of calls, for compact comparisons.
func ops(calls []call) []string {
	var out []string
	for _, c := range calls {
		out = append(out, c.op)
	}
	return out
}

// customIDs lists the custom ids of the buttons in action rows.
func customIDs(comps []discordgo.MessageComponent) [][]string {
	var out [][]string
	for _, c := range comps {
		row, ok := c.(discordgo.ActionsRow)
		if !ok {
			continue
		}
		var ids []string
		for _, b := range row.Components {
			if btn, ok := b.(discordgo.Button); ok {
				ids = append(ids, btn.CustomID)
			}
		}
		out = append(out, ids)
	}
	return out
}
