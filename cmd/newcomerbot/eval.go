package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/newcomerbot/newcomerbot/bot"
	"github.com/newcomerbot/newcomerbot/intents"
)

// evalLine is one line of a question set (../shared/eval/README.md).
type evalLine struct {
	Q      string   `json:"q"`
	Lang   string   `json:"lang"`
	Kind   string   `json:"kind"`
	Topic  string   `json:"topic"`
	Expect []string `json:"expect"`
	Region string   `json:"region"`
}

// tally counts correct answers in one group.
type tally struct{ ok, n int }

func (t tally) rate() float64 {
	if t.n == 0 {
		return 0
	}
	return float64(t.ok) / float64(t.n)
}

// evalReport is the outcome of scoring a question set.
type evalReport struct {
	Groups  map[string]*tally // "paraphrase/en", "typo/fr", "outofscope/all", ...
	Misses  []string          // one line per wrong answer, for tuning
	Skipped int               // in-scope lines whose topic the knowledge base lacks
}

// group returns the score of a group ("" when absent).
func (r *evalReport) group(name string) tally {
	if t, ok := r.Groups[name]; ok {
		return *t
	}
	return tally{}
}

// Accuracy of the named metrics, as the issues state them.
func (r *evalReport) metrics() map[string]float64 {
	other := tally{}
	for name, t := range r.Groups {
		kind, lang, _ := strings.Cut(name, "/")
		if (kind == "paraphrase" || kind == "typo") && lang != "en" && lang != "fr" && lang != "all" {
			other.ok += t.ok
			other.n += t.n
		}
	}
	oos := r.group("outofscope/all")
	return map[string]float64{
		"en":             r.group("paraphrase/en").rate(),
		"en-typo":        r.group("typo/en").rate(),
		"fr":             sum(r.group("paraphrase/fr"), r.group("typo/fr")).rate(),
		"other":          other.rate(),
		"outofscope-ans": 1 - oos.rate(),
		"crisis":         r.group("crisis/all").rate(),
		"smalltalk":      r.group("smalltalk/all").rate(),
		"handoff":        r.group("handoff/all").rate(),
	}
}

func sum(ts ...tally) tally {
	var out tally
	for _, t := range ts {
		out.ok += t.ok
		out.n += t.n
	}
	return out
}

// evaluate runs every line through the engine as a fresh user, the way
// `ask --json` does, and scores it.
func evaluate(ctx context.Context, e *bot.Engine, lines []evalLine) *evalReport {
	rep := &evalReport{Groups: map[string]*tally{}}
	topics := map[string]bool{}
	for _, t := range e.Knowledge().Topics {
		topics[t.ID] = true
	}
	add := func(name string, ok bool) {
		t := rep.Groups[name]
		if t == nil {
			t = &tally{}
			rep.Groups[name] = t
		}
		t.n++
		if ok {
			t.ok++
		}
	}
	for i, l := range lines {
		if (l.Kind == "paraphrase" || l.Kind == "typo") && !topics[l.Topic] {
			rep.Skipped++
			continue
		}
		replies, _ := e.Handle(ctx, bot.Incoming{Platform: "console", User: fmt.Sprintf("console:eval-%d", i), Text: l.Q, NoNotice: true})
		res := summarize(replies)
		var ok bool
		switch l.Kind {
		case "paraphrase", "typo":
			ok = res.Kind == "answer" && res.Topic == l.Topic
		case "outofscope":
			ok = res.Kind != "answer"
		case "crisis":
			head := res.Text
			if len(head) > 300 {
				head = head[:300]
			}
			ok = res.Kind == "crisis" && (strings.Contains(head, "911") || strings.Contains(head, "988"))
		case "smalltalk":
			ok = res.Kind == "smalltalk"
		case "handoff":
			ok = res.Kind == "handoff"
		default:
			continue
		}
		add(l.Kind+"/"+l.Lang, ok)
		add(l.Kind+"/all", ok)
		if !ok {
			got := res.Kind
			if res.Topic != "" {
				got += ":" + res.Topic
			}
			for _, c := range res.Choices {
				got += " ?" + c.Topic
			}
			rep.Misses = append(rep.Misses, fmt.Sprintf("%s/%s want %s got %s (%.2f): %s", l.Kind, l.Lang, orDash(l.Topic), got, res.Confidence, l.Q))
		}
	}
	return rep
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func readEval(path string) ([]evalLine, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var lines []evalLine
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var l evalLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		lines = append(lines, l)
	}
	return lines, sc.Err()
}

func cmdEval(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	verbose := false
	var path string
	folds := 0
	for i := 0; i < len(args); i++ {
		switch a := args[i]; a {
		case "-v", "--verbose":
			verbose = true
		case "--folds":
			if i+1 < len(args) {
				i++
				folds, _ = strconv.Atoi(args[i])
			}
			if folds < 2 {
				fmt.Fprintln(stderr, "newcomerbot: --folds needs a number of folds, 2 or more")
				return errSilent
			}
		default:
			path = a
		}
	}
	if folds > 0 {
		a, err := open(ctx, cfg, newLogger(cfg, stderr, true), stderr)
		if err != nil {
			return err
		}
		defer a.Close()
		printFolds(stdout, folds, crossValidate(bot.Docs(a.engine.Knowledge()), intents.Options{}, folds))
		return nil
	}
	if path == "" {
		fmt.Fprintln(stderr, "newcomerbot: eval needs a FILE.jsonl, or --folds N")
		return errSilent
	}
	lines, err := readEval(path)
	if err != nil {
		return err
	}
	a, err := open(ctx, cfg, newLogger(cfg, stderr, true), stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	rep := evaluate(ctx, a.engine, lines)
	if verbose {
		for _, m := range rep.Misses {
			fmt.Fprintln(stdout, "MISS", m)
		}
	}
	printReport(stdout, rep)
	return nil
}

func printReport(w io.Writer, rep *evalReport) {
	names := make([]string, 0, len(rep.Groups))
	for n := range rep.Groups {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintf(w, "%-18s %7s %5s\n", "kind/lang", "correct", "rate")
	for _, n := range names {
		t := rep.Groups[n]
		fmt.Fprintf(w, "%-18s %3d/%-3d %5.2f\n", n, t.ok, t.n, t.rate())
	}
	m := rep.metrics()
	// A measure the set has no line for shows "-", not a misleading 0.00.
	val := func(key string, has func(group string) bool) string {
		for n := range rep.Groups {
			if has(n) {
				return fmt.Sprintf("%.2f", m[key])
			}
		}
		return "-"
	}
	is := func(groups ...string) func(string) bool {
		return func(n string) bool { return slices.Contains(groups, n) }
	}
	other := func(n string) bool {
		kind, lang, _ := strings.Cut(n, "/")
		return (kind == "paraphrase" || kind == "typo") && lang != "en" && lang != "fr" && lang != "all"
	}
	fmt.Fprintf(w, "\ntop-1 accuracy: en %s, en typos %s, fr %s, other languages %s\n",
		val("en", is("paraphrase/en")), val("en-typo", is("typo/en")), val("fr", is("paraphrase/fr", "typo/fr")), val("other", other))
	fmt.Fprintf(w, "confident answers to out-of-scope: %s\n", val("outofscope-ans", is("outofscope/all")))
	fmt.Fprintf(w, "crisis information first: %s; small talk %s; handoff %s\n",
		val("crisis", is("crisis/all")), val("smalltalk", is("smalltalk/all")), val("handoff", is("handoff/all")))
	if rep.Skipped > 0 {
		fmt.Fprintf(w, "(%d in-scope lines skipped: their topic is not in the knowledge base)\n", rep.Skipped)
	}
}

// foldScore is the cross-validation result for one language group.
type foldScore struct{ ok, n int }

// crossValidate measures how well the knowledge base's own question
// variants generalise, without any test set: each variant is held out in
// one of k folds (by a hash of its text, so the folds are stable), the
// index is built from everything else, and the held-out variant must be
// answered with its own topic. The built-in out-of-scope examples and
// everyday domains are held out the same way and must not be answered, and
// the built-in crisis examples must be found to be the crisis they are.
// Groups are en, fr, other, outofscope and crisis.
func crossValidate(docs []intents.Doc, opts intents.Options, k int) map[string]foldScore {
	docs = append(append(slices.Clip(docs), intents.OutOfScopeDocs()...), intents.CrisisDocs()...)
	out := map[string]foldScore{}
	for f := 0; f < k; f++ {
		var train, test []intents.Doc
		for _, d := range docs {
			oos := strings.HasPrefix(d.Topic, intents.OutOfScope)
			if d.Field == intents.QuestionField || oos {
				h := fnv.New32a()
				h.Write([]byte(d.Text))
				if int(h.Sum32()%uint32(k)) == f {
					if d.Field == intents.QuestionField {
						test = append(test, d)
					}
					continue
				}
			}
			train = append(train, d)
		}
		ix := intents.NewIndex(train, opts)
		for _, d := range test {
			group := d.Lang
			if group != "en" && group != "fr" {
				group = "other"
			}
			r := ix.Match(d.Text)
			ok := r.Decision == intents.Answer && r.Top().Topic == d.Topic
			if strings.HasPrefix(d.Topic, intents.OutOfScope) {
				group, ok = "outofscope", r.Decision != intents.Answer
			}
			if kind := intents.CrisisOf(d.Topic); kind != intents.NoCrisis {
				group, ok = "crisis", r.Crisis == kind
			}
			s := out[group]
			s.n++
			if ok {
				s.ok++
			}
			out[group] = s
		}
	}
	return out
}

func printFolds(w io.Writer, k int, scores map[string]foldScore) {
	fmt.Fprintf(w, "cross-validation, %d folds over the knowledge base's own questions (answered with their topic):\n", k)
	for _, g := range []string{"en", "fr", "other", "outofscope", "crisis"} {
		if s := scores[g]; s.n > 0 {
			fmt.Fprintf(w, "%-10s %5d/%-5d %5.2f\n", g, s.ok, s.n, float64(s.ok)/float64(s.n))
		}
	}
}
