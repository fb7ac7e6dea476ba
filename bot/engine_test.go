package bot_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/newcomerbot/newcomerbot/bot"
	"github.com/newcomerbot/newcomerbot/knowledge"
)

var update = flag.Bool("update", false, "rewrite the golden transcripts in testdata")

func newEngine(t *testing.T, cfg bot.Config) *bot.Engine {
	t.Helper()
	ctx := context.Background()
	if cfg.Knowledge == nil {
		b, err := knowledge.Bundled()
		if err != nil {
			t.Fatal(err)
		}
		mem := knowledge.NewMemory()
		if _, err := mem.Publish(ctx, b); err != nil {
			t.Fatal(err)
		}
		cfg.Knowledge = mem
	}
	e, err := bot.New(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func say(t *testing.T, e *bot.Engine, user, text string) []bot.Reply {
	t.Helper()
	replies, err := e.Handle(context.Background(), bot.Incoming{Platform: "telegram", User: user, Chat: user, Text: text})
	if err != nil {
		t.Fatalf("Handle(%q): %v", text, err)
	}
	if len(replies) == 0 {
		t.Fatalf("Handle(%q): no reply", text)
	}
	return replies
}

// last returns the last reply, skipping the privacy notice.
func last(rs []bot.Reply) bot.Reply {
	for i := len(rs) - 1; i >= 0; i-- {
		if rs[i].Kind != bot.KindNotice {
			return rs[i]
		}
	}
	return bot.Reply{}
}

func first(rs []bot.Reply) bot.Reply {
	for _, r := range rs {
		if r.Kind != bot.KindNotice {
			return r
		}
	}
	return bot.Reply{}
}

func TestPrivacyNoticeOnceAtFirstContact(t *testing.T) {
	e := newEngine(t, bot.Config{})
	rs := say(t, e, "telegram:1", "hello")
	if rs[0].Kind != bot.KindNotice || !strings.Contains(rs[0].Text, "/forget") {
		t.Fatalf("first contact: want the privacy notice first, got %+v", rs[0])
	}
	rs = say(t, e, "telegram:1", "hello")
	for _, r := range rs {
		if r.Kind == bot.KindNotice {
			t.Fatal("notice shown twice")
		}
	}
	rs, _ = e.Handle(context.Background(), bot.Incoming{User: "console:x", Text: "hello", NoNotice: true})
	if rs[0].Kind == bot.KindNotice {
		t.Fatal("NoNotice: notice shown anyway")
	}
}

func TestCrisisComesFirst(t *testing.T) {
	e := newEngine(t, bot.Config{})
	tests := []struct {
		text, lang, must string
	}{
		{"i want to kill myself tonight", "en", "988"},
		{"my husband is hitting me and the kids are scared", "en", "911"},
		{"je veux mourir", "fr", "988"},
		{"mon bébé respire pas", "fr", "911"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			rs := say(t, e, "telegram:crisis-"+tt.lang+tt.must, tt.text)
			r := first(rs)
			if r.Kind != bot.KindCrisis {
				t.Fatalf("got kind %s, want crisis", r.Kind)
			}
			if !strings.HasPrefix(r.Text, firstLine(tt.lang)) || !strings.Contains(r.Text[:min(300, len(r.Text))], tt.must) {
				t.Fatalf("emergency information is not first: %q", r.Text)
			}
			if r.Lang != tt.lang {
				t.Fatalf("crisis reply in %s, want %s", r.Lang, tt.lang)
			}
			if !hasButton(r, "human:urgent") {
				t.Fatal("crisis reply does not offer a person")
			}
		})
	}
}

func TestViolenceCrisisThenTheAnswerAsked(t *testing.T) {
	e := newEngine(t, bot.Config{})
	rs := say(t, e, "telegram:crisis-status", "my husband sponsored me and he hit me again tonight, if i leave him will i lose my permanent residence status")
	// At first contact too, the emergency information comes before the
	// privacy notice; the answer follows.
	if len(rs) < 3 || rs[0].Kind != bot.KindCrisis || !strings.Contains(rs[0].Text, "911") || rs[len(rs)-1].Kind != bot.KindNotice {
		t.Fatalf("replies %+v: want the emergency information first and the notice last", rs)
	}
	if rs[1].Kind != bot.KindAnswer || rs[1].Topic != "family-violence" {
		t.Fatalf("second reply %s %q, want the family-violence answer", rs[1].Kind, rs[1].Topic)
	}
	// Self-harm: 988 and a person, nothing else.
	if rs := say(t, e, "telegram:crisis-status", "i lost my job and i want to kill myself"); len(rs) != 1 || rs[0].Kind != bot.KindCrisis {
		t.Fatalf("self-harm: %d replies, first %s; want the crisis reply alone", len(rs), rs[0].Kind)
	}
}

func TestAQuestionAboutViolenceIsAnsweredWith911First(t *testing.T) {
	e := newEngine(t, bot.Config{})
	for _, q := range []string{
		"my partner hits me sometimes when he drinks, who can i talk to",
		"mon mari me frappe depuis des mois, où aller avec les enfants",
	} {
		r := first(say(t, e, "telegram:asks-violence", q))
		head := r.Text[:min(len(r.Text), 300)]
		if r.Kind != bot.KindAnswer || r.Topic != "family-violence" || !strings.Contains(head, "911") {
			t.Errorf("%q: got %s %q, want the family-violence answer with 911 in its first lines", q, r.Kind, r.Topic)
		}
	}
	r := first(say(t, e, "telegram:asks-violence", "what number do we call if someone has chest pain at night"))
	if r.Kind != bot.KindAnswer || r.Topic != "emergency" || !strings.Contains(r.Text[:min(len(r.Text), 300)], "911") {
		t.Errorf("chest pain, asked about: got %s %q, want the emergency answer with 911 first", r.Kind, r.Topic)
	}
	// Danger now stays a crisis.
	if r := first(say(t, e, "telegram:asks-violence", "he hits me sometimes and now he has a knife")); r.Kind != bot.KindCrisis {
		t.Errorf("a knife now: got %s, want the crisis reply", r.Kind)
	}
}

func TestDangerInOtherWordsIsACrisis(t *testing.T) {
	e := newEngine(t, bot.Config{})
	for _, q := range []string{
		// none of these is a crisis phrase or one of the examples
		"the rope is in my closet and i know what i will do after work",
		"jai laissé une lettre à ma soeur, ce soir je pars pour de bon",
		"my stepdad is drunk and banging on my bedroom door screaming",
	} {
		r := first(say(t, e, "telegram:other-words", q))
		if r.Kind != bot.KindCrisis || !strings.Contains(r.Text, "911") {
			t.Errorf("%q: got %s, want the crisis reply with 911", q, r.Kind)
		}
	}
	// The same examples do not turn a question into a crisis.
	r := first(say(t, e, "telegram:other-words", "my sister's partner hits her sometimes, how can i help her"))
	if r.Kind != bot.KindAnswer || r.Topic != "family-violence" {
		t.Errorf("a question about violence: got %s %q, want the family-violence answer", r.Kind, r.Topic)
	}
}

func firstLine(lang string) string {
	if lang == "fr" {
		return "Si vous ou une autre personne êtes en danger maintenant, appelez le 911"
	}
	return "If you or someone else is in danger right now, call 911"
}

// The crisis numbers the engine prints must be the sourced ones in the
// referral directory.
func TestCrisisNumbersAreSourced(t *testing.T) {
	b, err := knowledge.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	phones := map[string]bool{}
	for _, s := range b.Services {
		if len(s.Sources) > 0 {
			phones[s.Phone] = true
		}
	}
	for _, p := range []string{"988", "1-800-668-6868", "211"} {
		if !phones[p] {
			t.Errorf("crisis text uses %s but no sourced service in the directory has that phone", p)
		}
	}
}

func hasButton(r bot.Reply, data string) bool {
	for _, row := range r.Buttons {
		for _, b := range row {
			if b.Data == data {
				return true
			}
		}
	}
	return false
}

func TestAnswerForTheRegionWithLocalServices(t *testing.T) {
	e := newEngine(t, bot.Config{})
	r := first(say(t, e, "telegram:2", "health card in calgary"))
	if r.Kind != bot.KindAnswer || r.Topic != "health-card" || r.Region != "AB" {
		t.Fatalf("got %s %s region %q, want answer health-card AB", r.Kind, r.Topic, r.Region)
	}
	if !strings.Contains(r.Text, "AHCIP") {
		t.Fatalf("answer is not the Alberta override: %.200q", r.Text)
	}
	if len(r.Referrals) == 0 || len(r.Referrals) > 3 {
		t.Fatalf("got %d referrals, want 1 to 3 Calgary/Alberta services", len(r.Referrals))
	}
	if !strings.Contains(r.Text, "https://") || !strings.Contains(r.Text, "Checked ") {
		t.Fatalf("answer lacks its source link or review date: %q", r.Text)
	}
	// The region sticks: the next question in the session uses it.
	r = first(say(t, e, "telegram:2", "how do i get ohip or a health card"))
	if r.Region != "AB" || !strings.Contains(r.Text, "AHCIP") {
		t.Fatalf("second question: region %q, want AB from the session", r.Region)
	}
}

func TestRegionalTopicAsksForProvinceOnce(t *testing.T) {
	e := newEngine(t, bot.Config{})
	rs := say(t, e, "telegram:3", "how do i get a health card")
	if first(rs).Kind != bot.KindAnswer {
		t.Fatalf("got %s, want an answer", first(rs).Kind)
	}
	if !hasButton(last(rs), "r:ON") {
		t.Fatal("regional topic with unknown region: want a province question with buttons")
	}
	rs = say(t, e, "telegram:3", "how do i get a health card")
	if hasButton(last(rs), "r:ON") {
		t.Fatal("asked for the province twice")
	}
	r := first(pressButton(t, e, "telegram:3", "r:ON"))
	if r.Region != "ON" {
		t.Fatalf("province button: region %q, want ON", r.Region)
	}
	r = first(say(t, e, "telegram:3", "how do i get a health card"))
	if !strings.Contains(r.Text, "OHIP") {
		t.Fatal("after choosing Ontario the answer is not the OHIP one")
	}
}

func TestTheProvinceGivenAfterTheQuestionBringsItsAnswer(t *testing.T) {
	e := newEngine(t, bot.Config{})
	for user, give := range map[string]func() []bot.Reply{
		"telegram:button": func() []bot.Reply { return pressButton(t, e, "telegram:button", "r:AB") },
		"telegram:typed":  func() []bot.Reply { return say(t, e, "telegram:typed", "i'm in calgary") },
	} {
		if !hasButton(last(say(t, e, user, "how do i get a health card")), "r:AB") {
			t.Fatalf("%s: no province question after a regional answer", user)
		}
		rs := give()
		if len(rs) < 2 || rs[0].Region != "AB" || rs[1].Kind != bot.KindAnswer || !strings.Contains(rs[1].Text, "AHCIP") {
			t.Fatalf("%s: %d replies, want the province confirmed and the Alberta health card answer", user, len(rs))
		}
	}
	// Saying where you live at any other time only sets the region.
	rs := say(t, e, "telegram:typed2", "I live in Ottawa")
	if r := first(rs); r.Kind != bot.KindCommand || r.Region != "ON" || !strings.Contains(r.Text, "Ottawa") || len(rs) != 1+1 /* notice */ {
		t.Fatalf("I live in Ottawa: got %d replies, first %s %q region %q, want the region confirmed", len(rs), r.Kind, r.Text, r.Region)
	}
}

func pressButton(t *testing.T, e *bot.Engine, user, data string) []bot.Reply {
	t.Helper()
	rs, err := e.Handle(context.Background(), bot.Incoming{Platform: "telegram", User: user, Button: data})
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func TestCommands(t *testing.T) {
	e := newEngine(t, bot.Config{})
	u := "telegram:4"
	if r := first(say(t, e, u, "/language fr")); r.Lang != "fr" {
		t.Fatalf("/language fr: reply in %s", r.Lang)
	}
	if r := first(say(t, e, u, "SIN?")); r.Lang != "fr" {
		t.Fatalf("after /language fr, a short question is answered in %s", r.Lang)
	}
	if r := first(say(t, e, u, "/region Sudbury")); r.Region != "ON" {
		t.Fatalf("/region Sudbury: region %q", r.Region)
	}
	if r := first(say(t, e, u, "/region Atlantis")); !strings.Contains(r.Text, "connais pas") {
		t.Fatalf("/region with an unknown place: %q", r.Text)
	}
	if r := first(say(t, e, u, "/privacy")); !strings.Contains(r.Text, "/forget") {
		t.Fatalf("/privacy: %q", r.Text)
	}
	r := first(say(t, e, u, "/start en-AB"))
	if r.Region != "AB" || r.Lang != "en" {
		t.Fatalf("/start en-AB: lang %s region %s", r.Lang, r.Region)
	}
	if r := first(say(t, e, u, "/human")); r.Kind != bot.KindHandoff {
		t.Fatalf("/human: kind %s", r.Kind)
	}
}

func TestForgetDeletesTheSession(t *testing.T) {
	sessions := bot.NewMemorySessions()
	e := newEngine(t, bot.Config{Sessions: sessions})
	ctx := context.Background()
	say(t, e, "telegram:5", "I live in Calgary")
	if _, err := sessions.Session(ctx, "telegram:5"); err != nil {
		t.Fatalf("session not stored: %v", err)
	}
	say(t, e, "telegram:5", "/forget")
	if _, err := sessions.Session(ctx, "telegram:5"); !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("after /forget the session is still there (%v)", err)
	}
}

func TestFallbackRecordsTheQuestionWithoutWhoAsked(t *testing.T) {
	log := bot.NewMemorySessions()
	e := newEngine(t, bot.Config{Unanswered: log})
	r := first(say(t, e, "telegram:6", "what's the weather in toronto tomorrow"))
	if r.Kind != bot.KindFallback || !strings.Contains(r.Text, "211") || !hasButton(r, "human") {
		t.Fatalf("out of scope: got %s %q, want an honest fallback with 211 and a person", r.Kind, r.Text)
	}
	qs, _ := log.Recent(context.Background(), 10)
	if len(qs) != 1 || qs[0].Text == "" {
		t.Fatalf("unanswered log: %+v", qs)
	}
	if strings.Contains(fmt.Sprintf("%+v", qs[0]), "telegram:6") {
		t.Fatal("the unanswered log identifies who asked")
	}
}

func TestClarificationByNumberAndButton(t *testing.T) {
	e := newEngine(t, bot.Config{})
	r := first(pressButton(t, e, "telegram:7", "t:sin"))
	if r.Kind != bot.KindAnswer || r.Topic != "sin" {
		t.Fatalf("topic button: got %s %s", r.Kind, r.Topic)
	}
	r = first(pressButton(t, e, "telegram:7", "t:a-topic-that-was-removed"))
	if r.Kind == bot.KindAnswer {
		t.Fatal("a button from an older knowledge version answered as if the topic existed")
	}
	r = first(pressButton(t, e, "telegram:7", "garbage-payload"))
	if r.Text == "" {
		t.Fatal("unknown button: no reply")
	}
}

func TestBadInputGetsAClearAnswer(t *testing.T) {
	e := newEngine(t, bot.Config{})
	for _, in := range []string{"", "   ", "🙂🙂🙂", "\xff\xfe\xfd", "\x00\x01\x02", strings.Repeat("help me with my health card ", 1000), "<script>alert(1)</script>", "**bold** _it_ [x](javascript:alert(1))"} {
		rs, err := e.Handle(context.Background(), bot.Incoming{User: "telegram:8", Text: in, NoNotice: true})
		if err != nil {
			t.Fatalf("Handle(%.20q): %v", in, err)
		}
		if len(rs) == 0 || rs[0].Text == "" {
			t.Fatalf("Handle(%.20q): no clear answer", in)
		}
	}
}

// failingSessions is a session store whose every call fails (Redis away).
type failingSessions struct{}

func (failingSessions) Session(context.Context, string) (bot.Session, error) {
	return bot.Session{}, errors.New("connection refused")
}
func (failingSessions) SaveSession(context.Context, bot.Session) error {
	return errors.New("connection refused")
}
func (failingSessions) Forget(context.Context, string) error { return errors.New("connection refused") }

func TestKeepsAnsweringWhenSessionsFail(t *testing.T) {
	var buf bytes.Buffer
	e := newEngine(t, bot.Config{Sessions: failingSessions{}, Logger: slog.New(slog.NewTextHandler(&buf, nil))})
	for i := 0; i < 5; i++ {
		r := first(say(t, e, "telegram:9", "how do i get a sin number"))
		if r.Kind != bot.KindAnswer || r.Topic != "sin" {
			t.Fatalf("with sessions down: got %s %s", r.Kind, r.Topic)
		}
	}
	if n := strings.Count(buf.String(), "connection refused"); n != 1 {
		t.Fatalf("the outage was logged %d times, want once per interval", n)
	}
}

func TestNeverLogsWhatPeopleType(t *testing.T) {
	var buf bytes.Buffer
	e := newEngine(t, bot.Config{Logger: slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	secret := "my sin is 046 454 286 and my name is Amina Haddad"
	say(t, e, "telegram:10", secret)
	say(t, e, "telegram:10", "Amina Haddad wants a health card")
	for _, leak := range []string{"046 454 286", "Amina", "Haddad"} {
		if strings.Contains(buf.String(), leak) {
			t.Fatalf("the log contains %q:\n%s", leak, buf.String())
		}
	}
}

func TestReloadsWhenANewVersionIsPublished(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b, _ := knowledge.Bundled()
	mem := knowledge.NewMemory()
	mem.Publish(ctx, b)
	e := newEngine(t, bot.Config{Knowledge: mem})
	go e.Watch(ctx)
	changed := *b
	changed.Version = "test-v2"
	changed.Topics = append([]knowledge.Topic(nil), b.Topics...)
	for i := range changed.Topics {
		if changed.Topics[i].ID == "sin" {
			changed.Topics[i].Answer = knowledge.Text{"en": "NEW SIN ANSWER", "fr": "NOUVELLE RÉPONSE"}
		}
	}
	// Watch subscribes asynchronously: publish until the engine has it.
	// Rebuilding the index takes seconds under -race on a busy machine.
	deadline := time.Now().Add(60 * time.Second)
	for e.Knowledge().Version != "test-v2" {
		if time.Now().After(deadline) {
			t.Fatal("engine did not reload within 60s of publish")
		}
		mem.Publish(ctx, &changed)
		time.Sleep(100 * time.Millisecond)
	}
	if r := first(pressButton(t, e, "telegram:11", "t:sin")); !strings.Contains(r.Text, "NEW SIN ANSWER") {
		t.Fatalf("after reload: %q", r.Text)
	}
}

// TestTranscript replays a conversation and compares what kind of reply
// each step got with testdata/transcript.golden (texts change with the
// knowledge base; the conversation's shape must not). go test -update
// rewrites it.
func TestTranscript(t *testing.T) {
	e := newEngine(t, bot.Config{})
	steps := []string{
		"hi",
		"we just moved to Calgary, how do I register my kids in school",
		"and the health card?",
		"/language fr",
		"et pour la carte santé?",
		"merci!",
		"je veux parler à une vraie personne",
		"/region Toronto",
		"what's the best pizza in town",
		"/forget",
	}
	var out strings.Builder
	for _, s := range steps {
		rs := say(t, e, "telegram:transcript", s)
		fmt.Fprintf(&out, "> %s\n", s)
		for _, r := range rs {
			fmt.Fprintf(&out, "  %s topic=%s lang=%s region=%s referrals=%d buttons=%d\n", r.Kind, r.Topic, r.Lang, r.Region, len(r.Referrals), len(r.Buttons))
		}
	}
	golden := "testdata/transcript.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./bot -run Transcript -update)", err)
	}
	if out.String() != string(want) {
		t.Fatalf("transcript changed:\n got:\n%s\nwant:\n%s", out.String(), want)
	}
}

func TestQuestionAboutAnotherCountryIsDeclinedWithTheTopicAtHand(t *testing.T) {
	e := newEngine(t, bot.Config{Unanswered: bot.NewMemorySessions()})
	for range 2 {
		r := first(say(t, e, "telegram:11", "how do i open a bank account in dubai"))
		if r.Kind != bot.KindFallback || !strings.Contains(r.Text, "another country") {
			t.Fatalf("bank account in Dubai: got %s %q, want a fallback that says the bot knows Canada", r.Kind, r.Text)
		}
		if !hasButton(r, "t:bank-account") || !hasButton(r, "human") {
			t.Fatalf("bank account in Dubai: buttons %v, want the bank-account topic and a person", r.Buttons)
		}
	}
	// Not a gap in the knowledge: the next miss is a first fallback, not
	// "still not finding" with a handoff offer.
	r := first(say(t, e, "telegram:11", "what's the weather in toronto tomorrow"))
	if r.Kind != bot.KindFallback || !strings.Contains(r.Text, "211") {
		t.Fatalf("after two questions about abroad: got %s %q, want the first fallback", r.Kind, r.Text)
	}
	r = first(say(t, e, "telegram:12", "c'est combien le loyer à bruxelles"))
	if r.Kind != bot.KindFallback || !strings.Contains(r.Text, "autre pays") {
		t.Fatalf("rent in Brussels: got %s %q, want the French decline", r.Kind, r.Text)
	}
}
