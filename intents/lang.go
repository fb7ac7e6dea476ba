package intents

import (
	"unicode"
)

// Detect guesses the language of a message: by script for Arabic, Farsi,
// Chinese, Ukrainian and Punjabi, and by common words for the Latin-script
// languages (English, French, Spanish, Tagalog). It returns "" when the
// text gives no clue (numbers, emoji, a single unknown word).
func Detect(text string) string {
	var arabic, persian, han, cyr, ukr, gurmukhi, latin int
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Arabic, r):
			arabic++
			switch r {
			case 'پ', 'چ', 'ژ', 'گ', 'ک', 'ی':
				persian++
			}
		case isHan(r):
			han++
		case unicode.Is(unicode.Cyrillic, r):
			cyr++
			switch r {
			case 'і', 'ї', 'є', 'ґ', 'І', 'Ї', 'Є', 'Ґ':
				ukr++
			}
		case unicode.Is(unicode.Gurmukhi, r):
			gurmukhi++
		case unicode.Is(unicode.Latin, r):
			latin++
		}
	}
	// People mix Latin-script names into other scripts ("Public Mobile
	// 哪家便宜", "کارت OHIP"), rarely the other way round; and one Han
	// character says about as much as a short word.
	han *= 3
	script := max(arabic, han, cyr, gurmukhi)
	if script > 0 && 2*script >= latin {
		latin = 0
	}
	switch max(arabic, han, cyr, gurmukhi, latin) {
	case 0:
		return ""
	case arabic:
		if persian > 0 {
			return "fa"
		}
		return "ar"
	case han:
		return "zh"
	case cyr:
		return "uk" // Russian speakers are served in Ukrainian's script; the closest we have
	case gurmukhi:
		return "pa"
	}
	_ = ukr
	return detectLatin(Fold(text), accentHints(text))
}

// accentHints scores letters that only French or Spanish use.
func accentHints(text string) map[string]float64 {
	h := map[string]float64{}
	for _, r := range text {
		switch unicode.ToLower(r) {
		case 'é', 'è', 'ê', 'à', 'ç', 'ù', 'û', 'ô', 'î', 'ï', 'ë', 'â', 'œ':
			h["fr"] += 0.5
		case 'ñ', '¿', '¡', 'á', 'í', 'ó', 'ú':
			h["es"] += 0.7
		}
	}
	return h
}

var latinMarkers = map[string]map[string]float64{
	"en": set(1, "the", "i", "my", "is", "how", "what", "where", "do", "can", "to", "and", "for", "in", "of", "a", "you", "it", "me", "we", "our", "get", "need", "with", "have", "are", "im", "dont", "this", "that", "there", "when", "who", "want", "should", "your", "from", "does", "just", "will", "be", "if", "on", "at", "hi", "hello", "thanks", "thank", "please", "hey", "any", "about", "much", "or", "not", "no", "yes"),
	"fr": set(1, "je", "le", "la", "les", "de", "des", "du", "est", "et", "mon", "ma", "mes", "pour", "un", "une", "comment", "quoi", "ou", "quand", "pas", "que", "qui", "avec", "dans", "sur", "au", "aux", "il", "elle", "on", "nous", "vous", "j", "l", "d", "c", "qu", "suis", "ai", "faire", "peux", "peut", "faut", "merci", "bonjour", "salut", "allo", "bonsoir", "pis", "chu", "tu", "ca", "cest", "mais", "moi", "oui", "non", "si", "y", "ne", "en", "se", "son", "sa", "ses", "notre", "votre", "leur", "veux"),
	"es": set(1, "el", "los", "las", "de", "que", "y", "en", "un", "una", "por", "para", "con", "como", "donde", "mi", "es", "necesito", "quiero", "puedo", "hola", "gracias", "buenas", "buenos", "tardes", "dias", "noches", "cuanto", "tengo", "hay", "del", "al", "lo", "se", "no", "si", "pero", "muy", "esta", "estoy", "soy"),
	"tl": set(1, "ang", "ng", "mga", "sa", "ko", "ako", "paano", "saan", "po", "ba", "na", "ay", "at", "kung", "ito", "yung", "kami", "namin", "ka", "mo", "siya", "kailangan", "gusto", "salamat", "magandang", "pwede", "puwede", "may", "wala", "hindi", "lang"),
}

func set(w float64, words ...string) map[string]float64 {
	m := make(map[string]float64, len(words))
	for _, x := range words {
		m[x] = w
	}
	return m
}

func detectLatin(folded string, scores map[string]float64) string {
	words := Words(folded)
	for _, w := range words {
		for lang, m := range latinMarkers {
			scores[lang] += m[w]
		}
	}
	best, bestScore := "", 0.0
	for _, lang := range []string{"en", "fr", "es", "tl"} {
		if scores[lang] > bestScore {
			best, bestScore = lang, scores[lang]
		}
	}
	// One function word lost in a long text of unknown words is no
	// evidence ("... health ca" cut off mid-word).
	if best == "" || bestScore < max(1, 0.05*float64(len(words))) {
		return ""
	}
	return best
}
