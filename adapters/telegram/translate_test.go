package telegram

import (
	"encoding/json"
	"errors"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/newcomerbot/newcomerbot/adapters/telegram/telegramtest"
	"github.com/newcomerbot/newcomerbot/bot"
)

func decodeUpdate(t *testing.T, body []byte) tgbotapi.Update {
	t.Helper()
	var u tgbotapi.Update
	if err := json.Unmarshal(body, &u); err != nil {
		t.Fatalf("decode update: %v", err)
	}
	return u
}

func errorsIsBlocked(err error) bool { return errors.Is(err, ErrBlocked) }

func TestIncoming(t *testing.T) {
	e := newEnv(t, newFakeHandler(nil))
	botUser := e.srv.Bot
	group := telegramtest.Group(-100900)
	staff := telegramtest.Chat{ID: -777, Type: "group"}
	p := telegramtest.Private(alice)
	fromBot := &telegramtest.Message{MessageID: 50, From: &botUser, Chat: group, Text: "an earlier answer"}
	fromOther := &telegramtest.Message{MessageID: 51, From: &bruno, Chat: group, Text: "hi"}
	photo := []telegramtest.File{{FileID: "p", FileUniqueID: "p", Width: 1, Height: 1}}

	tests := []struct {
		name string
		msg  telegramtest.Message
		want *bot.Incoming // nil: ignored
	}{
		{"private text", telegramtest.Message{From: &alice, Chat: p, Text: "how do i get a sin"},
			&bot.Incoming{Text: "how do i get a sin"}},
		{"start payload", telegramtest.Message{From: &alice, Chat: p, Text: "/start fr-ON"},
			&bot.Incoming{Text: "/start fr-ON"}},
		{"command with this bot's name", telegramtest.Message{From: &alice, Chat: p, Text: "/help@newcomer_test_bot"},
			&bot.Incoming{Text: "/help"}},
		{"command for another bot", telegramtest.Message{From: &alice, Chat: p, Text: "/help@other_bot"}, nil},
		{"photo without caption", telegramtest.Message{From: &alice, Chat: p, Photo: photo},
			&bot.Incoming{Text: ""}},
		{"photo with caption", telegramtest.Message{From: &alice, Chat: p, Photo: photo, Caption: "is this my health card"},
			&bot.Incoming{Text: "is this my health card"}},
		{"voice", telegramtest.Message{From: &alice, Chat: p, Voice: &telegramtest.File{FileID: "v", FileUniqueID: "v"}},
			&bot.Incoming{Text: ""}},
		{"invalid UTF-8 (JSON turns it into U+FFFD)", telegramtest.Message{From: &alice, Chat: p, Text: "caf\xe9"},
			&bot.Incoming{Text: "caf\uFFFD"}},
		{"the bot's own message", telegramtest.Message{From: &botUser, Chat: p, Text: "echo"}, nil},
		{"group chatter", telegramtest.Message{From: &alice, Chat: group, Text: "anyone up for lunch"}, nil},
		{"group sticker", telegramtest.Message{From: &alice, Chat: group, Sticker: &telegramtest.File{FileID: "s", FileUniqueID: "s"}}, nil},
		{"group member joins", telegramtest.Message{From: &alice, Chat: group, NewChatMembers: []telegramtest.User{bruno}}, nil},
		{"group mention", telegramtest.Message{From: &alice, Chat: group, Text: "@newcomer_test_bot, where do I get a SIN?"},
			&bot.Incoming{Text: "where do I get a SIN?", Group: true}},
		{"group mention in the middle after an emoji", telegramtest.Message{From: &alice, Chat: group, Text: "🇨🇦 hey @Newcomer_Test_Bot where is the library"},
			&bot.Incoming{Text: "🇨🇦 hey where is the library", Group: true}},
		{"group mention of a longer name", telegramtest.Message{From: &alice, Chat: group, Text: "@newcomer_test_bot_fan hi"}, nil},
		{"group command", telegramtest.Message{From: &alice, Chat: group, Text: "/region@newcomer_test_bot Calgary"},
			&bot.Incoming{Text: "/region Calgary", Group: true}},
		{"group plain command", telegramtest.Message{From: &alice, Chat: group, Text: "/help"},
			&bot.Incoming{Text: "/help", Group: true}},
		{"group reply to the bot", telegramtest.Message{From: &alice, Chat: group, Text: "and in Alberta?", ReplyToMessage: fromBot},
			&bot.Incoming{Text: "and in Alberta?", Group: true, ReplyTo: "50"}},
		{"group reply to someone else", telegramtest.Message{From: &alice, Chat: group, Text: "me too", ReplyToMessage: fromOther}, nil},
		{"staff chat", telegramtest.Message{From: &bruno, Chat: staff, Text: "I'll take this one"},
			&bot.Incoming{Text: "I'll take this one", Group: true, Staff: true}},
		{"caption mention in a group", telegramtest.Message{From: &alice, Chat: group, Photo: photo, Caption: "@newcomer_test_bot what is this form"},
			&bot.Incoming{Text: "what is this form", Group: true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			u := e.srv.Prepare(telegramtest.Update{Message: &tc.msg})
			body, err := json.Marshal(u)
			if err != nil {
				t.Fatal(err)
			}
			tu := decodeUpdate(t, body)
			got, ok := e.a.incoming(tu.Message)
			if tc.want == nil {
				if ok {
					t.Errorf("got %+v, want it ignored", got)
				}
				return
			}
			if !ok {
				t.Fatalf("ignored, want %+v", *tc.want)
			}
			want := *tc.want
			want.Platform = "telegram"
			want.User = "telegram:" + itoa64(tc.msg.From.ID)
			want.Chat = itoa64(tc.msg.Chat.ID)
			want.LangHint = tc.msg.From.LanguageCode
			want.MessageID = itoa64(int64(u.Message.MessageID))
			want.Time = time.Unix(u.Message.Date, 0)
			if got != want {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
			if got.Name != "" {
				t.Errorf("Name = %q, want it empty (privacy)", got.Name)
			}
		})
	}
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

func TestOutgoing(t *testing.T) {
	e := newEnv(t, newFakeHandler(nil))
	r := bot.Reply{
		Kind:    bot.KindAnswer,
		Text:    "<b>Tom & Jerry</b> see https://a.ca/x",
		Sources: []string{"https://a.ca/x", "https://b.ca/y?q=1&r=2", "javascript:alert(1)"},
		Buttons: [][]bot.Button{
			{{Label: "Fine", Data: "t:sin"}, {Label: "Empty data", Data: ""}, {Label: "Too long", Data: strings.Repeat("x", 65)}},
			{{Label: "", Data: "human"}},
		},
	}
	o := e.a.outgoing(r)
	want := "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt; see https://a.ca/x\n\n🔗 <a href=\"https://b.ca/y?q=1&amp;r=2\">https://b.ca/y?q=1&amp;r=2</a>"
	if got := o.chunks(); len(got) != 1 || got[0] != want {
		t.Errorf("chunks = %q\nwant   %q", got, want)
	}
	if got := (outgoing{text: "caf\xe9 ok"}).chunks(); len(got) != 1 || got[0] != "caf\uFFFD ok" {
		t.Errorf("invalid UTF-8 in a reply became %q", got)
	}
	if len(o.keyboard) != 1 || len(o.keyboard[0]) != 1 || *o.keyboard[0][0].CallbackData != "t:sin" {
		t.Errorf("keyboard = %+v, want only the valid button", o.keyboard)
	}
	if n := strings.Count(e.logs.String(), "button skipped"); n != 3 {
		t.Errorf("%d skipped buttons logged, want 3", n)
	}
}

func TestSplitText(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		limit int
		want  []string
	}{
		{"short", "hello", 10, []string{"hello"}},
		{"paragraphs", "aaaa\n\nbbbb\n\ncccc", 10, []string{"aaaa\n\nbbbb", "cccc"}},
		{"lines", "aaaa\nbbbb\ncccc", 9, []string{"aaaa\nbbbb", "cccc"}},
		{"words", "aaa bbb ccc ddd", 7, []string{"aaa bbb", "ccc ddd"}},
		{"hard", "abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"escaping counts", "&&&&", 10, []string{"&&", "&&"}},
		{"surrogate pairs count twice", "😀😀😀", 4, []string{"😀😀", "😀"}},
		{"blank parts dropped", "aaaa\n\n\n\n\n\nbbbb", 5, []string{"aaaa", "bbbb"}},
		{"paragraph too long alone", "aa\n\nbbbbbb cc\n\ndd", 6, []string{"aa", "bbbbbb", "cc\n\ndd"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := splitText(tc.text, tc.limit)
			if !slices.Equal(got, tc.want) {
				t.Errorf("splitText(%q, %d) = %q, want %q", tc.text, tc.limit, got, tc.want)
			}
			for _, p := range got {
				if escapedLen(p) > tc.limit {
					t.Errorf("part %q is over the limit", p)
				}
			}
		})
	}
}

func TestLimiter(t *testing.T) {
	t0 := time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
	l := newLimiter(time.Second, 3*time.Second, time.Second/30)
	for i, want := range []time.Time{t0, t0.Add(time.Second), t0.Add(2 * time.Second)} {
		if got := l.reserveChat("42", t0); !got.Equal(want) {
			t.Errorf("private message %d at %v, want %v", i, got.Sub(t0), want.Sub(t0))
		}
	}
	if got := l.reserveChat("43", t0); !got.Equal(t0) {
		t.Errorf("another chat waits %v behind a busy one", got.Sub(t0))
	}
	l.reserveChat("-100", t0)
	if got := l.reserveChat("-100", t0); !got.Equal(t0.Add(3 * time.Second)) {
		t.Errorf("second group message at %v, want 3s", got.Sub(t0))
	}
	if a, b := l.reserveOverall(t0), l.reserveOverall(t0); !a.Equal(t0) || b.Sub(a) != time.Second/30 {
		t.Errorf("overall slots %v, %v", a.Sub(t0), b.Sub(t0))
	}
	l.hold("43", t0.Add(10*time.Second))
	if got := l.reserveChat("43", t0); got.Before(t0.Add(10 * time.Second)) {
		t.Errorf("after a 429 with retry_after 10 the chat may send at %v", got.Sub(t0))
	}
}

func TestDeepLink(t *testing.T) {
	e := newEnv(t, newFakeHandler(nil))
	for _, tc := range []struct {
		r    bot.Reply
		want string
	}{
		{bot.Reply{Lang: "fr", Region: "ON"}, "https://t.me/newcomer_test_bot?start=fr-ON"},
		{bot.Reply{Lang: "en"}, "https://t.me/newcomer_test_bot?start=en"},
		{bot.Reply{Region: "ab"}, "https://t.me/newcomer_test_bot?start=region-AB"},
		{bot.Reply{Lang: "x y", Region: "O&N"}, "https://t.me/newcomer_test_bot"},
	} {
		if got := e.a.deepLink(tc.r); got != tc.want {
			t.Errorf("deepLink(%q, %q) = %q, want %q", tc.r.Lang, tc.r.Region, got, tc.want)
		}
	}
}

func TestConfigLogValueHidesSecrets(t *testing.T) {
	var b strings.Builder
	log := slog.New(slog.NewTextHandler(&b, nil))
	log.Info("config", "telegram", Config{Token: "123:SECRET", WebhookSecret: "HOOKSECRET", WebhookURL: "https://x.example/h"})
	if strings.Contains(b.String(), "SECRET") {
		t.Errorf("logged config shows a secret: %s", b.String())
	}
}
