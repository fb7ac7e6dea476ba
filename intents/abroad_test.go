package intents

import "testing"

func TestAboutAbroad(t *testing.T) {
	tests := []struct {
		q    string
		want bool
	}{
		// about life in another country
		{"how much does it cost to rent a flat in berlin", true},
		{"what is the minimum wage in mexico right now", true},
		{"comment s'inscrire à l'école au maroc", true},
		{"getting a green card in the usa through my employer", true},
		{"do i need a visa for new zealand", true},
		{"requirements for italian citizenship", true},
		{"bus pass prices in london england", true},
		{"le loyer moyen à bruxelles", true},
		{"we just moved to perth australia, how do we get a tax number", true},
		// Canada named, or implied by a Canadian program or "here"
		{"i have a german degree, how do i get it recognized in ontario", false},
		{"is my driving licence from india valid here", false},
		{"can i travel to pakistan with an expired pr card", false},
		{"bank account in london for a newcomer", false}, // London, Ontario
		// another country as background: origin, family, experience, comparison
		{"we just arrived from syria with three kids, where do we start", false},
		{"my wife is still in nigeria, how long does it take to bring her", false},
		{"i was a teacher in the philippines for ten years", false},
		{"cheapest way to send money to kenya", false},
		{"in ghana we pay for school, is it free here", false},
		{"j'ai travaillé 10 ans en algérie comme ingénieur", false},
		{"mes parents au sénégal veulent venir me visiter", false},
		{"mon diplôme d'études faites en tunisie est-il reconnu", false},
		{"my uk nursing registration, what do i do next", false},
		// no foreign place at all
		{"how do i get a health card", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := AboutAbroad(tt.q); got != tt.want {
			t.Errorf("AboutAbroad(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
}

func TestQuestionAboutAnotherCountryIsNotAnswered(t *testing.T) {
	ix := tiny()
	r := ix.Match("how do i open a bank account in dubai")
	if r.Decision == Answer || !r.Abroad {
		t.Fatalf("bank account in Dubai: got %s (abroad %v), want no answer, marked abroad", r.Decision, r.Abroad)
	}
	if r.Top().Topic != "bank-account" {
		t.Errorf("the best topic is still offered: got %q, want bank-account", r.Top().Topic)
	}
	r = ix.Match("just came from dubai, how do i open a bank account")
	if r.Decision != Answer || r.Top().Topic != "bank-account" || r.Abroad {
		t.Errorf("a newcomer from Dubai: got %s %q (abroad %v), want an answer about bank accounts", r.Decision, r.Top().Topic, r.Abroad)
	}
}
