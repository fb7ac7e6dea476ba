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
// The Index scores each topic with BM25F over its keywords, titles and
// question variants (stop words removed, light stemming, accents folded,
// per-language synonyms), adds the best single question variant's overlap,
// and corrects typos per token against the vocabulary: sahilm/fuzzy for
// omissions, restricted edit distance for swaps and extra letters, always
// with a same-first-letter and length-ratio guard. A built-in set of
// out-of-scope examples (weather, travel, trivia, code, maths) competes with
// the topics, so a question that only shares a word with a topic is not
// answered confidently. Match returns the ranked candidates with a calibrated
// confidence in [0,1] and a Decision: answer, clarify or fallback.
package intents
