package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/newcomerbot/newcomerbot/bot"
)

// maxText is Telegram's limit on one message, in UTF-16 code units.
const maxText = 4096

// Send implements bot.Sender: it delivers replies to chat (a Telegram chat
// id) and returns the ids of the messages it created, in order. In an
// ordinary group, personal replies are replaced by an offer of a private
// chat, as for replies to messages. It stops at the first reply that
// cannot be delivered and returns what was sent before with the error;
// ErrBlocked when the person blocked the bot (Config.Forget is then called
// for them).
func (a *Adapter) Send(ctx context.Context, chat string, replies []bot.Reply) ([]string, error) {
	group := strings.HasPrefix(chat, "-")
	return a.send(ctx, chat, a.compose(replies, group && !a.isStaff(chat)), 0)
}

// outgoing is one reply ready for Telegram.
type outgoing struct {
	kind     bot.Kind
	text     string   // plain text, escaped when sent
	sources  []string // URLs shown as links after the text
	keyboard [][]tgbotapi.InlineKeyboardButton
}

// send delivers outs to chat; replyTo, when not 0, is quoted by the first
// message.
func (a *Adapter) send(ctx context.Context, chat string, outs []outgoing, replyTo int) ([]string, error) {
	id, err := strconv.ParseInt(chat, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("telegram: send: chat %q is not a Telegram chat id", chat)
	}
	var ids []string
	for _, o := range outs {
		parts := o.chunks()
		if len(parts) == 0 {
			a.log.Warn("empty reply not sent", "kind", o.kind)
			continue
		}
		for i, text := range parts {
			msg := tgbotapi.NewMessage(id, text)
			msg.ParseMode = tgbotapi.ModeHTML
			msg.DisableWebPagePreview = true
			if i == len(parts)-1 && len(o.keyboard) > 0 {
				msg.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(o.keyboard...)
			}
			if replyTo != 0 && len(ids) == 0 {
				msg.ReplyToMessageID, msg.AllowSendingWithoutReply = replyTo, true
			}
			resp, err := a.call(ctx, "sendMessage", chat, true, func(b *tgbotapi.BotAPI) (*tgbotapi.APIResponse, error) {
				return b.Request(msg)
			})
			if err != nil {
				if errors.Is(err, ErrBlocked) {
					a.chatBlocked(ctx, chat)
				}
				return ids, err
			}
			var sent tgbotapi.Message
			if err := json.Unmarshal(resp.Result, &sent); err != nil {
				return ids, fmt.Errorf("telegram: sendMessage: %w", err)
			}
			ids = append(ids, strconv.Itoa(sent.MessageID))
		}
		a.log.Debug("sent", "kind", o.kind, "chat", chatHash(chat), "len", len(o.text), "parts", len(parts))
	}
	if len(ids) > 0 {
		a.chatReachable(chat)
	}
	return ids, nil
}

// chatBlocked handles a chat that refuses the bot: logged once, and the
// person's data is dropped (a private chat's id is the person's id).
func (a *Adapter) chatBlocked(ctx context.Context, chat string) {
	a.mu.Lock()
	first := !a.blocked[chat]
	if len(a.blocked) > 10000 {
		clear(a.blocked)
	}
	a.blocked[chat] = true
	a.mu.Unlock()
	if !first {
		return
	}
	a.log.Info("the bot was blocked or removed; dropping the person's data", "chat", chatHash(chat))
	if strings.HasPrefix(chat, "-") || a.cfg.Forget == nil {
		return // a group: nobody in particular to forget
	}
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := a.cfg.Forget(fctx, "telegram:"+chat); err != nil {
		a.log.Error("forgetting a person who blocked the bot failed", "err", err)
	}
}

// chatReachable notes that chat accepts messages again.
func (a *Adapter) chatReachable(chat string) {
	a.mu.Lock()
	delete(a.blocked, chat)
	a.mu.Unlock()
}

// compose turns replies into messages. With private set (an ordinary
// group), a personal reply (Sensitive or the handoff kind) is replaced by
// one short note with a button that opens a private chat with the bot; a
// crisis reply keeps its emergency text and its offer of a person becomes
// that button.
func (a *Adapter) compose(replies []bot.Reply, private bool) []outgoing {
	var out []outgoing
	var moved *bot.Reply
	linked := false
	for i := range replies {
		r := replies[i]
		switch {
		case private && r.Kind == bot.KindCrisis:
			label := groupText(r.Lang, privateLabel)
			if len(r.Buttons) > 0 && len(r.Buttons[0]) > 0 && r.Buttons[0][0].Label != "" {
				label = r.Buttons[0][0].Label // "Talk to a person", as the text says
			}
			out = append(out, outgoing{kind: r.Kind, text: r.Text,
				keyboard: [][]tgbotapi.InlineKeyboardButton{{tgbotapi.NewInlineKeyboardButtonURL(label, a.deepLink(r))}}})
			linked = true
		case private && (r.Sensitive || r.Kind == bot.KindHandoff):
			if moved == nil {
				moved = &replies[i]
			}
		default:
			out = append(out, a.outgoing(r))
		}
	}
	if moved != nil && !linked {
		out = append(out, outgoing{kind: moved.Kind, text: groupText(moved.Lang, privateNote),
			keyboard: [][]tgbotapi.InlineKeyboardButton{{tgbotapi.NewInlineKeyboardButtonURL(groupText(moved.Lang, privateLabel), a.deepLink(*moved))}}})
	}
	return out
}

const (
	privateNote  = "note"
	privateLabel = "label"
)

// groupTexts are the adapter's own words for moving to a private chat.
var groupTexts = map[string]map[string]string{
	"en": {
		privateNote:  "This is a personal subject, so let's continue in a private chat: tap the button below, then ask me again there.",
		privateLabel: "Continue in private",
	},
	"fr": {
		privateNote:  "C'est un sujet personnel : continuons en privé. Touchez le bouton ci-dessous, puis posez-moi votre question à nouveau.",
		privateLabel: "Continuer en privé",
	},
}

func groupText(lang, key string) string {
	if t, ok := groupTexts[lang][key]; ok {
		return t
	}
	return groupTexts["en"][key]
}

// deepLink opens a private chat with the bot; its /start payload carries
// the reply's language and province ("fr-ON"), which the engine reads.
func (a *Adapter) deepLink(r bot.Reply) string {
	var parts []string
	if l := strings.ToLower(r.Lang); payloadSafe(l) {
		parts = append(parts, l)
	}
	if reg := strings.ToUpper(r.Region); payloadSafe(reg) {
		if len(parts) == 0 {
			parts = append(parts, "region")
		}
		parts = append(parts, reg)
	}
	link := "https://t.me/" + url.PathEscape(a.self.UserName)
	if len(parts) > 0 {
		link += "?start=" + strings.Join(parts, "-")
	}
	return link
}

// payloadSafe reports whether s may go in a /start payload (A-Z, a-z,
// 0-9, _ and -, at most 64 in all).
func payloadSafe(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// outgoing renders one reply: its text, the sources not already in it,
// and its buttons.
func (a *Adapter) outgoing(r bot.Reply) outgoing {
	o := outgoing{kind: r.Kind, text: r.Text}
	for _, s := range r.Sources {
		if u, err := url.Parse(s); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			continue
		}
		if !strings.Contains(r.Text, s) {
			o.sources = append(o.sources, s)
		}
	}
	for _, row := range r.Buttons {
		var out []tgbotapi.InlineKeyboardButton
		for _, b := range row {
			label := strings.TrimSpace(b.Label)
			if len(b.Data) < 1 || len(b.Data) > 64 || label == "" {
				a.log.Warn("button skipped: callback data must be 1-64 bytes and the label not empty", "kind", r.Kind, "data_len", len(b.Data), "label_len", len(label))
				continue
			}
			out = append(out, tgbotapi.NewInlineKeyboardButtonData(label, b.Data))
		}
		if len(out) > 0 {
			o.keyboard = append(o.keyboard, out)
		}
	}
	return o
}

// chunks returns the message texts for o, HTML-escaped, each within
// Telegram's limit: the text split on paragraphs, then lines, then words,
// then anywhere; the source links after it.
func (o outgoing) chunks() []string {
	text := strings.TrimSpace(strings.ToValidUTF8(o.text, "\uFFFD"))
	var out []string
	for _, p := range splitText(text, maxText) {
		out = append(out, html.EscapeString(p))
	}
	for i, s := range o.sources {
		link := "🔗 <a href=\"" + html.EscapeString(s) + "\">" + html.EscapeString(s) + "</a>"
		if htmlLen(link) > maxText {
			continue
		}
		sep := "\n"
		if i == 0 {
			sep = "\n\n"
		}
		if n := len(out); n > 0 && htmlLen(out[n-1])+htmlLen(sep)+htmlLen(link) <= maxText {
			out[n-1] += sep + link
		} else {
			out = append(out, link)
		}
	}
	return out
}

// htmlLen is the length of an HTML text in UTF-16 code units (an upper
// bound of what Telegram counts once tags are parsed).
func htmlLen(s string) int {
	n := 0
	for _, r := range s {
		n += runeLen(r)
	}
	return n
}

func runeLen(r rune) int {
	if n := utf16.RuneLen(r); n > 0 {
		return n
	}
	return 1
}

// escapedLen is the length of plain text s once HTML-escaped, in UTF-16
// code units.
func escapedLen(s string) int {
	n := 0
	for _, r := range s {
		n += escapedRuneLen(r)
	}
	return n
}

func escapedRuneLen(r rune) int {
	switch r {
	case '<', '>':
		return 4 // &lt; &gt;
	case '&', '\'', '"':
		return 5 // &amp; &#39; &#34;
	}
	return runeLen(r)
}

var separators = []string{"\n\n", "\n", " "}

// splitText splits plain text into pieces whose escaped length is at most
// limit: on paragraph boundaries, then lines, then words, then anywhere
// (between runes). Blank pieces are dropped.
func splitText(s string, limit int) []string {
	var out []string
	for _, p := range split(s, limit, 0) {
		if p = strings.Trim(p, "\n "); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func split(s string, limit, level int) []string {
	if escapedLen(s) <= limit {
		return []string{s}
	}
	if level == len(separators) {
		return hardSplit(s, limit)
	}
	sep := separators[level]
	parts := strings.Split(s, sep)
	if len(parts) == 1 {
		return split(s, limit, level+1)
	}
	sepLen := escapedLen(sep)
	var out []string
	var cur strings.Builder
	curLen, have := 0, false
	flush := func() {
		if have {
			out = append(out, cur.String())
			cur.Reset()
			curLen, have = 0, false
		}
	}
	for _, p := range parts {
		n := escapedLen(p)
		switch {
		case n > limit:
			flush()
			pieces := split(p, limit, level+1)
			out = append(out, pieces[:len(pieces)-1]...)
			last := pieces[len(pieces)-1] // what follows may still fit after it
			cur.WriteString(last)
			curLen, have = escapedLen(last), true
		case have && curLen+sepLen+n <= limit:
			cur.WriteString(sep)
			cur.WriteString(p)
			curLen += sepLen + n
		default:
			flush()
			cur.WriteString(p)
			curLen, have = n, true
		}
	}
	flush()
	return out
}

func hardSplit(s string, limit int) []string {
	var out []string
	start, n := 0, 0
	for i, r := range s {
		rl := escapedRuneLen(r)
		if n+rl > limit && i > start {
			out = append(out, s[start:i])
			start, n = i, 0
		}
		n += rl
	}
	return append(out, s[start:])
}
