// Package knowledge is the curated settlement content the bot answers from.
//
// A knowledge Base is a set of Topics (one question area, such as the Social
// Insurance Number, with a title, question variants, keywords and an answer
// per language, optional per-province overrides, related topics, the official
// sources the answer was checked against and the date it was reviewed) and a
// set of Services (real organisations a newcomer can be referred to, modelled
// on Open Referral HSDS).
//
// Bases are decoded from a directory of YAML files (one file per topic under
// topics/, one per service under services/) with Load, or from the bundled
// copy with Bundled. Validate reports every problem with its file, line and
// field, so curators can fix a directory in one pass.
//
// A Store keeps the live Base: Publish makes a new version live in one step
// and keeps the previous one for Rollback. Memory is the in-process Store;
// adapters/redis holds the shared one. The conformance suite in storetest
// runs against both.
package knowledge
