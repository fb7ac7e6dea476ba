package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf16"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/newcomerbot/newcomerbot/bot"
)

// dedupTTL is how long an update id is remembered; Telegram gives up
// redelivering long before.
const dedupTTL = 24 * time.Hour

// poll is the long-polling loop: fetch a batch, handle it, store the next
// offset, repeat. The offset moves only after the whole batch was handled,
// so an update in hand when the bot stops is fetched again on restart (and
// Dedup keeps one that was already handled from being handled twice).
func (a *Adapter) poll(ctx context.Context) error {
	// getUpdates is refused while a webhook is set.
	_, err := a.call(ctx, "deleteWebhook", "", false, func(b *tgbotapi.BotAPI) (*tgbotapi.APIResponse, error) {
		return b.Request(tgbotapi.DeleteWebhookConfig{})
	})
	if err != nil && ctx.Err() == nil {
		a.log.Warn("deleteWebhook failed", "err", err)
	}
	offset, err := a.loadOffset(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	hctx, stop := a.handleContext(ctx)
	defer stop()
	a.log.Info("long polling", "offset", offset)
	var delay time.Duration
	for ctx.Err() == nil {
		updates, next, err := a.updates(ctx, offset)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			var apiErr *tgbotapi.Error
			if errors.As(err, &apiErr) && (apiErr.Code == http.StatusUnauthorized || apiErr.Code == http.StatusNotFound) {
				return fmt.Errorf("telegram: getUpdates: %w", err)
			}
			delay = min(max(2*delay, a.backoff), a.maxPollDelay)
			a.log.Warn("getUpdates failed", "retry_in", delay.String(), "err", err)
			_ = sleep(ctx, delay)
			continue
		}
		delay = 0
		if next <= offset {
			continue
		}
		a.handleBatch(hctx, updates)
		if err := a.cursors.SetCursor(hctx, OffsetCursor, strconv.Itoa(next)); err != nil {
			a.log.Error("cannot store the update offset; duplicates after a restart are caught by dedup", "err", err)
		}
		offset = next
	}
	return nil
}

// handleContext returns the context updates in hand are handled with: it
// outlives ctx by drainTimeout, so that an accepted update is finished
// (answered, offset stored) when the bot is asked to stop.
func (a *Adapter) handleContext(ctx context.Context) (context.Context, func()) {
	hctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	var mu sync.Mutex
	var timer *time.Timer
	stopAfter := context.AfterFunc(ctx, func() {
		mu.Lock()
		defer mu.Unlock()
		timer = time.AfterFunc(a.drainTimeout, cancel)
	})
	return hctx, func() {
		stopAfter()
		mu.Lock()
		if timer != nil {
			timer.Stop()
		}
		mu.Unlock()
		cancel()
	}
}

func (a *Adapter) loadOffset(ctx context.Context) (int, error) {
	v, err := a.cursors.Cursor(ctx, OffsetCursor)
	if err != nil {
		return 0, fmt.Errorf("telegram: read the update offset: %w", err)
	}
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		a.log.Warn("stored update offset is not a number; starting from Telegram's oldest pending update")
		return 0, nil
	}
	return n, nil
}

// updates fetches the next batch and returns it with the offset that
// confirms it. An update the library cannot decode is logged and dropped
// (its id still moves the offset), so one odd update never blocks the rest.
func (a *Adapter) updates(ctx context.Context, offset int) ([]tgbotapi.Update, int, error) {
	cfg := tgbotapi.UpdateConfig{Offset: offset, Limit: 100, Timeout: a.pollTimeout, AllowedUpdates: allowedUpdates}
	pctx, cancel := context.WithTimeout(ctx, time.Duration(a.pollTimeout)*time.Second+a.callTimeout)
	defer cancel()
	resp, err := a.bot(pctx).Request(cfg)
	if err != nil {
		return nil, offset, a.redact(err)
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(resp.Result, &raws); err != nil {
		return nil, offset, fmt.Errorf("telegram: getUpdates: %w", err)
	}
	next := offset
	var out []tgbotapi.Update
	for _, raw := range raws {
		var u tgbotapi.Update
		if err := json.Unmarshal(raw, &u); err != nil {
			var id struct {
				UpdateID int `json:"update_id"`
			}
			_ = json.Unmarshal(raw, &id)
			a.log.Warn("undecodable update dropped", "update", id.UpdateID, "err", err)
			next = max(next, id.UpdateID+1)
			continue
		}
		next = max(next, u.UpdateID+1)
		out = append(out, u)
	}
	return out, next, nil
}

// handleBatch handles a batch of updates: one chat's updates in order, up
// to maxConcurrent chats at once. It returns when all are done.
func (a *Adapter) handleBatch(ctx context.Context, updates []tgbotapi.Update) {
	byChat := map[string][]*tgbotapi.Update{}
	var order []string
	for i := range updates {
		k := updateChat(&updates[i])
		if _, ok := byChat[k]; !ok {
			order = append(order, k)
		}
		byChat[k] = append(byChat[k], &updates[i])
	}
	sem := make(chan struct{}, max(1, a.maxConcurrent))
	var wg sync.WaitGroup
	for _, k := range order {
		sem <- struct{}{}
		wg.Add(1)
		go func(us []*tgbotapi.Update) {
			defer wg.Done()
			defer func() { <-sem }()
			for _, u := range us {
				a.handleUpdate(ctx, u)
			}
		}(byChat[k])
	}
	wg.Wait()
}

// updateChat returns the chat an update belongs to, to keep each chat's
// updates in order.
func updateChat(u *tgbotapi.Update) string {
	switch {
	case u.Message != nil && u.Message.Chat != nil:
		return strconv.FormatInt(u.Message.Chat.ID, 10)
	case u.EditedMessage != nil && u.EditedMessage.Chat != nil:
		return strconv.FormatInt(u.EditedMessage.Chat.ID, 10)
	case u.CallbackQuery != nil && u.CallbackQuery.Message != nil && u.CallbackQuery.Message.Chat != nil:
		return strconv.FormatInt(u.CallbackQuery.Message.Chat.ID, 10)
	case u.MyChatMember != nil:
		return strconv.FormatInt(u.MyChatMember.Chat.ID, 10)
	}
	return "update:" + strconv.Itoa(u.UpdateID)
}

// handleUpdate handles one update once: a repeated update id is skipped.
// Nothing in an update can crash the bot.
func (a *Adapter) handleUpdate(ctx context.Context, u *tgbotapi.Update) {
	defer func() {
		if r := recover(); r != nil {
			a.log.Error("update handling panicked; update dropped", "update", u.UpdateID, "panic", fmt.Sprint(r))
		}
	}()
	first, err := a.dedup.First(ctx, "telegram:update:"+strconv.Itoa(u.UpdateID), dedupTTL)
	if err != nil {
		a.log.Warn("dedup unavailable; handling the update anyway", "err", err)
	} else if !first {
		a.log.Debug("duplicate update skipped", "update", u.UpdateID)
		return
	}
	switch {
	case u.CallbackQuery != nil:
		a.handleCallback(ctx, u.CallbackQuery)
	case u.Message != nil:
		a.handleMessage(ctx, u.Message)
	case u.EditedMessage != nil: // an edited question is a new question
		a.handleMessage(ctx, u.EditedMessage)
	case u.MyChatMember != nil:
		a.handleMember(ctx, u.MyChatMember)
	default:
		a.log.Debug("update kind ignored", "update", u.UpdateID)
	}
}

func (a *Adapter) handleMessage(ctx context.Context, m *tgbotapi.Message) {
	in, ok := a.incoming(m)
	if !ok {
		return
	}
	replyTo := 0
	if in.Group && !in.Staff {
		replyTo = m.MessageID // in a busy group, say whom the answer is for
	}
	_ = a.respond(ctx, in, replyTo)
}

// handleCallback answers a button press: always answerCallbackQuery (so
// the client stops waiting), then the handler's replies. A keyboard that
// offered a one-time choice is removed from the original message.
func (a *Adapter) handleCallback(ctx context.Context, cb *tgbotapi.CallbackQuery) {
	_, err := a.call(ctx, "answerCallbackQuery", "", false, func(b *tgbotapi.BotAPI) (*tgbotapi.APIResponse, error) {
		return b.Request(tgbotapi.NewCallback(cb.ID, ""))
	})
	if err != nil {
		a.log.Info("answerCallbackQuery failed (an old button?)", "err", err)
	}
	// Presses on messages sent in inline mode have no chat to answer in.
	if cb.Message == nil || cb.Message.Chat == nil || cb.From == nil || cb.Data == "" {
		a.log.Debug("button press without a chat or data ignored")
		return
	}
	m := cb.Message
	chat := strconv.FormatInt(m.Chat.ID, 10)
	in := bot.Incoming{
		Platform:  "telegram",
		User:      "telegram:" + strconv.FormatInt(cb.From.ID, 10),
		Chat:      chat,
		Button:    cb.Data,
		LangHint:  cb.From.LanguageCode,
		Group:     m.Chat.IsGroup() || m.Chat.IsSuperGroup(),
		Staff:     a.isStaff(chat),
		MessageID: strconv.Itoa(m.MessageID),
	}
	if err := a.respond(ctx, in, 0); err != nil || in.Staff || !oneShot(m.ReplyMarkup) {
		return
	}
	edit := tgbotapi.EditMessageReplyMarkupConfig{BaseEdit: tgbotapi.BaseEdit{ChatID: m.Chat.ID, MessageID: m.MessageID}}
	_, err = a.call(ctx, "editMessageReplyMarkup", chat, false, func(b *tgbotapi.BotAPI) (*tgbotapi.APIResponse, error) {
		return b.Request(edit)
	})
	if err != nil {
		a.log.Debug("could not remove a used keyboard", "err", err)
	}
}

// oneShot reports whether a keyboard offered a one-time choice (a
// clarification, a language, a province, consent), to be removed once
// used. An answer's keyboard (related topics and 👍/👎 feedback, "f:")
// stays.
func oneShot(k *tgbotapi.InlineKeyboardMarkup) bool {
	if k == nil || len(k.InlineKeyboard) == 0 {
		return false
	}
	for _, row := range k.InlineKeyboard {
		for _, b := range row {
			if b.CallbackData != nil && strings.HasPrefix(*b.CallbackData, "f:") {
				return false
			}
		}
	}
	return true
}

// handleMember notices a person blocking (or unblocking) the bot.
func (a *Adapter) handleMember(ctx context.Context, cm *tgbotapi.ChatMemberUpdated) {
	if cm.Chat.Type != "private" {
		return
	}
	chat := strconv.FormatInt(cm.Chat.ID, 10)
	switch cm.NewChatMember.Status {
	case "kicked":
		a.chatBlocked(ctx, chat)
	case "member":
		a.chatReachable(chat)
	}
}

// respond gives in to the handler, with a typing indicator meanwhile, and
// sends the replies.
func (a *Adapter) respond(ctx context.Context, in bot.Incoming, replyTo int) error {
	typed := make(chan struct{})
	go func() {
		defer close(typed)
		a.typing(ctx, in.Chat)
	}()
	replies, err := a.h.Handle(ctx, in)
	<-typed
	if err != nil {
		a.log.Error("handler failed; sending its replies anyway", "err", err)
	}
	outs := a.compose(replies, in.Group && !in.Staff)
	_, err = a.send(ctx, in.Chat, outs, replyTo)
	if err != nil && !errors.Is(err, ErrBlocked) {
		a.log.Error("reply not delivered", "chat", chatHash(in.Chat), "err", err)
	}
	return err
}

// typing shows "typing…" in chat; best effort, never delays for long.
func (a *Adapter) typing(ctx context.Context, chat string) {
	id, err := strconv.ParseInt(chat, 10, 64)
	if err != nil {
		return
	}
	tctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	_, err = a.bot(tctx).Request(tgbotapi.NewChatAction(id, tgbotapi.ChatTyping))
	var apiErr *tgbotapi.Error
	if err != nil && !(errors.As(err, &apiErr) && apiErr.Code == http.StatusForbidden) { // a block is logged once, by send
		a.log.Debug("typing indicator failed", "err", a.redact(err))
	}
}

func (a *Adapter) isStaff(chat string) bool { return a.cfg.StaffChat != "" && chat == a.cfg.StaffChat }

// incoming translates a message; ok is false for what is not for the bot:
// service messages, channel posts, its own messages, and in ordinary
// groups everything but commands, mentions of the bot and replies to it.
func (a *Adapter) incoming(m *tgbotapi.Message) (in bot.Incoming, ok bool) {
	if m.Chat == nil || m.From == nil || m.From.ID == a.self.ID || m.Chat.IsChannel() || isService(m) {
		return in, false
	}
	text, ents := m.Text, m.Entities
	if text == "" { // a photo or a file: its caption is the question
		text, ents = m.Caption, m.CaptionEntities
	}
	chat := strconv.FormatInt(m.Chat.ID, 10)
	group := m.Chat.IsGroup() || m.Chat.IsSuperGroup()
	staff := a.isStaff(chat)
	text, mentioned := a.stripMention(text, ents)
	text, command, forOther := a.command(text)
	if forOther {
		return in, false // /cmd@anotherbot
	}
	if group && !staff {
		toBot := m.ReplyToMessage != nil && m.ReplyToMessage.From != nil && m.ReplyToMessage.From.ID == a.self.ID
		if !command && !mentioned && !toBot {
			return in, false
		}
	}
	in = bot.Incoming{
		Platform:  "telegram",
		User:      "telegram:" + strconv.FormatInt(m.From.ID, 10),
		Chat:      chat,
		Text:      text,
		LangHint:  m.From.LanguageCode,
		Group:     group,
		Staff:     staff,
		MessageID: strconv.Itoa(m.MessageID),
	}
	if m.ReplyToMessage != nil {
		in.ReplyTo = strconv.Itoa(m.ReplyToMessage.MessageID)
	}
	if m.EditDate > 0 {
		in.Time = time.Unix(int64(m.EditDate), 0)
	} else if m.Date > 0 {
		in.Time = time.Unix(int64(m.Date), 0)
	}
	return in, true
}

// isService reports a service message (members joining, a title change,
// a pin...), which nobody typed.
func isService(m *tgbotapi.Message) bool {
	return len(m.NewChatMembers) > 0 || m.LeftChatMember != nil || m.NewChatTitle != "" ||
		len(m.NewChatPhoto) > 0 || m.DeleteChatPhoto || m.GroupChatCreated || m.SuperGroupChatCreated ||
		m.ChannelChatCreated || m.MessageAutoDeleteTimerChanged != nil || m.MigrateToChatID != 0 ||
		m.MigrateFromChatID != 0 || m.PinnedMessage != nil || m.ProximityAlertTriggered != nil ||
		m.VoiceChatScheduled != nil || m.VoiceChatStarted != nil || m.VoiceChatEnded != nil ||
		m.VoiceChatParticipantsInvited != nil || m.SuccessfulPayment != nil || m.ConnectedWebsite != ""
}

// command recognises a command at the start of text. "/cmd@thisbot"
// becomes "/cmd"; forOther is true for "/cmd@anotherbot".
func (a *Adapter) command(text string) (out string, command, forOther bool) {
	if len(text) < 2 || text[0] != '/' {
		return text, false, false
	}
	end := strings.IndexAny(text, " \t\n")
	if end < 0 {
		end = len(text)
	}
	name, at, ok := strings.Cut(text[1:end], "@")
	if !ok {
		return text, true, false
	}
	if !strings.EqualFold(at, a.self.UserName) {
		return text, true, true
	}
	return "/" + name + text[end:], true, false
}

// stripMention removes mentions of the bot from text and reports whether
// there was one. Entity offsets count UTF-16 code units.
func (a *Adapter) stripMention(text string, ents []tgbotapi.MessageEntity) (string, bool) {
	me := "@" + a.self.UserName
	var cuts [][2]int
	for _, e := range ents {
		start, end, ok := span(text, e.Offset, e.Length)
		if !ok {
			continue
		}
		switch {
		case e.Type == "mention" && strings.EqualFold(text[start:end], me),
			e.Type == "text_mention" && e.User != nil && e.User.ID == a.self.ID:
			cuts = append(cuts, [2]int{start, end})
		}
	}
	if len(ents) == 0 { // no entities (a hand-made update): look for @name as a word
		lower, lme := strings.ToLower(text), strings.ToLower(me)
		for i := 0; ; {
			j := strings.Index(lower[i:], lme)
			if j < 0 {
				break
			}
			start, end := i+j, i+j+len(lme)
			if (start == 0 || !wordByte(text[start-1])) && (end == len(text) || !wordByte(text[end])) {
				cuts = append(cuts, [2]int{start, end})
			}
			i = end
		}
	}
	if len(cuts) == 0 {
		return text, false
	}
	slices.SortFunc(cuts, func(x, y [2]int) int { return y[0] - x[0] })
	for _, c := range cuts {
		if c[0] > 0 && c[1] < len(text) && text[c[0]-1] == ' ' && text[c[1]] == ' ' {
			c[1]++ // "ask @bot now" → "ask now"
		}
		text = text[:c[0]] + text[c[1]:]
	}
	return strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(text), ",:;")), true
}

func wordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= 0x80
}

// span converts a UTF-16 offset and length into byte positions in s.
func span(s string, off, length int) (start, end int, ok bool) {
	if off < 0 || length <= 0 {
		return 0, 0, false
	}
	start, end = -1, -1
	pos := 0
	for i, r := range s {
		if pos == off {
			start = i
		}
		if pos == off+length {
			end = i
			break
		}
		if n := utf16.RuneLen(r); n > 0 {
			pos += n
		} else {
			pos++
		}
	}
	if pos == off+length && end < 0 {
		end = len(s)
	}
	if pos == off && start < 0 {
		start = len(s)
	}
	return start, end, start >= 0 && end > start
}
