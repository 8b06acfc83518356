/**
 * The review queue: flagged submissions wait in a {@link io.tripline.review.ReviewQueue} with
 * their evidence (every {@link io.tripline.review.MatchEvidence match} with its threshold, text
 * {@link io.tripline.review.TextExcerpt excerpts} around the matches, file digests and, with an
 * evidence store, the encrypted image content), ordered by priority and age. A reviewer
 * {@link io.tripline.review.ReviewQueue#claim claims} an item for a lease, may
 * {@link io.tripline.review.ReviewQueue#reveal reveal} its content, and
 * {@link io.tripline.review.ReviewQueue#decide decides} it with a
 * {@link io.tripline.review.Decision} and a {@link io.tripline.review.ReasonCode}; optimistic
 * versioning lets exactly one of two concurrent deciders win. Decisions become actions: a
 * dismissal sends {@code FALSE_POSITIVE} {@link io.tripline.review.Opinion opinions} to the
 * clearinghouse through the outbox ({@link io.tripline.review.OpinionSink}), a report decision
 * files human-reviewed reports, and the platform's {@link io.tripline.review.ReviewListener}
 * takes content down. Everything is recorded in an append-only
 * {@link io.tripline.review.AuditEntry audit log} that the database itself refuses to change.
 */
@NullMarked
package io.tripline.review;

import org.jspecify.annotations.NullMarked;
