package discord

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/newcomerbot/newcomerbot/bot"
	"github.com/newcomerbot/newcomerbot/knowledge"
)

var (
	answerReply = bot.Reply{Kind: bot.KindAnswer, Topic: "sin", Lang: "en", Text: "Apply for a *SIN* at Service Canada.",
		Buttons: [][]bot.Button{{{Label: "👍", Data: "f:+:sin"}, {Label: "Talk to a person", Data: "human"}}}}
	handoffReply = bot.Reply{Kind: bot.KindHandoff, Lang: "en", Sensitive: true, Text: "A settlement worker can help you.",
		Buttons: [][]bot.Button{{{Label: "Yes, connect me", Data: "consent"}}}}
	sensitiveReply = bot.Reply{Kind: bot.KindAnswer, Topic: "refugee-claim", Lang: "fr", Sensitive: true, Text: "Votre demande d’asile…"}
	crisisReply    = bot.Reply{Kind: bot.KindCrisis, Lang: "en", Sensitive: true, Text: "If you are in danger, call 911. For suicide or self-harm, call or text 988."}
)

func TestSlashAsk(t *testing.T) {
	ctx := context.Background()
	t.Run("deferred then answered ephemerally", func(t *testing.T) {
		h := answer(answerReply)
		a, fc, _ := newTest(t, Config{}, h)
		a.onInteraction(ctx, slashCommand("i1", general, "ask", "fr", stringOpt("question", "How do I get a SIN?")))

		calls := fc.Calls()
		if got, want := fmt.Sprint(ops(calls)), "[respond followup]"; got != want {
			t.Fatalf("calls %s, want %s", got, want)
		}
		if calls[0].ack != discordgo.InteractionResponseDeferredChannelMessageWithSource || calls[0].flags != discordgo.MessageFlagsEphemeral {
			t.Errorf("ack type %d flags %d, want 5 and 64", calls[0].ack, calls[0].flags)
		}
		if calls[1].flags != discordgo.MessageFlagsEphemeral {
			t.Errorf("follow-up flags %d, want 64", calls[1].flags)
		}
		if want := `Apply for a \*SIN\* at Service Canada.`; calls[1].content != want {
			t.Errorf("follow-up %q, want %q", calls[1].content, want)
		}
		if got := fmt.Sprint(customIDs(calls[1].comps)); got != "[[f:+:sin human]]" {
			t.Errorf("buttons %s", got)
		}
		in := h.Got()[0]
		want := bot.Incoming{Platform: "discord", User: "discord:" + userID, Chat: general, Text: "How do I get a SIN?",
			LangHint: "fr", Group: true, MessageID: "i1"}
		if in != want {
			t.Errorf("incoming\n got %+v\nwant %+v", in, want)
		}
	})
	t.Run("public channel: public answer", func(t *testing.T) {
		a, fc, _ := newTest(t, Config{PublicChannels: []string{general}}, answer(answerReply))
		a.onInteraction(ctx, slashCommand("i2", general, "ask", "en-US", stringOpt("question", "sin")))
		calls := fc.Calls()
		if calls[0].flags != 0 || calls[1].flags != 0 {
			t.Errorf("ack flags %d, follow-up flags %d; want 0 and 0", calls[0].flags, calls[1].flags)
		}
	})
	t.Run("public channel: personal answer stays private", func(t *testing.T) {
		a, fc, _ := newTest(t, Config{PublicChannels: []string{general}}, answer(answerReply, sensitiveReply))
		a.onInteraction(ctx, slashCommand("i3", general, "ask", "fr", stringOpt("question", "asile")))
		calls := fc.Calls()
		if got, want := fmt.Sprint(ops(calls)), "[respond followup followup]"; got != want {
			t.Fatalf("calls %s, want %s", got, want)
		}
		if calls[1].flags != 0 || calls[2].flags != discordgo.MessageFlagsEphemeral {
			t.Errorf("flags %d then %d; want 0 then 64", calls[1].flags, calls[2].flags)
		}

		a, fc, _ = newTest(t, Config{PublicChannels: []string{general}}, answer(sensitiveReply))
		a.onInteraction(ctx, slashCommand("i4", general, "ask", "fr", stringOpt("question", "asile")))
		calls = fc.Calls()
		if got, want := fmt.Sprint(ops(calls)), "[respond edit followup]"; got != want {
			t.Fatalf("calls %s, want %s: the public deferral must be closed before an ephemeral answer", got, want)
		}
		if calls[1].content != note("fr", "in_private") || calls[2].flags != discordgo.MessageFlagsEphemeral {
			t.Errorf("edit %q, follow-up flags %d", calls[1].content, calls[2].flags)
		}
	})
	t.Run("personal commands are never public", func(t *testing.T) {
		a, fc, _ := newTest(t, Config{PublicChannels: []string{general}}, answer(bot.Reply{Kind: bot.KindCommand, Text: "Region set."}))
		a.onInteraction(ctx, slashCommand("i5", general, "region", "en-US", stringOpt("place", "Calgary")))
		calls := fc.Calls()
		if calls[0].flags != discordgo.MessageFlagsEphemeral || calls[1].flags != discordgo.MessageFlagsEphemeral {
			t.Errorf("flags %d, %d; want ephemeral", calls[0].flags, calls[1].flags)
		}
	})
	t.Run("in a DM nothing is ephemeral", func(t *testing.T) {
		h := answer(crisisReply)
		a, fc, _ := newTest(t, Config{}, h)
		i := slashCommand("i6", dmCh, "help", "en-US")
		i.GuildID, i.Member, i.User = "", nil, &discordgo.User{ID: userID}
		a.onInteraction(ctx, i)
		calls := fc.Calls()
		if calls[0].flags != 0 || calls[1].flags != 0 {
			t.Errorf("flags %d, %d; want 0", calls[0].flags, calls[1].flags)
		}
		if in := h.Got()[0]; in.Group || in.Text != "/help" || in.User != "discord:"+userID {
			t.Errorf("incoming %+v", in)
		}
	})
	t.Run("no reply removes the thinking message", func(t *testing.T) {
		a, fc, _ := newTest(t, Config{}, answer())
		a.onInteraction(ctx, slashCommand("i7", general, "ask", "en-US", stringOpt("question", "relay me")))
		if got, want := fmt.Sprint(ops(fc.Calls())), "[respond delete]"; got != want {
			t.Errorf("calls %s, want %s", got, want)
		}
	})
	t.Run("crisis is shown at once, ephemerally", func(t *testing.T) {
		a, fc, _ := newTest(t, Config{}, answer(crisisReply))
		a.onInteraction(ctx, slashCommand("i8", general, "ask", "en-US", stringOpt("question", "...")))
		calls := fc.Calls()
		if len(calls) != 2 || !strings.Contains(calls[1].content, "911") || calls[1].flags != discordgo.MessageFlagsEphemeral {
			t.Errorf("calls %+v", calls)
		}
	})
}

func TestMessages(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		msg     *discordgo.Message
		handled bool
		text    string
	}{
		{"mention in a channel", guildMessage("m1", general, "<@"+botID+"> how do I get a SIN?", true), true, "how do I get a SIN?"},
		{"nickname mention", guildMessage("m2", general, "<@!"+botID+">  hello", true), true, "hello"},
		{"mention only", guildMessage("m3", general, "<@"+botID+">", true), true, ""},
		{"chatter ignored", guildMessage("m4", general, "anyone up for soccer?", false), false, ""},
		{"other bots ignored", func() *discordgo.Message {
			m := guildMessage("m5", general, "<@"+botID+"> hi", true)
			m.Author.Bot = true
			return m
		}(), false, ""},
		{"itself ignored", func() *discordgo.Message {
			m := guildMessage("m6", staffCh, "ticket", false)
			m.Author = &discordgo.User{ID: botID}
			return m
		}(), false, ""},
		{"webhooks ignored", func() *discordgo.Message {
			m := guildMessage("m7", staffCh, "x", false)
			m.WebhookID = "1"
			return m
		}(), false, ""},
		{"system messages ignored", func() *discordgo.Message {
			m := guildMessage("m8", staffCh, "", false)
			m.Type = discordgo.MessageTypeThreadCreated
			return m
		}(), false, ""},
		{"staff channel", guildMessage("m9", staffCh, "claim 12", false), true, "claim 12"},
		{"staff thread", guildMessage("m10", thread, "hello, I can help", false), true, "hello, I can help"},
		{"staff message without content", guildMessage("m11", staffCh, "", false), false, ""},
		{"direct message", &discordgo.Message{ID: "m12", ChannelID: dmCh, Content: "bonjour", Author: &discordgo.User{ID: userID}}, true, "bonjour"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := answer(bot.Reply{Kind: bot.KindSmallTalk, Text: "Hi!"})
			a, fc, _ := newTest(t, Config{StaffChannel: staffCh}, h)
			a.onMessage(ctx, tt.msg)
			got := h.Got()
			if !tt.handled {
				if len(got) != 0 || len(fc.Calls()) != 0 {
					t.Fatalf("handled: %d incoming, %d calls", len(got), len(fc.Calls()))
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("%d incoming, want 1", len(got))
			}
			in := got[0]
			dm := tt.msg.GuildID == ""
			staff := tt.msg.ChannelID == staffCh || tt.msg.ChannelID == thread
			want := bot.Incoming{Platform: "discord", User: "discord:" + userID, Chat: tt.msg.ChannelID, Text: tt.text,
				Group: !dm, MessageID: tt.msg.ID, Staff: staff}
			if in != want {
				t.Errorf("incoming\n got %+v\nwant %+v", in, want)
			}
			calls := fc.Calls()
			if len(calls) != 1 || calls[0].op != "send" || calls[0].channel != tt.msg.ChannelID || calls[0].content != "Hi!" {
				t.Fatalf("calls %+v", calls)
			}
			if wantRef := map[bool]string{true: "", false: tt.msg.ID}[dm]; calls[0].ref != wantRef {
				t.Errorf("reply reference %q, want %q", calls[0].ref, wantRef)
			}
		})
	}
	t.Run("reply reference passed on", func(t *testing.T) {
		h := answer()
		a, _, _ := newTest(t, Config{}, h)
		m := guildMessage("m13", general, "<@"+botID+"> and this?", true)
		m.Type = discordgo.MessageTypeReply
		m.MessageReference = &discordgo.MessageReference{MessageID: "m0"}
		a.onMessage(ctx, m)
		if in := h.Got()[0]; in.ReplyTo != "m0" {
			t.Errorf("ReplyTo %q, want m0", in.ReplyTo)
		}
	})
	t.Run("delivered once", func(t *testing.T) {
		h := answer()
		a, _, _ := newTest(t, Config{}, h)
		m := guildMessage("m14", general, "<@"+botID+"> twice", true)
		a.onMessage(ctx, m)
		a.onMessage(ctx, m)
		if n := len(h.Got()); n != 1 {
			t.Errorf("handled %d times, want 1", n)
		}
	})
}

func TestPersonalRepliesLeaveTheChannel(t *testing.T) {
	ctx := context.Background()
	mention := func(id string) *discordgo.Message {
		return guildMessage(id, general, "<@"+botID+"> I need help with my claim", true)
	}
	t.Run("handoff and sensitive go by DM, with a note", func(t *testing.T) {
		a, fc, _ := newTest(t, Config{}, answer(bot.Reply{Kind: bot.KindNotice, Text: "Privacy notice."}, handoffReply, sensitiveReply))
		a.onMessage(ctx, mention("p1"))
		calls := fc.Calls()
		if got, want := fmt.Sprint(ops(calls)), "[send dm send send send]"; got != want {
			t.Fatalf("calls %s, want %s", got, want)
		}
		if calls[0].channel != general || calls[0].content != "Privacy notice." || calls[0].ref != "p1" {
			t.Errorf("notice %+v", calls[0])
		}
		for _, c := range calls[2:4] {
			if c.channel != "dm-"+userID {
				t.Errorf("personal reply sent to %s, want the DM", c.channel)
			}
		}
		if got := fmt.Sprint(customIDs(calls[2].comps)); got != "[[consent]]" {
			t.Errorf("DM buttons %s", got)
		}
		if calls[4].channel != general || calls[4].content != escape(note("fr", "dm_sent")) {
			t.Errorf("channel note %+v", calls[4])
		}
	})
	t.Run("DMs closed: the channel is told", func(t *testing.T) {
		a, fc, log := newTest(t, Config{}, answer(handoffReply))
		fc.sendErr = func(ch string) error {
			if strings.HasPrefix(ch, "dm-") {
				return apiError(403, discordgo.ErrCodeCannotSendMessagesToThisUser)
			}
			return nil
		}
		a.onMessage(ctx, mention("p2"))
		calls := fc.Calls()
		if got, want := fmt.Sprint(ops(calls)), "[dm send]"; got != want {
			t.Fatalf("calls %s, want %s", got, want)
		}
		if calls[1].channel != general || calls[1].content != escape(note("en", "dm_closed")) {
			t.Errorf("channel note %+v", calls[1])
		}
		if strings.Contains(fmt.Sprint(calls), "settlement worker can help") {
			t.Error("the personal reply reached the channel")
		}
		if !strings.Contains(log.String(), "code=50007") {
			t.Errorf("no log line for the refusal:\n%s", log)
		}
	})
	t.Run("DMs closed: a crisis reply is still shown at once", func(t *testing.T) {
		a, fc, _ := newTest(t, Config{}, answer(crisisReply))
		fc.dmErr = apiError(403, discordgo.ErrCodeCannotSendMessagesToThisUser)
		a.onMessage(ctx, mention("p3"))
		calls := fc.Calls()
		if len(calls) != 2 || !strings.Contains(calls[0].content, "911") || calls[0].channel != general {
			t.Fatalf("calls %+v", calls)
		}
		if calls[1].content != escape(note("en", "dm_closed")) {
			t.Errorf("second message %q", calls[1].content)
		}
	})
	t.Run("staff channel replies stay there", func(t *testing.T) {
		a, fc, _ := newTest(t, Config{StaffChannel: staffCh}, answer(handoffReply))
		a.onMessage(ctx, guildMessage("p4", staffCh, "claim", false))
		if calls := fc.Calls(); len(calls) != 1 || calls[0].channel != staffCh {
			t.Errorf("calls %+v", calls)
		}
	})
}

func TestButtonRoundTrip(t *testing.T) {
	ctx := context.Background()
	h := &fakeHandler{handle: func(in bot.Incoming) []bot.Reply {
		if in.Button == "t:health-card" {
			return []bot.Reply{{Kind: bot.KindAnswer, Topic: "health-card", Text: "Health cards are provincial."}}
		}
		return []bot.Reply{{Kind: bot.KindClarify, Text: "Which one?", Buttons: [][]bot.Button{
			{{Label: "Health card", Data: "t:health-card"}, {Label: "SIN", Data: "t:sin"}},
		}}}
	}}
	a, fc, _ := newTest(t, Config{}, h)
	a.onMessage(ctx, &discordgo.Message{ID: "b1", ChannelID: dmCh, Content: "card", Author: &discordgo.User{ID: userID}})
	sent := fc.Calls()[0]
	ids := customIDs(sent.comps)
	if fmt.Sprint(ids) != "[[t:health-card t:sin]]" {
		t.Fatalf("buttons %v", ids)
	}

	press := buttonPress("b2", dmCh, ids[0][0], sent.channel)
	press.GuildID, press.Member, press.User = "", nil, &discordgo.User{ID: userID}
	a.onInteraction(ctx, press)
	calls := fc.Calls()[1:]
	if got, want := fmt.Sprint(ops(calls)), "[respond followup]"; got != want {
		t.Fatalf("calls %s, want %s", got, want)
	}
	if calls[0].ack != discordgo.InteractionResponseDeferredMessageUpdate {
		t.Errorf("ack type %d, want 6 (deferred update)", calls[0].ack)
	}
	if calls[1].content != "Health cards are provincial." {
		t.Errorf("follow-up %q", calls[1].content)
	}
	in := h.Got()[1]
	if in.Button != "t:health-card" || in.Text != "" || in.User != "discord:"+userID || in.ReplyTo != dmCh {
		t.Errorf("incoming %+v", in)
	}

	t.Run("in a server channel the answer is ephemeral", func(t *testing.T) {
		a, fc, _ := newTest(t, Config{}, h)
		a.onInteraction(ctx, buttonPress("b3", general, "t:health-card", "m9"))
		calls := fc.Calls()
		if len(calls) != 2 || calls[1].flags != discordgo.MessageFlagsEphemeral {
			t.Errorf("calls %+v", calls)
		}
	})
}

func TestLongAnswerSplit(t *testing.T) {
	ctx := context.Background()
	para := strings.Repeat("Bring your permanent resident card. ", 30) // about 1,080 characters
	long := bot.Reply{Kind: bot.KindAnswer, Text: strings.Join([]string{para, para, para}, "\n\n"),
		Buttons: [][]bot.Button{{{Label: "👍", Data: "f:+:pr"}}}}

	a, fc, _ := newTest(t, Config{}, answer(long))
	a.onMessage(ctx, &discordgo.Message{ID: "l1", ChannelID: dmCh, Content: "pr card", Author: &discordgo.User{ID: userID}})
	calls := fc.Calls()
	if len(calls) != 3 {
		t.Fatalf("%d messages, want 3", len(calls))
	}
	for i, c := range calls {
		if length(c.content) > maxMessage {
			t.Errorf("message %d has %d characters", i, length(c.content))
		}
		if hasButtons := len(c.comps) > 0; hasButtons != (i == 2) {
			t.Errorf("message %d: buttons %v; want them on the last only", i, hasButtons)
		}
	}

	a, fc, _ = newTest(t, Config{}, answer(long))
	a.onInteraction(ctx, slashCommand("l2", general, "ask", "en-US", stringOpt("question", "pr card")))
	if got, want := fmt.Sprint(ops(fc.Calls())), "[respond followup followup followup]"; got != want {
		t.Errorf("calls %s, want %s", got, want)
	}
}

func TestBadInput(t *testing.T) {
	ctx := context.Background()
	t.Run("a 6,000-character message is cut", func(t *testing.T) {
		h := answer()
		a, _, log := newTest(t, Config{}, h)
		a.onMessage(ctx, &discordgo.Message{ID: "x1", ChannelID: dmCh, Content: strings.Repeat("a", 6000), Author: &discordgo.User{ID: userID}})
		if n := length(h.Got()[0].Text); n > maxIncoming {
			t.Errorf("engine got %d characters", n)
		}
		if !strings.Contains(log.String(), "long message cut") {
			t.Errorf("no log line:\n%s", log)
		}
	})
	t.Run("interaction for a deleted message", func(t *testing.T) {
		h := answer(answerReply)
		a, fc, log := newTest(t, Config{}, h)
		fc.respondErr = apiError(404, discordgo.ErrCodeUnknownInteraction)
		a.onInteraction(ctx, buttonPress("x2", general, "human", "gone"))
		if len(h.Got()) != 0 {
			t.Error("the engine ran for an interaction that could not be acknowledged")
		}
		if !strings.Contains(log.String(), "code=10062") {
			t.Errorf("no log line:\n%s", log)
		}
	})
	t.Run("missing permissions", func(t *testing.T) {
		a, fc, log := newTest(t, Config{}, answer(answerReply, answerReply))
		fc.sendErr = func(string) error { return apiError(403, discordgo.ErrCodeMissingPermissions) }
		a.onMessage(ctx, guildMessage("x3", general, "<@"+botID+"> hi", true))
		if !strings.Contains(log.String(), "code=50013") || strings.Count(log.String(), "send reply") != 1 {
			t.Errorf("want one log line with the code:\n%s", log)
		}
	})
	t.Run("malformed interactions", func(t *testing.T) {
		a, fc, _ := newTest(t, Config{}, answer(answerReply))
		a.onInteraction(ctx, &discordgo.Interaction{ID: "x4", Type: discordgo.InteractionApplicationCommand, GuildID: guildID})
		a.onInteraction(ctx, &discordgo.Interaction{ID: "x5", Type: discordgo.InteractionMessageComponent, Member: &discordgo.Member{User: &discordgo.User{ID: userID}}})
		a.onInteraction(ctx, &discordgo.Interaction{ID: "x6", Type: discordgo.InteractionApplicationCommandAutocomplete})
		a.onMessage(ctx, &discordgo.Message{ID: "x7"})
		if calls := fc.Calls(); len(calls) != 0 {
			t.Errorf("calls %+v", calls)
		}
	})
	t.Run("a panic is logged, not spread", func(t *testing.T) {
		log, buf := testLogger()
		a := newAdapter(Config{}, &fakeHandler{handle: func(bot.Incoming) []bot.Reply { panic("boom") }}, nil, log, &fakeClient{})
		a.ready(&discordgo.Ready{User: &discordgo.User{ID: botID}})
		a.spawn(ctx, func(ctx context.Context) {
			a.onMessage(ctx, &discordgo.Message{ID: "x8", ChannelID: dmCh, Content: "hi", Author: &discordgo.User{ID: userID}})
		})
		a.drain(func() {})
		if !strings.Contains(buf.String(), "panic") {
			t.Errorf("no log line:\n%s", buf)
		}
	})
}

func TestNeverLogsWhatPeopleType(t *testing.T) {
	ctx := context.Background()
	secret := "my SIN is 046 454 286 and my name is Amina"
	h := &fakeHandler{handle: func(in bot.Incoming) []bot.Reply {
		return []bot.Reply{{Kind: bot.KindAnswer, Text: "Reply about " + in.Text}, handoffReply}
	}}
	a, fc, log := newTest(t, Config{StaffChannel: staffCh}, h)
	fc.sendErr = func(string) error { return apiError(403, discordgo.ErrCodeMissingPermissions) }
	a.onMessage(ctx, guildMessage("s1", general, "<@"+botID+"> "+secret, true))
	a.onMessage(ctx, guildMessage("s2", staffCh, secret, false))
	a.onMessage(ctx, guildMessage("s3", general, strings.Repeat(secret, 200)+" <@"+botID+">", true))
	a.onInteraction(ctx, slashCommand("s4", general, "ask", "en-US", stringOpt("question", secret)))
	out := log.String()
	for _, leak := range []string{"046", "Amina", "tok-"} {
		if strings.Contains(out, leak) {
			t.Errorf("log holds %q:\n%s", leak, out)
		}
	}
}

func TestSend(t *testing.T) {
	ctx := context.Background()
	a, fc, _ := newTest(t, Config{}, answer())
	ids, err := a.Send(ctx, staffCh, []bot.Reply{{Text: "Ticket 12: a newcomer in Ontario asks about *health cards*."}, answerReply})
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 2 {
		t.Errorf("ids %v, want 2", ids)
	}
	calls := fc.Calls()
	if calls[0].channel != staffCh || !strings.Contains(calls[0].content, `\*health cards\*`) || calls[0].ref != "" {
		t.Errorf("first message %+v", calls[0])
	}

	ids, err = a.Send(ctx, "discord:"+userID, []bot.Reply{{Text: "A worker replied: hello"}})
	if err != nil || len(ids) != 1 {
		t.Fatalf("Send to a person: %v, %v", ids, err)
	}
	if calls := fc.Calls(); calls[2].op != "dm" || calls[3].channel != "dm-"+userID {
		t.Errorf("calls %+v", calls[2:])
	}

	fc.sendErr = func(string) error { return apiError(403, discordgo.ErrCodeMissingPermissions) }
	if _, err := a.Send(ctx, general, []bot.Reply{answerReply}); err == nil || !strings.Contains(err.Error(), "50013") {
		t.Errorf("Send error %v, want one with the code", err)
	}
}

// TestRealEngine runs the bundled knowledge base behind the adapter.
func TestRealEngine(t *testing.T) {
	ctx := context.Background()
	eng := realEngine(t)
	t.Run("a crisis mention is answered by DM with the emergency numbers", func(t *testing.T) {
		a, fc, _ := newTest(t, Config{}, eng)
		a.onMessage(ctx, guildMessage("e1", general, "<@"+botID+"> I want to kill myself", true))
		var dm, channel []string
		for _, c := range fc.Calls() {
			switch c.channel {
			case "dm-" + userID:
				dm = append(dm, c.content)
			case general:
				channel = append(channel, c.content)
			}
		}
		if !strings.Contains(strings.Join(dm, "\n"), "988") {
			t.Errorf("DM %q lacks 988", dm)
		}
		if strings.Contains(strings.Join(channel, "\n"), "988") {
			t.Errorf("the crisis reply was posted in the channel although DMs are open: %q", channel)
		}
	})
	t.Run("/ask in French", func(t *testing.T) {
		a, fc, _ := newTest(t, Config{}, eng)
		a.onInteraction(ctx, slashCommand("e2", general, "ask", "fr", stringOpt("question", "Comment obtenir un numéro d’assurance sociale?")))
		calls := fc.Calls()
		if calls[0].ack != discordgo.InteractionResponseDeferredChannelMessageWithSource {
			t.Fatalf("calls %+v", calls)
		}
		all := ""
		for _, c := range calls[1:] {
			if c.op != "followup" || c.flags != discordgo.MessageFlagsEphemeral {
				t.Errorf("call %+v", c)
			}
			all += c.content
		}
		if !strings.Contains(all, "Service Canada") {
			t.Errorf("answer lacks Service Canada: %.300q", all)
		}
	})
}

func realEngine(t *testing.T) *bot.Engine {
	t.Helper()
	ctx := context.Background()
	b, err := knowledge.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	mem := knowledge.NewMemory()
	if _, err := mem.Publish(ctx, b); err != nil {
		t.Fatal(err)
	}
	eng, err := bot.New(ctx, bot.Config{Knowledge: mem})
	if err != nil {
		t.Fatal(err)
	}
	return eng
}
