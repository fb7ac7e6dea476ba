package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/newcomerbot/newcomerbot/adapters/discord/discordtest"
	"github.com/newcomerbot/newcomerbot/bot/logtest"
)

// TestDiscordEndToEnd runs the whole program (`newcomerbot run`, embedded
// Redis) against a fake Discord: it identifies on the gateway, registers
// its slash commands, and answers /ask with a deferred ephemeral response
// and an ephemeral follow-up.
func TestDiscordEndToEnd(t *testing.T) {
	dc := discordtest.NewServer()
	defer dc.Close()

	getenv := env(
		"DISCORD_TOKEN", dc.Token,
		"DISCORD_APP_ID", discordtest.AppID,
		"DISCORD_API_BASE", dc.URL,
		"LOG_LEVEL", "debug",
	)
	var stdout, stderr logtest.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"run"}, getenv, strings.NewReader(""), &stdout, &stderr) }()
	// stop ends the run and checks it returns nil in time; it runs once.
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("run returned %v after its context ended\n%s", err, stderr.String())
			}
		case <-time.After(shutdownGrace + 5*time.Second):
			t.Errorf("run did not return within %v of its context ending", shutdownGrace+5*time.Second)
		}
	}
	defer stop()
	fatal := func(format string, args ...any) {
		t.Helper()
		t.Fatalf(format+"\nbot's stderr:\n%s", append(args, stderr.String())...)
	}

	// Identify, then the bulk overwrite of the commands (after READY).
	commandsRoute := "/api/v9/applications/" + discordtest.AppID + "/commands"
	var put discordtest.Request
	if !dc.Wait(startupWait, func(reqs []discordtest.Request) bool {
		for _, r := range reqs {
			if r.Method == "PUT" && r.Path == commandsRoute {
				put = r
				return dc.Identify() != nil
			}
		}
		return false
	}) {
		fatal("the bot did not identify and register its commands at PUT %s; requests: %s", commandsRoute, describeRequests(dc.Requests()))
	}
	if got := dc.Identify()["token"]; got != "Bot "+dc.Token {
		t.Errorf("identify token %v, want the DISCORD_TOKEN", got)
	}
	cmds, _ := put.Body.([]any)
	var names []string
	for _, c := range cmds {
		names = append(names, fmt.Sprint(discordtest.Field(c, "name")))
	}
	if len(cmds) != 7 || names[0] != "ask" {
		t.Errorf("commands registered %v, want 7 starting with ask", names)
	}

	// /ask in a server channel.
	const token = "e2e-interaction-token"
	dc.Dispatch("INTERACTION_CREATE", fmt.Sprintf(`{"id":"5001","application_id":%q,"type":2,"token":%q,"version":1,
		"guild_id":%q,"channel_id":%q,"locale":"en-US",
		"member":{"user":{"id":"42","username":"amina"},"roles":[]},
		"data":{"id":"c1","name":"ask","type":1,"options":[{"name":"question","type":3,"value":"how do I get a SIN number"}]}}`,
		discordtest.AppID, token, discordtest.GuildID, discordtest.Channel))

	followUps := "/api/v9/webhooks/" + discordtest.AppID + "/" + token
	// The answer itself: the first-contact privacy notice that comes
	// before it says "SIN" too ("Please don't send your SIN ...").
	mentionsSIN := func(r discordtest.Request) bool {
		return strings.Contains(fmt.Sprint(discordtest.Field(r.Body, "content")), "Social Insurance")
	}
	var calls []discordtest.Request // those of this interaction, in order
	if !dc.Wait(20*time.Second, func(reqs []discordtest.Request) bool {
		calls = nil
		answered := false
		for _, r := range reqs {
			if strings.Contains(r.Path, token) {
				calls = append(calls, r)
				answered = answered || (r.Method == "POST" && r.Path == followUps && mentionsSIN(r))
			}
		}
		return answered
	}) {
		fatal("no follow-up with the Social Insurance Number answer at POST %s; requests: %s", followUps, describeRequests(dc.Requests()))
	}
	ack := calls[0]
	if ack.Method != "POST" || ack.Path != "/api/v9/interactions/5001/"+token+"/callback" ||
		compact(discordtest.Field(ack.Body, "type")) != "5" || compact(discordtest.Field(ack.Body, "data", "flags")) != "64" {
		t.Errorf("first call %s %s %s, want the deferred ephemeral response (type 5, flags 64)", ack.Method, ack.Path, compact(ack.Body))
	}
	for _, fu := range calls[1:] {
		if fu.Method != "POST" || fu.Path != followUps || compact(discordtest.Field(fu.Body, "flags")) != "64" {
			t.Errorf("follow-up %s %s %s, want an ephemeral follow-up (flags 64)", fu.Method, fu.Path, compact(fu.Body))
		}
	}

	stop()
	for _, err := range dc.Errors() {
		t.Errorf("fake Discord: %v", err)
	}
	if strings.Contains(stderr.String(), "how do I get a SIN number") {
		t.Error("the question was logged")
	}
	if strings.Contains(stderr.String(), dc.Token) {
		t.Error("the token was logged")
	}
}

// compact renders decoded JSON compactly for comparisons.
func compact(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// describeRequests lists calls for a failure message, without bodies.
func describeRequests(reqs []discordtest.Request) string {
	var b strings.Builder
	for _, r := range reqs {
		fmt.Fprintf(&b, "\n  %s %s", r.Method, r.Path)
	}
	if b.Len() == 0 {
		return "none"
	}
	return b.String()
}
