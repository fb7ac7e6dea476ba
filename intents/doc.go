// Package intents is the bot's text understanding: pure functions and
// immutable indexes, no I/O.
//
// Every message goes through Clean (valid UTF-8, no control characters,
// NFKC, bounded length). Then, in the order the conversation policy needs
// them: Crisis finds people in danger now, in any supported language;
// Detect guesses the language from the script and from common words;
// Classify recognises commands, small talk and requests for a person; and
// an Index matches what is left against the knowledge base.
//
// The Index ranks topics with BM25F over their keywords, titles, question
// variants and (weighing little) answer texts, on words with stop words and
// place names removed, accents folded, light stemming and per-language
// synonyms, plus word bigrams; a naive-Bayes posterior and the best single
// question variant's overlap refine the order. Unknown words are
// typo-corrected against the vocabulary: symmetric-delete candidates checked
// by restricted edit distance (swaps count once), and sahilm/fuzzy for
// longer omissions, always with a same-first-letter and length guard. The
// confidence in [0,1] comes from how much of the question the topic covers
// and how close its best variant is. A built-in set of everyday
// out-of-scope examples (weather, travel, trivia, code, maths, devices)
// competes as pseudo-topics, so a question that only shares a word with a
// topic is not answered confidently. Match returns up to three candidates
// and a Decision: answer, clarify or fallback.
package intents
