package intents

import (
	_ "embed"
	"slices"
	"strings"
)

// CrisisKind says what kind of danger a message describes.
type CrisisKind string

// The kinds of crisis, each mapped to the knowledge topic whose emergency
// information comes first.
const (
	NoCrisis      CrisisKind = ""
	SelfHarm      CrisisKind = "mental-health"   // suicide or self-harm: 988, 911
	Violence      CrisisKind = "family-violence" // someone is being hurt or threatened: 911
	MedicalDanger CrisisKind = "emergency"       // a life-threatening emergency: 911
)

// crisisPhrases are folded (lower case, no accents) phrases that signal a
// person in danger now. Recall matters more than precision here: a false
// alarm costs one extra paragraph; a miss can cost a life. Phrases are
// matched on word boundaries; a trailing "*" matches any word ending.
var crisisPhrases = map[CrisisKind][]string{
	SelfHarm: {
		// English
		"kill myself", "killing myself", "end my life", "ending my life", "take my own life", "take my life",
		"want to die", "wanna die", "want to be dead", "wish i was dead", "wish i were dead", "better off dead",
		"suicid*", "jump off", "want to jump", "gonna jump", "going to jump", "hang myself", "overdose on",
		"cutting myself", "cut myself", "hurt myself", "hurting myself", "harm myself", "self harm", "self-harm",
		"no reason to live", "nothing to live for", "cant go on", "can't go on", "dont want to live", "don't want to live",
		"dont want to be alive", "goodbye letter", "suicide note", "end it all", "not worth living", "took all my pills", "swallowed pills",
		"all my pills", "all my meds", "whole bottle of", "too many pills",
		// French (incl. Quebec)
		"me tuer", "me suicider", "suicidaire", "en finir", "mettre fin a mes jours", "mettre fin a ma vie", "veux mourir",
		"envie de mourir", "veux plus vivre", "veux pu vivre", "plus envie de vivre", "pu envie de vivre", "lettre d'adieu", "lettre d adieu",
		"me faire du mal", "tous mes cachets", "toutes mes pilules", "tous mes medicaments", "toute la boite", "me couper les veines", "je me coupe", "me scarifie", "sauter du pont", "me jeter", "me pendre",
		// Spanish, Tagalog
		"quiero morir", "matarme", "suicidarme", "quitarme la vida", "gusto ko nang mamatay", "magpakamatay",
		// Arabic, Farsi, Ukrainian, Chinese, Punjabi (folded forms)
		"انتحار", "اقتل نفسی", "ارید ان اموت", "خودکشی", "میخواهم بمیرم", "می خواهم بمیرم",
		"самогубств", "хочу померти", "вбити себе", "自杀", "想死", "不想活", "ਖੁਦਕੁਸ਼ੀ", "ਆਤਮਹੱਤਿਆ",
	},
	Violence: {
		"going to kill me", "gonna kill me", "will kill me", "threatening to kill", "threatens to kill", "tried to kill me",
		"hurt me", "hurting me", "hitting me", "hits me", "hit me", "slapped me", "punched me", "beat me", "beats me", "beating me", "choked me", "choking me", "strangled me",
		"kicking my door", "kicking the door", "breaking the door", "breaking in", "trying to get in", "has a knife", "has a gun", "with a knife", "with a gun",
		"being attacked", "attacking me", "raped", "rape me", "sexually assaulted", "afraid for my life", "scared for my life", "fear for my life",
		"kidnapped", "locked me in", "won't let me leave", "wont let me leave",
		// French
		"va me tuer", "veut me tuer", "menace de me tuer", "me frappe", "m'a frappe", "m a frappe", "me bat", "m'a battu", "serre le cou", "m'a etrangle",
		"peur pour ma vie", "peur pour ma securite", "defonce la porte", "defoncer la porte", "couteau", "arme a feu", "agression", "agresse", "viol", "violee",
		"m'enferme", "me laisse pas sortir",
		// other languages
		"me va a matar", "me pega", "sinasaktan ako", "papatayin ako", "يضربني", "سيقتلني", "مرا میزند", "منو میزنه", "мене б'є", "вб'є мене", "打我", "要杀我",
	},
	MedicalDanger: {
		"not breathing", "cant breathe", "can't breathe", "stopped breathing", "trouble breathing", "chest pain", "heart attack",
		"unconscious", "passed out", "wont wake up", "won't wake up", "seizure", "convuls*", "lips are turning blue", "turning blue",
		"bleeding a lot", "bleeding badly", "wont stop bleeding", "won't stop bleeding", "overdos*", "stroke", "face drooping", "poisoned", "swallowed bleach",
		"smell gas", "smells like gas", "gas leak", "house is on fire", "on fire", "fire in my", "drowning", "choking", "allergic reaction", "cant move", "can't move",
		"ambulance now", "is dying right now", "barely breathing", "struggling to breathe", "hard time breathing", "difficulty breathing",
		"cannot breathe", "can not breathe", "unable to breathe", "not able to breathe", "cant breath", "can't breath",
		"collapsed", "fainted and", "wont wake", "won't wake", "cant wake", "can't wake",
		"smoke everywhere", "full of smoke", "filled with smoke", "thick smoke", "smoke coming from", "smoke coming out", "theres a fire", "there's a fire",
		"building is on fire", "cant get out of the building", "can't get out of the building", "trapped inside", "trapped in the", "we are trapped", "we're trapped", "i'm trapped", "im trapped",
		// French
		"respire pas", "respire plus", "respire pu", "arret cardiaque", "crise cardiaque", "douleur a la poitrine", "mal a la poitrine", "inconscient", "inconsciente",
		"perdu connaissance", "se reveille pas", "convulsion*", "crise d'epilepsie", "avc", "bouche croche", "saigne beaucoup", "hemorragie",
		"sent le gaz", "fuite de gaz", "odeur de gaz", "en feu", "au feu", "incendie", "se noie", "s'etouffe", "etouffe", "empoisonn*", "reaction allergique", "en train de mourir",
		"il repond plus", "elle repond plus", "il ne repond plus", "elle ne repond plus", "il repond pu", "elle repond pu", "respire mal", "de la misere a respirer", "mal a respirer", "difficulte a respirer", "s'est effondre", "s est effondre",
		"se reveille plus", "evanoui*", "arrive plus a respirer", "arrive pas a respirer", "arrive pu a respirer", "peut plus respirer", "peut pas respirer",
		"peux plus respirer", "peux pas respirer", "pas capable de respirer", "manque d'air",
		"fumee partout", "pleine de fumee", "plein de fumee", "rempli de fumee", "remplie de fumee", "il y a le feu", "y a le feu", "pris au piege", "on est coince", "on est coinces", "peut pas sortir de l'immeuble",
		// other languages
		"no puede respirar", "no respira", "hindi makahinga", "لا يستطيع التنفس", "نمیتواند نفس بکشد", "не дихає", "不能呼吸", "ਸਾਹ ਨਹੀਂ",
	},
}

// crisisInfoOnly are phrases that contain a crisis word but ask for
// everyday information ("fire safety tips").
var crisisInfoOnly = []string{
	"fire safety", "fire alarm", "smoke detector", "stroke of luck", "fire drill", "hit me up",
}

// Crisis reports whether a message describes someone in danger now, and of
// what kind. Self-harm wins over violence, violence over medical.
func Crisis(text string) CrisisKind {
	f := padded(text)
	fa := " " + strings.Join(strings.Fields(Fold(text)), " ") + " "
	if anyIn(f, crisisInfoOnly) {
		return NoCrisis
	}
	for _, kind := range []CrisisKind{SelfHarm, Violence, MedicalDanger} {
		for _, p := range crisisPhrases[kind] {
			if phraseIn(f, p) || phraseIn(fa, p) {
				return kind
			}
		}
	}
	return NoCrisis
}

// phraseIn matches a folded phrase on word boundaries inside padded text.
func phraseIn(padded, phrase string) bool {
	phrase = Fold(phrase)
	if strings.HasSuffix(phrase, "*") {
		return strings.Contains(padded, " "+strings.TrimSuffix(phrase, "*"))
	}
	if !isLatin(phrase) && !strings.Contains(phrase, " ") {
		return strings.Contains(padded, phrase) // scripts with fused words
	}
	norm := strings.Join(Words(strings.ReplaceAll(phrase, "'", " ")), " ")
	return strings.Contains(padded, " "+phrase+" ") || strings.Contains(padded, " "+norm+" ")
}

// nowWords say the danger is happening now, or is close: they keep a
// message a crisis whatever else it says.
var nowWords = []string{
	"now", "right now", "tonight", "outside", "door", "hiding", "locked", "knife", "gun", "kill", "killing", "help me", "please help", "scared", "afraid",
	"coming back", "is hitting", "hitting me", "beating me", "choking me", "hurry", "bleeding", "not breathing", "cant breathe", "can t breathe",
	"ce soir", "maintenant", "en ce moment", "dehors", "porte", "cache", "cachee", "enferme", "enfermee", "couteau", "arme", "tuer", "tue", "aidez moi",
	"aide moi", "au secours", "peur", "revient", "est en train", "vite", "respire", "respirer",
}

// DangerNow reports whether a message says the danger is happening now or
// is close: "right now", "at the door", "a knife", "help me".
func DangerNow(text string) bool {
	return anyIn(padded(text), nowWords)
}

// questionWords ask for information; urgentAsks are the questions people
// in danger ask.
var (
	questionWords = []string{"who", "how can", "how do", "how to", "where", "what can", "what are", "is there", "are there", "is it", "is that", "can i",
		"can she", "can he", "should i", "should we", "qui", "comment", "ou", "est ce", "y a t il", "ya tu", "c est quoi", "quoi faire pour", "peut on",
		"je peux", "on peut"}
	urgentAsks = []string{"what do i do", "what should i do", "what do we do", "what to do", "help me", "please help", "je fais quoi", "on fait quoi",
		"que faire", "quoi faire", "aidez moi", "aide moi", "au secours"}
)

// AsksFor reports whether a message asks for information, in the words
// of a question and not in those of someone in danger ("what do I do").
func AsksFor(text string) bool {
	f := padded(text)
	return !anyIn(f, urgentAsks) && anyIn(f, questionWords)
}

// askWords make a message about violence or a medical danger a question
// about it: it happens sometimes, it happened before, it might happen
// ("what number do we call if..."), or it happened somewhere else.
var askWords = []string{
	"sometimes", "often", "every time", "when he drinks", "when she drinks", "used to", "last year", "last month", "in the past", "for years", "since",
	"if", "what if", "in case", "what number", "where can i get help", "who can i talk to", "is that abuse", "is it abuse", "is this abuse",
	"what are my options", "back home", "in my country", "last week", "last night", "yesterday", "how do i know", "how do you decide",
	"parfois", "souvent", "des fois", "quand il boit", "quand elle boit", "depuis", "l an dernier", "l annee derniere", "avant", "si", "en cas",
	"quel numero", "a qui en parler", "a qui parler", "ou trouver de l aide", "je peux aller ou", "ou aller", "est ce de la violence", "dans mon pays", "au pays", "hier", "la semaine derniere", "comment savoir",
}

// AsksAbout reports whether a message that Crisis found to be about
// violence or a medical danger asks about it rather than reports someone
// in danger now: "my husband hits me sometimes, where can I get help",
// "what number do we call if someone has chest pain". Such a message can
// be answered from the knowledge base, whose violence and emergency
// answers open with 911. Self-harm is never asked about: 988 comes first.
func AsksAbout(text string, kind CrisisKind) bool {
	if kind != Violence && kind != MedicalDanger {
		return false
	}
	return !DangerNow(text) && anyIn(padded(text), askWords)
}

// padded returns a message's folded words joined by single spaces, with
// a space at each end, for phrase matching on word boundaries; apostrophes
// split words ("can't" → "can t").
func padded(text string) string {
	return " " + strings.Join(Words(Fold(strings.ReplaceAll(text, "'", " "))), " ") + " "
}

// anyIn reports whether one of the phrases is in the padded text, on word
// boundaries.
func anyIn(padded string, phrases []string) bool {
	for _, p := range phrases {
		if strings.Contains(padded, " "+p+" ") {
			return true
		}
	}
	return false
}

// crisisTopic prefixes the pseudo-topics of the built-in crisis examples:
// one per kind, "_crisis:mental-health" and so on.
const crisisTopic = "_crisis:"

// CrisisOf returns the kind of crisis a pseudo-topic of the built-in
// crisis examples (CrisisDocs) stands for, or NoCrisis.
func CrisisOf(topic string) CrisisKind {
	k, ok := strings.CutPrefix(topic, crisisTopic)
	if !ok || !slices.Contains([]CrisisKind{SelfHarm, Violence, MedicalDanger}, CrisisKind(k)) {
		return NoCrisis
	}
	return CrisisKind(k)
}

// CrisisDocs are the built-in examples of messages from people in danger
// now (crisis.txt), one pseudo-topic per kind of crisis. They compete with
// the knowledge topics in the index, so that danger written in words the
// crisis phrases do not list ("the rope is ready in the garage") still
// outranks every topic and makes Result.Crisis say so.
func CrisisDocs() []Doc {
	return slices.DeleteFunc(labelledDocs(crisisExamples, crisisTopic), func(d Doc) bool { return CrisisOf(d.Topic) == NoCrisis })
}

// labelledDocs reads examples written one a line as label, language and
// text separated by tabs (lines starting with # are comments) into
// question documents of the pseudo-topic prefix+label.
func labelledDocs(data, prefix string) []Doc {
	var docs []Doc
	for _, line := range strings.Split(data, "\n") {
		label, rest, ok := strings.Cut(strings.TrimSpace(line), "\t")
		if !ok || strings.HasPrefix(label, "#") {
			continue
		}
		if lang, text, ok := strings.Cut(rest, "\t"); ok {
			docs = append(docs, Doc{Topic: prefix + label, Lang: lang, Field: QuestionField, Text: text})
		}
	}
	return docs
}

// crisisExamples holds one example a line: kind, language and text,
// separated by tabs; lines starting with # are comments.
//
//go:embed crisis.txt
var crisisExamples string
