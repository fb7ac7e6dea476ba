package intents

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxRunes is how much of a message is read. Longer messages are cut, not
// refused: the question is almost always at the start.
const MaxRunes = 2000

// Clean makes any input safe to handle: invalid UTF-8 and control
// characters become spaces, the text is NFKC-normalised, runs of spaces
// are collapsed and the result is at most MaxRunes runes.
func Clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, " ")
	}
	if !isLatin(s) {
		s = norm.NFKC.String(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	n, space := 0, true
	for _, r := range s {
		if n >= MaxRunes {
			break
		}
		if unicode.IsControl(r) || unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' || r == utf8.RuneError {
			if !space {
				b.WriteByte(' ')
				space = true
				n++
			}
			continue
		}
		b.WriteRune(r)
		space = false
		n++
	}
	out := strings.TrimSpace(b.String())
	if n >= MaxRunes {
		// Cut at the last space rather than mid-word.
		if i := strings.LastIndexByte(out, ' '); i > len(out)/2 {
			out = out[:i]
		}
	}
	return out
}

// Fold returns s cleaned, lower-cased and with accents and Arabic-script
// letter variants folded: the form used for matching only, never shown.
func Fold(s string) string {
	s = strings.ToLower(Clean(s))
	if !isLatin(s) {
		// Remove combining marks (accents, Arabic harakat) after
		// decomposition; recompose what is left.
		d := norm.NFD.String(s)
		var b strings.Builder
		b.Grow(len(d))
		for _, r := range d {
			if !unicode.Is(unicode.Mn, r) {
				b.WriteRune(foldRune(r))
			}
		}
		s = ligatures.Replace(norm.NFC.String(b.String()))
	}
	return s
}

func foldRune(r rune) rune {
	switch r {
	case '’', '‘', '`', '´', 'ʼ':
		return '\''
	case 'أ', 'إ', 'آ', 'ٱ':
		return 'ا'
	case 'ى', 'ي':
		return 'ی'
	case 'ك':
		return 'ک'
	case 'ة':
		return 'ه'
	}
	return r
}

// isHan reports whether r is a CJK ideograph, which has no spaces between words.
func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// Words splits folded text into words: runs of letters and digits.
// Apostrophes split elisions ("l'anglais" → "l", "anglais"). Han text is
// returned as single characters and bigrams, since Chinese has no spaces.
func Words(folded string) []string {
	var out []string
	var cur []rune
	var han []rune
	flushHan := func() {
		for i, r := range han {
			out = append(out, string(r))
			if i+1 < len(han) {
				out = append(out, string(han[i:i+2]))
			}
		}
		han = han[:0]
	}
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
			cur = cur[:0]
		}
	}
	for _, r := range folded {
		switch {
		case isHan(r):
			flush()
			han = append(han, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mc, r):
			flushHan()
			cur = append(cur, r)
		default:
			flush()
			flushHan()
		}
	}
	flush()
	flushHan()
	return out
}

// Stem removes common English and French inflections so that "renting",
// "rented" and "rents" meet "rent". It is deliberately light: index and
// queries go through the same function, so consistency matters more than
// linguistics.
func Stem(w string) string {
	n := len(w)
	if n < 4 || !isLatin(w) {
		return w
	}
	switch {
	case strings.HasSuffix(w, "ies") && n > 5:
		return w[:n-3] + "y"
	case strings.HasSuffix(w, "ing") && n > 6:
		w = w[:n-3]
	case strings.HasSuffix(w, "ed") && n > 5 && !strings.HasSuffix(w, "eed"):
		w = w[:n-2]
	case strings.HasSuffix(w, "ements") && n > 8:
		w = w[:n-1]
	case strings.HasSuffix(w, "aux") && n > 5:
		w = w[:n-3] + "al"
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		w = w[:n-1]
	}
	if n := len(w); n > 4 && w[n-1] == 'e' {
		w = w[:n-1]
	}
	return w
}

func isLatin(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

var ligatures = strings.NewReplacer("œ", "oe", "æ", "ae", "ß", "ss")
