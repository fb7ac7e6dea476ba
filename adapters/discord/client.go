package discord

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/bwmarrin/discordgo"
)

// client is the part of Discord the adapter uses. The translation logic
// talks only to this, so it is tested with a recording fake; session is
// the real one. Each method returns discordgo's error unchanged (a
// *discordgo.RESTError for an API refusal), so callers can read its code.
type client interface {
	// SendMessage posts m in a channel and returns the message created.
	SendMessage(ctx context.Context, channelID string, m *discordgo.MessageSend) (*discordgo.Message, error)
	// Respond answers an interaction (within 3 s of its creation).
	Respond(ctx context.Context, i *discordgo.Interaction, r *discordgo.InteractionResponse) error
	// EditResponse replaces the interaction's original (deferred) response.
	EditResponse(ctx context.Context, i *discordgo.Interaction, e *discordgo.WebhookEdit) (*discordgo.Message, error)
	// DeleteResponse removes the interaction's original (deferred) response.
	DeleteResponse(ctx context.Context, i *discordgo.Interaction) error
	// Followup sends one more message for an answered interaction.
	Followup(ctx context.Context, i *discordgo.Interaction, p *discordgo.WebhookParams) (*discordgo.Message, error)
	// OpenDM returns the id of the direct-message channel with a user.
	OpenDM(ctx context.Context, userID string) (string, error)
	// RegisterCommands replaces the application's slash commands, in one
	// guild or (guildID "") globally.
	RegisterCommands(ctx context.Context, appID, guildID string, cmds []*discordgo.ApplicationCommand) error
	// Parent returns the id of the channel a thread belongs to, or "" for
	// a channel that is not a thread.
	Parent(ctx context.Context, channelID string) (string, error)
}

// session is the client on a real *discordgo.Session; every call carries
// the caller's context.
type session struct{ s *discordgo.Session }

var _ client = session{}

func (c session) SendMessage(ctx context.Context, channelID string, m *discordgo.MessageSend) (*discordgo.Message, error) {
	return c.s.ChannelMessageSendComplex(channelID, m, discordgo.WithContext(ctx))
}

func (c session) Respond(ctx context.Context, i *discordgo.Interaction, r *discordgo.InteractionResponse) error {
	return c.s.InteractionRespond(i, r, discordgo.WithContext(ctx))
}

func (c session) EditResponse(ctx context.Context, i *discordgo.Interaction, e *discordgo.WebhookEdit) (*discordgo.Message, error) {
	return c.s.InteractionResponseEdit(i, e, discordgo.WithContext(ctx))
}

func (c session) DeleteResponse(ctx context.Context, i *discordgo.Interaction) error {
	return c.s.InteractionResponseDelete(i, discordgo.WithContext(ctx))
}

func (c session) Followup(ctx context.Context, i *discordgo.Interaction, p *discordgo.WebhookParams) (*discordgo.Message, error) {
	return c.s.FollowupMessageCreate(i, true, p, discordgo.WithContext(ctx))
}

func (c session) OpenDM(ctx context.Context, userID string) (string, error) {
	ch, err := c.s.UserChannelCreate(userID, discordgo.WithContext(ctx))
	if err != nil {
		return "", err
	}
	return ch.ID, nil
}

func (c session) RegisterCommands(ctx context.Context, appID, guildID string, cmds []*discordgo.ApplicationCommand) error {
	_, err := c.s.ApplicationCommandBulkOverwrite(appID, guildID, cmds, discordgo.WithContext(ctx))
	return err
}

// Parent reads the gateway's cached state first (threads arrive with
// GUILD_CREATE and THREAD_CREATE), then asks the API.
func (c session) Parent(ctx context.Context, channelID string) (string, error) {
	if c.s.State != nil {
		if ch, err := c.s.State.Channel(channelID); err == nil {
			// The state changes channels in place under its lock.
			c.s.State.RLock()
			parent, thread := ch.ParentID, ch.IsThread()
			c.s.State.RUnlock()
			if !thread {
				parent = ""
			}
			return parent, nil
		}
	}
	ch, err := c.s.Channel(channelID, discordgo.WithContext(ctx))
	if err != nil {
		return "", err
	}
	if !ch.IsThread() {
		return "", nil
	}
	return ch.ParentID, nil
}

// rewrite sends every request for https://discord.com to base instead
// (DISCORD_API_BASE): discordgo's endpoints are package variables fixed
// at load, so the host is changed on the way out rather than in them.
type rewrite struct {
	base *url.URL
	next http.RoundTripper
}

func (t rewrite) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Host != "discord.com" {
		return t.next.RoundTrip(req)
	}
	r := req.Clone(req.Context())
	r.URL.Scheme = t.base.Scheme
	r.URL.Host = t.base.Host
	r.URL.Path = strings.TrimSuffix(t.base.Path, "/") + req.URL.Path
	if req.URL.RawPath != "" {
		r.URL.RawPath = strings.TrimSuffix(t.base.EscapedPath(), "/") + req.URL.RawPath
	}
	r.Host = ""
	return t.next.RoundTrip(r)
}

// parseBase checks DISCORD_API_BASE: an http or https URL with a host.
func parseBase(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, err
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" {
		return nil, errors.New("want a URL such as http://127.0.0.1:8080")
	}
	return u, nil
}

// conns remembers the gateway connection being opened, so that Run can
// close it when its context ends while discordgo's Open (which takes no
// context) waits for the gateway.
type conns struct {
	mu   sync.Mutex
	last net.Conn
}

func (c *conns) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, network, addr)
	if err == nil {
		c.mu.Lock()
		c.last = conn
		c.mu.Unlock()
	}
	return conn, err
}

func (c *conns) closeLast() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.last != nil {
		c.last.Close()
	}
}
