package io.tripline.review;

/**
 * What the platform does about decisions: take content down, alert a senior reviewer, restore a
 * held ad. Implement the methods of interest; each decision calls {@link #decided} and then the
 * method of its kind.
 *
 * <p>Called after the decision is committed, from the deciding thread (or from
 * {@link ReviewQueue#resumeEffects()}): at least once, so implementations must be idempotent by
 * the item id. A listener that throws leaves the call pending; {@code resumeEffects} repeats it.
 */
public interface ReviewListener {
  /** Every decision, first. */
  default void decided(ReviewEvent event) {}

  /** The flag was dismissed: the content may stay (or be restored). */
  default void approved(ReviewEvent event) {}

  /** The content must be taken down. */
  default void removed(ReviewEvent event) {}

  /** The item awaits a senior reviewer. */
  default void escalated(ReviewEvent event) {}

  /** The flag was confirmed and reported: the content must be taken down. */
  default void reported(ReviewEvent event) {}

  /** A listener that does nothing. */
  ReviewListener NONE = new ReviewListener() {};
}
