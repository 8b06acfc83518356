/**
 * Tripline's public face: build a {@link io.tripline.Tripline} once, then call
 * {@link io.tripline.Tripline#inspect(io.tripline.Submission)} for every upload.
 *
 * <p>{@code inspect} is pure in-memory CPU work: the text fields and files of a
 * {@link io.tripline.Submission} are turned into signals (normalised text, file digests,
 * perceptual image hashes), looked up in an immutable snapshot of the indicator feeds, and the
 * {@link io.tripline.Match matches} are judged by a rule pack into a {@link io.tripline.Verdict}:
 * {@link io.tripline.Verdict.Allow Allow}, {@link io.tripline.Verdict.Flag Flag} or
 * {@link io.tripline.Verdict.Block Block}. The value types here ({@link io.tripline.Indicator},
 * {@link io.tripline.Match}, {@link io.tripline.Span}) are shared by the capability packages;
 * the engine itself depends on those packages, never the other way round.
 */
@NullMarked
package io.tripline;

import org.jspecify.annotations.NullMarked;
