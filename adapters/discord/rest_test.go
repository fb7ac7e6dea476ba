package discord

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/newcomerbot/newcomerbot/adapters/discord/discordtest"
	"github.com/newcomerbot/newcomerbot/bot"
	"github.com/newcomerbot/newcomerbot/bot/logtest"
)

// newREST builds a real adapter (discordgo's REST client) pointed at fd.
func newREST(t *testing.T, fd *discordtest.Server, cfg Config, h bot.Handler) (*Adapter, *logtest.Buffer) {
	t.Helper()
	log, buf := testLogger()
	cfg.Token, cfg.AppID, cfg.APIBase = fd.Token, appID, fd.URL
	a, err := New(cfg, h, bot.NewMemoryPlatform(), log)
	if err != nil {
		t.Fatal(err)
	}
	a.ready(&discordgo.Ready{User: &discordgo.User{ID: botID}})
	return a, buf
}

// asJSON renders decoded JSON compactly for comparisons.
func asJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestRESTWireFormat(t *testing.T) {
	ctx := context.Background()
	t.Run("interaction: deferred ephemeral, then follow-up with flags and buttons", func(t *testing.T) {
		fd := newFakeDiscord(t)
		a, _ := newREST(t, fd, Config{}, answer(answerReply))
		a.onInteraction(ctx, slashCommand("1001", general, "ask", "fr", stringOpt("question", "NAS?")))

		reqs := fd.Requests()
		if len(reqs) != 2 {
			t.Fatalf("requests %+v, want 2", reqs)
		}
		ack := reqs[0]
		if ack.Method != "POST" || ack.Path != "/api/v9/interactions/1001/tok-1001/callback" {
			t.Errorf("ack %s %s", ack.Method, ack.Path)
		}
		if got := asJSON(discordtest.Field(ack.Body, "type")) + " " + asJSON(discordtest.Field(ack.Body, "data", "flags")); got != "5 64" {
			t.Errorf("ack type and flags %s, want 5 64 (body %s)", got, asJSON(ack.Body))
		}
		if ack.Auth != "Bot test-token" {
			t.Errorf("authorization %q", ack.Auth)
		}

		fu := reqs[1]
		if fu.Method != "POST" || fu.Path != "/api/v9/webhooks/"+appID+"/tok-1001" || fu.Query != "wait=true" {
			t.Errorf("follow-up %s %s?%s", fu.Method, fu.Path, fu.Query)
		}
		if got := asJSON(discordtest.Field(fu.Body, "flags")); got != "64" {
			t.Errorf("follow-up flags %s, want 64", got)
		}
		if got := discordtest.Field(fu.Body, "content"); got != `Apply for a \*SIN\* at Service Canada.` {
			t.Errorf("follow-up content %q", got)
		}
		if got := asJSON(discordtest.Field(fu.Body, "allowed_mentions")); got != `{"parse":[],"replied_user":false}` {
			t.Errorf("allowed_mentions %s", got)
		}
		want := `[{"components":[{"custom_id":"f:+:sin","disabled":false,"label":"👍","style":2,"type":2},{"custom_id":"human","disabled":false,"label":"Talk to a person","style":2,"type":2}],"type":1}]`
		if got := asJSON(discordtest.Field(fu.Body, "components")); got != want {
			t.Errorf("components\n got %s\nwant %s", got, want)
		}
	})

	t.Run("button: deferred update", func(t *testing.T) {
		fd := newFakeDiscord(t)
		a, _ := newREST(t, fd, Config{}, answer(answerReply))
		a.onInteraction(ctx, buttonPress("1002", general, "t:sin", "m5"))
		reqs := fd.Requests()
		if len(reqs) != 2 || asJSON(discordtest.Field(reqs[0].Body, "type")) != "6" || asJSON(discordtest.Field(reqs[1].Body, "flags")) != "64" {
			t.Errorf("requests %+v", reqs)
		}
	})

	t.Run("channel message: reply to the mention, no pings", func(t *testing.T) {
		fd := newFakeDiscord(t)
		a, _ := newREST(t, fd, Config{}, answer(answerReply))
		a.onMessage(ctx, guildMessage("3001", general, "<@"+botID+"> SIN?", true))
		reqs := fd.Requests()
		if len(reqs) != 1 {
			t.Fatalf("requests %+v", reqs)
		}
		m := reqs[0]
		if m.Method != "POST" || m.Path != "/api/v9/channels/"+general+"/messages" {
			t.Errorf("send %s %s", m.Method, m.Path)
		}
		if got := discordtest.Field(m.Body, "content"); got != `Apply for a \*SIN\* at Service Canada.` {
			t.Errorf("content %q", got)
		}
		if got := asJSON(discordtest.Field(m.Body, "message_reference")); got != `{"channel_id":"600","fail_if_not_exists":false,"message_id":"3001"}` {
			t.Errorf("message_reference %s", got)
		}
		if got := asJSON(discordtest.Field(m.Body, "allowed_mentions", "parse")); got != "[]" {
			t.Errorf("allowed_mentions.parse %s", got)
		}
		if got := asJSON(discordtest.Field(m.Body, "components")); !strings.Contains(got, `"custom_id":"human"`) {
			t.Errorf("components %s", got)
		}
	})

	t.Run("DMs closed: error 50007 read from the wire", func(t *testing.T) {
		fd := newFakeDiscord(t)
		fd.Override(func(r discordtest.Request) (int, string, bool) {
			if r.Path == "/api/v9/channels/800/messages" {
				return 403, `{"code":50007,"message":"Cannot send messages to this user"}`, true
			}
			return 0, "", false
		})
		a, log := newREST(t, fd, Config{}, answer(handoffReply))
		a.onMessage(ctx, guildMessage("3002", general, "<@"+botID+"> I want a person", true))
		var paths []string
		for _, r := range fd.Requests() {
			paths = append(paths, r.Method+" "+r.Path)
		}
		want := "[POST /api/v9/users/@me/channels POST /api/v9/channels/800/messages POST /api/v9/channels/600/messages]"
		if got := fmt.Sprint(paths); got != want {
			t.Errorf("requests\n got %s\nwant %s", got, want)
		}
		if got := discordtest.Field(fd.Requests()[2].Body, "content"); got != escape(note("en", "dm_closed")) {
			t.Errorf("channel note %q", got)
		}
		if !strings.Contains(log.String(), "code=50007") {
			t.Errorf("log:\n%s", log)
		}
	})

	t.Run("staff thread found through the API", func(t *testing.T) {
		fd := newFakeDiscord(t)
		h := answer()
		a, _ := newREST(t, fd, Config{StaffChannel: staffCh}, h)
		a.onMessage(ctx, guildMessage("3003", thread, "I can take this one", false))
		a.onMessage(ctx, guildMessage("3004", thread, "and this", false))
		got := h.Got()
		if len(got) != 2 || !got[0].Staff || !got[1].Staff {
			t.Fatalf("incoming %+v", got)
		}
		lookups := 0
		for _, r := range fd.Requests() {
			if r.Method == "GET" && r.Path == "/api/v9/channels/"+thread {
				lookups++
			}
		}
		if lookups != 1 {
			t.Errorf("%d channel lookups, want 1 (cached)", lookups)
		}
	})

	t.Run("commands registered in the development guild", func(t *testing.T) {
		fd := newFakeDiscord(t)
		a, _ := newREST(t, fd, Config{GuildID: guildID}, answer())
		a.registerCommands(ctx)
		reqs := fd.Requests()
		if len(reqs) != 1 || reqs[0].Method != "PUT" || reqs[0].Path != "/api/v9/applications/"+appID+"/guilds/"+guildID+"/commands" {
			t.Fatalf("requests %+v", reqs)
		}
		cmds, _ := reqs[0].Body.([]any)
		if len(cmds) != 7 || discordtest.Field(cmds[0], "name") != "ask" || discordtest.Field(cmds[0], "name_localizations", "fr") != "demander" {
			t.Errorf("commands %.400s", asJSON(reqs[0].Body))
		}
	})

	t.Run("Send to a person opens a DM", func(t *testing.T) {
		fd := newFakeDiscord(t)
		a, _ := newREST(t, fd, Config{}, answer())
		ids, err := a.Send(ctx, "discord:"+userID, []bot.Reply{{Text: "A worker replied."}})
		if err != nil || len(ids) != 1 {
			t.Fatalf("Send: %v %v", ids, err)
		}
		reqs := fd.Requests()
		if asJSON(reqs[0].Body) != `{"recipient_id":"42"}` || reqs[1].Path != "/api/v9/channels/800/messages" {
			t.Errorf("requests %+v", reqs)
		}
	})
}

func TestRewrite(t *testing.T) {
	var got []string
	next := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		got = append(got, r.URL.String())
		return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader("{}")), Request: r}, nil
	})
	for _, tt := range []struct{ base, in, want string }{
		{"http://127.0.0.1:9", "https://discord.com/api/v9/channels/1/messages", "http://127.0.0.1:9/api/v9/channels/1/messages"},
		{"http://127.0.0.1:9/prefix/", "https://discord.com/api/v9/users/@me/channels", "http://127.0.0.1:9/prefix/api/v9/users/@me/channels"},
		{"http://127.0.0.1:9", "https://discord.com/api/v9/webhooks/1/t?wait=true", "http://127.0.0.1:9/api/v9/webhooks/1/t?wait=true"},
		{"http://127.0.0.1:9", "https://cdn.discordapp.com/x.png", "https://cdn.discordapp.com/x.png"},
	} {
		got = nil
		base, err := parseBase(tt.base)
		if err != nil {
			t.Fatal(err)
		}
		req, _ := http.NewRequest("GET", tt.in, nil)
		if _, err := (rewrite{base: base, next: next}).RoundTrip(req); err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0] != tt.want {
			t.Errorf("%s via %s: got %v, want %s", tt.in, tt.base, got, tt.want)
		}
	}
	for _, bad := range []string{"127.0.0.1:9", "ftp://x", "http://", "http://x/?a=b"} {
		if _, err := parseBase(bad); err == nil {
			t.Errorf("parseBase(%q) accepted", bad)
		}
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestNew(t *testing.T) {
	for _, tt := range []struct {
		name string
		cfg  Config
		ok   bool
	}{
		{"minimal", Config{Token: "t"}, true},
		{"no token", Config{}, false},
		{"shard out of range", Config{Token: "t", ShardID: 2, ShardCount: 2}, false},
		{"bad api base", Config{Token: "t", APIBase: "discord.local"}, false},
		{"sharded", Config{Token: "t", ShardID: 1, ShardCount: 2}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a, err := New(tt.cfg, answer(), nil, nil)
			if (err == nil) != tt.ok {
				t.Fatalf("New: %v, want ok=%v", err, tt.ok)
			}
			if err == nil && (a.s.Token != "Bot t" || a.s.ShardCount < 1) {
				t.Errorf("token %q shards %d", a.s.Token, a.s.ShardCount)
			}
		})
	}
	cfg := Config{Token: "very-secret", AppID: "1"}
	var b strings.Builder
	if _, err := New(cfg, nil, nil, nil); err == nil {
		t.Error("New accepted a nil handler")
	}
	fmt.Fprint(&b, cfg.LogValue())
	if strings.Contains(b.String(), "very-secret") {
		t.Errorf("LogValue shows the token: %s", b.String())
	}
	if describe(&url.Error{Op: "Post", URL: "https://discord.com/api/v9/interactions/1/SECRET/callback", Err: io.EOF}) != "Post: EOF" {
		t.Error("describe keeps the URL")
	}
}
