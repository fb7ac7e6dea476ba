package intents

import "strings"

// stopWords are dropped before matching: function words of the supported
// Latin-script languages and words every question shares. They are folded.
var stopWords = set(1,
	// English
	"a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "anyone", "anything", "are", "as", "at", "be", "been", "before", "being", "but", "by",
	"can", "could", "did", "do", "does", "doing", "dont", "for", "from", "get", "getting", "got", "had", "has", "have", "having", "he", "her", "here", "him", "his",
	"how", "i", "if", "im", "in", "into", "is", "it", "its", "ive", "just", "know", "let", "like", "me", "might", "more", "much", "must", "my", "need", "needs",
	"no", "not", "now", "of", "off", "ok", "on", "one", "or", "our", "out", "please", "pls", "plz", "really", "s", "she", "should", "so", "some", "someone",
	"something", "still", "than", "that", "the", "their", "them", "then", "there", "these", "they", "thing", "things", "this", "those", "to", "too", "u", "um", "up",
	"us", "very", "want", "wanna", "was", "we", "were", "what", "whats", "when", "where", "which", "who", "whom", "why", "will", "with", "would", "you", "your",
	"ur", "yo", "hi", "hello", "hey", "thanks", "thank", "t", "d", "ll", "m", "re", "ve", "cant", "wont", "didnt", "doesnt", "isnt", "arent", "wasnt", "idk",
	"okay", "yes", "yeah", "yet", "already", "ever", "even", "actually", "anyway", "other", "another", "same", "way", "go", "going", "gonna", "come", "make", "take",
	"tell", "say", "said", "see", "look", "looking", "find", "help", "question", "answer", "info", "information", "canada", "canadian", "newcomer", "newcomers",
	"new", "here", "today", "right", "people", "person", "someone", "thing", "stuff", "lot", "lots", "bit", "guys", "anybody", "somebody", "who's", "whos",
	"told", "tells", "telling", "said", "says", "saying", "asked", "asks", "gave", "give", "gives", "think", "thought", "mean", "means", "guess", "sure",
	"maybe", "probably", "basically", "literally", "kind", "sort", "every", "everything", "anywhere", "somewhere", "possible", "able", "wondering", "wonder",
	"dit", "disait", "demande", "demander", "pense", "crois", "vraiment", "peut-etre", "possible", "savoir",
	// French
	"a", "ai", "au", "aussi", "aux", "avec", "avoir", "c", "ca", "ce", "ces", "cest", "cet", "cette", "chu", "comme", "comment", "d", "dans", "de", "des", "dois", "doit",
	"donc", "du", "elle", "elles", "en", "encore", "est", "et", "etre", "eu", "faire", "fais", "fait", "faut", "il", "ils", "j", "je", "l", "la", "le", "les", "leur",
	"leurs", "lui", "m", "ma", "mais", "me", "mes", "moi", "mon", "n", "ne", "nos", "notre", "nous", "on", "ou", "par", "pas", "peu", "peut", "peux", "pis", "plus",
	"pour", "pu", "qu", "quand", "que", "quel", "quelle", "quelles", "quels", "qui", "quoi", "s", "sa", "sans", "se", "ses", "si", "son", "sont", "suis", "sur", "t",
	"ta", "te", "tes", "toi", "ton", "tous", "tout", "toute", "tu", "un", "une", "vos", "votre", "vous", "y", "ya", "bonjour", "salut", "merci", "svp", "stp", "oui",
	"non", "bien", "veux", "voudrais", "aimerais", "besoin", "aide", "aider", "savoir", "sais", "trouver", "quelqu", "quelque", "chose", "ici", "canada", "canadien",
	"nouvel", "nouveau", "nouvelle", "arrivant", "arrivants", "avez", "ont", "etes", "sommes", "fois", "tsu", "tu", "ti", "icitte", "ben", "genre", "ok", "alors",
	// Spanish, Tagalog (most frequent only)
	"el", "los", "las", "que", "y", "un", "una", "por", "para", "con", "como", "donde", "mi", "mis", "es", "lo", "del", "al", "se", "hola", "necesito", "quiero", "puedo",
	"ang", "ng", "mga", "sa", "ko", "ako", "paano", "saan", "po", "ba", "na", "ay", "at", "kung", "ito", "yung", "kami", "namin", "ka", "mo", "siya", "lang",
)

// canonical maps words (after Stem) that mean the same thing for matching
// to one form. Both the index and queries go through it.
var canonical = map[string]string{
	"physician": "doctor", "doc": "doctor", "gp": "doctor", "dr": "doctor", "docter": "doctor", "doctr": "doctor",
	"docteur": "medecin", "doct": "medecin", "toubib": "medecin",
	"apt": "apartment", "appt": "apartment", "flat": "apartment", "condo": "apartment", "basement": "apartment",
	"appart": "appartement", "logis": "logement",
	"kid": "child", "children": "child", "childs": "child", "son": "child", "daughter": "child", "toddler": "child", "baby": "child", "babie": "child",
	"enfant": "enfant", "flo": "enfant", "kids": "child", "bebe": "enfant", "fille": "enfant", "fils": "enfant", "ptit": "enfant",
	"cell": "phone", "cellphone": "phone", "mobile": "phone", "smartphone": "phone", "sim": "phone",
	"cellulaire": "telephone", "cellu": "telephone", "tel": "telephone",
	"wifi": "internet", "wi": "internet",
	"cop": "police", "cops": "police", "policier": "police", "policiere": "police",
	"subway": "transit", "metro": "transit", "bus": "transit", "buse": "transit", "streetcar": "transit", "lrt": "transit", "ctrain": "transit", "presto": "transit", "autobu": "transit",
	"taxe": "tax", "impot": "tax", "impots": "tax",
	"license": "licence", "licens": "licence", "licenc": "licence",
	"char": "voiture", "auto": "voiture", "car": "car",
	"daycare": "daycare", "garderie": "daycare", "cpe": "daycare",
	"resume": "resume", "cv": "resume",
	"wage": "wage", "salary": "wage", "paid": "pay", "paycheck": "pay", "payslip": "pay",
	"landlady": "landlord", "proprio": "proprietaire",
	"ambulance": "ambulance", "paramedic": "ambulance",
	"mom": "mother", "mum": "mother", "mama": "mother", "dad": "father", "papa": "father", "parent": "parent", "parents": "parent",
	"grandma": "grandparent", "grandpa": "grandparent", "grandmother": "grandparent", "grandfather": "grandparent",
	"english": "english", "anglais": "anglais", "francais": "francais", "french": "french",
	"immigration": "immigration", "ircc": "ircc", "cic": "ircc",
	"sin": "sin", "nas": "nas",
	"hospital": "hospital", "hopital": "hopital", "er": "emergency",
	"scammer": "scam", "scammed": "scam", "fraudster": "fraud", "arnaqu": "arnaque", "arnaqueur": "arnaque",
	"snow": "winter", "cold": "winter", "freezing": "winter", "neige": "hiver", "froid": "hiver",
	"volunteer": "volunteer", "benevole": "benevolat",
	"librarie": "library", "biblio": "bibliotheque",
	"passport": "passport", "passeport": "passport",
}

// normalizeToken is the form of a word in the index: folded, stemmed and
// canonicalised. It returns "" for stop words.
func normalizeToken(w string) string {
	if stopWords[w] > 0 {
		return ""
	}
	if c, ok := canonical[w]; ok {
		return c
	}
	s := Stem(w)
	if c, ok := canonical[s]; ok {
		return c
	}
	if stopWords[s] > 0 {
		return ""
	}
	return s
}

// Terms turns text into index terms: folded words, stop words and place
// names removed, stemmed and canonicalised.
func Terms(text string) []string { return termsOf(Words(Fold(text)), nil) }

// termsOf is Terms for words already folded and split. With known (the
// index's terms), a word it does not know may be a French elision typed
// without its apostrophe (see elided).
func termsOf(words []string, known func(string) bool) []string {
	out := make([]string, 0, len(words))
	for i := 0; i < len(words); i++ {
		if t, n := programAt(words, i); n > 0 {
			out = append(out, t)
			i += n - 1
			continue
		}
		if n := placeAt(words, i); n > 0 {
			i += n - 1
			continue
		}
		w := words[i]
		if n := usAt(words, i); n > 0 {
			out = append(out, "usa")
			i += n - 1
			continue
		}
		if len(w) < 3 && isNumber(w) {
			continue // "3 years", "2 kids": small numbers say how much, not what
		}
		t := normalizeToken(w)
		if t != "" && known != nil && !known(t) {
			if r, ok := elided(w, known); ok {
				t = r
			}
		}
		if t != "" {
			out = append(out, t)
		}
	}
	return out
}

// elided repairs a French elision typed without the apostrophe, as phones
// make people do: "laide" is "l'aide", "dassurance" is "d'assurance". A
// word that starts with l, d, j, m, n, s or t and a vowel loses that letter
// when what is left is a stop word (the term is then "") or a term the
// index knows.
func elided(w string, known func(string) bool) (string, bool) {
	if len(w) < 4 || !strings.ContainsRune("ldjmnst", rune(w[0])) || !strings.ContainsRune("aeiouhy", rune(w[1])) {
		return "", false
	}
	rest := w[1:]
	if stopWords[rest] > 0 {
		return "", true
	}
	if t := normalizeToken(rest); known(t) {
		return t, true
	}
	return "", false
}

// usNouns follow "us" when it means the United States ("a us visa").
var usNouns = set(1, "visa", "visas", "green", "embassy", "consulate", "citizen", "citizens", "citizenship", "passport", "border", "dollar", "dollars",
	"licence", "license", "president", "election", "elections", "tax", "taxes", "bank", "company", "university", "college", "army", "military", "state", "states")

// usAt reports how many words at i name the United States where folding
// has made them look like the pronoun "us": "U.S." (folded to "u s"),
// "the US", or "us" before a noun such as visa or border.
func usAt(words []string, i int) int {
	switch {
	case words[i] == "u" && i+1 < len(words) && words[i+1] == "s":
		return 2
	case words[i] != "us":
		return 0
	case i > 0 && (words[i-1] == "the" || words[i-1] == "a"), i+1 < len(words) && usNouns[words[i+1]] > 0:
		return 1
	}
	return 0
}

// nonLatinStopWords are function words of the supported languages written
// in other scripts. They are folded like queries when the package loads.
var nonLatinStopWords = []string{
	// Arabic (standard and colloquial)
	"في", "من", "على", "الى", "إلى", "عن", "مع", "هل", "ما", "ماذا", "كيف", "لو", "أن", "ان", "انا", "أنا", "انت", "هو", "هي", "نحن", "هذا", "هذه", "ذلك",
	"التي", "الذي", "كان", "يكون", "او", "أو", "لا", "لم", "لن", "قد", "كل", "بعد", "قبل", "عند", "شو", "ايش", "وين", "بدي", "ممكن", "يعني", "كمان", "لازم", "عشان", "علشان", "فيه", "في",
	"اللي", "مش", "هيك", "بس", "يا", "و", "ف", "ب", "ل",
	// Farsi
	"از", "به", "با", "در", "که", "را", "رو", "این", "آن", "اون", "این", "من", "تو", "ما", "شما", "او", "است", "هست", "هستم", "بود", "برای", "واسه", "یا", "و", "هم", "چه", "چی",
	"چطور", "چطوری", "چگونه", "کجا", "آیا", "اگر", "اگه", "باید", "میشه", "می", "تا", "یک", "یه", "هر", "خیلی", "دارم", "داره", "کنم", "کنیم", "میخوام", "بگیرم",
	// Ukrainian (and Russian forms people mix in)
	"і", "й", "та", "в", "у", "на", "з", "із", "до", "для", "по", "про", "що", "як", "де", "чи", "я", "ми", "ви", "він", "вона", "вони", "це", "мені", "мене", "мій", "моя", "мої",
	"можна", "треба", "потрібно", "не", "а", "але", "якщо", "коли", "бо", "від", "після", "вже", "ще", "так", "ні", "яка", "який", "які", "чи", "же", "что", "как", "где", "мне",
	// Punjabi
	"ਦਾ", "ਦੀ", "ਦੇ", "ਨੂੰ", "ਨੇ", "ਤੋਂ", "ਵਿੱਚ", "ਵਿਚ", "ਅਤੇ", "ਤੇ", "ਹੈ", "ਹਨ", "ਸੀ", "ਮੈਂ", "ਮੇਰਾ", "ਮੇਰੀ", "ਮੇਰੇ", "ਅਸੀਂ", "ਤੁਸੀਂ", "ਇਹ", "ਉਹ", "ਕੀ", "ਕਿਵੇਂ", "ਕਿੱਥੇ", "ਕਿੱਥੋਂ",
	"ਕਿ", "ਜੇ", "ਜਦੋਂ", "ਲਈ", "ਨਾਲ", "ਹਾਂ", "ਨਹੀਂ", "ਵੀ", "ਕੋਈ", "ਕਰ", "ਕਰਨਾ", "ਕਰਨ", "ਸਕਦਾ", "ਸਕਦੀ", "ਸਕਦੇ", "ਜੀ",
	// Chinese (single characters and common pairs, as Words splits Han text)
	"我", "的", "了", "吗", "呢", "吧", "是", "在", "有", "和", "也", "都", "就", "要", "会", "能", "可以", "怎么", "怎样", "什么", "哪里", "哪儿", "请问", "一个", "这", "那", "你", "他", "她", "我们", "我的",
}

func init() {
	for _, w := range nonLatinStopWords {
		stopWords[Fold(w)] = 1
	}
}

// programs are names of programs that start with a place name, which
// would otherwise be dropped with the place ("Ontario Works" is not work
// in Ontario). Each becomes one term.
var programs = map[string]string{
	"ontario works": "ontarioworks", "ontario au travail": "ontarioworks",
	"alberta works": "albertaworks", "alberta supports": "albertasupports",
	"ontario disability support": "odsp", "ontario disability": "odsp",
	"ontario health insurance": "ohip", "alberta health care": "ahcip", "alberta health insurance": "ahcip",
	"employment ontario": "employmentontario", "emploi ontario": "employmentontario",
	"service ontario": "serviceontario", "service canada": "servicecanada",
	"ontario student assistance": "osap", "alberta child and family benefit": "acfb",
	"ontario trillium benefit": "otb", "canada child benefit": "ccb", "allocation canadienne pour enfants": "ccb",
}

// programStarts are the first words of the program names.
var programStarts = firstWords(programs)

// programAt returns the term of a program name starting at words[i] and
// how many words it spans, or 0.
func programAt(words []string, i int) (string, int) {
	return phraseAt(words, i, programs, programStarts, 5)
}

// phraseAt looks up the longest name of 2 to maxWords words that starts at
// words[i] in table, whose names' first words are starts; it returns the
// name's value and its length in words, or 0.
func phraseAt[V any](words []string, i int, table map[string]V, starts map[string]bool, maxWords int) (V, int) {
	if starts[words[i]] {
		for n := min(maxWords, len(words)-i); n > 1; n-- {
			if v, ok := table[strings.Join(words[i:i+n], " ")]; ok {
				return v, n
			}
		}
	}
	var zero V
	return zero, 0
}

// firstWords returns the first words of a table's names.
func firstWords[V any](table map[string]V) map[string]bool {
	m := map[string]bool{}
	for name := range table {
		first, _, _ := strings.Cut(name, " ")
		m[first] = true
	}
	return m
}
