package telegram

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/newcomerbot/newcomerbot/adapters/telegram/telegramtest"
	"github.com/newcomerbot/newcomerbot/bot"
)

var (
	alice = telegramtest.User{ID: 1001, FirstName: "Alice", LanguageCode: "en"}
	bruno = telegramtest.User{ID: 1002, FirstName: "Bruno", LanguageCode: "fr"}
	chen  = telegramtest.User{ID: 1003, FirstName: "Chen", LanguageCode: "zh-hans"}
)

// callbackData returns every callback_data of a keyboard.
func callbackData(k [][]telegramtest.Button) []string {
	var out []string
	for _, row := range k {
		for _, b := range row {
			if b.CallbackData != nil {
				out = append(out, *b.CallbackData)
			}
		}
	}
	return out
}

func urls(k [][]telegramtest.Button) []string {
	var out []string
	for _, row := range k {
		for _, b := range row {
			if b.URL != nil {
				out = append(out, *b.URL)
			}
		}
	}
	return out
}

func TestPrivateQuestionEndToEnd(t *testing.T) {
	t.Parallel()
	e := newEnv(t, newEngine(t))
	e.run()
	q := e.secret("how do i get a health card in toronto")
	e.srv.Text(alice, telegramtest.Private(alice), q)

	calls := e.waitCalls("sendMessage", "the answer with OHIP", func(c []telegramtest.Call) bool {
		for _, m := range sentTo(c, alice.ID) {
			if strings.Contains(m.Param("text"), "OHIP") {
				return true
			}
		}
		return false
	})
	var answer telegramtest.Call
	for _, m := range sentTo(calls, alice.ID) {
		if strings.Contains(m.Param("text"), "OHIP") {
			answer = m
		}
	}
	if got := answer.Param("parse_mode"); got != "HTML" {
		t.Errorf("parse_mode = %q, want HTML", got)
	}
	if len(answer.Keyboard()) == 0 {
		t.Errorf("the answer has no inline keyboard")
	}
	if data := callbackData(answer.Keyboard()); !slices.Contains(data, "human") {
		t.Errorf("answer buttons %v: want a way to reach a person (human)", data)
	}
	if typing := e.srv.Calls("sendChatAction"); len(typing) == 0 || typing[0].Param("action") != "typing" || typing[0].Chat() != alice.ID {
		t.Errorf("no typing action before the answer: %s", describe(typing))
	}
	// The command menu is registered in English (default) and French.
	var langs []string
	for _, c := range e.srv.Calls("setMyCommands") {
		langs = append(langs, c.Param("language_code"))
		if !strings.Contains(c.Param("commands"), `"forget"`) || !strings.Contains(c.Param("commands"), `"privacy"`) {
			t.Errorf("setMyCommands(%q) commands = %s", c.Param("language_code"), c.Param("commands"))
		}
	}
	if !slices.Equal(langs, []string{"", "fr"}) {
		t.Errorf("setMyCommands languages = %q, want default and fr", langs)
	}
	if len(e.srv.Calls("deleteWebhook")) != 1 {
		t.Errorf("long polling did not delete a webhook first")
	}
}

func TestButtonRoundTripEndToEnd(t *testing.T) {
	t.Parallel()
	e := newEnv(t, newEngine(t))
	e.run()
	e.srv.Text(alice, telegramtest.Private(alice), e.secret("how do i get a health card in toronto"))
	e.waitCalls("sendMessage", "the answer", func(c []telegramtest.Call) bool {
		for _, m := range sentTo(c, alice.ID) {
			if strings.Contains(m.Param("text"), "OHIP") {
				return true
			}
		}
		return false
	})
	// Press a related-topic button of the answer.
	var msg telegramtest.Message
	var data string
	for _, m := range e.srv.Sent(alice.ID) {
		if m.ReplyMarkup == nil {
			continue
		}
		for _, d := range callbackData(m.ReplyMarkup.InlineKeyboard) {
			if strings.HasPrefix(d, "t:") && data == "" {
				msg, data = m, d
			}
		}
	}
	if data == "" {
		t.Fatal("the answer offers no related topic button")
	}
	before := len(sentTo(e.srv.Calls("sendMessage"), alice.ID))
	e.srv.Press(alice, msg, data)
	e.waitCalls("answerCallbackQuery", "the callback answer", func(c []telegramtest.Call) bool { return len(c) == 1 && c[0].OK() })
	e.waitCalls("sendMessage", "the related topic's answer", func(c []telegramtest.Call) bool {
		return len(sentTo(c, alice.ID)) > before
	})
	// An answer's keyboard (feedback, related topics) stays.
	if n := len(e.srv.Calls("editMessageReplyMarkup")); n != 0 {
		t.Errorf("editMessageReplyMarkup called %d times for an answer's keyboard", n)
	}
}

func TestClarificationRoundTrip(t *testing.T) {
	h := newFakeHandler(func(in bot.Incoming) []bot.Reply {
		if in.Button == "t:health-card" {
			return []bot.Reply{{Kind: bot.KindAnswer, Topic: "health-card", Lang: "en", Text: "Apply for OHIP at ServiceOntario.",
				Buttons: [][]bot.Button{{{Label: "👍", Data: "f:+:health-card"}}}}}
		}
		return []bot.Reply{{Kind: bot.KindClarify, Lang: "en", Text: "Did you mean one of these?\n1. Health card\n2. Library card",
			Buttons: [][]bot.Button{{{Label: "Health card", Data: "t:health-card"}, {Label: "Library card", Data: "t:library"}}, {{Label: "Talk to a person", Data: "human"}}}}}
	})
	e := newEnv(t, h)
	e.run()
	e.srv.Text(alice, telegramtest.Private(alice), e.secret("card"))
	e.waitCalls("sendMessage", "the clarification", func(c []telegramtest.Call) bool { return len(sentTo(c, alice.ID)) == 1 })
	clarify := e.srv.Sent(alice.ID)[0]
	if got := callbackData(clarify.ReplyMarkup.InlineKeyboard); !slices.Equal(got, []string{"t:health-card", "t:library", "human"}) {
		t.Fatalf("clarification buttons = %q", got)
	}

	e.srv.Press(alice, clarify, "t:health-card")
	e.waitCalls("editMessageReplyMarkup", "the used keyboard removed", func(c []telegramtest.Call) bool { return len(c) == 1 })
	got := h.Got()
	if len(got) != 2 {
		t.Fatalf("handler got %d messages, want 2", len(got))
	}
	want := bot.Incoming{Platform: "telegram", User: "telegram:1001", Chat: "1001", Button: "t:health-card", LangHint: "en", MessageID: fmt.Sprint(clarify.MessageID)}
	if got[1] != want {
		t.Errorf("button press became\n%+v, want\n%+v", got[1], want)
	}
	if acks := e.srv.Calls("answerCallbackQuery"); len(acks) != 1 || !acks[0].OK() {
		t.Errorf("answerCallbackQuery calls: %s", describe(acks))
	}
	sent := e.srv.Sent(alice.ID)
	if len(sent) != 2 || !strings.Contains(sent[1].Text, "OHIP") {
		t.Fatalf("sent %+v, want the clarification and the answer", sent)
	}
	if sent[0].ReplyMarkup != nil {
		t.Errorf("the clarification still has its keyboard: %+v", sent[0].ReplyMarkup)
	}
	if sent[1].ReplyMarkup == nil {
		t.Errorf("the answer lost its keyboard")
	}
}

func TestStartPayloadEndToEnd(t *testing.T) {
	t.Parallel()
	e := newEnv(t, newEngine(t))
	e.run()
	e.srv.Text(bruno, telegramtest.Private(bruno), "/start fr-ON")
	calls := e.waitCalls("sendMessage", "the greeting", func(c []telegramtest.Call) bool {
		for _, m := range sentTo(c, bruno.ID) {
			if strings.Contains(m.Param("text"), "Bonjour") {
				return true
			}
		}
		return false
	})
	for _, m := range sentTo(calls, bruno.ID) {
		if strings.Contains(m.Param("text"), "Hello") {
			t.Errorf("an English reply after /start fr-ON: %q", m.Param("text"))
		}
	}
	// The province from the payload is used: a health card answer for Ontario.
	n := len(sentTo(calls, bruno.ID))
	e.srv.Text(bruno, telegramtest.Private(bruno), e.secret("comment obtenir une carte santé"))
	e.waitCalls("sendMessage", "a French Ontario answer", func(c []telegramtest.Call) bool {
		for _, m := range sentTo(c, bruno.ID)[n:] {
			if strings.Contains(m.Param("text"), "OHIP") || strings.Contains(m.Param("text"), "Ontario") {
				return true
			}
		}
		return false
	})
}

func TestGroupOnlyAnswersWhenAddressed(t *testing.T) {
	h := newFakeHandler(nil)
	e := newEnv(t, h)
	e.run()
	group := telegramtest.Group(-100500)
	e.srv.Text(alice, group, e.secret("does anyone know a good bakery"))
	e.srv.Text(bruno, group, "/help@some_other_bot")
	id := e.srv.Text(chen, group, "@newcomer_test_bot how do i get a sin")
	e.waitCursor(fmt.Sprint(id + 1))

	got := h.Got()
	if len(got) != 1 {
		t.Fatalf("handler got %d messages, want only the one that mentions the bot: %+v", len(got), got)
	}
	if got[0].Text != "how do i get a sin" || !got[0].Group || got[0].Staff || got[0].User != "telegram:1003" || got[0].Chat != "-100500" {
		t.Errorf("mention became %+v", got[0])
	}
	calls := e.waitCalls("sendMessage", "the group answer", func(c []telegramtest.Call) bool { return len(sentTo(c, group.ID)) == 1 })
	if m := sentTo(calls, group.ID)[0]; m.Param("reply_to_message_id") != got[0].MessageID {
		t.Errorf("group answer quotes message %q, want %q", m.Param("reply_to_message_id"), got[0].MessageID)
	}
}

func TestLongReplyIsSplit(t *testing.T) {
	var paras []string
	for i := range 40 {
		paras = append(paras, fmt.Sprintf("Paragraph %d: %s", i, strings.Repeat("word & <more> ", 20)))
	}
	paras = append(paras, strings.Repeat("x", 5000)) // no space to break at
	long := strings.Join(paras, "\n\n")
	h := newFakeHandler(func(in bot.Incoming) []bot.Reply {
		return []bot.Reply{{Kind: bot.KindAnswer, Lang: "en", Text: long, Sources: []string{"https://www.ontario.ca/page/apply-ohip"},
			Buttons: [][]bot.Button{{{Label: "Talk to a person", Data: "human"}}}}}
	})
	e := newEnv(t, h)
	e.run()
	e.srv.Text(alice, telegramtest.Private(alice), "tell me everything")
	calls := e.waitCalls("sendMessage", "the parts", func(c []telegramtest.Call) bool {
		s := sentTo(c, alice.ID)
		return len(s) > 0 && len(s[len(s)-1].Keyboard()) > 0
	})
	parts := sentTo(calls, alice.ID)
	if len(parts) < 4 {
		t.Fatalf("%d parts, want at least 4 for %d characters", len(parts), len(long))
	}
	var joined strings.Builder
	for i, p := range parts {
		text := p.Param("text")
		if n := len(utf16.Encode([]rune(text))); n > maxText {
			t.Errorf("part %d has %d characters", i, n)
		}
		if i < len(parts)-1 && len(p.Keyboard()) > 0 {
			t.Errorf("part %d has the keyboard; only the last should", i)
		}
		joined.WriteString(html.UnescapeString(text))
	}
	all := joined.String()
	for i := range 40 {
		if !strings.Contains(all, fmt.Sprintf("Paragraph %d:", i)) {
			t.Errorf("paragraph %d lost", i)
		}
	}
	if strings.Count(all, "x") < 5000 {
		t.Errorf("the unbreakable line lost characters")
	}
	if !strings.Contains(parts[len(parts)-1].Param("text"), `<a href="https://www.ontario.ca/page/apply-ohip">`) {
		t.Errorf("the source link is missing from the last part")
	}
	// The paragraphs were kept whole: every part but the hard split starts a paragraph.
	if !strings.HasPrefix(parts[1].Param("text"), "Paragraph ") {
		t.Errorf("part 1 does not start at a paragraph: %.40q", parts[1].Param("text"))
	}
}

func TestRateLimitRetryAfter(t *testing.T) {
	t.Parallel()
	e := newEnv(t, newFakeHandler(nil))
	e.run()
	e.srv.Fail("sendMessage", 1, http.StatusTooManyRequests, "Too Many Requests: retry after 1", 1)
	e.srv.Text(alice, telegramtest.Private(alice), "hello")
	calls := e.waitCalls("sendMessage", "a retry after the 429", func(c []telegramtest.Call) bool { return len(c) == 2 })
	if calls[0].Status != http.StatusTooManyRequests || !calls[1].OK() {
		t.Fatalf("sendMessage calls: %s; want a 429 then a success", describe(calls))
	}
	if calls[0].Param("text") != calls[1].Param("text") {
		t.Errorf("the retry sent a different text")
	}
	if n := len(e.srv.Sent(alice.ID)); n != 1 {
		t.Errorf("%d messages delivered, want 1", n)
	}
	if !strings.Contains(e.logs.String(), "rate limited") {
		t.Errorf("the 429 was not logged")
	}
}

func TestRestartKeepsOffset(t *testing.T) {
	plat := bot.NewMemoryPlatform()
	srv := telegramtest.NewServer()
	defer srv.Close()

	h1 := newFakeHandler(nil)
	e1 := newEnv(t, h1, withPlatform(plat), withServer(srv))
	stop1 := e1.run()
	first := srv.Text(alice, telegramtest.Private(alice), "one")
	second := srv.Text(alice, telegramtest.Private(alice), "two")
	h1.waitN(t, 2)
	e1.waitCursor(fmt.Sprint(second + 1))
	stop1()

	// Telegram never got the confirming getUpdates: it delivers them again,
	// with one new update.
	srv.Enqueue(telegramtest.Update{UpdateID: first, Message: &telegramtest.Message{From: &alice, Chat: telegramtest.Private(alice), Text: "one"}})
	srv.Enqueue(telegramtest.Update{UpdateID: second, Message: &telegramtest.Message{From: &alice, Chat: telegramtest.Private(alice), Text: "two"}})
	third := srv.Text(alice, telegramtest.Private(alice), "three")

	h2 := newFakeHandler(nil)
	e2 := newEnv(t, h2, withPlatform(plat), withServer(srv))
	e2.run()
	e2.waitCursor(fmt.Sprint(third + 1))
	got := h2.Got()
	if len(got) != 1 || got[0].Text != "three" {
		t.Fatalf("after the restart the handler got %+v, want only \"three\"", got)
	}
	polls := srv.Calls("getUpdates")
	var offsets []string
	for _, c := range polls {
		offsets = append(offsets, c.Param("offset"))
	}
	if !slices.Contains(offsets, fmt.Sprint(second+1)) {
		t.Errorf("getUpdates offsets %q: the second instance did not start from the stored offset %d", offsets, second+1)
	}
}

func TestReplicasShareDedup(t *testing.T) {
	// Two instances with separate offsets but one dedup store (Redis): an
	// update both receive is handled once.
	dedup := bot.NewMemoryPlatform()
	srv := telegramtest.NewServer()
	defer srv.Close()
	h1, h2 := newFakeHandler(nil), newFakeHandler(nil)
	e1 := newEnv(t, h1, withServer(srv), withPlatform(dedup))
	e2 := newEnv(t, h2, withServer(srv))
	e2.a.dedup = dedup // own cursor store, shared dedup
	u := srv.Prepare(telegramtest.Update{Message: &telegramtest.Message{From: &alice, Chat: telegramtest.Private(alice), Text: "hi"}})
	body, _ := json.Marshal(u)
	var tu = decodeUpdate(t, body)
	e1.a.handleUpdate(context.Background(), &tu)
	e2.a.handleUpdate(context.Background(), &tu)
	if n := len(h1.Got()) + len(h2.Got()); n != 1 {
		t.Errorf("the update was handled %d times, want once", n)
	}
}

func TestDuplicateUpdateHandledOnce(t *testing.T) {
	h := newFakeHandler(nil)
	e := newEnv(t, h)
	e.run()
	m := &telegramtest.Message{From: &alice, Chat: telegramtest.Private(alice), Text: "same"}
	id := e.srv.Enqueue(telegramtest.Update{Message: m})
	e.srv.Enqueue(telegramtest.Update{UpdateID: id, Message: m}) // delivered twice
	e.waitCursor(fmt.Sprint(id + 1))
	if n := len(h.Got()); n != 1 {
		t.Errorf("update handled %d times, want once", n)
	}
	if n := len(e.srv.Sent(alice.ID)); n != 1 {
		t.Errorf("%d replies, want 1", n)
	}
}

func TestUnreadableUpdateDoesNotBlockPolling(t *testing.T) {
	h := newFakeHandler(nil)
	e := newEnv(t, h)
	e.run()
	first := e.srv.Text(alice, telegramtest.Private(alice), "before")
	e.srv.EnqueueRaw(first+1, json.RawMessage(`{"update_id": `+fmt.Sprint(first+1)+`, "message": {"message_id": "seven"}}`))
	after := e.srv.Enqueue(telegramtest.Update{UpdateID: first + 2, Message: &telegramtest.Message{From: &alice, Chat: telegramtest.Private(alice), Text: "after"}})
	e.waitCursor(fmt.Sprint(after + 1))
	var texts []string
	for _, in := range h.Got() {
		texts = append(texts, in.Text)
	}
	if !slices.Equal(texts, []string{"before", "after"}) {
		t.Errorf("handled %q, want the readable updates around the unreadable one", texts)
	}
}

func TestOffsetMovesOnlyAfterHandling(t *testing.T) {
	release := make(chan struct{})
	entered := make(chan struct{}, 1)
	h := newFakeHandler(func(in bot.Incoming) []bot.Reply {
		entered <- struct{}{}
		<-release
		return []bot.Reply{{Kind: bot.KindAnswer, Text: "ok"}}
	})
	e := newEnv(t, h)
	e.run()
	id := e.srv.Text(alice, telegramtest.Private(alice), "slow")
	<-entered
	if got, _ := e.plat.Cursor(context.Background(), OffsetCursor); got != "" {
		t.Errorf("offset %q stored while the update is still being handled", got)
	}
	close(release)
	e.waitCursor(fmt.Sprint(id + 1))
}

func TestShutdownFinishesUpdateInHand(t *testing.T) {
	release := make(chan struct{})
	entered := make(chan struct{}, 1)
	h := newFakeHandler(func(in bot.Incoming) []bot.Reply {
		entered <- struct{}{}
		<-release
		return []bot.Reply{{Kind: bot.KindAnswer, Text: "still answered"}}
	})
	e := newEnv(t, h)
	cancel, wait := e.start()
	id := e.srv.Text(alice, telegramtest.Private(alice), "question")
	<-entered
	cancel() // shutdown begins while the update is in hand
	close(release)
	wait()
	if n := len(e.srv.Sent(alice.ID)); n != 1 {
		t.Errorf("%d replies sent for the update in hand at shutdown, want 1", n)
	}
	if got, _ := e.plat.Cursor(context.Background(), OffsetCursor); got != fmt.Sprint(id+1) {
		t.Errorf("offset after shutdown = %q, want %d", got, id+1)
	}
}

func TestWebhook(t *testing.T) {
	h := newFakeHandler(nil)
	const secret = "s3cret-Token_1"
	e := newEnv(t, h, withConfig(func(c *Config) {
		c.WebhookURL = "https://bot.example.org/telegram/hook"
		c.WebhookSecret = secret
	}))
	if got := e.a.WebhookPath(); got != "/telegram/hook" {
		t.Errorf("WebhookPath = %q", got)
	}
	e.secret(secret)
	e.run()
	calls := e.waitCalls("setWebhook", "the webhook registration", func(c []telegramtest.Call) bool { return len(c) == 1 })
	if c := calls[0]; c.Param("url") != "https://bot.example.org/telegram/hook" || c.Param("secret_token") != secret || !strings.Contains(c.Param("allowed_updates"), "callback_query") {
		t.Errorf("setWebhook params = %v", c.Params)
	}

	u := e.srv.Prepare(telegramtest.Update{Message: &telegramtest.Message{From: &alice, Chat: telegramtest.Private(alice), Text: e.secret("where is the library")}})
	body, _ := json.Marshal(u)
	post := func(secretHeader string, method string) int {
		r := httptest.NewRequest(method, "/telegram/hook", strings.NewReader(string(body)))
		if secretHeader != "" {
			r.Header.Set("X-Telegram-Bot-Api-Secret-Token", secretHeader)
		}
		w := httptest.NewRecorder()
		e.a.ServeHTTP(w, r)
		return w.Code
	}
	for _, tc := range []struct {
		name, secret, method string
		want                 int
	}{
		{"missing secret", "", "POST", http.StatusUnauthorized},
		{"wrong secret", "guess", "POST", http.StatusUnauthorized},
		{"GET", secret, "GET", http.StatusMethodNotAllowed},
	} {
		if got := post(tc.secret, tc.method); got != tc.want {
			t.Errorf("%s: status %d, want %d", tc.name, got, tc.want)
		}
	}
	if n := len(h.Got()); n != 0 {
		t.Fatalf("refused requests reached the handler %d times", n)
	}
	if got := post(secret, "POST"); got != http.StatusOK {
		t.Fatalf("right secret: status %d, want 200", got)
	}
	if got := post(secret, "POST"); got != http.StatusOK { // Telegram retries
		t.Fatalf("repeated update: status %d, want 200", got)
	}
	if n := len(h.Got()); n != 1 {
		t.Errorf("handler got %d messages, want 1 (the retry is a duplicate)", n)
	}
	if n := len(e.srv.Sent(alice.ID)); n != 1 {
		t.Errorf("%d replies, want 1", n)
	}
	if n := len(e.srv.Calls("getUpdates")); n != 0 {
		t.Errorf("webhook mode polled getUpdates %d times", n)
	}
	for _, tc := range []struct {
		name, body string
		want       int
	}{
		{"not JSON", "{not json", http.StatusBadRequest},
		// An update the library cannot read is dropped, or Telegram would retry it forever.
		{"unreadable update", `{"update_id": 77, "message": {"message_id": "seven"}}`, http.StatusOK},
	} {
		r := httptest.NewRequest("POST", "/telegram/hook", strings.NewReader(tc.body))
		r.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		w := httptest.NewRecorder()
		e.a.ServeHTTP(w, r)
		if w.Code != tc.want {
			t.Errorf("%s: status %d, want %d", tc.name, w.Code, tc.want)
		}
	}
	if n := len(h.Got()); n != 1 {
		t.Errorf("handler got %d messages after bad bodies, want still 1", n)
	}
}

func TestWebhookNeedsSecret(t *testing.T) {
	srv := telegramtest.NewServer()
	defer srv.Close()
	for _, s := range []string{"", "has space", strings.Repeat("a", 257)} {
		_, err := New(context.Background(), Config{Token: srv.Token, Endpoint: srv.Endpoint(), WebhookURL: "https://x.example/hook", WebhookSecret: s},
			newFakeHandler(nil), bot.NewMemoryPlatform(), bot.NewMemoryPlatform(), nil)
		if err == nil {
			t.Errorf("secret %q accepted", s)
		}
	}
}

func TestBlockedChatForgetsThePerson(t *testing.T) {
	e := newEnv(t, newFakeHandler(nil))
	e.run()
	e.srv.Block(alice.ID)
	e.srv.Text(alice, telegramtest.Private(alice), "hello")
	e.srv.Text(alice, telegramtest.Private(alice), "hello again")
	id := e.srv.Text(bruno, telegramtest.Private(bruno), "bonjour")
	e.waitCursor(fmt.Sprint(id + 1))

	if got := e.forgot.Users(); !slices.Equal(got, []string{"telegram:1001"}) {
		t.Errorf("Forget called for %q, want telegram:1001 once", got)
	}
	if n := strings.Count(e.logs.String(), "the bot was blocked or removed"); n != 1 {
		t.Errorf("the block was logged %d times, want once:\n%s", n, e.logs.String())
	}
	if n := len(e.srv.Sent(bruno.ID)); n != 1 {
		t.Errorf("another person got %d replies after the 403, want 1", n)
	}
	// Telegram also tells when a person blocks the bot.
	e.srv.Enqueue(telegramtest.Update{MyChatMember: &telegramtest.ChatMemberUpdated{
		Chat: telegramtest.Private(chen), From: chen,
		OldChatMember: telegramtest.ChatMember{User: telegramtest.User{ID: 999000, IsBot: true}, Status: "member"},
		NewChatMember: telegramtest.ChatMember{User: telegramtest.User{ID: 999000, IsBot: true}, Status: "kicked"},
	}})
	deadline := e.srv.Wait(waitFor, "getUpdates", func([]telegramtest.Call) bool { return len(e.forgot.Users()) == 2 })
	if !deadline || e.forgot.Users()[1] != "telegram:1003" {
		t.Errorf("Forget after my_chat_member kicked: %q", e.forgot.Users())
	}
}

func TestGroupMovesPersonalRepliesToPrivate(t *testing.T) {
	h := newFakeHandler(func(in bot.Incoming) []bot.Reply {
		return []bot.Reply{
			{Kind: bot.KindAnswer, Topic: "refugee-claim", Lang: "fr", Region: "ON", Sensitive: true, Text: "Détails personnels sur la demande d'asile"},
			{Kind: bot.KindCommand, Lang: "fr", Text: "Autre chose?"},
		}
	})
	e := newEnv(t, h)
	e.run()
	group := telegramtest.Group(-100600)
	e.srv.Text(bruno, group, "@newcomer_test_bot demande d'asile")
	calls := e.waitCalls("sendMessage", "the group note", func(c []telegramtest.Call) bool { return len(sentTo(c, group.ID)) == 2 })
	var texts []string
	var links []string
	for _, c := range sentTo(calls, group.ID) {
		texts = append(texts, c.Param("text"))
		links = append(links, urls(c.Keyboard())...)
	}
	if strings.Contains(strings.Join(texts, "\n"), "Détails personnels") {
		t.Errorf("the personal answer was shown in the group: %q", texts)
	}
	if !strings.Contains(texts[1], "privé") {
		t.Errorf("no French note about continuing in private: %q", texts)
	}
	if !slices.Equal(links, []string{"https://t.me/newcomer_test_bot?start=fr-ON"}) {
		t.Errorf("deep links = %q", links)
	}
	// The staff chat sees everything as it is.
	staff := telegramtest.Chat{ID: -777, Type: "supergroup"}
	e.srv.Text(bruno, staff, "ticket update")
	calls = e.waitCalls("sendMessage", "the staff reply", func(c []telegramtest.Call) bool { return len(sentTo(c, staff.ID)) == 2 })
	if !strings.Contains(sentTo(calls, staff.ID)[0].Param("text"), "Détails personnels") {
		t.Errorf("the staff chat did not get the reply as is")
	}
	if got := h.Got(); !got[1].Staff || !got[1].Group || got[1].Text != "ticket update" {
		t.Errorf("staff message became %+v", got[1])
	}
}

func TestGroupCrisisShowsEmergencyTextEndToEnd(t *testing.T) {
	t.Parallel()
	e := newEnv(t, newEngine(t))
	e.run()
	group := telegramtest.Group(-100700)
	e.srv.Text(alice, group, e.secret("@newcomer_test_bot I want to kill myself"))
	calls := e.waitCalls("sendMessage", "the crisis reply", func(c []telegramtest.Call) bool {
		for _, m := range sentTo(c, group.ID) {
			if strings.Contains(m.Param("text"), "988") {
				return true
			}
		}
		return false
	})
	for _, m := range sentTo(calls, group.ID) {
		if !strings.Contains(m.Param("text"), "988") {
			continue
		}
		if !strings.Contains(m.Param("text"), "911") {
			t.Errorf("crisis text without 911: %q", m.Param("text"))
		}
		if d := callbackData(m.Keyboard()); len(d) != 0 {
			t.Errorf("crisis reply in a group has callback buttons %q; the offer of a person should move to a private chat", d)
		}
		if u := urls(m.Keyboard()); len(u) != 1 || !strings.HasPrefix(u[0], "https://t.me/newcomer_test_bot?start=en") {
			t.Errorf("crisis deep link = %q", u)
		}
	}
}

func TestBadInputDoesNotCrash(t *testing.T) {
	t.Parallel()
	e := newEnv(t, newEngine(t))
	e.run()
	p := telegramtest.Private(alice)
	e.srv.Text(alice, p, e.secret(strings.Repeat("health card ", 1700))) // 20,400 characters
	e.srv.Text(alice, p, "caf\xe9 \xff\xfe health")                      // invalid UTF-8 (JSON carries it as U+FFFD)
	e.srv.Enqueue(telegramtest.Update{Message: &telegramtest.Message{From: &alice, Chat: p, Sticker: &telegramtest.File{FileID: "s", FileUniqueID: "s"}}})
	e.srv.Enqueue(telegramtest.Update{CallbackQuery: &telegramtest.CallbackQuery{ID: "never-issued", From: alice, Message: &telegramtest.Message{MessageID: 1, Chat: p}, Data: "t:health-card"}})
	e.srv.Enqueue(telegramtest.Update{CallbackQuery: &telegramtest.CallbackQuery{From: alice, Message: &telegramtest.Message{MessageID: 1, Chat: p}, Data: "zz:unknown-payload"}})
	e.srv.Enqueue(telegramtest.Update{CallbackQuery: &telegramtest.CallbackQuery{From: alice, InlineMessageID: "inline-1", Data: "t:sin"}})
	last := e.srv.Enqueue(telegramtest.Update{EditedMessage: &telegramtest.Message{From: &alice, Chat: p, Text: "how do i get a sin", EditDate: 1}})
	e.waitCursor(fmt.Sprint(last + 1))

	// Invalid UTF-8 straight into the adapter, past any JSON.
	e.a.handleUpdate(context.Background(), &tgbotapi.Update{UpdateID: 99999, Message: &tgbotapi.Message{
		MessageID: 99, From: &tgbotapi.User{ID: alice.ID}, Chat: &tgbotapi.Chat{ID: alice.ID, Type: "private"}, Text: "caf\xe9 \xff\xfe"}})

	acks := e.srv.Calls("answerCallbackQuery")
	if len(acks) != 3 {
		t.Errorf("answerCallbackQuery called %d times, want 3 (every press): %s", len(acks), describe(acks))
	}
	texts := ""
	for _, m := range sentTo(e.srv.Calls("sendMessage"), alice.ID) {
		texts += m.Param("text") + "\n"
	}
	// The sticker gets "text only" (in English or, since the engine may take
	// the earlier messages for French, in French); the edit is answered.
	if !strings.Contains(texts, "I can only read text") && !strings.Contains(texts, "Je peux seulement lire du texte") {
		t.Errorf("no \"text only\" reply to the sticker:%s", describe(e.srv.Calls("")))
	}
	if !strings.Contains(texts, "Social Insurance") {
		t.Errorf("the edited question was not answered:%s", describe(e.srv.Calls("")))
	}
	if !strings.Contains(e.logs.String(), "answerCallbackQuery failed") {
		t.Errorf("the old callback was not logged")
	}
}

func TestSendImplementsSender(t *testing.T) {
	e := newEnv(t, newFakeHandler(nil))
	var s bot.Sender = e.a
	ids, err := s.Send(context.Background(), "1001", []bot.Reply{{Kind: bot.KindCommand, Text: "A settlement worker replied: hello"}, {Kind: bot.KindCommand, Text: "second"}})
	if err != nil {
		t.Fatal(err)
	}
	sent := e.srv.Sent(alice.ID)
	if len(ids) != 2 || len(sent) != 2 || ids[0] != fmt.Sprint(sent[0].MessageID) || ids[1] != fmt.Sprint(sent[1].MessageID) {
		t.Errorf("ids %q for sent %+v", ids, sent)
	}
	e.srv.Block(bruno.ID)
	if _, err := s.Send(context.Background(), "1002", []bot.Reply{{Text: "x"}}); !errorsIsBlocked(err) {
		t.Errorf("Send to a blocked chat: %v, want ErrBlocked", err)
	}
	if got := e.forgot.Users(); !slices.Equal(got, []string{"telegram:1002"}) {
		t.Errorf("Forget calls %q", got)
	}
	if _, err := s.Send(context.Background(), "not-a-chat", []bot.Reply{{Text: "x"}}); err == nil {
		t.Errorf("Send to a bad chat id succeeded")
	}
}

func TestNewFailsFast(t *testing.T) {
	srv := telegramtest.NewServer()
	url := srv.URL
	srv.Close()
	_, err := New(context.Background(), Config{Token: "123:SECRET-TOKEN", Endpoint: url + "/bot%s/%s"}, newFakeHandler(nil), bot.NewMemoryPlatform(), bot.NewMemoryPlatform(), nil)
	if err == nil {
		t.Fatal("New succeeded without a server")
	}
	if strings.Contains(err.Error(), "SECRET-TOKEN") {
		t.Errorf("the error shows the token: %v", err)
	}
	srv2 := telegramtest.NewServer()
	defer srv2.Close()
	if _, err := New(context.Background(), Config{Token: "wrong", Endpoint: srv2.Endpoint()}, newFakeHandler(nil), bot.NewMemoryPlatform(), bot.NewMemoryPlatform(), nil); err == nil {
		t.Errorf("New accepted a token Telegram refuses")
	}
}
