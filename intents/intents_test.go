package intents

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClean(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"spaces", "  how   do\ti\n get a SIN  ", "how do i get a SIN"},
		{"invalid utf8", "health\xff\xfecard", "health card"},
		{"control characters", "a\x00b\x1bc", "a b c"},
		{"nfkc", "ｈｅａｌｔｈ ﬁle", "health file"},
		{"zero width", "sin\u200bnumber", "sin number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Clean(tt.in); got != tt.want {
				t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	long := strings.Repeat("é", 20000)
	if n := utf8.RuneCountInString(Clean(long)); n != MaxRunes {
		t.Errorf("Clean of 20,000 runes kept %d, want %d", n, MaxRunes)
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Où est l'École?", "ou est l'ecole?"},
		{"Carte SANTÉ", "carte sante"},
		{"sœur’s", "soeur's"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDetect(t *testing.T) {
	tests := []struct{ text, want string }{
		{"how do i get a health card", "en"},
		{"où est-ce que je peux apprendre l'anglais gratuit", "fr"},
		{"j'ai besoin d'un médecin de famille", "fr"},
		{"¿dónde puedo aprender inglés gratis?", "es"},
		{"paano ako makakakuha ng SIN", "tl"},
		{"كيف أحصل على بطاقة صحية", "ar"},
		{"چطور کارت سلامت بگیرم", "fa"},
		{"як отримати медичну картку", "uk"},
		{"怎么申请医疗卡", "zh"},
		{"ਮੈਨੂੰ ਹੈਲਥ ਕਾਰਡ ਕਿਵੇਂ ਮਿਲੇਗਾ", "pa"},
		{"Fizz、Freedom和Public Mobile哪家便宜", "zh"},
		{"کارت OHIP رو چطور تمدید کنم", "fa"},
		{"what does 医疗卡 mean on this form", "en"},
		{"🙂🙂", ""},
		{"123", ""},
	}
	for _, tt := range tests {
		if got := Detect(tt.text); got != tt.want {
			t.Errorf("Detect(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestCrisis(t *testing.T) {
	tests := []struct {
		text string
		want CrisisKind
	}{
		{"i want to kill myself", SelfHarm},
		{"I don't want to live anymore, I can't go on", SelfHarm},
		{"thinking about suicide tonight", SelfHarm},
		{"je veux mourir, j'en peux plus", SelfHarm},
		{"j'ai envie d'en finir", SelfHarm},
		{"je pense à me suicider", SelfHarm},
		{"quiero morir", SelfHarm},
		{"my husband is hitting me right now", Violence},
		{"he said he's going to kill me", Violence},
		{"mon mari me frappe", Violence},
		{"j'ai peur pour ma vie", Violence},
		{"my son is not breathing", MedicalDanger},
		{"my dad has chest pain and is sweating", MedicalDanger},
		{"elle respire pas, aidez-moi", MedicalDanger},
		{"il y a une fuite de gaz chez nous", MedicalDanger},
		{"ma mère est tombée, elle répond plus", MedicalDanger},
		{"my grandpa collapsed in the kitchen", MedicalDanger},
		{"there's smoke everywhere in the hallway and we can't get out", MedicalDanger},
		{"we're trapped on the 12th floor, the stairs are full of smoke", MedicalDanger},
		{"y'a de la fumée partout dans le corridor", MedicalDanger},
		{"ma fille arrive pu à respirer, ses lèvres sont bleues", MedicalDanger},
		{"my son cannot breathe after eating peanuts", MedicalDanger},
		{"cours de respiration pour le stress", NoCrisis},
		{"can i smoke in the backyard of my rental", NoCrisis},
		{"i can't get out of my lease, what can i do", NoCrisis},
		{"my landlord is not responding to my emails", NoCrisis},
		{"l'IRCC ne répond pas à mes courriels", NoCrisis},
		{"how do i get a health card", NoCrisis},
		{"where can i find a family doctor", NoCrisis},
		{"what number do i call for the police non emergency", NoCrisis},
		{"fire safety tips for my apartment", NoCrisis},
		{"killing time at the library, any free events?", NoCrisis},
		{"he hit me again last night", Violence},
		{"hit me up if there are free english classes", NoCrisis},
	}
	for _, tt := range tests {
		if got := Crisis(tt.text); got != tt.want {
			t.Errorf("Crisis(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		text string
		kind Kind
		cmd  string
		arg  string
	}{
		{"/start fr-ON", Command, "start", "fr-ON"},
		{"/help@newcomerbot", Command, "help", ""},
		{"/region Calgary", Command, "region", "Calgary"},
		{"hello", SmallTalk, "", ""},
		{"bonjour!", SmallTalk, "", ""},
		{"thanks a lot, that helped", SmallTalk, "", ""},
		{"merci beaucoup", SmallTalk, "", ""},
		{"how are you?", SmallTalk, "", ""},
		{"who are you", SmallTalk, "", ""},
		{"merci, bonne soirée", SmallTalk, "", ""},
		{"thanks, have a good day", SmallTalk, "", ""},
		{"hi, how do i get a sin number", Question, "", ""},
		{"i want to talk to a real person", Handoff, "", ""},
		{"can i speak with someone at the agency", Handoff, "", ""},
		{"je veux parler à une vraie personne", Handoff, "", ""},
		{"this isn't helping, connect me with an actual agent", Handoff, "", ""},
		{"do i need a real estate agent to rent an apartment", Question, "", ""},
		{"could an actual settlement worker answer me instead", Handoff, "", ""},
		{"je voudrais une intervenante humaine svp", Handoff, "", ""},
		{"can someone live with us if they are not on the lease", Question, "", ""},
		{"where do i file a human rights complaint", Question, "", ""},
		{"can a person get OHIP before PR?", Question, "", ""},
		{"   ", Empty, "", ""},
		{"🙂👍", Empty, "", ""},
		{"?!?", Empty, "", ""},
	}
	for _, tt := range tests {
		got := Classify(tt.text)
		if got.Kind != tt.kind || got.Command != tt.cmd || got.Arg != tt.arg {
			t.Errorf("Classify(%q) = %+v, want kind %s command %q arg %q", tt.text, got, tt.kind, tt.cmd, tt.arg)
		}
	}
}

func TestRegion(t *testing.T) {
	tests := []struct{ text, region, city string }{
		{"I live in Calgary", "AB", "Calgary"},
		{"j'habite à Sudbury", "ON", "Sudbury"},
		{"we moved to thunder bay", "ON", "Thunder Bay"},
		{"health card in ontario", "ON", ""},
		{"moving to red deer next week", "AB", "Red Deer"},
		{"niagara falls", "ON", "Niagara Falls"},
		{"st. catharines", "ON", "St. Catharines"},
		{"how do i get a sin", "", ""},
		{"bus fare in london england", "", ""},
		{"we lived in london uk, now in london ontario", "ON", "London"},
	}
	for _, tt := range tests {
		r, c := Region(tt.text)
		if r != tt.region || c != tt.city {
			t.Errorf("Region(%q) = %q, %q; want %q, %q", tt.text, r, c, tt.region, tt.city)
		}
	}
	for in, want := range map[string]string{"ab": "AB", "Ontario": "ON", "calgary": "AB", "Atlantis": ""} {
		if got := RegionCode(in); got != want {
			t.Errorf("RegionCode(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStemAndTerms(t *testing.T) {
	for in, want := range map[string]string{"renting": "rent", "rented": "rent", "rents": "rent", "families": "family", "doctors": "doctor"} {
		if got := Stem(in); got != want {
			t.Errorf("Stem(%q) = %q, want %q", in, got, want)
		}
	}
	got := strings.Join(Terms("How do I find a physician in Toronto?"), " ")
	if got != "doctor" {
		t.Errorf("Terms dropped stop words and places and canonicalised: got %q, want %q", got, "doctor")
	}
}

func TestOSADistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"health", "health", 0}, {"helth", "health", 1}, {"healht", "health", 1}, {"heallth", "health", 1}, {"hlth", "health", 2},
	}
	for _, tt := range tests {
		if got := osaDistance(tt.a, tt.b, 3); got != tt.want {
			t.Errorf("osaDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func utf8ValidNoControl(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

func TestAsksAbout(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"my partner hits me sometimes when he drinks, who can i talk to", true},
		{"mon mari me frappe depuis des mois, où aller avec les enfants", true},
		{"what number do i call if my dad has chest pain", true},
		{"que faire si quelqu'un fait une crise d'épilepsie", true},
		{"my husband is hitting me right now", false},
		{"he hits me sometimes and tonight he has a knife", false},
		{"si tu entres je vais appeler, il est à la porte et il me frappe", false},
		{"my baby is choking", false},
		{"i want to kill myself, what if nobody cares", false}, // self-harm: 988 first, always
	}
	for _, tt := range tests {
		kind := Crisis(tt.text)
		if kind == NoCrisis {
			t.Errorf("Crisis(%q) = none; the test needs a crisis message", tt.text)
			continue
		}
		if got := AsksAbout(tt.text, kind); got != tt.want {
			t.Errorf("AsksAbout(%q, %s) = %v, want %v", tt.text, kind, got, tt.want)
		}
	}
}

func TestPlaceOnly(t *testing.T) {
	for q, want := range map[string]bool{
		"Calgary":                                true,
		"I live in Ottawa":                       true,
		"we just moved to thunder bay":           true,
		"j'habite à Sudbury":                     true,
		"hi, im in toronto":                      true,
		"health card in calgary":                 false,
		"I live in Ottawa, where is a food bank": false,
		"how do i get a sin":                     false,
		"london england":                         false,
	} {
		if got := PlaceOnly(q); got != want {
			t.Errorf("PlaceOnly(%q) = %v, want %v", q, got, want)
		}
	}
}
