package intents

import (
	"math"
	"slices"
	"testing"
)

// englishDocs makes one English document of a field per text.
func englishDocs(topic string, field Field, texts ...string) []Doc {
	var docs []Doc
	for _, s := range texts {
		docs = append(docs, Doc{Topic: topic, Lang: "en", Field: field, Text: s})
	}
	return docs
}

// tiny is a small knowledge base, enough to test the matcher's mechanics.
func tiny() *Index {
	var docs []Doc
	add := func(topic string, field Field, texts ...string) {
		docs = append(docs, englishDocs(topic, field, texts...)...)
	}
	add("sin", TitleField, "Social Insurance Number (SIN)", "Numéro d'assurance sociale (NAS)")
	add("sin", KeywordField, "sin", "social insurance number", "nas", "service canada")
	add("sin", QuestionField, "how do i get a sin number", "my employer is asking for my social insurance number", "comment obtenir mon numéro d'assurance sociale")
	add("health-card", TitleField, "Health card (OHIP, AHCIP)", "Carte santé")
	add("health-card", KeywordField, "health card", "ohip", "ahcip", "health insurance", "carte santé")
	add("health-card", QuestionField, "how do i apply for ohip", "is my baby covered by the provincial health insurance", "comment avoir ma carte santé")
	add("family-doctor", TitleField, "Finding a family doctor")
	add("family-doctor", KeywordField, "family doctor", "walk-in clinic", "physician", "médecin de famille")
	add("family-doctor", QuestionField, "how do i find a family doctor taking new patients", "where is a walk-in clinic", "je cherche un médecin de famille")
	add("bank-account", TitleField, "Opening a bank account")
	add("bank-account", KeywordField, "bank account", "chequing", "debit card", "banque")
	add("bank-account", QuestionField, "how do i open a bank account without credit history", "which bank has no fee accounts for newcomers")
	return NewIndex(docs, Options{})
}

func TestMatch(t *testing.T) {
	ix := tiny()
	tests := []struct {
		q        string
		decision Decision
		topic    string
	}{
		{"how do I get a SIN number", Answer, "sin"},
		{"helth card for my baby", Answer, "health-card"},       // omission typo
		{"healht card", Answer, "health-card"},                  // swap typo
		{"comment avoir la carte santé", Answer, "health-card"}, // French, accents
		{"COMMENT AVOIR LA CARTE SANTE", Answer, "health-card"}, // no accents, upper case
		{"need a physician who takes new patients", Answer, "family-doctor"},
		{"open a chequing account", Answer, "bank-account"},
		{"what's the weather in toronto tomorrow", Fallback, ""},
		{"book my flight to paris", Fallback, ""},
		{"asdfgh", Fallback, ""},
		{"", Fallback, ""},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			r := ix.Match(tt.q)
			if r.Decision != tt.decision || (tt.topic != "" && r.Top().Topic != tt.topic) {
				t.Fatalf("Match(%q) = %s %s (%.2f), want %s %s; candidates %v", tt.q, r.Decision, r.Top().Topic, r.Confidence, tt.decision, tt.topic, r.Candidates)
			}
			if r.Confidence < 0 || r.Confidence > 1 {
				t.Fatalf("confidence %v outside [0,1]", r.Confidence)
			}
		})
	}
}

func TestMatchNeverReturnsOutOfScopeTopic(t *testing.T) {
	ix := tiny()
	for _, q := range []string{"tell me a joke", "recipe for chocolate cake", "who won the hockey game"} {
		for _, c := range ix.Match(q).Candidates {
			if isOutOfScope(c.Topic) {
				t.Fatalf("Match(%q) returned the out-of-scope pseudo-topic", q)
			}
		}
	}
}

func TestEmptyIndex(t *testing.T) {
	if r := NewIndex(nil, Options{}).Match("sin"); r.Decision != Fallback {
		t.Fatalf("empty index: got %s, want fallback", r.Decision)
	}
}

func FuzzClean(f *testing.F) {
	for _, s := range []string{"", "hello", "\xff\xfe", "é\u0301", "\x00\x1b[31m", "<b>x</b>", "🙂", "ｈｅａｌｔｈ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := Clean(s)
		if !utf8ValidNoControl(c) {
			t.Fatalf("Clean(%q) = %q has invalid UTF-8 or control characters", s, c)
		}
		if Clean(c) != c {
			t.Fatalf("Clean is not idempotent on %q", s)
		}
		_ = Fold(s)
		_ = Words(Fold(s))
		_ = Terms(s)
	})
}

func FuzzMatch(f *testing.F) {
	ix := tiny()
	for _, s := range []string{"how do i get a sin", "helth card", "", "a", "🙂", "\xff", "sin sin sin sin", "看医生"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := ix.Match(s)
		if r.Confidence < 0 || r.Confidence > 1 {
			t.Fatalf("confidence %v outside [0,1] for %q", r.Confidence, s)
		}
		if r.Decision == Answer && len(r.Candidates) == 0 {
			t.Fatalf("answer without a candidate for %q", s)
		}
		_ = Crisis(s)
		_ = Classify(s)
		_ = Detect(s)
	})
}

func TestMetaRequests(t *testing.T) {
	for q, want := range map[string]bool{
		"translate 'health card' into spanish":            true,
		"comment on dit « carte santé » en anglais":       true,
		"how do you say doctor in french":                 true,
		"do i need to translate my diploma for the ECA":   false,
		"my transcripts need a certified translation":     false,
		"traduire mon diplôme pour l'évaluation, combien": false,
	} {
		if got := metaRequest(q); got != want {
			t.Errorf("metaRequest(%q) = %v, want %v", q, got, want)
		}
	}
}

// wider adds topics whose words are one letter apart from each other's, and
// a program named after a province.
func wider() []Doc {
	var docs []Doc
	add := func(topic string, field Field, texts ...string) {
		docs = append(docs, englishDocs(topic, field, texts...)...)
	}
	add("legal-help", KeywordField, "lawyer", "legal aid", "free lawyer", "legal clinic")
	add("legal-help", QuestionField, "where can i find a free lawyer", "i need a lawyer but have low income", "legal aid for my family court case", "is there a lawyer who speaks arabic")
	add("transit", KeywordField, "bus", "fare", "transit pass", "lower fare")
	add("transit", QuestionField, "is there a lower bus fare for low income families", "monthly transit pass price", "how do i pay the bus fare")
	add("refugee-claim", KeywordField, "refugee claim", "asylum", "irb")
	add("refugee-claim", QuestionField, "how do i make a refugee claim inside canada", "my refugee claim hearing is next month", "can i make a refugee claim at the airport")
	add("shelter", KeywordField, "shelter", "refuge", "homeless")
	add("shelter", QuestionField, "i have nowhere to sleep tonight", "is there a shelter for women and children", "je cherche un refuge pour ce soir")
	add("income-support", KeywordField, "ontario works", "social assistance", "welfare", "alberta supports")
	add("income-support", QuestionField, "how do i apply for social assistance", "is there welfare money if i lost my job and have no savings", "how much is welfare for a single person")
	add("work-permit", KeywordField, "work permit", "open work permit", "lmia")
	add("work-permit", QuestionField, "can i get a work permit to work in canada", "how long does a work permit take", "my work permit expires soon")
	add("childcare", KeywordField, "daycare", "storytime", "child care")
	add("childcare", QuestionField, "how do i find a daycare for my toddler", "how much does child care cost")
	add("library", KeywordField, "library", "library card", "storytime")
	add("library", QuestionField, "how do i get a library card", "free books and computers at the library", "storytime for my toddler at the library")
	return docs
}

func TestMatchSpellingInContext(t *testing.T) {
	ix := NewIndex(wider(), Options{})
	tests := []struct{ q, topic string }{
		{"need free lawer for low incom famly", "legal-help"},                      // "lawer": lawyer, the commoner of two words one letter away
		{"how to make refuge claim inside canda", "refugee-claim"},                 // a real word typed for another; "canda" is "canada", not a topic word
		{"how do i apply for ontario works", "income-support"},                     // a program named after a province is not "work"
		{"comment demander ontario au travail", "income-support"},                  // and in French
		{"is there story time for toddlers at the library on saturday", "library"}, // typed apart
	}
	for _, tt := range tests {
		if r := ix.Match(tt.q); r.Decision != Answer || r.Top().Topic != tt.topic {
			t.Errorf("Match(%q) = %s %s %v, want answer %s", tt.q, r.Decision, r.Top().Topic, r.Candidates, tt.topic)
		}
	}
}

func TestIndexDoesNotDependOnDocumentOrder(t *testing.T) {
	docs := wider()
	rev := make([]Doc, len(docs))
	for i, d := range docs {
		rev[len(docs)-1-i] = d
	}
	a, b := NewIndex(docs, Options{}), NewIndex(rev, Options{})
	for _, q := range []string{"free lawyer", "refugee claim hearing", "daycare or storytime", "welfare for a family", "bus fare"} {
		ra, rb := a.Match(q), b.Match(q)
		if ra.Decision != rb.Decision || len(ra.Candidates) != len(rb.Candidates) {
			t.Fatalf("Match(%q) differs with the document order: %v vs %v", q, ra, rb)
		}
		for i := range ra.Candidates {
			ca, cb := ra.Candidates[i], rb.Candidates[i]
			if ca.Topic != cb.Topic || math.Abs(ca.Score-cb.Score) > 1e-6 {
				t.Fatalf("Match(%q) differs with the document order: %v vs %v", q, ra.Candidates, rb.Candidates)
			}
		}
	}
}

func TestWordModelLearnsWhichTopicASharedWordPointsTo(t *testing.T) {
	var docs []Doc
	add := func(topic string, texts ...string) {
		docs = append(docs, englishDocs(topic, QuestionField, texts...)...)
	}
	// "leave" is in both topics; with "sick" it is Employment Insurance.
	add("employment-insurance", "paid leave when i am sick", "sick leave benefits from the government", "leave to care for a sick parent", "maternity leave benefits")
	add("workers-rights", "how much vacation leave do i get", "my boss refuses my vacation leave", "overtime pay and vacation", "unpaid wages and vacation pay", "leave for a wedding")
	on := NewIndex(docs, Options{})
	if r := on.Match("leave because my mother is sick"); r.Top().Topic != "employment-insurance" {
		t.Fatalf("with the word model: %v, want employment-insurance first", r.Candidates)
	}
	// The trained weights are the model's own: turning it off must change the scores.
	off := NewIndex(docs, Options{ModelWeight: -1})
	if a, b := on.Match("leave because my mother is sick").Top().Score, off.Match("leave because my mother is sick").Top().Score; a == b {
		t.Fatalf("the word model does not change the score (%v)", a)
	}
}

func TestMatchCountsAnIdeaSaidTwice(t *testing.T) {
	var docs []Doc
	add := func(topic string, texts ...string) {
		docs = append(docs, englishDocs(topic, QuestionField, texts...)...)
	}
	add("transit", "bus schedule", "subway map", "monthly bus pass")
	add("shelter", "a bed for the night", "where to sleep tonight", "shelter closes at night, where do i go", "night shelter hours")
	ix := NewIndex(docs, Options{})
	// "bus" and "subway" are one term (transit); said twice, it outweighs
	// "night" and "closes", which the shelter topic has.
	if r := ix.Match("night buses after the subway closes"); r.Top().Topic != "transit" {
		t.Fatalf("got %v, want transit first", r.Candidates)
	}
}

func TestOwnOutOfScopeExamplesReplaceTheBuiltIns(t *testing.T) {
	docs := englishDocs("bank-account", QuestionField, "how do i open a bank account")
	examples := map[string]bool{}
	for _, d := range OutOfScopeDocs() {
		examples[d.Topic] = true
	}
	if n := NewIndex(docs, Options{}).Topics(); n != 1+len(examples)+3 {
		t.Fatalf("built-in examples: %d topics, want 1 + %d out-of-scope examples and domains + 3 kinds of crisis", n, len(examples))
	}
	own := append(docs, englishDocs(OutOfScope+":a", QuestionField, "open a bank account in dubai offshore")...)
	if n := NewIndex(own, Options{}).Topics(); n != 2+3 {
		t.Fatalf("own examples: %d topics, want 2 + 3 kinds of crisis", n)
	}
}

func TestNearOutOfScopeExampleMakesTheMatchUnsure(t *testing.T) {
	docs := append(englishDocs("bank-account", QuestionField,
		"how do i open a bank account", "which bank account has no monthly fee", "bank account for newcomers"),
		englishDocs(OutOfScope+":a", QuestionField, "cheap flights from the airport")...)
	q := "which bank account at the airport has no monthly fee"
	// The settlement topic ranks first either way: it has more of the words.
	if r := NewIndex(docs, Options{OutOfScopeNear: 100}).Match(q); r.Decision != Answer || r.Top().Topic != "bank-account" {
		t.Fatalf("only when it wins: %+v, want an answer", r)
	}
	if r := NewIndex(docs, Options{OutOfScopeNear: 0.3}).Match(q); r.Decision == Answer {
		t.Fatalf("near an out-of-scope example: %+v, want no confident answer", r)
	}
	if r := NewIndex(docs, Options{OutOfScopeNear: 0.3}).Match("which bank account has no monthly fee"); r.Decision != Answer {
		t.Fatalf("far from any out-of-scope example: %+v, want an answer", r)
	}
}

func TestUSIsACountryNotAPronoun(t *testing.T) {
	for q, want := range map[string]bool{
		"how do i get a US visa":           true,
		"we crossed from the U.S. on foot": true,
		"the us border":                    true,
		"can you help us find a doctor":    false,
		"is there any money for us":        false,
	} {
		if got := slices.Contains(Terms(q), "usa"); got != want {
			t.Errorf("%q: usa in %v = %v, want %v", q, Terms(q), got, want)
		}
	}
}

func TestFrenchElisionWithoutApostrophe(t *testing.T) {
	ix := tiny()
	got := termsOf([]string{"laide", "dassurance", "demande", "lobby"}, ix.known)
	// "l'aide" is a stop word; "assurance" is known; known or unrelated words stay.
	if want := termsOf([]string{"aide", "assurance", "demande", "lobby"}, nil); !slices.Equal(got, want) {
		t.Fatalf("elisions: %v, want %v", got, want)
	}
}

func TestCrisisExamplesFindDangerInOtherWords(t *testing.T) {
	ix := tiny()
	for q, want := range map[string]CrisisKind{
		"bought a rope today, tonight is the night":                SelfHarm,
		"he is outside the door with a knife, the kids are hiding": Violence,
		"mon coloc est tombé par terre pis il bouge plus":          MedicalDanger,
		"how do i get a sin number":                                NoCrisis,
		"live":                                                     NoCrisis, // one word is too little
	} {
		if got := ix.Match(q).Crisis; got != want {
			t.Errorf("Match(%q).Crisis = %q, want %q", q, got, want)
		}
	}
}

func TestCrisisDocs(t *testing.T) {
	kinds := map[string]int{}
	for _, d := range CrisisDocs() {
		kinds[d.Topic]++
		if d.Text == "" || d.Lang == "" {
			t.Fatalf("crisis example without text or language: %+v", d)
		}
	}
	for _, k := range []CrisisKind{SelfHarm, Violence, MedicalDanger} {
		if kinds[crisisTopic+string(k)] < 150 {
			t.Errorf("%s: %d crisis examples, want at least 150", k, kinds[crisisTopic+string(k)])
		}
	}
}

func TestEverydayDomainsOutrankASharedWord(t *testing.T) {
	docs := append(englishDocs("winter", QuestionField, "what winter tires do i need for my car", "how do i dress for the cold winter", "is it safe to drive in snow"),
		englishDocs("food-bank", QuestionField, "where is a food bank near me", "we cannot afford food this month")...)
	ix := NewIndex(docs, Options{})
	for _, q := range []string{
		"my parrot food",
		"which food for my hamster",
	} {
		if r := ix.Match(q); r.Decision == Answer {
			t.Errorf("%q: answered %s; want no confident answer (an everyday domain is closer)", q, r.Top().Topic)
		}
	}
	if r := ix.Match("where is a food bank near me, we cannot afford food"); r.Decision != Answer || r.Top().Topic != "food-bank" {
		t.Errorf("a real food bank question: %s %s, want an answer", r.Decision, r.Top().Topic)
	}
}
