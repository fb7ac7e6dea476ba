package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/newcomerbot/newcomerbot/intents"
	"github.com/newcomerbot/newcomerbot/knowledge"
)

// Config is what an Engine needs.
type Config struct {
	Knowledge  knowledge.Store
	Sessions   Sessions      // nil: in memory
	Unanswered UnansweredLog // nil: in memory
	Handoffs   Handoffs      // nil: no settlement workers configured
	Logger     *slog.Logger  // nil: discard
	Retention  time.Duration // how long sessions live; shown in the privacy notice
	Match      intents.Options
	Now        func() time.Time // nil: time.Now
}

// Handoffs connects people with settlement workers. The handoff queue
// implements it; without one, the engine points people to local agencies.
type Handoffs interface {
	// Open reports whether user has an open ticket.
	Open(ctx context.Context, user string) (bool, error)
	// Request opens a ticket for the person after they consented; it
	// returns the text to tell them (their place, office hours).
	Request(ctx context.Context, in Incoming, s Session, urgent bool) (string, error)
	// Relay passes a message from a person with an open ticket to the worker.
	Relay(ctx context.Context, in Incoming) error
	// Cancel withdraws the person's open ticket, if any.
	Cancel(ctx context.Context, user string) error
}

// compiled is one knowledge version with its index.
type compiled struct {
	base  *knowledge.Base
	index *intents.Index
}

// indexes keeps the last few built indexes by knowledge version and
// options: building one takes about a second, an index is immutable, and
// engines in one process (replicas, tests, a reload of the same version)
// can share it.
var indexes struct {
	sync.Mutex
	recent []cachedIndex
}

type cachedIndex struct {
	version string
	docs    int // a check that the base was not changed in memory under the same version
	opts    intents.Options
	index   *intents.Index
}

func indexFor(b *knowledge.Base, opts intents.Options) *intents.Index {
	docs := Docs(b)
	indexes.Lock()
	defer indexes.Unlock()
	for _, c := range indexes.recent {
		if c.version == b.Version && c.docs == len(docs) && c.opts == opts {
			return c.index
		}
	}
	ix := intents.NewIndex(docs, opts)
	if b.Version == "" {
		return ix // an unversioned base cannot be recognised again
	}
	indexes.recent = append(indexes.recent, cachedIndex{b.Version, len(docs), opts, ix})
	if len(indexes.recent) > 3 {
		indexes.recent = indexes.recent[1:]
	}
	return ix
}

// Engine is the conversation. It is safe for concurrent use.
type Engine struct {
	cfg      Config
	log      *slog.Logger
	kb       atomic.Pointer[compiled]
	fallback *MemorySessions // used while the session store fails
	errMu    sync.Mutex
	lastErr  time.Time
	countMu  sync.Mutex
	counts   map[Kind]int64
}

func (e *Engine) count(k Kind) {
	e.countMu.Lock()
	defer e.countMu.Unlock()
	if e.counts == nil {
		e.counts = map[Kind]int64{}
	}
	e.counts[k]++
}

// Counts returns how many replies of each kind the engine has given since
// it started, for /metrics.
func (e *Engine) Counts() map[Kind]int64 {
	e.countMu.Lock()
	defer e.countMu.Unlock()
	out := make(map[Kind]int64, len(e.counts))
	for k, n := range e.counts {
		out[k] = n
	}
	return out
}

// New returns an Engine serving the live knowledge base; it fails when the
// store has none.
func New(ctx context.Context, cfg Config) (*Engine, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Retention == 0 {
		cfg.Retention = 30 * 24 * time.Hour
	}
	mem := NewMemorySessions()
	if cfg.Sessions == nil {
		cfg.Sessions = mem
	}
	if cfg.Unanswered == nil {
		cfg.Unanswered = mem
	}
	e := &Engine{cfg: cfg, log: cfg.Logger, fallback: NewMemorySessions()}
	if err := e.Reload(ctx); err != nil {
		return nil, err
	}
	if d, ok := cfg.Handoffs.(*Desk); ok {
		d.useAnswers(e) // for workers' /kb
	}
	return e, nil
}

// Reload rebuilds the index from the store's live knowledge base. On error
// the engine keeps serving the version it has.
func (e *Engine) Reload(ctx context.Context) error {
	b, err := e.cfg.Knowledge.Live(ctx)
	if err != nil {
		return fmt.Errorf("bot: load knowledge: %w", err)
	}
	if cur := e.kb.Load(); cur != nil && cur.base.Version == b.Version {
		return nil
	}
	e.kb.Store(&compiled{base: b, index: indexFor(b, e.cfg.Match)})
	e.log.Info("knowledge loaded", "version", b.Version, "topics", len(b.Topics), "services", len(b.Services))
	return nil
}

// Knowledge returns the knowledge base being served.
func (e *Engine) Knowledge() *knowledge.Base { return e.kb.Load().base }

// Watch reloads whenever the store announces a new version, until ctx ends.
// It returns at once when the store cannot announce versions.
func (e *Engine) Watch(ctx context.Context) {
	w, ok := e.cfg.Knowledge.(knowledge.Watcher)
	if !ok {
		return
	}
	ch, err := w.Watch(ctx)
	if err != nil {
		e.log.Warn("knowledge: cannot watch for new versions", "err", err)
		return
	}
	for {
		select {
		case <-ctx.Done():
			return
		case _, ok := <-ch:
			if !ok {
				return
			}
			if err := e.Reload(ctx); err != nil {
				e.log.Error("knowledge: reload failed, keeping the current version", "err", err)
			}
		}
	}
}

// Docs turns a knowledge base into the matcher's documents.
func Docs(b *knowledge.Base) []intents.Doc {
	var docs []intents.Doc
	for _, t := range b.Topics {
		for lang, s := range t.Title {
			docs = append(docs, intents.Doc{Topic: t.ID, Lang: lang, Field: intents.TitleField, Text: s})
		}
		for lang, ks := range t.Keywords {
			for _, k := range ks {
				docs = append(docs, intents.Doc{Topic: t.ID, Lang: lang, Field: intents.KeywordField, Text: k})
			}
		}
		for lang, a := range t.Answer {
			docs = append(docs, intents.Doc{Topic: t.ID, Lang: lang, Field: intents.AnswerField, Text: a})
		}
		for code, o := range t.Regions {
			for lang, a := range o.Answer {
				docs = append(docs, intents.Doc{Topic: t.ID, Lang: lang + "-" + code, Field: intents.AnswerField, Text: a})
			}
		}
		for lang, qs := range t.Questions {
			for _, q := range qs {
				docs = append(docs, intents.Doc{Topic: t.ID, Lang: lang, Field: intents.QuestionField, Text: q})
			}
		}
	}
	return docs
}

// Handle answers one message. The error is for the operator's log; the
// replies are always something to send (on error, a kind apology).
func (e *Engine) Handle(ctx context.Context, in Incoming) ([]Reply, error) {
	if in.Time.IsZero() {
		in.Time = e.cfg.Now()
	}
	if in.Staff {
		// Settlement workers are not newcomers: no session, no notice.
		sh, ok := e.cfg.Handoffs.(StaffHandler)
		if !ok {
			return nil, nil
		}
		replies, err := sh.Staff(ctx, in)
		for _, r := range replies {
			e.log.Info("staff reply", "platform", in.Platform, "kind", r.Kind)
		}
		return replies, err
	}
	s := e.session(ctx, in.User)
	if s.Region == "" && in.Region != "" {
		s.Region = in.Region
	}
	text := intents.Clean(in.Text)
	detected := intents.Detect(text) // once per message: it reads every rune
	lang := e.replyLang(text, detected, in, s)
	if detected != "" && !s.LangChosen {
		s.Lang = detected
	}
	var replies []Reply
	if !s.NoticeShown && !in.NoNotice {
		replies = append(replies, Reply{Kind: KindNotice, Lang: lang, Text: msg(lang, "notice", retention(e.cfg.Retention))})
	}
	s.NoticeShown = true
	out, err := e.policy(ctx, in, text, lang, &s)
	if errors.Is(err, errForgotten) {
		return out, nil
	}
	if len(out) > 0 && out[0].Kind == KindCrisis {
		// Emergency information comes first even at first contact; the
		// privacy notice follows.
		replies = append(out, replies...)
	} else {
		replies = append(replies, out...)
	}
	s.Updated = in.Time
	if serr := e.save(ctx, s); serr != nil && err == nil {
		err = serr
	}
	for _, r := range out {
		e.count(r.Kind)
		e.log.Info("reply", "platform", in.Platform, "kind", r.Kind, "topic", r.Topic, "score", round(r.Confidence), "len", len(text), "lang", r.Lang)
	}
	return replies, err
}

var errForgotten = errors.New("session forgotten")

func (e *Engine) policy(ctx context.Context, in Incoming, text, lang string, s *Session) ([]Reply, error) {
	// 1. Crisis first, whatever else is going on: the crisis phrases, then
	// the index's crisis examples for a message that is not a command.
	var matched *intents.Result
	match := func() intents.Result { // at most once per message
		if matched == nil {
			r := e.kb.Load().index.Match(text)
			matched = &r
		}
		return *matched
	}
	it := intents.Classify(text)
	kind, asks := intents.Crisis(text), false
	if kind != intents.NoCrisis {
		asks = intents.AsksAbout(text, kind)
	} else if in.Button == "" && it.Kind == intents.Question {
		// The crisis examples are weaker evidence than the phrases: a
		// question about violence or an emergency that does not say the
		// danger is now is answered when the answer is confident.
		kind = match().Crisis
		asks = kind != intents.SelfHarm && !intents.DangerNow(text) && intents.AsksFor(text)
	}
	if kind != intents.NoCrisis {
		s.remember(text)
		open := false
		if e.cfg.Handoffs != nil {
			if open, _ = e.cfg.Handoffs.Open(ctx, in.User); open {
				_ = e.cfg.Handoffs.Relay(ctx, in)
			}
		}
		if asks {
			// A question about violence or an emergency, not someone in
			// danger now: the worker answers it when a handoff is open,
			// else the confident answer (which opens with 911) is the reply.
			if open {
				return nil, nil
			}
			if res := match(); res.Decision == intents.Answer {
				return e.answer(ctx, res.Top().Topic, res.Confidence, lang, s)
			}
		}
		replies := []Reply{e.crisis(kind, lang, s)}
		if kind == intents.Violence {
			// Then the question asked, when the knowledge base answers it
			// with confidence: "he hits me; if I leave, will I lose my
			// status?" needs the family-violence answer after 911. Self-harm
			// and medical emergencies get nothing that could distract.
			if res := match(); res.Decision == intents.Answer {
				more, err := e.answer(ctx, res.Top().Topic, res.Confidence, lang, s)
				if err == nil {
					replies = append(replies, more...)
				}
			}
		}
		return replies, nil
	}
	// 2. An open handoff: the worker answers. Only withdrawing (/cancel)
	// and deleting (/forget) still reach the bot.
	if e.cfg.Handoffs != nil && !withdraws(text, in.Button) {
		open, err := e.cfg.Handoffs.Open(ctx, in.User)
		if err != nil {
			e.logErr("handoff: open ticket lookup", err)
		}
		if open {
			if in.Button != "" {
				// A button pressed on an old message: nothing to relay.
				return []Reply{{Kind: KindHandoff, Lang: lang, Region: s.Region, Confidence: 1, Text: msg(lang, "handoff_open")}}, nil
			}
			return nil, e.cfg.Handoffs.Relay(ctx, in)
		}
	}
	// 3. Buttons and commands.
	if in.Button != "" {
		return e.button(ctx, in, lang, s)
	}
	if it.Kind == intents.Command {
		return e.command(ctx, in, it, lang, s)
	}
	s.remember(text)
	// Region from what people say, before anything else uses it.
	if r, city := intents.Region(text); r != "" {
		if intents.PlaceOnly(text) {
			return e.regionGiven(ctx, r, city, lang, s)
		}
		s.Region, s.City = r, city
	}
	switch it.Kind {
	case intents.Empty:
		return []Reply{{Kind: KindSmallTalk, Lang: lang, Text: msg(lang, "empty"), Confidence: 1}}, nil
	case intents.Handoff:
		return []Reply{e.handoffOffer(lang, s, false)}, nil
	case intents.SmallTalk:
		return []Reply{{Kind: KindSmallTalk, Lang: lang, Region: s.Region, Text: msg(lang, it.Talk), Confidence: 1}}, nil
	}
	// A reply to a pending clarification by number ("2").
	if n := choiceNumber(text); n > 0 && n <= len(s.Pending) {
		topic := s.Pending[n-1]
		return e.answer(ctx, topic, 1, lang, s)
	}
	return e.match(ctx, text, lang, s, match())
}

// match replies to a question from its match result.
func (e *Engine) match(ctx context.Context, text, lang string, s *Session, res intents.Result) ([]Reply, error) {
	kb := e.kb.Load()
	s.Pending = nil
	switch res.Decision {
	case intents.Answer:
		return e.answer(ctx, res.Top().Topic, res.Confidence, lang, s)
	case intents.Clarify:
		r := Reply{Kind: KindClarify, Lang: lang, Region: s.Region, Confidence: res.Confidence, Text: msg(lang, "clarify")}
		var row []Button
		for i, c := range res.Candidates {
			t, err := kb.base.Topic(c.Topic)
			if err != nil {
				continue
			}
			title, _ := t.Title.In(lang)
			r.Choices = append(r.Choices, Choice{Topic: t.ID, Title: title})
			r.Text += fmt.Sprintf("\n%d. %s", i+1, title)
			row = append(row, Button{Label: title, Data: "t:" + t.ID})
			s.Pending = append(s.Pending, t.ID)
		}
		r.Buttons = [][]Button{row, {{Label: msg(lang, "btn_person"), Data: "human"}}}
		return []Reply{r}, nil
	}
	q := Unanswered{Text: text, Lang: lang, Region: s.Region, Score: round(res.Confidence), Time: e.cfg.Now().UTC()}
	if top := res.Top(); top.Topic != "" {
		q.Best = top.Topic
	}
	if err := e.cfg.Unanswered.Record(ctx, q); err != nil {
		e.logErr("unanswered: record", err)
	}
	if res.Abroad {
		return []Reply{e.abroad(res, lang, s)}, nil
	}
	s.Fallbacks++
	key := "fallback"
	if s.Fallbacks >= 2 {
		key = "fallback_again"
	}
	r := Reply{Kind: KindFallback, Lang: lang, Region: s.Region, Confidence: res.Confidence, Text: msg(lang, key),
		Buttons: [][]Button{{{Label: msg(lang, "btn_person"), Data: "human"}}}}
	if s.Fallbacks >= 2 && e.cfg.Handoffs != nil {
		// Two in a row: offer a person at once, saying what would be
		// shared; one tap consents.
		r.Text = msg(lang, "fallback_offer")
		r.Buttons = [][]Button{{{Label: msg(lang, "btn_yes_connect"), Data: "consent"}}}
	}
	return []Reply{r}, nil
}

// abroad declines a question about life in another country. It is not a
// gap in the knowledge, so it does not count towards offering a person;
// in case the question was about Canada after all, the best topic is one
// tap away.
func (e *Engine) abroad(res intents.Result, lang string, s *Session) Reply {
	r := Reply{Kind: KindFallback, Lang: lang, Region: s.Region, Confidence: res.Confidence, Text: msg(lang, "abroad")}
	var row []Button
	if t, err := e.kb.Load().base.Topic(res.Top().Topic); err == nil {
		title, _ := t.Title.In(lang)
		row = append(row, Button{Label: title, Data: "t:" + t.ID})
	}
	r.Buttons = [][]Button{append(row, Button{Label: msg(lang, "btn_person"), Data: "human"})}
	return r
}

// answer builds the knowledge answer for topic.
func (e *Engine) answer(ctx context.Context, topic string, conf float64, lang string, s *Session) ([]Reply, error) {
	kb := e.kb.Load()
	t, err := kb.base.Topic(topic)
	if err != nil {
		// A button from an older knowledge version.
		return []Reply{{Kind: KindFallback, Lang: lang, Region: s.Region, Text: msg(lang, "gone"),
			Buttons: [][]Button{{{Label: msg(lang, "btn_person"), Data: "human"}}}}}, nil
	}
	s.Pending = nil
	s.Fallbacks = 0
	s.LastTopic = t.ID
	text, used, _ := t.AnswerFor(lang, s.Region)
	var b strings.Builder
	if used != lang {
		b.WriteString(msg(lang, "english_note"))
		b.WriteString("\n\n")
	}
	b.WriteString(strings.TrimSpace(text))
	if t.Unreviewed(used) {
		b.WriteString("\n\n" + msg(used, "translated"))
	}
	r := Reply{Kind: KindAnswer, Topic: t.ID, Confidence: conf, Lang: used, Region: s.Region, Sensitive: t.Sensitive}
	footLang := used
	if footLang != "fr" {
		footLang = "en"
	}
	// Local services, at most 3.
	for _, svc := range kb.base.Referrals(t.ID, s.Region, s.City, 3) {
		r.Referrals = append(r.Referrals, Referral{ID: svc.ID, Name: svc.Organization, URL: svc.URL, Phone: svc.Phone})
	}
	if len(r.Referrals) > 0 {
		b.WriteString("\n\n" + msg(footLang, "services"))
		for _, ref := range r.Referrals {
			b.WriteString("\n- " + ref.Name)
			if ref.Phone != "" {
				b.WriteString(", " + ref.Phone)
			}
			if ref.URL != "" {
				b.WriteString(", " + ref.URL)
			}
		}
	}
	r.Sources = t.SourcesFor(s.Region)
	if len(r.Sources) > 0 {
		b.WriteString("\n\n" + msg(footLang, "source", r.Sources[0]))
	}
	if d := t.ReviewedAt(); !d.IsZero() {
		b.WriteString("\n" + msg(footLang, "checked", monthNames[footLang][d.Month()-1]+" "+fmt.Sprint(d.Year())))
	}
	r.Text = b.String()
	var related []Button
	for _, id := range t.Related {
		if rt, err := kb.base.Topic(id); err == nil {
			title, _ := rt.Title.In(lang)
			related = append(related, Button{Label: title, Data: "t:" + id})
		}
		if len(related) == 3 {
			break
		}
	}
	if len(related) > 0 {
		r.Buttons = append(r.Buttons, related)
	}
	r.Buttons = append(r.Buttons, []Button{{Label: "👍", Data: "f:+:" + t.ID}, {Label: "👎", Data: "f:-:" + t.ID}, {Label: msg(lang, "btn_person"), Data: "human"}})
	replies := []Reply{r}
	s.RegionFor = ""
	if t.Regional && s.Region == "" && !s.AskedRegion {
		s.AskedRegion, s.RegionFor = true, t.ID
		replies = append(replies, e.regionPrompt(lang, "ask_region"))
	}
	return replies, nil
}

// regionGiven sets the region a person gave (a button, /region or a
// message that only says where they live) and, when the bot had just
// asked for it after a regional answer, gives that answer again for
// their province.
func (e *Engine) regionGiven(ctx context.Context, code, city, lang string, s *Session) ([]Reply, error) {
	out := e.setRegion(code, lang, s)
	if s.Region != strings.ToUpper(code) {
		return out, nil // not a province the bot knows
	}
	if s.City = city; city != "" {
		out[0].Text = msg(lang, "region_set", city+", "+regionNames[s.Region])
	}
	if topic := s.RegionFor; topic != "" {
		more, err := e.answer(ctx, topic, 1, lang, s)
		if err != nil {
			return out, err
		}
		out = append(out, more...)
	}
	return out, nil
}

func (e *Engine) regionPrompt(lang, key string) Reply {
	return Reply{Kind: KindCommand, Lang: lang, Text: msg(lang, key), Buttons: [][]Button{
		{{Label: "Ontario", Data: "r:ON"}, {Label: "Alberta", Data: "r:AB"}},
		{{Label: msg(lang, "btn_other"), Data: "r:other"}},
	}}
}

func (e *Engine) crisis(kind intents.CrisisKind, lang string, s *Session) Reply {
	if lang != "fr" && !hasMsg(lang, "crisis_danger") {
		lang = "en"
	}
	parts := []string{msg(lang, "crisis_danger")}
	switch kind {
	case intents.SelfHarm:
		parts = append(parts, msg(lang, "crisis_selfharm"))
	case intents.Violence:
		parts = append(parts, msg(lang, "crisis_violence"))
	case intents.MedicalDanger:
		parts = append(parts, msg(lang, "crisis_medical"))
	}
	parts = append(parts, msg(lang, "crisis_person"))
	return Reply{Kind: KindCrisis, Topic: string(kind), Confidence: 1, Lang: lang, Region: s.Region, Sensitive: true,
		Text:    strings.Join(parts, "\n\n"),
		Buttons: [][]Button{{{Label: msg(lang, "btn_person"), Data: "human:urgent"}}}}
}

// handoffOffer says what a handoff would share and asks for consent; the
// consent button carries the urgency (after a crisis reply).
func (e *Engine) handoffOffer(lang string, s *Session, urgent bool) Reply {
	if e.cfg.Handoffs == nil {
		return Reply{Kind: KindHandoff, Lang: lang, Region: s.Region, Confidence: 1, Sensitive: true, Text: msg(lang, "handoff_none")}
	}
	consent := "consent"
	if urgent {
		consent = "consent:urgent"
	}
	return Reply{Kind: KindHandoff, Lang: lang, Region: s.Region, Confidence: 1, Sensitive: true, Text: msg(lang, "handoff"),
		Buttons: [][]Button{{{Label: msg(lang, "btn_yes_connect"), Data: consent}, {Label: "✖", Data: "cancel"}}}}
}

// withdraws reports whether a message withdraws a handoff or deletes the
// person's data: those reach the bot even while a ticket is open.
func withdraws(text, button string) bool {
	if button == "cancel" {
		return true
	}
	if !strings.HasPrefix(text, "/") {
		return false
	}
	it := intents.Classify(text)
	switch it.Command {
	case "cancel", "annuler", "forget", "oublier":
		return true
	}
	return false
}

// AnswerText returns the knowledge answer for topic as the bot would give
// it to someone writing in lang from region (with referrals, the source
// and the review date): for a settlement worker's /kb. It fails with
// knowledge.ErrNotFound for an unknown topic.
func (e *Engine) AnswerText(topic, lang, region string) (string, error) {
	if _, err := e.kb.Load().base.Topic(topic); err != nil {
		return "", err
	}
	s := Session{Lang: lang, Region: region, AskedRegion: true}
	rs, err := e.answer(context.Background(), topic, 1, lang, &s)
	if err != nil || len(rs) == 0 {
		return "", fmt.Errorf("bot: answer %q: %w", topic, err)
	}
	return rs[0].Text, nil
}

func (e *Engine) button(ctx context.Context, in Incoming, lang string, s *Session) ([]Reply, error) {
	kind, arg, _ := strings.Cut(in.Button, ":")
	switch kind {
	case "t":
		return e.answer(ctx, arg, 1, lang, s)
	case "l":
		return e.setLanguage(arg, s), nil
	case "r":
		if arg == "other" {
			return []Reply{e.regionPrompt(lang, "region_prompt")}, nil
		}
		return e.regionGiven(ctx, arg, "", lang, s)
	case "f":
		e.log.Info("feedback", "platform", in.Platform, "helpful", strings.HasPrefix(arg, "+"), "topic", strings.TrimLeft(arg, "+-:"))
		return []Reply{{Kind: KindCommand, Lang: lang, Text: msg(lang, "feedback")}}, nil
	case "human":
		return []Reply{e.handoffOffer(lang, s, arg == "urgent")}, nil
	case "consent":
		return e.requestHandoff(ctx, in, lang, s, arg == "urgent")
	case "cancel":
		return e.cancel(ctx, in, lang)
	case "rate":
		return e.rate(ctx, in, arg, lang)
	}
	e.log.Warn("unknown button", "platform", in.Platform, "len", len(in.Button))
	return []Reply{{Kind: KindCommand, Lang: lang, Text: msg(lang, "help")}}, nil
}

func (e *Engine) requestHandoff(ctx context.Context, in Incoming, lang string, s *Session, urgent bool) ([]Reply, error) {
	if e.cfg.Handoffs == nil {
		return []Reply{{Kind: KindHandoff, Lang: lang, Region: s.Region, Confidence: 1, Text: msg(lang, "handoff_none")}}, nil
	}
	text, err := e.cfg.Handoffs.Request(ctx, in, *s, urgent)
	if err != nil {
		return []Reply{{Kind: KindHandoff, Lang: lang, Text: msg(lang, "handoff_none")}}, fmt.Errorf("bot: handoff request: %w", err)
	}
	// Shared with the ticket: the session need not keep them any longer.
	s.Recent, s.Fallbacks = nil, 0
	return []Reply{{Kind: KindHandoff, Lang: lang, Region: s.Region, Confidence: 1, Text: text}}, nil
}

func (e *Engine) cancel(ctx context.Context, in Incoming, lang string) ([]Reply, error) {
	key := "cancel"
	var err error
	if e.cfg.Handoffs != nil {
		if open, _ := e.cfg.Handoffs.Open(ctx, in.User); open {
			key = "handoff_cancelled"
		}
		err = e.cfg.Handoffs.Cancel(ctx, in.User)
	}
	return []Reply{{Kind: KindCommand, Lang: lang, Text: msg(lang, key)}}, err
}

// rate records a rating button ("rate:12:4") after a handoff closed.
func (e *Engine) rate(ctx context.Context, in Incoming, arg, lang string) ([]Reply, error) {
	reply := []Reply{{Kind: KindCommand, Lang: lang, Text: msg(lang, "rated"), Confidence: 1}}
	r, ok := e.cfg.Handoffs.(HandoffRater)
	if !ok {
		return reply, nil
	}
	num, score, _ := strings.Cut(arg, ":")
	n, err1 := strconv.Atoi(num)
	v, err2 := strconv.Atoi(score)
	if err1 != nil || err2 != nil {
		return reply, nil
	}
	if err := r.Rate(ctx, in.User, n, v); err != nil {
		return reply, fmt.Errorf("bot: rating: %w", err)
	}
	return reply, nil
}

func (e *Engine) command(ctx context.Context, in Incoming, it intents.Intent, lang string, s *Session) ([]Reply, error) {
	reply := func(text string, buttons ...[]Button) []Reply {
		return []Reply{{Kind: KindCommand, Lang: lang, Region: s.Region, Text: text, Buttons: buttons, Confidence: 1}}
	}
	switch it.Command {
	case "start":
		// Deep links: /start fr, /start region-AB, /start fr-ON
		for _, part := range strings.FieldsFunc(it.Arg, func(r rune) bool { return r == '-' || r == '_' || r == ' ' }) {
			switch p := strings.ToLower(part); {
			case slices.Contains(knowledge.Languages, p):
				s.Lang, s.LangChosen, lang = p, true, p
			case intents.RegionCode(p) != "" && p != "region":
				s.Region = intents.RegionCode(p)
			}
		}
		out := reply(msg(lang, "greeting"))
		out[0].Kind = KindSmallTalk
		out[0].Region = s.Region
		if !hasMsg(lang, "greeting") || (in.LangHint == "" && it.Arg == "") {
			out[0].Buttons = languageButtons()
		}
		return out, nil
	case "help":
		return reply(msg(lang, "help")), nil
	case "language", "lang", "langue":
		if l := strings.ToLower(strings.TrimSpace(it.Arg)); slices.Contains(knowledge.Languages, l) {
			return e.setLanguage(l, s), nil
		}
		return reply(msg(lang, "language_prompt"), languageButtons()...), nil
	case "region", "province", "city", "ville":
		if it.Arg == "" {
			return []Reply{e.regionPrompt(lang, "region_prompt")}, nil
		}
		r, city := intents.Region(it.Arg)
		if r == "" {
			r = intents.RegionCode(it.Arg)
		}
		if r == "" {
			return reply(msg(lang, "region_unknown")), nil
		}
		return e.regionGiven(ctx, r, city, lang, s)
	case "human", "person", "agent", "humain":
		return []Reply{e.handoffOffer(lang, s, false)}, nil
	case "cancel", "annuler":
		return e.cancel(ctx, in, lang)
	case "forget", "oublier":
		err := e.cfg.Sessions.Forget(ctx, in.User)
		_ = e.fallback.Forget(ctx, in.User)
		if e.cfg.Handoffs != nil {
			var cerr error
			if f, ok := e.cfg.Handoffs.(HandoffForgetter); ok {
				cerr = f.Forget(ctx, in.User) // closes the ticket, deletes transcripts
			} else {
				cerr = e.cfg.Handoffs.Cancel(ctx, in.User)
			}
			if cerr != nil && err == nil {
				err = cerr
			}
		}
		if err != nil {
			return reply(msg(lang, "error")), fmt.Errorf("bot: forget: %w", err)
		}
		return reply(msg(lang, "forgot")), errForgotten
	case "privacy", "confidentialite":
		return reply(msg(lang, "privacy", retention(e.cfg.Retention))), nil
	}
	return reply(msg(lang, "help")), nil
}

func languageButtons() [][]Button {
	var rows [][]Button
	var row []Button
	for _, l := range languageNames {
		row = append(row, Button{Label: l.Name, Data: "l:" + l.Code})
		if len(row) == 3 {
			rows, row = append(rows, row), nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return rows
}

func (e *Engine) setLanguage(l string, s *Session) []Reply {
	if !slices.Contains(knowledge.Languages, l) {
		l = "en"
	}
	s.Lang, s.LangChosen = l, true
	key := "language_set"
	if !hasMsg(l, key) {
		key = "greeting"
	}
	return []Reply{{Kind: KindCommand, Lang: l, Region: s.Region, Text: msg(l, key), Confidence: 1}}
}

func (e *Engine) setRegion(code, lang string, s *Session) []Reply {
	code = strings.ToUpper(code)
	name, ok := regionNames[code]
	if !ok {
		return []Reply{e.regionPrompt(lang, "region_unknown")}
	}
	s.Region, s.City = code, ""
	return []Reply{{Kind: KindCommand, Lang: lang, Region: code, Text: msg(lang, "region_set", name), Confidence: 1}}
}

// replyLang picks the language to answer in: what the message is written
// in (detected) when that is clear, else the session's, else the
// platform's, else English.
func (e *Engine) replyLang(text, detected string, in Incoming, s Session) string {
	if s.LangChosen && s.Lang != "" {
		if detected == "" || detected == s.Lang || len(intents.Words(text)) < 3 {
			return s.Lang
		}
	}
	if detected != "" && slices.Contains(knowledge.Languages, detected) {
		return detected
	}
	if s.Lang != "" {
		return s.Lang
	}
	if h := strings.ToLower(in.LangHint); len(h) >= 2 && slices.Contains(knowledge.Languages, h[:2]) {
		return h[:2]
	}
	return "en"
}

func (e *Engine) session(ctx context.Context, user string) Session {
	s, err := e.cfg.Sessions.Session(ctx, user)
	if err == nil {
		return s
	}
	if !errors.Is(err, ErrNotFound) {
		e.logErr("sessions: read", err)
		if s, err := e.fallback.Session(ctx, user); err == nil {
			return s
		}
	}
	return Session{User: user}
}

func (e *Engine) save(ctx context.Context, s Session) error {
	if err := e.cfg.Sessions.SaveSession(ctx, s); err != nil {
		e.logErr("sessions: write", err)
		_ = e.fallback.SaveSession(ctx, s)
	}
	return nil
}

// logErr logs a storage error at most once a minute, so an outage does
// not flood the log.
func (e *Engine) logErr(what string, err error) {
	e.errMu.Lock()
	defer e.errMu.Unlock()
	now := e.cfg.Now()
	if now.Sub(e.lastErr) < time.Minute {
		return
	}
	e.lastErr = now
	e.log.Error(what+" failed; answering without stored sessions until it recovers", "err", err)
}

func choiceNumber(text string) int {
	t := strings.TrimSpace(text)
	if len(t) == 1 && t[0] >= '1' && t[0] <= '3' {
		return int(t[0] - '0')
	}
	return 0
}

func retention(d time.Duration) string {
	if d >= 48*time.Hour {
		return fmt.Sprintf("%d days", int(d.Hours()/24))
	}
	return d.String()
}

func round(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }
