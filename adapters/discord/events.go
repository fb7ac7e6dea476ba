package discord

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/newcomerbot/newcomerbot/bot"
)

// personal reports whether a reply is about the person and so never
// posted in a server channel.
func personal(r bot.Reply) bool {
	return r.Sensitive || r.Kind == bot.KindCrisis || r.Kind == bot.KindHandoff
}

// langHint turns a Discord locale ("fr", "en-US", "zh-CN") into the
// language part the engine expects.
func langHint(l discordgo.Locale) string {
	s, _, _ := strings.Cut(string(l), "-")
	return strings.ToLower(s)
}

// first checks the dedup store; when the store fails the event is handled
// (answering twice beats not answering).
func (a *Adapter) first(ctx context.Context, key string) bool {
	if a.dedup == nil {
		return true
	}
	ok, err := a.dedup.First(ctx, "discord:"+key, dedupTTL)
	if err != nil {
		a.log.Warn("discord: dedup unavailable; handling the event anyway", "err", err)
		return true
	}
	return ok
}

// staff reports whether a channel is the settlement workers' channel or
// one of its threads.
func (a *Adapter) staff(ctx context.Context, channel string) bool {
	if a.cfg.StaffChannel == "" || channel == "" {
		return false
	}
	if channel == a.cfg.StaffChannel {
		return true
	}
	a.mu.Lock()
	parent, known := a.parents[channel]
	a.mu.Unlock()
	if !known {
		var err error
		parent, err = a.api.Parent(ctx, channel)
		if err != nil {
			a.logAPI("look up channel", err, "chat", channel)
			return false
		}
		a.mu.Lock()
		if len(a.parents) >= 10000 {
			clear(a.parents)
		}
		a.parents[channel] = parent
		a.mu.Unlock()
	}
	return parent == a.cfg.StaffChannel
}

// onMessage handles one MESSAGE_CREATE: direct messages, mentions of the
// bot in server channels and everything in the staff channel go to the
// engine; the rest, and anything from a bot, is ignored.
func (a *Adapter) onMessage(ctx context.Context, m *discordgo.Message) {
	if m == nil || m.Author == nil || m.Author.Bot || m.Author.System || m.WebhookID != "" {
		return
	}
	self := a.selfID()
	if m.Author.ID == self {
		return
	}
	if m.Type != discordgo.MessageTypeDefault && m.Type != discordgo.MessageTypeReply {
		return
	}
	dm := m.GuildID == ""
	mentioned := false
	if !dm && self != "" {
		for _, u := range m.Mentions {
			if u != nil && u.ID == self {
				mentioned = true
			}
		}
	}
	if !dm && !mentioned && a.cfg.StaffChannel == "" {
		return // chatter
	}
	staff := !dm && a.staff(ctx, m.ChannelID)
	if !dm && !mentioned && !staff {
		return // chatter
	}
	text := m.Content
	if self != "" {
		text = strings.NewReplacer("<@"+self+">", " ", "<@!"+self+">", " ").Replace(text)
	}
	text = strings.TrimSpace(text)
	switch {
	case text == "" && staff:
		a.log.Info("discord: staff message without text ignored (attachment only, or no Message Content intent)", "chat", m.ChannelID)
		return
	case text == "" && mentioned:
		a.log.Info("discord: mention without a question", "chat", m.ChannelID)
	case length(text) > maxIncoming:
		a.log.Info("discord: long message cut", "chat", m.ChannelID, "len", length(text))
		text = truncate(text, maxIncoming)
	}
	if !a.first(ctx, "m:"+m.ID) {
		return
	}
	in := bot.Incoming{
		Platform:  "discord",
		User:      "discord:" + m.Author.ID,
		Chat:      m.ChannelID,
		Text:      text,
		Group:     !dm,
		Time:      m.Timestamp,
		MessageID: m.ID,
		Staff:     staff,
	}
	if m.MessageReference != nil {
		in.ReplyTo = m.MessageReference.MessageID
	}
	replies, err := a.h.Handle(ctx, in)
	if err != nil {
		a.log.Error("discord: engine", "chat", m.ChannelID, "err", err)
	}
	if dm || staff {
		replyTo := ""
		if staff {
			replyTo = m.ID
		}
		for _, r := range replies {
			if _, err := a.post(ctx, m.ChannelID, r, replyTo); err != nil {
				a.logAPI("send reply", err, "chat", m.ChannelID, "kind", r.Kind)
				return
			}
			replyTo = ""
		}
		return
	}
	a.answerMention(ctx, m, replies)
}

// answerMention replies to a mention in a server channel: personal replies
// go by direct message with a note in the channel.
func (a *Adapter) answerMention(ctx context.Context, m *discordgo.Message, replies []bot.Reply) {
	channel := m.ChannelID
	replyTo := m.ID
	say := func(r bot.Reply) bool {
		_, err := a.post(ctx, channel, r, replyTo)
		if err != nil {
			a.logAPI("send reply", err, "chat", channel, "kind", r.Kind)
			return false
		}
		replyTo = ""
		return true
	}
	var dmChannel string
	var dmErr error
	opened := false
	sentLang, closedLang := "", ""
	moved, refused := false, false
	for _, r := range replies {
		if !personal(r) {
			if !say(r) {
				return
			}
			continue
		}
		if !opened {
			opened = true
			dmChannel, dmErr = a.api.OpenDM(ctx, m.Author.ID)
		}
		if dmErr == nil {
			if _, dmErr = a.post(ctx, dmChannel, r, ""); dmErr == nil {
				moved, sentLang = true, r.Lang
				continue
			}
		}
		if !refused {
			a.logAPI("send direct message", dmErr, "chat", channel, "kind", r.Kind)
		}
		refused, closedLang = true, r.Lang
		if r.Kind == bot.KindCrisis {
			// Emergency numbers are never withheld: shown here and now.
			if !say(r) {
				return
			}
		}
	}
	if moved {
		say(bot.Reply{Kind: bot.KindNotice, Text: note(sentLang, "dm_sent")})
	}
	if refused {
		say(bot.Reply{Kind: bot.KindNotice, Text: note(closedLang, "dm_closed")})
	}
}

// onInteraction handles a slash command or a button press: acknowledge at
// once (deferred), run the engine, then send the replies as follow-ups.
func (a *Adapter) onInteraction(ctx context.Context, i *discordgo.Interaction) {
	if i == nil || (i.Type != discordgo.InteractionApplicationCommand && i.Type != discordgo.InteractionMessageComponent) {
		return
	}
	user := i.User
	if i.Member != nil && i.Member.User != nil {
		user = i.Member.User
	}
	if user == nil || user.Bot {
		a.log.Warn("discord: interaction without a user ignored", "chat", i.ChannelID)
		return
	}
	if !a.first(ctx, "i:"+i.ID) {
		return
	}
	guild := i.GuildID != ""
	in := bot.Incoming{
		Platform:  "discord",
		User:      "discord:" + user.ID,
		Chat:      i.ChannelID,
		LangHint:  langHint(i.Locale),
		Group:     guild,
		MessageID: i.ID,
	}
	// Where answers may be public: a PublicChannels channel, and only for
	// /ask, /help and buttons; never personal replies.
	openHere := guild && a.public[i.ChannelID]
	command := i.Type == discordgo.InteractionApplicationCommand
	ack := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}
	deferredPrivate := false
	if command {
		d, _ := i.Data.(discordgo.ApplicationCommandInteractionData)
		text, ok := commandText(d)
		if !ok {
			a.log.Warn("discord: unknown slash command (stale registration?)", "chat", i.ChannelID)
			text = "/help"
		}
		if length(text) > maxIncoming {
			text = truncate(text, maxIncoming)
		}
		in.Text = text
		openHere = openHere && followsChannel(d.Name)
		deferredPrivate = guild && !openHere
		ack = &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}
		if deferredPrivate {
			ack.Data = &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}
		}
	} else {
		d, _ := i.Data.(discordgo.MessageComponentInteractionData)
		if d.CustomID == "" {
			a.log.Warn("discord: component interaction without a custom id ignored", "chat", i.ChannelID)
			return
		}
		in.Button = d.CustomID
		if i.Message != nil {
			in.ReplyTo = i.Message.ID
		}
	}
	if err := a.api.Respond(ctx, i, ack); err != nil {
		a.logAPI("acknowledge interaction", err, "chat", i.ChannelID)
		return
	}
	in.Staff = guild && a.staff(ctx, i.ChannelID)
	replies, err := a.h.Handle(ctx, in)
	if err != nil {
		a.log.Error("discord: engine", "chat", i.ChannelID, "err", err)
	}
	a.answerInteraction(ctx, i, replies, command, guild, openHere, deferredPrivate)
}

// answerInteraction sends the replies as follow-ups. After a deferred
// command the first follow-up takes the place of the "thinking…" message
// and keeps its visibility; later ones have their own. A personal reply
// after a public deferral first turns the public message into a short
// note, so that the reply itself can be ephemeral.
func (a *Adapter) answerInteraction(ctx context.Context, i *discordgo.Interaction, replies []bot.Reply, command, guild, openHere, deferredPrivate bool) {
	pending := command // the deferred response is still open
	if len(replies) == 0 {
		if pending {
			if err := a.api.DeleteResponse(ctx, i); err != nil {
				a.logAPI("remove deferred response", err, "chat", i.ChannelID)
			}
		}
		return
	}
	for _, r := range replies {
		private := guild && (!openHere || personal(r))
		if pending && private && !deferredPrivate {
			text := note(r.Lang, "in_private")
			if _, err := a.api.EditResponse(ctx, i, &discordgo.WebhookEdit{Content: &text, AllowedMentions: noMentions()}); err != nil {
				a.logAPI("edit deferred response", err, "chat", i.ChannelID)
				return
			}
			pending = false
		}
		var flags discordgo.MessageFlags
		if private {
			flags = discordgo.MessageFlagsEphemeral
		}
		parts := chunks(r.Text)
		comps := a.components(r)
		if len(parts) == 0 {
			if len(comps) == 0 {
				continue
			}
			parts = []string{"…"}
		}
		for n, text := range parts {
			p := &discordgo.WebhookParams{Content: text, Flags: flags, AllowedMentions: noMentions()}
			if n == len(parts)-1 {
				p.Components = comps
			}
			if _, err := a.api.Followup(ctx, i, p); err != nil {
				a.logAPI("send follow-up", err, "chat", i.ChannelID, "kind", r.Kind)
				return
			}
			pending = false
		}
	}
}
