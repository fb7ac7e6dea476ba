// Package bench compares newcomerbot's matcher with two baselines on the
// development question set: plain sahilm/fuzzy over all question variants,
// and a Bleve in-memory full-text index. It is a separate module so that
// Bleve stays out of the product's dependencies.
//
//	cd bench && go test -run TestCompare -v      # accuracy and latency side by side
//	cd bench && go test -bench .                 # per-question ns/op and allocs/op
package bench

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/sahilm/fuzzy"

	"github.com/newcomerbot/newcomerbot/bot"
	"github.com/newcomerbot/newcomerbot/intents"
	"github.com/newcomerbot/newcomerbot/knowledge"
)

type line struct {
	Q, Kind, Topic string
}

func devSet(tb testing.TB) []line {
	f, err := os.Open("../../shared/eval/dev.jsonl")
	if err != nil {
		tb.Fatalf("the development set must be beside the repository: %v", err)
	}
	defer f.Close()
	var out []line
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var l struct {
			Q     string  `json:"q"`
			Kind  string  `json:"kind"`
			Topic *string `json:"topic"`
		}
		if json.Unmarshal(sc.Bytes(), &l) != nil {
			continue
		}
		t := ""
		if l.Topic != nil {
			t = *l.Topic
		}
		out = append(out, line{l.Q, l.Kind, t})
	}
	return out
}

// matcher returns the top topic for a question, "" for none.
type matcher func(q string) string

type system struct {
	name  string
	match matcher
}

func systems(tb testing.TB) []system {
	kb, err := knowledge.Bundled()
	if err != nil {
		tb.Fatal(err)
	}
	docs := bot.Docs(kb)

	ix := intents.NewIndex(docs, intents.Options{})
	ours := func(q string) string {
		r := ix.Match(q)
		if r.Decision == intents.Fallback {
			return ""
		}
		return r.Top().Topic
	}

	rank := func(q string) string { return ix.Match(q).Top().Topic }

	var variants, owners []string
	for _, d := range docs {
		if d.Field == intents.QuestionField {
			variants = append(variants, d.Text)
			owners = append(owners, d.Topic)
		}
	}
	plain := func(q string) string {
		ms := fuzzy.Find(q, variants)
		if len(ms) == 0 {
			return ""
		}
		return owners[ms[0].Index]
	}

	mapping := bleve.NewIndexMapping()
	bl, err := bleve.NewMemOnly(mapping)
	if err != nil {
		tb.Fatal(err)
	}
	batch := bl.NewBatch()
	byTopic := map[string]map[string]any{}
	for _, d := range docs {
		if d.Field == intents.AnswerField {
			continue
		}
		doc := byTopic[d.Topic]
		if doc == nil {
			doc = map[string]any{"text": ""}
			byTopic[d.Topic] = doc
		}
		doc["text"] = doc["text"].(string) + "\n" + d.Text
	}
	for id, doc := range byTopic {
		batch.Index(id, doc)
	}
	if err := bl.Batch(batch); err != nil {
		tb.Fatal(err)
	}
	bleveMatch := func(q string) string {
		req := bleve.NewSearchRequestOptions(bleve.NewMatchQuery(q), 1, 0, false)
		res, err := bl.Search(req)
		if err != nil || len(res.Hits) == 0 {
			return ""
		}
		return res.Hits[0].ID
	}
	return []system{{"newcomerbot", ours}, {"sahilm/fuzzy (plain)", plain}, {"bleve v2 (BM25 match)", bleveMatch}, {"newcomerbot (top-1 rank)", rank}}
}

// TestCompare prints accuracy and latency for each system on the same questions.
func TestCompare(t *testing.T) {
	lines := devSet(t)
	fmt.Printf("%-24s %9s %9s %9s %12s\n", "system", "in-scope", "typos", "oos-ans", "µs/question")
	var results []string
	for _, s := range systems(t) {
		var ok, n, typoOK, typoN, oosAns, oosN int
		start := time.Now()
		for _, l := range lines {
			got := s.match(l.Q)
			switch l.Kind {
			case "paraphrase":
				n++
				if got == l.Topic {
					ok++
				}
			case "typo":
				typoN++
				if got == l.Topic {
					typoOK++
				}
			case "outofscope":
				oosN++
				if got != "" {
					oosAns++
				}
			}
		}
		per := float64(time.Since(start).Microseconds()) / float64(len(lines))
		results = append(results, fmt.Sprintf("%-24s %9.2f %9.2f %9.2f %12.1f", s.name, float64(ok)/float64(n), float64(typoOK)/float64(typoN), float64(oosAns)/float64(oosN), per))
	}
	sort.Strings(results)
	for _, r := range results {
		fmt.Println(r)
	}
}

func benchSystem(b *testing.B, i int) {
	s := systems(b)[i]
	lines := devSet(b)
	b.ReportAllocs()
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		s.match(lines[n%len(lines)].Q)
	}
}

func BenchmarkNewcomerbot(b *testing.B) { benchSystem(b, 0) }
func BenchmarkPlainFuzzy(b *testing.B)  { benchSystem(b, 1) }
func BenchmarkBleve(b *testing.B)       { benchSystem(b, 2) }
