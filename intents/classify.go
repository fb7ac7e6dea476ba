package intents

import (
	"strings"
)

// Kind is what a message is, before any knowledge matching.
type Kind string

// The kinds Classify recognises.
const (
	Question  Kind = "question"  // anything else: goes to the matcher
	Command   Kind = "command"   // /start, /help, /language, ...
	SmallTalk Kind = "smalltalk" // hello, thanks, how are you, who are you, bye
	Handoff   Kind = "handoff"   // asks for a person
	Empty     Kind = "empty"     // nothing to read: whitespace, emoji, punctuation
)

// Intent is the result of Classify.
type Intent struct {
	Kind    Kind
	Command string // for Command: the name without "/", lower case ("start")
	Arg     string // for Command: the rest of the line
	Talk    string // for SmallTalk: greeting, thanks, howareyou, whoareyou, bye, help
}

// Classify recognises commands, small talk and requests for a person.
// Everything else is a Question.
func Classify(text string) Intent {
	t := strings.TrimSpace(Clean(text))
	if strings.HasPrefix(t, "/") && len(t) > 1 {
		name, arg, _ := strings.Cut(t[1:], " ")
		name, _, _ = strings.Cut(name, "@") // "/help@newcomerbot" in groups
		return Intent{Kind: Command, Command: strings.ToLower(name), Arg: strings.TrimSpace(arg)}
	}
	words := Words(Fold(strings.ReplaceAll(t, "'", " ")))
	if len(words) == 0 {
		return Intent{Kind: Empty}
	}
	padded := " " + strings.Join(words, " ") + " "
	if wantsPerson(padded) {
		return Intent{Kind: Handoff}
	}
	if talk := smallTalk(words, padded); talk != "" {
		return Intent{Kind: SmallTalk, Talk: talk}
	}
	return Intent{Kind: Question}
}

// personPhrases ask for a human. They are matched as phrases, so "can a
// person get OHIP" is still a question.
var personPhrases = []string{
	"real person", "talk to a person", "speak to a person", "speak with a person", "talk with a person", "chat with a person",
	"a human", "to human", "not a bot", "not a robot", "than a bot", "instead of a bot", "instead of the bot", "actual person", "live person",
	"talk to someone", "speak to someone", "speak with someone", "talk with someone", "chat with someone", "call me back", "contact me",
	"staff member", "someone from the agency", "anyone from the agency", "to a settlement worker", "with a settlement worker", "to a case worker", "to a caseworker", "with a caseworker", "live agent", "live chat",
	"to a worker", "with a worker", "a worker instead", "talk to a counsellor", "talk to a counselor", "speak to a counsellor", "speak to an advisor",
	"parler a quelqu un", "parler avec quelqu un", "parler a une personne", "parler a un humain", "un humain", "une vraie personne", "vraie personne", "en chair et en os",
	"parler a un agent", "parler a un conseiller", "parler a une conseillere", "une conseillere me", "un conseiller me", "parler a un intervenant", "parler a une intervenante",
	"me contacte", "me rappelle", "pour un robot", "qu un robot",
	"actual agent", "real agent", "human agent", "live representative", "connect me with someone", "connect me to someone", "connect me with an", "connect me to an", "transfer me to", "put me through to",
	"someone real", "real human", "this isn't helping", "this is not helping", "you're not helping", "you are not helping", "useless bot", "stupid bot",
	"vrai agent", "un agent humain", "quelqu un de vrai", "transferez moi", "transfere moi", "tu m aides pas", "ca m aide pas",
	"hablar con una persona", "persona real", "hablar con alguien", "makausap ang tao", "totoong tao",
	"شخص حقيقي", "التحدث مع شخص", "با یک آدم", "با یک نفر صحبت", "انسان واقعی", "з людиною", "живою людиною", "人工客服", "真人", "ਕਿਸੇ ਵਿਅਕਤੀ ਨਾਲ",
}

// staffWords name the people who could answer instead of the bot, and
// realWords the words that ask for one of them in person: "an actual
// caseworker", "un conseiller humain".
var (
	staffWords = set(1, "caseworker", "caseworkers", "worker", "counsellor", "counselor", "advisor", "adviser", "staff", "representative", "person", "someone",
		"somebody", "human", "conseiller", "conseillere", "intervenant", "intervenante", "personne", "humain", "employe", "employee")
	realWords = set(1, "real", "actual", "live", "human", "humain", "humaine", "vrai", "vraie", "reel", "reelle", "vivant", "vivante")
)

func wantsPerson(padded string) bool {
	for _, topic := range []string{" human rights ", " human right ", " droits humains ", " human trafficking "} {
		padded = strings.ReplaceAll(padded, topic, " ")
	}
	for _, p := range personPhrases {
		if phraseIn(padded, p) {
			return true
		}
	}
	words := strings.Fields(padded)
	for i := 0; i+1 < len(words); i++ {
		a, b := words[i], words[i+1]
		// "live" only before: "can someone live with us" is not a request
		if a != b && (realWords[a] > 0 && staffWords[b] > 0 || staffWords[a] > 0 && realWords[b] > 0 && b != "live") {
			return true
		}
		// one word between: "an actual settlement worker"
		if i+2 < len(words) && realWords[a] > 0 && staffWords[words[i+2]] > 0 && staffWords[b] == 0 {
			return true
		}
	}
	return false
}

// smallTalk recognises short social messages. It only fires on short
// messages made mostly of social words, so "hi, how do I get a SIN" is a
// question.
var talkWords = map[string]string{
	"hi": "greeting", "hello": "greeting", "hey": "greeting", "hiya": "greeting", "yo": "greeting", "morning": "greeting", "evening": "greeting", "afternoon": "greeting", "good": "", "there": "",
	"bonjour": "greeting", "bonsoir": "greeting", "salut": "greeting", "allo": "greeting", "coucou": "greeting", "hola": "greeting", "buenas": "greeting", "buenos": "greeting", "tardes": "", "dias": "", "noches": "",
	"kumusta": "greeting", "kamusta": "greeting", "magandang": "greeting", "umaga": "", "hapon": "", "gabi": "",
	"مرحبا": "greeting", "السلام": "greeting", "عليكم": "", "سلام": "greeting", "привіт": "greeting", "вітаю": "greeting", "добрий": "greeting", "день": "", "你好": "greeting", "您好": "greeting", "ਸਤ": "greeting", "ਸ੍ਰੀ": "", "ਅਕਾਲ": "",
	"thanks": "thanks", "thank": "thanks", "thx": "thanks", "ty": "thanks", "appreciate": "thanks", "appreciated": "thanks", "merci": "thanks", "gracias": "thanks", "salamat": "thanks", "شكرا": "thanks", "ممنون": "thanks", "مرسی": "thanks", "дякую": "thanks", "谢谢": "thanks", "ਧੰਨਵਾਦ": "thanks",
	"bye": "bye", "goodbye": "bye", "later": "", "ciao": "bye", "aurevoir": "bye", "revoir": "bye", "adios": "bye",
	"ok": "", "okay": "", "k": "", "cool": "", "great": "", "perfect": "", "awesome": "", "nice": "", "super": "", "parfait": "", "genial": "", "top": "", "bien": "", "tres": "", "clair": "", "c": "", "est": "", "cest": "",
	"that": "", "this": "", "really": "", "so": "", "much": "", "a": "", "lot": "", "you": "", "helped": "", "helpful": "", "it": "", "very": "", "for": "", "the": "", "info": "", "ca": "", "m": "", "a aide": "",
	"bonne": "", "journee": "", "soiree": "", "fin": "", "semaine": "", "have": "", "day": "", "take": "", "care": "",
	"beaucoup": "", "mille": "", "vraiment": "", "de": "", "l": "", "aide": "", "pour": "", "bot": "", "po": "", "muchas": "", "all": "", "everyone": "", "guys": "",
}

var talkPhrases = map[string][]string{
	"howareyou": {"how are you", "how r u", "how are u", "hows it going", "how is it going", "how you doing", "how are you doing", "comment ca va", "ca va", "comment vas tu", "comment allez vous", "como estas", "que tal", "kumusta ka"},
	"whoareyou": {"who are you", "what are you", "are you a bot", "are you human", "are you a robot", "what can you do", "qui es tu", "t es qui", "tes qui", "es tu un robot", "que peux tu faire", "quien eres"},
	"help":      {"help", "aide", "aide moi", "ayuda", "tulong", "menu", "start"},
}

func smallTalk(words []string, padded string) string {
	for _, kind := range []string{"whoareyou", "howareyou"} {
		for _, p := range talkPhrases[kind] {
			if strings.Contains(padded, " "+p+" ") && len(words) <= len(strings.Fields(p))+4 {
				return kind
			}
		}
	}
	if len(words) <= 2 {
		for _, p := range talkPhrases["help"] {
			if strings.TrimSpace(padded) == p {
				return "help"
			}
		}
	}
	if len(words) > 8 {
		return ""
	}
	kind, social := "", 0
	for _, w := range words {
		k, ok := talkWords[w]
		if !ok {
			continue
		}
		social++
		if k != "" && (kind == "" || k == "thanks") {
			kind = k
		}
	}
	if kind != "" && float64(social) >= 0.6*float64(len(words)) {
		return kind
	}
	return ""
}
