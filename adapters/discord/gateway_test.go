package discord

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/newcomerbot/newcomerbot/adapters/discord/discordtest"
	"github.com/newcomerbot/newcomerbot/bot"
)

// TestGatewaySmoke runs the real Session against the fake gateway with
// the real engine: Hello → Identify → READY, commands registered, then a
// slash command and a mention arrive as dispatches and are answered.
func TestGatewaySmoke(t *testing.T) {
	fd := newFakeDiscord(t)
	var limited atomic.Bool
	fd.Override(func(r discordtest.Request) (int, string, bool) {
		// The first follow-up is rate limited once: discordgo waits and
		// retries, and the adapter logs it.
		if r.Method == "POST" && strings.HasPrefix(r.Path, "/api/v9/webhooks/") && !limited.Swap(true) {
			return 429, `{"message":"You are being rate limited.","retry_after":0.02,"global":false}`, true
		}
		return 0, "", false
	})
	log, buf := testLogger()
	a, err := New(Config{Token: "test-token", APIBase: fd.URL, ShardID: 0, ShardCount: 2}, realEngine(t), bot.NewMemoryPlatform(), log)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()

	// Registration: the application id comes from READY (no AppID given).
	var commandsPut discordtest.Request
	waitFor(t, "commands registered", 5*time.Second, func() bool {
		for _, r := range fd.Requests() {
			if r.Method == "PUT" {
				commandsPut = r
				return true
			}
		}
		return false
	})
	if commandsPut.Path != "/api/v9/applications/"+appID+"/commands" {
		t.Errorf("commands registered at %s, want the global route", commandsPut.Path)
	}
	if cmds, _ := commandsPut.Body.([]any); len(cmds) != 7 {
		t.Errorf("%d commands registered, want 7", len(cmds))
	}
	id := fd.Identify()
	if discordtest.Field(id, "token") != "Bot test-token" {
		t.Errorf("identify token %v", discordtest.Field(id, "token"))
	}
	wantIntents := discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages
	if got := asJSON(discordtest.Field(id, "intents")); got != fmt.Sprint(int(wantIntents)) {
		t.Errorf("identify intents %s, want %d (no privileged intent)", got, wantIntents)
	}
	if got := asJSON(discordtest.Field(id, "shard")); got != "[0,2]" {
		t.Errorf("identify shard %s, want [0,2]", got)
	}

	// A slash command.
	fd.Dispatch("INTERACTION_CREATE", fmt.Sprintf(`{"id":"1001","application_id":%q,"type":2,"token":"itok","version":1,
		"guild_id":%q,"channel_id":%q,"locale":"en-US",
		"member":{"user":{"id":%q,"username":"amina"},"roles":[]},
		"data":{"id":"c1","name":"ask","type":1,"options":[{"name":"question","type":3,"value":"How do I get a SIN?"}]}}`,
		appID, guildID, general, userID))
	var answer []discordtest.Request
	waitFor(t, "the answer", 5*time.Second, func() bool {
		answer = nil
		text := ""
		for _, r := range fd.Requests() {
			if strings.Contains(r.Path, "itok") {
				answer = append(answer, r)
				text += fmt.Sprint(discordtest.Field(r.Body, "content"))
			}
		}
		return strings.Contains(text, "Service Canada")
	})
	if ack := answer[0]; ack.Path != "/api/v9/interactions/1001/itok/callback" || asJSON(discordtest.Field(ack.Body, "type")) != "5" || asJSON(discordtest.Field(ack.Body, "data", "flags")) != "64" {
		t.Errorf("first call %s %s, want the deferred ephemeral response", ack.Path, asJSON(ack.Body))
	}
	for _, fu := range answer[1:] {
		if fu.Path != "/api/v9/webhooks/"+appID+"/itok" || asJSON(discordtest.Field(fu.Body, "flags")) != "64" {
			t.Errorf("follow-up %s %s, want an ephemeral follow-up", fu.Path, asJSON(fu.Body))
		}
	}
	if !strings.Contains(buf.String(), "rate limited (429)") || !strings.Contains(buf.String(), "route=webhooks") {
		t.Errorf("the 429 retry was not logged:\n%s", buf)
	}

	// A mention in a channel, and chatter.
	fd.Dispatch("MESSAGE_CREATE", fmt.Sprintf(`{"id":"2001","channel_id":%q,"guild_id":%q,"type":0,"content":"what's up","author":{"id":"43","username":"sam"},"mentions":[]}`, general, guildID))
	fd.Dispatch("MESSAGE_CREATE", fmt.Sprintf(`{"id":"2002","channel_id":%q,"guild_id":%q,"type":0,"content":"<@%s> hello","author":{"id":%q,"username":"amina"},"mentions":[{"id":%q,"username":"newcomerbot","bot":true}]}`, general, guildID, botID, userID, botID))
	waitFor(t, "the reply to the mention", 5*time.Second, func() bool {
		for _, r := range fd.Requests() {
			if r.Path == "/api/v9/channels/"+general+"/messages" && asJSON(discordtest.Field(r.Body, "message_reference", "message_id")) == `"2002"` {
				return true
			}
		}
		return false
	})
	for _, r := range fd.Requests() {
		if asJSON(discordtest.Field(r.Body, "message_reference", "message_id")) == `"2001"` {
			t.Error("chatter was answered")
		}
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
	if strings.Contains(buf.String(), "How do I get a SIN") {
		t.Error("the question was logged")
	}
}

// TestRunStopsWhileOpening: a gateway that never says Hello must not keep
// Run from returning when its context ends.
func TestRunStopsWhileOpening(t *testing.T) {
	fd := newFakeDiscord(t)
	fd.Silence()
	a, err := New(Config{Token: fd.Token, AppID: appID, APIBase: fd.URL}, answer(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	waitFor(t, "the gateway connection", 5*time.Second, func() bool {
		a.conns.mu.Lock()
		defer a.conns.mu.Unlock()
		return a.conns.last != nil
	})
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run hung in Open")
	}
}

// TestRunRejectedToken: a 401 from /gateway/bot ends Run with an error.
func TestRunRejectedToken(t *testing.T) {
	fd := newFakeDiscord(t)
	a, err := New(Config{Token: "bad", APIBase: fd.URL}, answer(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := a.Run(ctx); err == nil || !strings.Contains(err.Error(), "401") {
		t.Errorf("Run: %v, want an error with 401", err)
	}
}
