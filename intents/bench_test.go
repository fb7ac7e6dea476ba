package intents_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"runtime"
	"testing"

	"github.com/newcomerbot/newcomerbot/bot"
	"github.com/newcomerbot/newcomerbot/intents"
	"github.com/newcomerbot/newcomerbot/knowledge"
)

// benchQuestions are the questions matched in the benchmarks: the
// development set when it is next to the repository, else a few of our own.
func benchQuestions(b *testing.B) []string {
	f, err := os.Open("../../shared/eval/dev.jsonl")
	if err != nil {
		return []string{"how do i get a sin number", "helth card for my baby in calgary", "ou est-ce que je peux apprendre l'anglais gratuit",
			"my landlord wants 3 months rent upfront", "i lost my job can i get ei", "what's the weather tomorrow"}
	}
	defer f.Close()
	var qs []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var l struct{ Q string }
		if json.Unmarshal(sc.Bytes(), &l) == nil {
			qs = append(qs, l.Q)
		}
	}
	return qs
}

func realDocs(b *testing.B) []intents.Doc {
	kb, err := knowledge.Bundled()
	if err != nil {
		b.Fatal(err)
	}
	return bot.Docs(kb)
}

// synthetic builds n topics by recombining the real knowledge base's
// documents under new ids, so vocabulary and lengths are realistic.
func synthetic(b *testing.B, n int) []intents.Doc {
	real := realDocs(b)
	byTopic := map[string][]intents.Doc{}
	var ids []string
	for _, d := range real {
		if _, ok := byTopic[d.Topic]; !ok {
			ids = append(ids, d.Topic)
		}
		byTopic[d.Topic] = append(byTopic[d.Topic], d)
	}
	r := rand.New(rand.NewSource(1))
	var docs []intents.Doc
	for i := 0; i < n; i++ {
		src := byTopic[ids[i%len(ids)]]
		other := byTopic[ids[r.Intn(len(ids))]]
		id := fmt.Sprintf("t%05d", i)
		for j, d := range src {
			if j%2 == 0 {
				d = other[j%len(other)]
			}
			d.Topic = id
			docs = append(docs, d)
		}
	}
	return docs
}

func benchMatch(b *testing.B, docs []intents.Doc) {
	ix := intents.NewIndex(docs, intents.Options{})
	qs := benchQuestions(b)
	runtime.GC() // the build's garbage is not the questions' cost
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix.Match(qs[i%len(qs)])
	}
}

func BenchmarkMatchRealKB(b *testing.B)         { benchMatch(b, realDocs(b)) }
func BenchmarkMatchSynthetic1000(b *testing.B)  { benchMatch(b, synthetic(b, 1000)) }
func BenchmarkMatchSynthetic10000(b *testing.B) { benchMatch(b, synthetic(b, 10000)) }

func BenchmarkBuildIndexRealKB(b *testing.B) {
	docs := realDocs(b)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		intents.NewIndex(docs, intents.Options{})
	}
}
