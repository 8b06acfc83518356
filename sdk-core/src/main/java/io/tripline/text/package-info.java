/**
 * Text signals. {@link io.tripline.text.TextAnalyzer} runs the whole pipeline on a text field:
 * {@link io.tripline.text.TextViews} (canonical, confusables, squeezed and digits views, each a
 * {@link io.tripline.text.NormalizedText} that maps back to the original characters; the rules are
 * versioned in {@code docs/text-normalisation.md}), contact {@link io.tripline.text.Entity
 * entities} ({@link io.tripline.text.ContactExtractor} for emails, URLs, domains, handles and
 * checksummed wallets; {@link io.tripline.text.PhoneExtractor} for phone numbers in E.164), and a
 * {@link io.tripline.text.MinHashSignature} for near-duplicate ads
 * ({@link io.tripline.text.TemplateIndex}). {@link io.tripline.text.TermMatcher} finds feed terms
 * in a view with an Aho-Corasick automaton; {@link io.tripline.text.EntityHasher} hashes entities
 * the way feeds share them. Every finding carries a span of the original text. Nothing here
 * blocks by itself: findings are leads that the rule pack weighs.
 */
@NullMarked
package io.tripline.text;

import org.jspecify.annotations.NullMarked;
