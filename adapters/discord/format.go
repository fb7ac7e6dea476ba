package discord

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/newcomerbot/newcomerbot/bot"
)

// Discord's limits (https://discord.com/developers/docs/resources/message,
// .../interactions/message-components).
const (
	maxMessage  = 2000 // characters of content per message
	maxRows     = 5    // action rows per message
	maxPerRow   = 5    // buttons per action row
	maxLabel    = 80   // characters of a button label
	maxCustomID = 100  // characters of a button custom_id
)

// urlPattern finds links, which are left unescaped: Discord links the raw
// text, so a backslash inside a URL would break it, and markdown has no
// effect inside a link anyway.
var urlPattern = regexp.MustCompile(`https?://[^\s<>]+`)

// markdown holds the characters Discord's markdown gives a meaning to.
const markdown = "\\*_~`|>#-[]()"

// escape makes text show literally in Discord: every markdown character
// outside links gets a backslash, and @everyone/@here are broken with a
// zero-width space (allowed_mentions none keeps them from pinging as well).
func escape(text string) string {
	var b strings.Builder
	b.Grow(len(text) + len(text)/8)
	last := 0
	for _, loc := range urlPattern.FindAllStringIndex(text, -1) {
		escapePlain(&b, text[last:loc[0]])
		b.WriteString(text[loc[0]:loc[1]])
		last = loc[1]
	}
	escapePlain(&b, text[last:])
	return b.String()
}

func escapePlain(b *strings.Builder, s string) {
	s = strings.NewReplacer("@everyone", "@\u200beveryone", "@here", "@\u200bhere").Replace(s)
	for _, r := range s {
		if strings.ContainsRune(markdown, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
}

// length counts characters as Discord does (UTF-16 code units, which is
// never less than the number of code points).
func length(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// chunks escapes text and splits it into messages of at most maxMessage
// characters, on paragraph boundaries where possible, then lines, then
// words, and only as a last resort inside a word. Pieces are escaped after
// they are cut, so an escape is never split from its character.
func chunks(text string) []string {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil
	}
	var out []string
	var cur strings.Builder
	curLen := 0
	flush := func() {
		if s := strings.TrimSpace(cur.String()); s != "" {
			out = append(out, s)
		}
		cur.Reset()
		curLen = 0
	}
	for i, p := range pieces(text, 0) {
		sep := p.sep
		if i == 0 || curLen == 0 {
			sep = ""
		}
		if curLen > 0 && curLen+length(sep)+length(p.text) > maxMessage {
			flush()
			sep = ""
		}
		cur.WriteString(sep)
		cur.WriteString(p.text)
		curLen += length(sep) + length(p.text)
	}
	flush()
	return out
}

// piece is an escaped part of a text that fits in one message, and the
// separator that stood before it.
type piece struct{ sep, text string }

var separators = []string{"\n\n", "\n", " "}

// pieces cuts raw text at the coarsest separator (from level on) that
// makes every part fit once escaped.
func pieces(raw string, level int) []piece {
	if e := escape(raw); length(e) <= maxMessage {
		return []piece{{text: e}}
	}
	if level == len(separators) {
		return hardCut(raw)
	}
	sep := separators[level]
	parts := strings.Split(raw, sep)
	if len(parts) == 1 {
		return pieces(raw, level+1)
	}
	var out []piece
	for i, part := range parts {
		sub := pieces(part, level+1)
		if len(sub) == 0 {
			continue
		}
		if i > 0 {
			sub[0].sep = sep
		}
		out = append(out, sub...)
	}
	return out
}

// hardCut splits a word longer than a message into runs of half the limit
// in code points: escaped and astral characters take two places at most.
func hardCut(raw string) []piece {
	var out []piece
	for raw != "" {
		n, i := 0, 0
		for i < len(raw) && n < maxMessage/2 {
			_, size := utf8.DecodeRuneInString(raw[i:])
			i += size
			n++
		}
		out = append(out, piece{text: escape(raw[:i])})
		raw = raw[i:]
	}
	return out
}

// truncate cuts s to at most n characters, marking the cut with an ellipsis.
func truncate(s string, n int) string {
	if length(s) <= n {
		return s
	}
	var b strings.Builder
	used := 0
	for _, r := range s {
		w := length(string(r))
		if used+w > n-1 {
			break
		}
		b.WriteRune(r)
		used += w
	}
	return b.String() + "…"
}

// components turns the reply's button rows into action rows, within
// Discord's limits: at most 5 rows of 5 buttons, labels of 80 characters,
// unique custom ids of at most 100 characters. It reports how many buttons
// it had to leave out.
func components(rows [][]bot.Button) ([]discordgo.MessageComponent, int) {
	var out []discordgo.MessageComponent
	dropped := 0
	seen := map[string]bool{}
	for _, row := range rows {
		var buttons []discordgo.MessageComponent
		for _, b := range row {
			if b.Data == "" || len(b.Data) > maxCustomID || seen[b.Data] || len(buttons) == maxPerRow || len(out) == maxRows {
				dropped++
				continue
			}
			seen[b.Data] = true
			label := strings.TrimSpace(b.Label)
			if label == "" {
				label = "…"
			}
			buttons = append(buttons, discordgo.Button{
				Label:    truncate(label, maxLabel),
				Style:    discordgo.SecondaryButton,
				CustomID: b.Data,
			})
		}
		if len(buttons) > 0 {
			out = append(out, discordgo.ActionsRow{Components: buttons})
		}
	}
	return out, dropped
}

// noMentions is the allowed_mentions of every message the bot sends:
// nothing the bot repeats can ping anyone.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}
