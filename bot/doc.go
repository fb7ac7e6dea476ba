// Package bot is the platform-neutral conversation.
//
// Adapters turn a platform event into an Incoming message and give it to
// Engine.Handle, which returns the Replies to send back. Handle follows the
// conversation policy, in order:
//
//  1. Crisis words in any supported language: emergency information first
//     (911; 988 for suicide or self-harm; Kids Help Phone for youth), then
//     an offer of a person.
//  2. An open handoff: the message goes to the settlement worker
//     (Handoffs); nothing else answers.
//  3. Commands and buttons: /start, /help, /language, /region, /human,
//     /forget, /privacy.
//  4. Small talk, in the user's language.
//  5. The knowledge match: a confident match is answered for the user's
//     province with local referrals, the official source and the review
//     date; a close call asks which topic was meant; a weak match falls
//     back honestly, offers a person and 211, and records the question
//     (never who asked) for curators.
//
// A Session remembers, per person, the language, province and city, the
// pending clarification, whether the privacy notice was shown and the last
// topic. Sessions, Unanswered and Handoffs are small interfaces; Redis
// implements them in adapters/redis and this package has in-memory ones.
//
// The Engine never logs what people type, nor their names: only the kind
// of reply, the topic, the score and the length of the text.
package bot
