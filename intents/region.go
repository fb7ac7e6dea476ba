package intents

import (
	"strings"
)

// place is a city or province a message can name.
type place struct {
	region string // province code
	city   string // display name as services list it; "" for a province
}

// gazetteer maps folded place names to their province. Names of several
// words are matched as phrases.
var gazetteer = map[string]place{}

// places holds the one-word names, which are also dropped from matching
// terms (a city says where, not what).
var places = map[string]place{}

// multiPlaces holds names of several words, longest first.
var multiPlaces []string

// maxPlaceWords is the most words a place name has.
var maxPlaceWords = 1

// placeStarts holds the first words of the names of several words.
var placeStarts = map[string]bool{}

func init() {
	add := func(region string, cities ...string) {
		for _, c := range cities {
			name, display, _ := strings.Cut(c, "=")
			if display == "" {
				display = titleCase(name)
			}
			p := place{region: region, city: display}
			if display == "-" {
				p.city = ""
			}
			key := strings.Join(Words(Fold(name)), " ")
			gazetteer[key] = p
			if strings.Contains(key, " ") {
				multiPlaces = append(multiPlaces, key)
				placeStarts[strings.Fields(key)[0]] = true
				maxPlaceWords = max(maxPlaceWords, len(strings.Fields(key)))
			} else {
				places[key] = p
			}
		}
	}
	add("ON", "ontario=-", "toronto", "gta=Toronto", "scarborough=Toronto", "etobicoke=Toronto", "north york=Toronto", "ottawa", "mississauga", "brampton", "peel=Mississauga",
		"hamilton", "london", "markham", "vaughan", "kitchener", "waterloo", "cambridge", "windsor", "richmond hill", "oakville", "burlington", "sudbury", "grand sudbury=Sudbury",
		"oshawa", "ajax", "pickering", "whitby", "durham=Oshawa", "barrie", "st catharines=St. Catharines", "st. catharines=St. Catharines", "saint catharines=St. Catharines",
		"niagara falls", "niagara", "welland", "guelph", "kingston", "thunder bay", "north bay", "timmins", "peterborough", "sarnia", "belleville", "cornwall",
		"sault ste marie=Sault Ste. Marie", "brantford", "milton", "orleans=Ottawa", "kanata=Ottawa", "hearst", "kapuskasing", "chatham", "owen sound", "orillia", "newmarket")
	add("AB", "alberta=-", "calgary", "edmonton", "red deer", "lethbridge", "medicine hat", "grande prairie", "airdrie", "st albert=St. Albert", "st. albert=St. Albert",
		"fort mcmurray", "sherwood park", "spruce grove", "leduc", "okotoks", "cochrane", "brooks", "camrose", "lloydminster", "canmore", "banff", "jasper", "yyc=Calgary", "yeg=Edmonton")
	add("BC", "british columbia=-", "colombie britannique=-", "bc=-", "vancouver", "surrey", "burnaby", "richmond", "victoria", "kelowna", "abbotsford", "coquitlam", "kamloops", "nanaimo", "prince george")
	add("MB", "manitoba=-", "winnipeg", "brandon", "steinbach")
	add("SK", "saskatchewan=-", "regina", "saskatoon", "moose jaw", "prince albert")
	add("QC", "quebec=-", "montreal", "laval", "gatineau", "sherbrooke", "trois rivieres", "longueuil", "levis", "saguenay")
	add("NS", "nova scotia=-", "nouvelle ecosse=-", "halifax", "dartmouth", "sydney")
	add("NB", "new brunswick=-", "nouveau brunswick=-", "moncton", "fredericton", "saint john", "dieppe")
	add("NL", "newfoundland=-", "terre neuve=-", "st john's=St. John's", "st johns=St. John's", "corner brook")
	add("PE", "prince edward island=-", "ile du prince edouard=-", "pei=-", "charlottetown", "summerside")
	add("YT", "yukon=-", "whitehorse")
	add("NT", "northwest territories=-", "territoires du nord ouest=-", "yellowknife")
	add("NU", "nunavut=-", "iqaluit")
	// longest first, so "niagara falls" wins over "niagara"
	for i := 1; i < len(multiPlaces); i++ {
		for j := i; j > 0 && len(multiPlaces[j]) > len(multiPlaces[j-1]); j-- {
			multiPlaces[j], multiPlaces[j-1] = multiPlaces[j-1], multiPlaces[j]
		}
	}
}

func titleCase(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

// Region finds a Canadian province or city named in a message ("I live in
// Calgary" → AB, Calgary; "à Sudbury" → ON, Sudbury; "in ontario" → ON, "").
// It returns empty strings when no place is named.
func Region(text string) (region, city string) {
	words := Words(Fold(text))
	for i := range words {
		// "London, England" is not London, Ontario
		if _, n := phraseAt(words, i, foreignPhrases, foreignStarts, maxForeignWords); n > 0 {
			clear(words[i : i+n])
		}
	}
	padded := " " + strings.Join(words, " ") + " "
	for _, name := range multiPlaces {
		if strings.Contains(padded, " "+name+" ") {
			p := gazetteer[name]
			return p.region, p.city
		}
	}
	for _, w := range strings.Fields(padded) {
		if p, ok := places[w]; ok {
			return p.region, p.city
		}
	}
	return "", ""
}

// placeAt returns how many words starting at words[i] name a place (a
// city or province), or 0.
func placeAt(words []string, i int) int {
	if _, n := phraseAt(words, i, gazetteer, placeStarts, maxPlaceWords); n > 0 {
		return n
	}
	if _, ok := places[words[i]]; ok {
		return 1
	}
	return 0
}

// RegionCode returns the province code for a code or a province or city
// name typed by a person ("ab", "Alberta", "Calgary"), or "".
func RegionCode(s string) string {
	f := strings.TrimSpace(Fold(s))
	if len(f) == 2 {
		up := strings.ToUpper(f)
		for _, p := range gazetteer {
			if p.region == up {
				return up
			}
		}
	}
	r, _ := Region(s)
	return r
}

// placeWords are the words of a message that only says where a person
// lives: "I live in Calgary", "on vient de déménager à Sudbury".
var placeWords = set(1, "i", "im", "we", "were", "am", "are", "is", "in", "at", "to", "near", "from", "the", "my", "our", "just", "now",
	"currently", "recently", "live", "living", "lives", "moved", "move", "moving", "stay", "staying", "based", "settled", "arrived", "landed",
	"here", "city", "province", "area", "region", "town", "hi", "hello", "hey", "ok", "okay", "so", "and", "also", "actually", "m", "s",
	"je", "j", "on", "nous", "suis", "sommes", "habite", "habitons", "vis", "vit", "vivons", "a", "au", "en", "dans", "pres", "de", "d", "la", "le",
	"ville", "maintenant", "viens", "vient", "venons", "demenage", "demenager", "installe", "installes", "installee", "arrive",
	"arrivee", "arrives", "bonjour", "salut", "allo", "moi", "c", "est", "ici")

// PlaceOnly reports whether a message does nothing but name where the
// person is ("Calgary", "I live in Ottawa", "j'habite à Sudbury"): a
// place in Canada, and no other words than those of living somewhere.
func PlaceOnly(text string) bool {
	words := Words(Fold(text))
	named := false
	for i := 0; i < len(words); i++ {
		if n := placeAt(words, i); n > 0 {
			named = true
			i += n - 1
			continue
		}
		if placeWords[words[i]] == 0 {
			return false
		}
	}
	return named
}
