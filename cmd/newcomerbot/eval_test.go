package main

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/newcomerbot/newcomerbot/bot"
	"github.com/newcomerbot/newcomerbot/intents"
	"github.com/newcomerbot/newcomerbot/knowledge"
)

// devSet is the development question set, beside the repository as in CI.
const devSet = "../../../shared/eval/dev.jsonl"

// TestDevSetScores keeps answer quality from silently regressing. The
// floors are the content issue's targets (English paraphrases reach 0.925,
// 74 of 80, since session 4's confidence for a clear winner).
func TestDevSetScores(t *testing.T) {
	if _, err := os.Stat(devSet); err != nil {
		t.Fatalf("the development set must be beside the repository (%v)", err)
	}
	checkScores(t, devSet, map[string]float64{"en": 0.92, "en-typo": 0.88, "fr": 0.88, "other": 0.75, "crisis": 1, "smalltalk": 1, "handoff": 1}, 0.08)
}

// TestCheckSetScores holds the scores on testdata/check.jsonl: 260
// messages in the dev set's format, written for this project by someone
// who saw neither the knowledge base nor the dev set, and never used to
// tune the matcher. It is the better guess of how the bot does on
// questions nobody tuned for; out-of-scope near-misses are its weak spot.
func TestCheckSetScores(t *testing.T) {
	checkScores(t, "testdata/check.jsonl", map[string]float64{"en": 0.90, "en-typo": 0.88, "fr": 0.90, "other": 0.85, "crisis": 1, "smalltalk": 1, "handoff": 1}, 0.10)
}

// TestCheck3SetScores holds the scores on testdata/check3.jsonl: 320 more
// messages written the same way in session 3, from topics.md alone. Its
// out-of-scope lines were asked to be mostly near-misses (another country's
// immigration, products, games), so it is harder there than the dev set;
// its misses guided two changes (near out-of-scope examples, fire and
// smoke as crises). Out of scope went from 0.27 to 0.12 answered in
// session 4, when questions about another country stopped being answered,
// and to 0.05 with the everyday domains.
func TestCheck3SetScores(t *testing.T) {
	checkScores(t, "testdata/check3.jsonl", map[string]float64{"en": 0.90, "en-typo": 0.85, "fr": 0.92, "other": 0.85, "crisis": 1, "smalltalk": 1, "handoff": 1}, 0.10)
}

// TestAbroadSetScores holds testdata/abroad.jsonl: 140 messages that name
// a place outside Canada, written without seeing the knowledge base. The
// 70 in-scope ones ("my licence from the philippines") must be answered.
// The 70 about life in another country ("minimum wage in poland") must
// not be answered as if asked about Canada. The words that tell the two
// apart (intents.AboutAbroad) were chosen on this set and on the knowledge
// base's own questions, so it flatters them: 0.04 answered here, against
// 0.84 before; see testdata/abroad2.jsonl for an unseen set.
func TestAbroadSetScores(t *testing.T) {
	checkScores(t, "testdata/abroad.jsonl", map[string]float64{"en": 0.93, "fr": 0.90}, 0.10)
}

// TestAbroad2SetScores holds testdata/abroad2.jsonl: 160 more messages of
// the same two kinds, written in session 4 after AboutAbroad, without
// seeing the code, the knowledge base or the other sets. Before
// AboutAbroad 0.75 of its questions about another country were answered;
// after, 0.12. Two of its settlement questions were then declined (time
// spent abroad counting towards citizenship); reading them added the words
// of absence ("spent", "pars") to AboutAbroad, its only use of this set.
func TestAbroad2SetScores(t *testing.T) {
	checkScores(t, "testdata/abroad2.jsonl", map[string]float64{"en": 0.90, "fr": 0.88}, 0.16)
}

// checkScores scores a question set with the bundled knowledge base and
// fails below a floor or above the out-of-scope ceiling.
func checkScores(t *testing.T, path string, floors map[string]float64, oosCeiling float64) {
	t.Helper()
	lines, err := readEval(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	b, err := knowledge.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	mem := knowledge.NewMemory()
	mem.Publish(ctx, b)
	e, err := bot.New(ctx, bot.Config{Knowledge: mem})
	if err != nil {
		t.Fatal(err)
	}
	rep := evaluate(ctx, e, lines)
	m := rep.metrics()
	for k, floor := range floors {
		if m[k] < floor {
			t.Errorf("%s: %.2f, below the floor %.2f", k, m[k], floor)
		}
	}
	if got := m["outofscope-ans"]; got > oosCeiling {
		t.Errorf("confident answers to out-of-scope questions: %.2f, above %.2f", got, oosCeiling)
	}
	if rep.Skipped > 0 {
		t.Errorf("%d lines have a topic the knowledge base lacks", rep.Skipped)
	}
	if t.Failed() {
		for _, miss := range rep.Misses {
			t.Log(miss)
		}
	}
}

func TestCrossValidateHoldsOutEachVariantOnce(t *testing.T) {
	var docs []intents.Doc
	add := func(topic, lang string, texts ...string) {
		for _, s := range texts {
			docs = append(docs, intents.Doc{Topic: topic, Lang: lang, Field: intents.QuestionField, Text: s})
		}
	}
	// Each variant shares its topic's distinctive word with the others,
	// except one that uses words no other document has. (A base this small
	// answers less than a real one: the out-of-scope examples weigh more.)
	add("work-permit", "en", "lmia approval", "lmia processing", "lmia employer", "lmia refused", "lmia fee")
	add("childcare", "en", "ccb deposit", "ccb eligibility", "ccb application", "ccb retroactive", "zebra xylophone quartz")
	add("childcare", "fr", "ace dépôt", "ace admissibilité")
	// The answer threshold is fixed so the test is about the holding out,
	// not the default threshold.
	scores := crossValidate(docs, intents.Options{AnswerAt: 0.38}, 3)
	// Every variant is held out exactly once; most are answered from their
	// siblings, never the one with no word in common.
	if en := scores["en"]; en.n != 10 || en.ok < 5 || en.ok > 9 {
		t.Errorf("en: %d of %d answered with their topic, want 10 held out and 5 to 9 answered", en.ok, en.n)
	}
	if fr := scores["fr"]; fr.n != 2 {
		t.Errorf("fr: %d held out, want 2 (every variant once)", fr.n)
	}
	// The built-in out-of-scope examples are held out too, and most are
	// still declined from the others.
	oos := scores["outofscope"]
	want := 0
	for _, d := range intents.OutOfScopeDocs() {
		if d.Field == intents.QuestionField {
			want++
		}
	}
	if oos.n != want || oos.ok < want/2 {
		t.Errorf("outofscope: %d of %d declined, want all %d held out and most declined", oos.ok, oos.n, want)
	}
}

func TestEvalFoldsNeedsANumber(t *testing.T) {
	_, stderr, err := runCmd(t, env(), "", "eval", "--folds", "1")
	if err == nil || !strings.Contains(stderr, "--folds needs") {
		t.Fatalf("eval --folds 1: err %v, stderr %q", err, stderr)
	}
}

func TestEvalReportShowsADashForAMeasureTheSetLacks(t *testing.T) {
	rep := &evalReport{Groups: map[string]*tally{"paraphrase/en": {ok: 1, n: 2}, "paraphrase/all": {ok: 1, n: 2}}}
	var out strings.Builder
	printReport(&out, rep)
	for _, want := range []string{"en 0.50, en typos -, fr -, other languages -", "out-of-scope: -", "crisis information first: -"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

// TestCheck4SetScores holds testdata/check4.jsonl: 411 messages written in
// session 4 like the dev set, from topics.md alone. Its crisis, small talk
// and handoff misses were read (they added "il arrive pas à respirer", "an
// actual caseworker", "merci, bonne journée") and half of its other misses
// (odd lines); the even lines were never read.
func TestCheck4SetScores(t *testing.T) {
	checkScores(t, "testdata/check4.jsonl", map[string]float64{"en": 0.90, "en-typo": 0.92, "fr": 0.88, "other": 0.80, "crisis": 1, "smalltalk": 1, "handoff": 1}, 0.10)
}

// TestCrisis2SetScores holds testdata/crisis2.jsonl: 150 messages from
// people in danger, written to be indirect ("the rope is ready in the
// garage", "he has knife standing at the door"), and 100 questions that
// use the same words for information ("cpr class in french in ottawa").
// The crisis phrases alone found 0.36 of the crises; with the crisis
// examples in the index (intents.CrisisDocs, written without seeing this
// set) 0.91. The odd lines' misses were read once, for a rule-based attempt
// that was dropped; the examples were not tuned on either half.
func TestCrisis2SetScores(t *testing.T) {
	checkScores(t, "testdata/crisis2.jsonl", map[string]float64{"en": 0.83, "fr": 0.70, "crisis": 0.88}, 1)
}

// TestOOS5SetScores holds testdata/oos5.jsonl: 220 out-of-scope messages,
// mostly near-misses that use the topics' words in other senses (a "licence"
// for ham radio, "vote" on a TV show, "food" for a bearded dragon), written
// in session 4 without seeing the code. The matcher's known weak spot: 0.27
// of them were answered at the start of session 4, 0.13 since the everyday
// domains (intents/outofscope_domains.txt, written without seeing this
// set). The odd lines' misses were read once; the even lines never were.
func TestOOS5SetScores(t *testing.T) {
	checkScores(t, "testdata/oos5.jsonl", map[string]float64{}, 0.17)
}
