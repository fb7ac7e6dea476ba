package intents

import (
	"testing"
)

// tiny is a small knowledge base, enough to test the matcher's mechanics.
func tiny() *Index {
	var docs []Doc
	add := func(topic string, field Field, texts ...string) {
		for _, s := range texts {
			docs = append(docs, Doc{Topic: topic, Lang: "en", Field: field, Text: s})
		}
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
