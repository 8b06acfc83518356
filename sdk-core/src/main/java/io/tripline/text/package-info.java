/**
 * Text signals: {@link io.tripline.text.TextNormalizer} turns a text field into a
 * {@link io.tripline.text.NormalizedText} (NFKC, case folded, whitespace collapsed) that keeps a
 * map back to the original characters, and a {@link io.tripline.text.TermMatcher} finds feed
 * terms in it, reporting each hit as a span of the original text.
 */
@NullMarked
package io.tripline.text;

import org.jspecify.annotations.NullMarked;
