package intents

import (
	"strings"
)

// A question about life in another country ("how do I open a bank account
// in Dubai", "c'est combien le salaire minimum en Belgique") shares every
// settlement word with a topic, so the ranking alone answers it as if it
// were about Canada. Many settlement questions name another country too,
// though, as where a person comes from ("I was a nurse in Lagos"), where
// family lives or where they travel. AboutAbroad tells the two apart by
// what else the question says: a place in Canada, a Canadian program or
// "here" puts it in Canada, and words of origin, travel or family abroad
// make the other country the background rather than the subject.

// foreignNames are countries, regions and large cities outside Canada, in
// English and French, folded. Names that are also Canadian places (London,
// Kingston, Sydney, Windsor) count as foreign only with their country
// ("london england"), which is matched first.
var foreignNames = strings.Fields(`
afghanistan albania albanie algeria algerie allemagne angleterre angola argentina argentine armenia armenie australia australie austria autriche
azerbaijan bahrain bangladesh barbados belarus belgium belgique belize benin bolivia bolivie bosnia bosnie brazil bresil bulgaria bulgarie burundi
cambodia cambodge cameroon cameroun chile chili china chine colombia colombie comores congo croatia croatie cuba cyprus chypre czechia denmark danemark
djibouti ecuador equateur egypt egypte england eritrea erythree estonia ethiopia ethiopie fiji finland finlande france gabon gambia gambie germany ghana
greece grece grenada guatemala guinea guinee guyana haiti honduras hungary hongrie iceland india inde indonesia indonesie iran iraq irak ireland irlande
israel italy italie jamaica jamaique japan japon jordan jordanie kazakhstan kenya korea coree kosovo kuwait koweit kyrgyzstan laos latvia lebanon liban
liberia libya libye lithuania luxembourg madagascar malawi malaysia malaisie mali malta malte mauritania mauritanie mauritius mexico mexique moldova moldavie
mongolia montenegro morocco maroc mozambique myanmar burma namibia nepal netherlands holland nicaragua niger nigeria norway norvege oman pakistan palestine
gaza panama paraguay peru perou philippines poland pologne portugal qatar romania roumanie russia russie rwanda scotland ecosse senegal serbia serbie
singapore singapour slovakia slovenia somalia somalie spain espagne sudan soudan suriname sweden suede switzerland suisse syria syrie taiwan tajikistan
tanzania tanzanie thailand thailande togo tchad trinidad tunisia tunisie turkey turquie turkiye turkmenistan uganda ouganda ukraine uae emirates emirats
uk usa america amerique uruguay uzbekistan venezuela vietnam wales yemen zambia zambie zimbabwe europe africa afrique asia asie caribbean caraibes antilles
dubai doha riyadh riyad jeddah beirut beyrouth damascus damas aleppo alep amman baghdad bagdad cairo caire istanbul ankara tehran teheran kabul karachi
lahore islamabad delhi mumbai bombay bangalore bengaluru chennai kolkata hyderabad chandigarh amritsar ludhiana jalandhar dhaka kathmandu colombo manila
manille cebu davao beijing pekin shanghai guangzhou shenzhen taipei seoul tokyo osaka bangkok hanoi saigon kuala jakarta melbourne brisbane auckland
lagos abuja accra nairobi kampala kigali kinshasa dakar abidjan douala yaounde casablanca rabat marrakech algiers alger tunis johannesburg mogadishu asmara
khartoum paris berlin munich frankfurt hamburg madrid barcelona barcelone rome milan lisbon lisbonne amsterdam brussels bruxelles geneva geneve zurich vienna
dublin manchester birmingham glasgow edinburgh lyon marseille toulouse bordeaux lille stockholm oslo copenhagen helsinki warsaw varsovie prague budapest
athens athenes kyiv kiev kharkiv lviv odesa odessa moscow moscou nyc chicago houston miami seattle boston texas california californie florida floride
arizona bogota lima caracas havana havane londres`)

// foreignPhrases are foreign names of several words, and Canadian place
// names made foreign by their country.
var foreignPhrases = map[string]bool{}

var foreignStarts map[string]bool

var maxForeignWords = 1

var foreignWords = map[string]bool{}

func init() {
	for _, w := range foreignNames {
		foreignWords[w] = true
	}
	for _, p := range []string{
		"burkina faso", "costa rica", "czech republic", "dominican republic", "el salvador", "hong kong", "ivory coast", "cote d ivoire", "new zealand",
		"nouvelle zelande", "north korea", "south korea", "coree du sud", "saudi arabia", "arabie saoudite", "sierra leone", "south africa", "afrique du sud",
		"south sudan", "sri lanka", "united arab emirates", "united kingdom", "royaume uni", "united states", "etats unis", "pays bas", "middle east",
		"moyen orient", "latin america", "south america", "amerique latine", "amerique du sud", "ile maurice", "republique dominicaine", "abu dhabi",
		"new delhi", "ho chi minh", "kuala lumpur", "addis ababa", "addis abeba", "cape town", "le cap", "port au prince", "new york", "los angeles",
		"san francisco", "washington dc", "mexico city", "buenos aires", "sao paulo", "rio de janeiro", "great britain", "grande bretagne",
		"london england", "london uk", "sydney australia", "perth australia", "kingston jamaica", "windsor england", "cambridge england",
		"cambridge uk", "richmond virginia", "victoria australia", "hamilton bermuda", "birmingham alabama",
	} {
		foreignPhrases[p] = true
		maxForeignWords = max(maxForeignWords, len(strings.Fields(p)))
	}
	foreignStarts = firstWords(foreignPhrases)
}

// foreignAt returns how many words starting at words[i] name a place
// outside Canada, or 0.
func foreignAt(words []string, i int) int {
	if _, n := phraseAt(words, i, foreignPhrases, foreignStarts, maxForeignWords); n > 0 {
		return n
	}
	if n := usAt(words, i); n > 0 {
		return n
	}
	if foreignWords[words[i]] {
		return 1
	}
	return 0
}

// inCanada are words that put a question in Canada.
var inCanada = set(1, "canada", "canadian", "canadians", "canadien", "canadienne", "canadiens", "canadiennes", "here", "ici", "cdn", "aqui", "aca", "dito",
	// programs and bodies only Canada has
	"pr", "rp", "ircc", "cic", "cra", "arc", "sin", "nas", "ohip", "ahcip", "ramq", "oas", "ccb", "linc", "clic", "clb", "nclc", "pgwp", "ifhp", "pfsi",
	"cuaet", "aucune", "wsib", "ltb", "serviceontario", "g1", "g2", "tfw", "ei", "cerb", "gst", "hst", "tfsa", "resp", "rrsp")

// background are words that make a foreign place where a person comes
// from, fled, worked or studied, travels to, sends money or calls to, or
// compares Canada with, rather than what the question is about.
var background = set(1,
	"from", "fled", "flee", "fleeing", "left", "home", "born", "grew",
	"immigrated", "worked", "studied", "lived", "trained", "graduated", "practiced", "practised", "was", "were", "had", "used", "visiting", "visit",
	"trip", "travel", "traveling", "travelling", "flight", "fly", "send", "sending", "sent", "transfer", "remit", "embassy", "consulate",
	"deported", "deport", "return", "returning", "sponsor", "sponsoring", "relatives", "like", "call", "calls", "calling", "already",
	"did", "finished", "completed", "obtained", "stuck", "agent", "agents", "same", "equivalent", "experience", "war", "village", "went",
	"spent", "spend", "spending", "away", "outside",
	"pars", "partir", "depart", "guerre", "comme", "appeler", "appel", "appels", "vers", "deja", "fini", "obtenu", "obtenus", "obtenues", "faites",
	"faits", "forme", "formee", "formes", "diplome", "diplomee", "coince", "rentre",
	"venu", "venue", "venus", "viens", "vient", "arrive", "arrivee", "arrives", "fui", "quitte", "ne", "nee",
	"travaille", "etudie", "vecu", "habitais", "etais", "etait", "envoyer", "envoie", "voyage", "voyager", "visite", "visiter", "renvoye", "expulse",
	"retour", "retourner", "rentrer", "ambassade", "consulat", "pays", "parti", "partie", "partis",
	"trabaje", "estudie", "vivi", "vine", "llegue", "llegamos", "mandar", "mando", "enviar", "envio", "volver", "regresar", "viaje", "chez", "parrainer", "parrainage")

// AboutAbroad reports whether a question asks about life in another
// country rather than in Canada: it names a place abroad, and nothing in it
// puts it in Canada or makes that place the person's background.
func AboutAbroad(text string) bool { return aboutAbroad(Words(Fold(text))) }

// fromWords before a place (an article between allowed) make it where the
// person comes from: "from the Philippines", "venu du Gabon".
var fromWords = set(1, "from", "de", "du", "des", "d", "depuis", "desde", "galing")

var articles = set(1, "the", "la", "le", "l", "les")

// people are who may live abroad: "my family in India", "ma mère au
// Sénégal" are where someone's family is, not what they ask about.
var people = set(1, "family", "families", "mother", "mom", "mum", "father", "dad", "parents", "grandparents", "brother", "sister", "siblings", "wife",
	"husband", "spouse", "fiance", "fiancee", "partner", "son", "daughter", "kids", "children", "relatives", "friends", "grandmother", "grandfather",
	"famille", "mere", "pere", "frere", "soeur", "femme", "mari", "epouse", "epoux", "conjoint", "conjointe", "fils", "fille", "enfants", "amis",
	"grand", "proches", "cousin", "cousine", "oncle", "tante", "uncle", "aunt",
	"familia", "esposa", "esposo", "hijos", "hija", "hijo", "padres", "madre", "padre", "pamilya", "asawa", "anak", "magulang")

// placePreps come between a person and where they are: "family in India",
// or after "back": "back in Mexico".
var placePreps = set(1, "in", "en", "au", "aux", "a", "dans", "to", "sa")

// nationals are adjectives of nationality that make a citizenship word
// foreign: "German citizenship", "la nationalité française".
var nationals = set(1, "american", "americaine", "americain", "australian", "australienne", "british", "britannique", "german", "allemande", "french",
	"francaise", "italian", "italienne", "spanish", "espagnole", "irish", "irlandaise", "indian", "indienne", "chinese", "chinoise", "mexican",
	"portuguese", "portugaise", "belge", "japanese", "japonaise", "us")

var citizenshipWords = set(1, "citizenship", "nationality", "naturalization", "naturalisation", "nationalite", "citoyennete")

// foreignNational reports whether words[i] is a citizenship word next to
// a foreign nationality.
func foreignNational(words []string, i int) bool {
	if citizenshipWords[words[i]] == 0 {
		return false
	}
	return i > 0 && nationals[words[i-1]] > 0 || i+1 < len(words) && nationals[words[i+1]] > 0
}

// linking words may stand between a person and where they are.
var linking = set(1, "is", "are", "still", "lives", "live", "living", "who", "est", "sont", "encore", "vit", "vivent", "habite", "qui", "toujours", "mi", "ko")

// withPeople reports whether a person comes just before the preposition
// at j, "my wife is still in India", or "back" does: "back in Mexico".
func withPeople(words []string, j int) bool {
	k := j - 1
	if words[k] == "back" {
		return true
	}
	for n := 0; k >= 0 && n < 3 && linking[words[k]] > 0; n++ {
		k--
	}
	return k >= 0 && people[words[k]] > 0
}

// possessives before a country make it an adjective of what a person
// has: "my Ghana licence".
var possessives = set(1, "my", "our", "mon", "ma", "mes", "notre", "nos")

// subjects after a place make it a comparison: "in Ghana we go to the
// pastor", "au Liban on apprend l'anglais".
var subjects = set(1, "we", "they", "i", "people", "everyone", "on", "nous", "ils", "elles", "j", "tout")

func aboutAbroad(words []string) bool {
	abroad := false
	for i := 0; i < len(words); i++ {
		n := foreignAt(words, i)
		// a Canadian name of several words first: "colombie britannique"
		if _, m := phraseAt(words, i, gazetteer, placeStarts, maxPlaceWords); m > n {
			return false
		}
		if n > 0 {
			j := i - 1
			if j > 0 && articles[words[j]] > 0 {
				j--
			}
			if j >= 0 && fromWords[words[j]] > 0 {
				return false
			}
			if j > 0 && placePreps[words[j]] > 0 && withPeople(words, j) || j >= 0 && possessives[words[j]] > 0 ||
				i+n < len(words) && subjects[words[i+n]] > 0 {
				return false
			}
			abroad = true
			i += n - 1
			continue
		}
		if foreignNational(words, i) {
			abroad = true
			continue
		}
		if placeAt(words, i) > 0 || inCanada[words[i]] > 0 || background[words[i]] > 0 {
			return false
		}
	}
	return abroad
}
