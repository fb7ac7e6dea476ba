package intents

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
)

// example is a question, title or keyword: its topic and distinct terms.
type example struct {
	topic int32
	terms []int32
	key   string
}

// train fits the word model: a sparse softmax regression in which each
// (word, topic) pair of the postings has a weight. Stochastic gradient
// descent over the question variants, keywords and titles teaches a word
// that many topics share which of them it points to in context, the way
// BM25's counts cannot ("leave" next to "sick" is Employment Insurance;
// next to "country" it is not). Training is seeded, so an index built
// twice from the same documents matches the same way.
func (ix *Index) train(exs []example) {
	// The documents may come in any order (maps); the shuffle must not.
	for i := range exs {
		var b strings.Builder
		b.WriteString(ix.topics[exs[i].topic])
		for _, id := range exs[i].terms {
			b.WriteByte(0)
			b.WriteString(ix.terms[id])
		}
		exs[i].key = b.String()
	}
	slices.SortFunc(exs, func(a, b example) int { return cmp.Compare(a.key, b.key) })
	r := rand.New(rand.NewPCG(1, 2))
	scores := make([]float64, len(ix.topics))
	touched := make([]bool, len(ix.topics))
	var list []int32
	n := float64(len(ix.topics))
	for e := 0; e < ix.opts.ModelEpochs; e++ {
		r.Shuffle(len(exs), func(i, j int) { exs[i], exs[j] = exs[j], exs[i] })
		rate := ix.opts.ModelRate / float64(1+e)
		for _, ex := range exs {
			x := 1 / math.Sqrt(float64(len(ex.terms)))
			list = list[:0]
			for _, id := range ex.terms {
				for _, p := range ix.postings[id] {
					if !touched[p.topic] {
						touched[p.topic] = true
						list = append(list, p.topic)
					}
					scores[p.topic] += float64(p.model) * x
				}
			}
			// Softmax over all topics; those the example shares no word
			// with score 0. Each touched topic's gradient step is then
			// the same for all of the example's words.
			m := 0.0
			for _, t := range list {
				m = max(m, scores[t])
			}
			z := (n - float64(len(list))) * math.Exp(-m)
			for _, t := range list {
				scores[t] = math.Exp(scores[t] - m)
				z += scores[t]
			}
			for _, t := range list {
				g := scores[t] / z
				if t == ex.topic {
					g--
				}
				scores[t] = rate * g * x
			}
			for _, id := range ex.terms {
				ps := ix.postings[id]
				for i := range ps {
					ps[i].model -= float32(scores[ps[i].topic])
				}
			}
			for _, t := range list {
				scores[t], touched[t] = 0, false
			}
		}
	}
}
