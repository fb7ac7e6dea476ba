// Package intents is the bot's text understanding: pure functions and
// immutable indexes, no I/O.
//
// Every message goes through Clean (valid UTF-8, no control characters,
// NFKC, bounded length). Then, in the order the conversation policy needs
// them: Crisis finds people in danger now, in any supported language, by
// phrases (and an Index finds the danger they miss, from the built-in
// crisis examples: Result.Crisis); AsksAbout and DangerNow tell a question
// about violence or an emergency from a report of danger now; AboutAbroad
// tells a question about life in another country;
// Detect guesses the language from the script and from common words;
// Classify recognises commands, small talk and requests for a person; and
// an Index matches what is left against the knowledge base.
//
// The Index ranks topics with BM25F over their keywords, titles, question
// variants and (weighing little) answer texts, on words with stop words and
// place names removed (but not program names that start with one, such as
// "Ontario Works"), accents folded, light stemming and per-language
// synonyms, plus word bigrams and compounds typed apart or together ("story
// time"). A word model trained on the question variants when the index is
// built (a sparse softmax regression over the word-topic pairs) learns which
// topic a shared word points to in context; it, a naive-Bayes posterior and
// the best single question variant's overlap refine the order. Unknown words
// are typo-corrected against the vocabulary: symmetric-delete candidates
// checked by restricted edit distance (swaps count once), the commonest
// first, and sahilm/fuzzy for longer omissions, always with a
// same-first-letter and length guard; misspelt stop words are dropped, and a
// real word one letter from another is repaired when the pair it makes with
// its neighbour is one the knowledge base knows ("refuge claim"). The
// confidence in [0,1] comes from how much of the question the topic covers
// and how close its best variant is. Over 600 built-in out-of-scope examples
// (outofscope.txt: everyday requests and near-misses that use the topics'
// words in another sense) compete as pseudo-topics, one each, and so do
// everyday domains (outofscope_domains.txt: games, pets, cars... one
// pseudo-topic of many questions each), so a question that only shares a
// word with a topic is not answered confidently, nor is one an example
// comes close to (Options.OutOfScopeNear); they do not count in how rare a
// word is, and single examples cannot win by a settlement phrase. The
// crisis examples (crisis.txt) are three more pseudo-topics. Match
// returns up to three candidates and a Decision: answer, clarify or
// fallback.
package intents
