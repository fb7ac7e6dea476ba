package intents

import (
	_ "embed"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/sahilm/fuzzy"
)

// Field is where a piece of topic text comes from; fields weigh differently.
type Field int

// The fields of a topic document.
const (
	QuestionField Field = iota
	TitleField
	KeywordField
	AnswerField // the answer text: many words, each weighs little
)

// Doc is one piece of text that describes a topic: a question variant, a
// title or a keyword, in one language.
type Doc struct {
	Topic string
	Lang  string
	Field Field
	Text  string
}

// OutOfScope is the pseudo-topic of the built-in out-of-scope examples.
const OutOfScope = "_outofscope"

// Decision is what to do with a match.
type Decision string

// The three decisions.
const (
	Answer   Decision = "answer"   // one topic is a confident match
	Clarify  Decision = "clarify"  // two or three topics are too close to choose
	Fallback Decision = "fallback" // nothing matches well enough
)

// Options tune the decision. The zero value uses the defaults.
type Options struct {
	AnswerAt  float64 // confidence at or above which the top topic is answered; default 0.45
	ClarifyAt float64 // confidence at or above which a close call asks; default 0.30
	CloseCall float64 // second score / first score above which topics are too close; default 0.98

	// Tuning knobs of the scorer; zero means the default.
	AnswerWeight   float64 // weight of an answer-text word relative to a question word; default 0.2
	UnknownWeight  float64 // share of the maximum idf an unknown query word costs in coverage; default 0.5
	VariantWeight  float64 // weight of the best single question variant in the score; default 0.05
	CoverWeight    float64 // weight of coverage in the score; default 0.05
	BayesWeight    float64 // weight of the naive Bayes posterior in the score; default 0.05
	K1, B          float64 // BM25 saturation and length normalisation; defaults 3 and 0.5
	KeywordBoost   float64 // weight of a keyword relative to a question word; default 1.5
	ModelWeight    float64 // weight of the trained word model in the ranking; default 0.2, negative turns it off
	ModelRate      float64 // learning rate of the word model; default 4
	ModelEpochs    int     // training passes over the variants; default 5
	OutOfScopeNear float64 // an out-of-scope example scoring at least this share of the top topic's score makes the match unsure; default 0.75 (1: only when it wins)
	CrisisAt       float64 // confidence at or above which crisis examples that outrank every topic make the message a crisis; default 0.38
	MarginBoost    float64 // confidence added per unit of the top topic's lead over the second (1 - second/first score); default 0.3, negative turns it off
}

func (o Options) withDefaults() Options {
	for _, d := range []struct {
		p *float64
		v float64
	}{
		{&o.AnswerAt, 0.45},
		{&o.ClarifyAt, 0.30},
		{&o.CloseCall, 0.98},
		{&o.AnswerWeight, 0.2},
		{&o.UnknownWeight, 0.5},
		{&o.VariantWeight, 0.05},
		{&o.CoverWeight, 0.05},
		{&o.BayesWeight, 0.05},
		{&o.K1, 3},
		{&o.B, 0.5},
		{&o.KeywordBoost, 1.5},
		{&o.ModelWeight, 0.2},
		{&o.ModelRate, 4},
		{&o.OutOfScopeNear, 0.75},
		{&o.CrisisAt, 0.38},
		{&o.MarginBoost, 0.3},
	} {
		if *d.p == 0 {
			*d.p = d.v
		}
	}
	if o.ModelEpochs == 0 {
		o.ModelEpochs = 5
	}
	return o
}

// Candidate is one scored topic.
type Candidate struct {
	Topic      string
	Score      float64 // raw relevance, comparable only within one query
	Confidence float64 // calibrated, in [0,1]
	words      int     // how many of the question's words the topic has
}

// Result is the outcome of Match.
type Result struct {
	Decision   Decision
	Candidates []Candidate // best first, at most 3, never an out-of-scope or crisis pseudo-topic
	Confidence float64     // of the top candidate; 0 when there is none
	Corrected  int         // how many query words were typo-corrected
	Abroad     bool        // the question is about life in another country (see AboutAbroad)
	Crisis     CrisisKind  // the message is closest to the built-in crisis examples (see CrisisDocs)
}

// Top returns the best candidate, or a zero Candidate.
func (r Result) Top() Candidate {
	if len(r.Candidates) == 0 {
		return Candidate{}
	}
	return r.Candidates[0]
}

type posting struct {
	topic int32
	model float32 // the trained weight of the word for the topic
	tf    float32 // field-weighted frequency in the topic
	nb    float32 // log(1 + tf/alpha): the naive Bayes gain of the word
}

type variant struct {
	topic int32
	norm  float32 // sum of idf of its distinct terms
}

// Index matches questions to topics. It is immutable once built and safe
// for concurrent use.
type Index struct {
	opts      Options
	topics    []string
	termID    map[string]int32
	terms     []string
	postings  [][]posting // by term
	vpostings [][]int32   // by term: variants containing it
	variants  []variant
	idf       []float64
	freq      []float32          // by term: field-weighted count over the real topics, for typo correction
	fixes     map[string]wordFix // real-word slips, by the pair of words typed
	topicLen  []float64
	nbBase    []float64 // by topic: the naive Bayes cost of a word the topic lacks
	avgLen    float64
	idfMax    float64
	vocab     map[vocabKey][]string // single words, for typo correction
	deletes   map[string][]int32    // deletion variants → words, for typo correction
	scratch   sync.Pool             // of *scratch
}

const nbAlpha = 0.1

var fieldWeight = [...]float32{QuestionField: 1, TitleField: 2.5, KeywordField: 3, AnswerField: 0.4} // AnswerField: see Options

// NewIndex builds an index from topic documents. The built-in out-of-scope
// examples (OutOfScopeDocs) are added unless docs is empty or already holds
// out-of-scope examples of its own.
func NewIndex(docs []Doc, opts Options) *Index {
	ix := &Index{opts: opts.withDefaults(), termID: map[string]int32{}, vocab: map[vocabKey][]string{}, deletes: map[string][]int32{}}
	if len(docs) == 0 {
		return ix
	}
	if !slices.ContainsFunc(docs, func(d Doc) bool { return isOutOfScope(d.Topic) }) {
		docs = append(docs, OutOfScopeDocs()...)
	}
	if !slices.ContainsFunc(docs, func(d Doc) bool { return CrisisOf(d.Topic) != NoCrisis }) {
		docs = append(docs, CrisisDocs()...)
	}
	topicID := map[string]int32{}
	tf := map[[2]int32]float32{}
	core := map[[2]int32]bool{} // the term is in a question, title or keyword of the topic
	var examples []example      // the questions, titles and keywords, for the word model
	for _, d := range docs {
		ti, ok := topicID[d.Topic]
		if !ok {
			ti = int32(len(ix.topics))
			topicID[d.Topic] = ti
			ix.topics = append(ix.topics, d.Topic)
			ix.topicLen = append(ix.topicLen, 0)
		}
		terms := withBigrams(Terms(d.Text))
		if len(terms) == 0 {
			continue
		}
		ids := make([]int32, 0, len(terms)) // distinct, in order
		for _, t := range terms {
			id := ix.term(t)
			if slices.Contains(ids, id) {
				continue
			}
			ids = append(ids, id)
			w := fieldWeight[d.Field]
			if d.Field == AnswerField {
				w = float32(ix.opts.AnswerWeight)
			}
			if d.Field == KeywordField {
				w = float32(ix.opts.KeywordBoost)
			}
			if d.Field == QuestionField {
				// many variants share a word: count it, but saturate
				w = 1
			}
			tf[[2]int32{id, ti}] += w
			ix.topicLen[ti] += float64(w)
			if d.Field != AnswerField {
				core[[2]int32{id, ti}] = true
			}
		}
		if d.Field == QuestionField {
			vi := int32(len(ix.variants))
			ix.variants = append(ix.variants, variant{topic: ti})
			for _, id := range ids {
				ix.vpostings[id] = append(ix.vpostings[id], vi)
			}
		}
		if d.Field != AnswerField {
			examples = append(examples, example{topic: ti, terms: ids})
		}
	}
	ix.freq = make([]float32, len(ix.terms))
	settlement := map[int32]bool{} // words and pairs a topic's questions, title or keywords use
	for key := range core {
		if !isPseudo(ix.topics[key[1]]) {
			settlement[key[0]] = true
		}
	}
	for key, f := range tf {
		if !isPseudo(ix.topics[key[1]]) {
			ix.freq[key[0]] += f
		} else if isOutOfScope(ix.topics[key[1]]) && settlement[key[0]] && strings.Contains(ix.terms[key[0]], " ") {
			// An out-of-scope example does not win by a settlement phrase
			// ("income tax" in a board game's rules).
			continue
		}
		ix.postings[key[0]] = append(ix.postings[key[0]], posting{topic: key[1], tf: f, nb: float32(math.Log1p(float64(f) / nbAlpha))})
	}
	// How rare a word is counts over the real topics: the out-of-scope
	// examples compete for questions, but do not make settlement words
	// look common.
	n := 0.0
	for _, t := range ix.topics {
		if !isPseudo(t) {
			n++
		}
	}
	ix.idf = make([]float64, len(ix.terms))
	for id, ps := range ix.postings {
		// Answer texts are long and share many words: a topic that only
		// mentions a word in its answer counts less towards its frequency.
		df := 0.0
		for _, p := range ps {
			if isPseudo(ix.topics[p.topic]) {
				continue
			}
			if core[[2]int32{int32(id), p.topic}] {
				df++
			} else {
				df += 0.3
			}
		}
		ix.idf[id] = math.Log(1 + (n-df+0.5)/(df+0.5))
		sort.Slice(ps, func(i, j int) bool { return ps[i].topic < ps[j].topic })
	}
	ix.idfMax = math.Log(1 + (n+0.5)/0.5)
	for id, vs := range ix.vpostings {
		if strings.Contains(ix.terms[id], " ") {
			continue
		}
		for _, v := range vs {
			ix.variants[v].norm += float32(ix.idf[id])
		}
	}
	total := 0.0
	for t, l := range ix.topicLen {
		if !isPseudo(ix.topics[t]) {
			total += l
		}
	}
	ix.avgLen = total / n
	ix.nbBase = make([]float64, len(ix.topics))
	for t, l := range ix.topicLen {
		ix.nbBase[t] = math.Log(nbAlpha / (l + nbAlpha*float64(len(ix.terms))))
	}
	ix.scratch.New = func() any { return newScratch(ix) }
	if ix.opts.ModelWeight > 0 {
		ix.train(examples)
	}
	ix.deletes = make(map[string][]int32, 16*len(ix.terms))
	for _, t := range ix.terms {
		if strings.Contains(t, " ") {
			continue // bigrams are looked up whole, never typo-corrected
		}
		r, _ := utf8.DecodeRuneInString(t)
		n := utf8.RuneCountInString(t)
		k := vocabKey{r, n}
		ix.vocab[k] = append(ix.vocab[k], t)
		if n >= 3 {
			d := 1
			if n >= 6 {
				d = 2
			}
			for _, v := range deletions(t, d) {
				ix.deletes[v] = append(ix.deletes[v], ix.termID[t])
			}
		}
	}
	ix.buildFixes()
	return ix
}

func (ix *Index) term(t string) int32 {
	if id, ok := ix.termID[t]; ok {
		return id
	}
	id := int32(len(ix.terms))
	ix.termID[t] = id
	ix.terms = append(ix.terms, t)
	ix.postings = append(ix.postings, nil)
	ix.vpostings = append(ix.vpostings, nil)
	return id
}

// Topics returns how many topics the index holds, the out-of-scope
// examples included.
func (ix *Index) Topics() int { return len(ix.topics) }

type qterm struct {
	id     int32   // -1 when unknown
	weight float64 // 1, or less for a typo correction
	bigram bool    // a pair of words: ranks, but does not count in coverage
}

// Match scores the question against every topic and decides.
func (ix *Index) Match(question string) Result {
	words := Words(Fold(question))
	if metaWords(words) {
		return Result{Decision: Fallback}
	}
	terms := termsOf(words, ix.known)
	if len(terms) == 0 || len(ix.topics) == 0 {
		return Result{Decision: Fallback}
	}
	var qs []qterm
	seen := map[int32]bool{}
	corrected := 0
	unknown := 0.0
	var resolved []string // the query's words as the index knows them, for bigrams
	add := func(id int32, w float64) {
		resolved = append(resolved, ix.terms[id])
		if !seen[id] {
			seen[id] = true
			qs = append(qs, qterm{id: id, weight: w})
			return
		}
		// The same idea said twice ("buses after the subway closes") counts
		// a little more, up to twice.
		for i := range qs {
			if qs[i].id == id {
				qs[i].weight = min(qs[i].weight+0.5*w, 2)
			}
		}
	}
	for _, t := range terms {
		id, ok := ix.termID[t]
		w := 1.0
		if !ok {
			if a, b, ok := ix.split(t); ok {
				add(a, 1)
				add(b, 1)
				continue
			}
			if stopTypo(t) {
				continue // "canda", "becuase": a misspelt word that says nothing
			}
			id, ok = ix.correct(t)
			w = 0.8
			if ok {
				corrected++
			}
		}
		if !ok {
			if !isNumber(t) {
				unknown += ix.idfMax * ix.opts.UnknownWeight
			}
			resolved = append(resolved, "")
			continue
		}
		add(id, w)
	}
	// Words typed apart that the knowledge base writes as one ("story
	// time" → "storytime", "day care" → "daycare").
	for i := 0; i+1 < len(words); i++ {
		if stopWords[words[i]] > 0 || stopWords[words[i+1]] > 0 || len(words[i]) < 3 || len(words[i+1]) < 3 || !isLatin(words[i]) {
			continue
		}
		if id, ok := ix.termID[normalizeToken(words[i]+words[i+1])]; ok && !seen[id] {
			seen[id] = true
			qs = append(qs, qterm{id: id, weight: 1})
		}
	}
	for i := 0; i+1 < len(resolved); i++ {
		if resolved[i] == "" || resolved[i+1] == "" || resolved[i] == resolved[i+1] {
			continue
		}
		if id, ok := ix.termID[resolved[i]+" "+resolved[i+1]]; ok {
			if !seen[id] {
				seen[id] = true
				qs = append(qs, qterm{id: id, weight: 1, bigram: true})
			}
			continue
		}
		// A real word typed for another ("refuge claim" for "refugee
		// claim"): a word one letter away makes a pair the knowledge base
		// knows.
		if f, ok := ix.fixes[resolved[i]+" "+resolved[i+1]]; ok && !seen[f.alt] {
			seen[f.alt] = true
			corrected++
			qs = append(qs, qterm{id: f.alt, weight: 0.8})
			if !seen[f.pair] {
				seen[f.pair] = true
				qs = append(qs, qterm{id: f.pair, weight: 0.8, bigram: true})
			}
		}
	}
	if len(qs) == 0 {
		return Result{Decision: Fallback, Corrected: corrected}
	}
	total := unknown
	known := 0 // distinct query words the index knows
	for _, q := range qs {
		if !q.bigram {
			total += ix.idf[q.id] * q.weight
			known++
		}
	}

	sc := ix.scratch.Get().(*scratch)
	defer ix.scratch.Put(sc)
	x := 1 / math.Sqrt(float64(len(qs))) // the word model's input: a unit vector
	for _, q := range qs {
		idf := ix.idf[q.id]
		for _, p := range ix.postings[q.id] {
			if sc.bm25[p.topic] == 0 {
				sc.topics = append(sc.topics, p.topic)
			}
			f := float64(p.tf)
			norm := ix.opts.K1 * (1 - ix.opts.B + ix.opts.B*ix.topicLen[p.topic]/ix.avgLen)
			sc.bm25[p.topic] += q.weight * idf * f * (ix.opts.K1 + 1) / (f + norm)
			if !q.bigram {
				sc.covered[p.topic] += q.weight * idf
				sc.words[p.topic]++
			}
			sc.nb[p.topic] += q.weight * float64(p.nb)
			sc.model[p.topic] += q.weight * float64(p.model) * x
		}
		if q.bigram {
			continue
		}
		// best single variant: Dice overlap weighted by idf
		for _, v := range ix.vpostings[q.id] {
			if sc.overlap[v] == 0 {
				sc.variants = append(sc.variants, v)
			}
			sc.overlap[v] += float32(q.weight * idf)
		}
	}
	for _, v := range sc.variants {
		vv := ix.variants[v]
		d := 2 * float64(sc.overlap[v]) / (total + float64(vv.norm))
		sc.best[vv.topic] = max(sc.best[vv.topic], d)
	}
	maxBM := 0.0
	nq := 0.0
	for _, q := range qs {
		nq += q.weight
	}
	maxNB := math.Inf(-1)
	for _, t := range sc.topics {
		maxBM = max(maxBM, sc.bm25[t])
		// naive Bayes log-likelihood with additive smoothing: every query
		// word costs log(alpha/(len+alpha*V)); the words the topic has
		// earn log(1+tf/alpha) back.
		sc.nb[t] += nq * ix.nbBase[t]
		maxNB = max(maxNB, sc.nb[t])
	}
	maxModel := 0.0
	for _, t := range sc.topics {
		maxModel = max(maxModel, sc.model[t])
	}
	sumNB := 0.0
	for _, t := range sc.topics {
		sumNB += math.Exp(sc.nb[t] - maxNB)
	}
	// Keep the best few: the top one (which may be out of scope) and the
	// top three real topics are all decide needs.
	var top [topK]Candidate
	kept := 0
	nearOOS := 0.0 // the best out-of-scope example's score
	for _, t := range sc.topics {
		coverage := sc.covered[t] / total
		score := sc.bm25[t]/maxBM*(1-ix.opts.VariantWeight) + sc.best[t]*ix.opts.VariantWeight + coverage*ix.opts.CoverWeight
		score = score*(1-ix.opts.BayesWeight) + ix.opts.BayesWeight*math.Exp(sc.nb[t]-maxNB)/sumNB
		conf := math.Min(1, (0.45*coverage+0.55*sc.best[t])*1.35)
		if ix.opts.ModelWeight > 0 {
			score = score*(1-ix.opts.ModelWeight) + ix.opts.ModelWeight*math.Exp(sc.model[t]-maxModel)
		}
		c := Candidate{Topic: ix.topics[t], Score: score, Confidence: conf, words: sc.words[t]}
		if isOutOfScope(c.Topic) {
			nearOOS = max(nearOOS, score)
		}
		// insertion into the small sorted array
		i := kept
		if kept < topK {
			kept++
		} else if !better(c, top[topK-1]) {
			continue
		} else {
			i = topK - 1
		}
		for ; i > 0 && better(c, top[i-1]); i-- {
			top[i] = top[i-1]
		}
		top[i] = c
	}
	sc.reset(ix)
	return ix.decide(top[:kept], signals{corrected: corrected, nearOOS: nearOOS, abroad: aboutAbroad(words), terms: known})
}

// signals are what decide needs besides the candidates.
type signals struct {
	corrected int     // query words typo-corrected
	nearOOS   float64 // the best out-of-scope example's score
	abroad    bool    // the question is about another country
	terms     int     // distinct query words the index knows
}

// known reports whether the index has the term.
func (ix *Index) known(t string) bool {
	_, ok := ix.termID[t]
	return ok
}

// topK is how many candidates Match keeps: enough for three real topics
// behind several out-of-scope examples.
const topK = 8

func better(a, b Candidate) bool {
	if a.Score != b.Score {
		return a.Score > b.Score
	}
	return a.Topic < b.Topic
}

// scratch is the per-query working memory of Match, pooled so that a query
// allocates little. Only touched entries are cleared after use.
type scratch struct {
	bm25, covered, best []float64 // by topic
	words               []int     // by topic: query words it has
	nb, model           []float64 // by topic
	overlap             []float32 // by variant
	topics, variants    []int32   // touched
}

func newScratch(ix *Index) *scratch {
	return &scratch{
		bm25: make([]float64, len(ix.topics)), words: make([]int, len(ix.topics)), model: make([]float64, len(ix.topics)), nb: make([]float64, len(ix.topics)), covered: make([]float64, len(ix.topics)), best: make([]float64, len(ix.topics)),
		overlap: make([]float32, len(ix.variants)),
	}
}

func (sc *scratch) reset(ix *Index) {
	for _, t := range sc.topics {
		sc.bm25[t], sc.covered[t], sc.best[t], sc.nb[t], sc.model[t], sc.words[t] = 0, 0, 0, 0, 0, 0
	}
	for _, v := range sc.variants {
		sc.overlap[v] = 0
	}
	sc.topics, sc.variants = sc.topics[:0], sc.variants[:0]
}

func (ix *Index) decide(cands []Candidate, sig signals) Result {
	r := Result{Decision: Fallback, Corrected: sig.corrected, Abroad: sig.abroad}
	if len(cands) == 0 {
		return r
	}
	oos := isOutOfScope(cands[0].Topic)
	// One word ("live", "fire") is too little to call a crisis on.
	if k := CrisisOf(cands[0].Topic); k != NoCrisis && sig.terms >= 2 && cands[0].Confidence >= ix.opts.CrisisAt {
		// Someone in danger, in words the crisis phrases missed: the
		// engine gives the emergency information first. The topics are
		// still decided, for a message that asks about a danger rather
		// than reports it (AsksAbout).
		r.Crisis = k
	}
	var real []Candidate
	for _, c := range cands {
		if !isPseudo(c.Topic) {
			real = append(real, c)
		}
		if len(real) == 3 {
			break
		}
	}
	if len(real) == 0 {
		return r
	}
	top := real[0]
	if len(real) > 1 && top.Score > 0 && ix.opts.MarginBoost > 0 && top.words >= 3 {
		// A clear winner over the next topic is more likely right than its
		// words alone say. Not for a lone candidate, nor one that has
		// fewer than three of the question's words: that is mostly an
		// everyday question sharing a word or two with a topic.
		top.Confidence = math.Min(1, top.Confidence+ix.opts.MarginBoost*(1-real[1].Score/top.Score))
		real[0] = top
	}
	if oos || sig.nearOOS >= ix.opts.OutOfScopeNear*top.Score || sig.abroad {
		// An everyday non-settlement question that shares a word with a
		// topic, or a settlement question about another country.
		top.Confidence = math.Min(top.Confidence, ix.opts.ClarifyAt*0.9)
		real[0] = top
	}
	r.Candidates = real
	r.Confidence = top.Confidence
	close := 0
	for _, c := range real[1:] {
		if c.Score >= ix.opts.CloseCall*top.Score && c.Confidence >= ix.opts.ClarifyAt {
			close++
		}
	}
	switch {
	case top.Confidence >= ix.opts.AnswerAt && close == 0:
		r.Decision = Answer
	case top.Confidence >= ix.opts.ClarifyAt && close > 0:
		r.Decision = Clarify
		r.Candidates = real[:close+1]
	case top.Confidence >= ix.opts.AnswerAt:
		r.Decision = Answer
	}
	return r
}

// sayPhrases and translateVerbs ask the bot to do something with words
// rather than ask about a settlement topic ("translate 'food bank' into
// Spanish"). A translation request needs a language after the verb, so
// "do I need to translate my diploma" stays a question.
var (
	sayPhrases     = []string{"how do you say", "how do i say", "how to say", "comment on dit", "comment dit on", "comment dire", "que veut dire le mot", "what does the word"}
	translateVerbs = []string{"translate", "traduire", "traduis", "traduit"}
	languageWords  = []string{"spanish", "english", "french", "arabic", "chinese", "mandarin", "punjabi", "tagalog", "farsi", "persian", "ukrainian", "russian", "hindi", "urdu", "portuguese",
		"espagnol", "anglais", "francais", "arabe", "chinois", "pendjabi", "persan", "ukrainien", "russe", "portugais"}
)

func metaRequest(question string) bool { return metaWords(Words(Fold(question))) }

func metaWords(words []string) bool {
	padded := " " + strings.Join(words, " ") + " "
	for _, p := range sayPhrases {
		if strings.Contains(padded, " "+p+" ") {
			return true
		}
	}
	for i, w := range words {
		if !slices.Contains(translateVerbs, w) {
			continue
		}
		for _, after := range words[i+1:] {
			if slices.Contains(languageWords, after) {
				return true
			}
		}
	}
	return false
}

// withBigrams adds each pair of adjacent terms ("food bank", "bank
// account"), which tell topics apart better than their words alone.
func withBigrams(terms []string) []string {
	n := len(terms)
	for i := 0; i+1 < n; i++ {
		if terms[i] != terms[i+1] {
			terms = append(terms, terms[i]+" "+terms[i+1])
		}
	}
	return terms
}

func isOutOfScope(topic string) bool { return strings.HasPrefix(topic, OutOfScope) }

// isPseudo reports whether a topic is one of the built-in example sets
// (out of scope or crisis) rather than a knowledge topic.
func isPseudo(topic string) bool { return strings.HasPrefix(topic, "_") }

func isNumber(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// wordFix is a real word typed for another: alt is the word meant and
// pair the known pair of words it makes with its neighbour.
type wordFix struct{ alt, pair int32 }

// buildFixes finds, for every pair of words the knowledge base uses, the
// pairs a slip of one letter in either word turns into: "refuge claim"
// for "refugee claim". Where two pairs could be meant, the commoner wins.
func (ix *Index) buildFixes() {
	ix.fixes = map[string]wordFix{}
	near := map[int32][]int32{}
	neighbours := func(id int32) []int32 {
		if ns, ok := near[id]; ok {
			return ns
		}
		t := ix.terms[id]
		var ns []int32
		if isLatin(t) {
			ix.within(t, 1, func(c int32, _ int) {
				if c != id && len(ix.terms[c]) >= 5 {
					ns = append(ns, c)
				}
			})
		}
		near[id] = ns
		return ns
	}
	for id, t := range ix.terms {
		a, b, ok := strings.Cut(t, " ")
		if !ok || ix.freq[id] == 0 {
			continue
		}
		for side, w := range [2]string{a, b} {
			wid := ix.termID[w]
			for _, typed := range neighbours(wid) {
				key := ix.terms[typed] + " " + b
				if side == 1 {
					key = a + " " + ix.terms[typed]
				}
				if _, known := ix.termID[key]; known {
					continue
				}
				if f, ok := ix.fixes[key]; !ok || ix.freq[f.pair] < ix.freq[id] {
					ix.fixes[key] = wordFix{alt: wid, pair: int32(id)}
				}
			}
		}
	}
}

// stopTypos maps the one-letter deletions of the longer stop words to
// them, so that their misspellings are dropped like the words themselves
// instead of being "corrected" into a topic word ("canda" is not "candl").
var stopTypos = sync.OnceValue(func() map[string][]string {
	m := map[string][]string{}
	for w := range stopWords {
		if len(w) >= 5 && isLatin(w) {
			for _, v := range deletions(w, 1) {
				m[v] = append(m[v], w)
			}
		}
	}
	return m
})

func stopTypo(w string) bool {
	if len(w) < 5 || !isLatin(w) {
		return false
	}
	m := stopTypos()
	for _, v := range deletions(w, 1) {
		for _, s := range m[v] {
			if osaDistance(w, s, 1) <= 1 {
				return true
			}
		}
	}
	return false
}

// split finds two vocabulary words that an unknown word was typed as one
// ("healthcard" → "health" "card"), each at least three letters long.
func (ix *Index) split(w string) (int32, int32, bool) {
	if len(w) < 7 || !isLatin(w) {
		return -1, -1, false
	}
	for i := 3; i+3 <= len(w); i++ {
		a, okA := ix.termID[normalizeToken(w[:i])]
		b, okB := ix.termID[normalizeToken(w[i:])]
		if okA && okB {
			return a, b, true
		}
	}
	return -1, -1, false
}

// within calls fn once for each vocabulary word that starts with the same
// letter as w and is at most maxDist edits from it (swaps count as one),
// with the distance. Candidates share a deletion variant with w (symmetric
// delete: two words within distance d share a string reachable from both
// by at most d deletions); the exact distance is then checked.
func (ix *Index) within(w string, maxDist int, fn func(id int32, d int)) {
	first, _ := utf8.DecodeRuneInString(w)
	n := utf8.RuneCountInString(w)
	var checked []int32
	for _, v := range deletions(w, maxDist) {
		for _, id := range ix.deletes[v] {
			if slices.Contains(checked, id) {
				continue
			}
			checked = append(checked, id)
			t := ix.terms[id]
			if r, _ := utf8.DecodeRuneInString(t); r != first || abs(utf8.RuneCountInString(t)-n) > maxDist {
				continue
			}
			if d := osaDistance(w, t, maxDist); d <= maxDist {
				fn(id, d)
			}
		}
	}
}

// correct finds the vocabulary word a misspelled query word most likely
// meant: same first letter, similar length, and either a subsequence match
// (sahilm/fuzzy: "helth" → "health") or at most one edit for short words
// and two for long ones (swaps count as one edit).
func (ix *Index) correct(w string) (int32, bool) {
	n := utf8.RuneCountInString(w)
	if n < 4 || isNumber(w) {
		return -1, false
	}
	first, _ := utf8.DecodeRuneInString(w)
	maxDist := 1
	if n >= 7 {
		maxDist = 2
	}
	// Among equally close words, the one the knowledge base uses most is
	// the likeliest meant ("lawer" is "lawyer" rather than "lower").
	bestID, bestDist, bestFreq := int32(-1), maxDist+1, float32(0)
	consider := func(t string, d int) {
		id := ix.termID[t]
		if d < bestDist || (d == bestDist && ix.freq[id] > bestFreq) {
			bestID, bestDist, bestFreq = id, d, ix.freq[id]
		}
	}
	ix.within(w, maxDist, func(id int32, d int) {
		t := ix.terms[id]
		m := utf8.RuneCountInString(t)
		if m*4 >= n*3 && n*4 >= m*3 {
			consider(t, d)
		}
	})
	if bestID >= 0 || n < 5 {
		return bestID, bestID >= 0
	}
	// Omissions of more letters than the edit budget: the typed word is a
	// subsequence of a longer vocabulary word ("envrnmt"-style typing).
	for m := n + 1; m <= n+3 && m*3 <= n*4; m++ {
		for _, match := range fuzzy.Find(w, ix.vocab[vocabKey{first, m}]) {
			consider(match.Str, maxDist+1)
			break
		}
	}
	return bestID, bestID >= 0
}

// deletions returns s and the strings made from it by deleting one rune,
// and with d = 2 two runes. It may repeat a string (doubled letters).
func deletions(s string, d int) []string {
	if !isLatin(s) {
		rs := []rune(s)
		out := []string{s}
		for i := range rs {
			out = append(out, string(rs[:i])+string(rs[i+1:]))
			for j := i + 1; d > 1 && j < len(rs); j++ {
				out = append(out, string(rs[:i])+string(rs[i+1:j])+string(rs[j+1:]))
			}
		}
		return out
	}
	out := make([]string, 0, 1+len(s)+len(s)*len(s)/2)
	out = append(out, s)
	for i := 0; i < len(s); i++ {
		out = append(out, s[:i]+s[i+1:])
		for j := i + 1; d > 1 && j < len(s); j++ {
			out = append(out, s[:i]+s[i+1:j]+s[j+1:])
		}
	}
	return out
}

// vocabKey buckets the vocabulary by first letter and length, so typo
// correction only compares words that could be the one meant.
type vocabKey struct {
	first rune
	runes int
}

func appendRunes(dst []rune, s string) []rune {
	for _, r := range s {
		dst = append(dst, r)
	}
	return dst
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// osaDistance is the optimal string alignment distance (Levenshtein with
// adjacent transpositions), stopping early past limit.
func osaDistance(a, b string, limit int) int {
	var abuf, bbuf [32]rune
	ar, br := appendRunes(abuf[:0], a), appendRunes(bbuf[:0], b)
	if abs(len(ar)-len(br)) > limit {
		return limit + 1
	}
	var rows [3][33]int
	prev2, prev, cur := rows[0][:], rows[1][:], rows[2][:]
	if len(br)+1 > len(prev) {
		prev2, prev, cur = make([]int, len(br)+1), make([]int, len(br)+1), make([]int, len(br)+1)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ar); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(br); j++ {
			cost := 1
			if ar[i-1] == br[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ar[i-1] == br[j-2] && ar[i-2] == br[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(br)]
}

// OutOfScopeDocs are the built-in everyday requests outside settlement, in
// English and French, so that a question sharing one word with a topic
// ("sin 30 degrees", "river bank") loses to them. Each example is a
// pseudo-topic whose id starts with OutOfScope.
func OutOfScopeDocs() []Doc {
	var docs []Doc
	for i, q := range strings.Split(strings.TrimSpace(outOfScopeExamples), "\n") {
		if q = strings.TrimSpace(q); q != "" && !strings.HasPrefix(q, "#") {
			// Each example is its own small pseudo-topic, so it competes with
			// real topics on equal terms.
			topic := fmt.Sprintf("%s:%d", OutOfScope, i)
			docs = append(docs, Doc{Topic: topic, Lang: "en", Field: QuestionField, Text: q}, Doc{Topic: topic, Lang: "en", Field: KeywordField, Text: q})
		}
	}
	// The everyday domains (games, pets, cars...) are one pseudo-topic
	// each, many examples strong, so that their vocabulary as a whole
	// competes: a question about a track car's winter tires is closer to
	// cars than to the winter topic.
	return append(docs, labelledDocs(domainExamples, OutOfScope+":domain:")...)
}

// outOfScopeExamples holds one example per line; lines starting with # are
// comments.
//
//go:embed outofscope.txt
var outOfScopeExamples string

// domainExamples holds everyday questions by domain, one a line: domain,
// language and text separated by tabs; lines starting with # are comments.
//
//go:embed outofscope_domains.txt
var domainExamples string
