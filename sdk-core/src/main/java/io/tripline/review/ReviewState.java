package io.tripline.review;

/**
 * Where a review item stands. An escalated item goes back to {@link #PENDING}, flagged
 * {@linkplain ReviewItem#escalated() escalated} at a raised priority, for a senior reviewer.
 */
public enum ReviewState {
  /** Waiting for a reviewer; also a claimed item whose lease has run out. */
  PENDING,
  /** A reviewer holds it, until the claim's lease runs out. */
  CLAIMED,
  /** Decided (approve, remove or report); final. */
  DECIDED
}
