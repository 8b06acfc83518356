package io.tripline.review;

import java.time.Instant;
import java.util.Objects;

/** Another reviewer holds the item's claim, and its lease has not run out. */
public final class ClaimedByAnotherException extends ReviewException {
  private static final long serialVersionUID = 1L;
  private final String holder;
  private final Instant until;

  public ClaimedByAnotherException(String itemId, String holder, Instant until) {
    super("review item " + itemId + " is claimed by " + holder + " until " + until);
    this.holder = Objects.requireNonNull(holder, "holder");
    this.until = Objects.requireNonNull(until, "until");
  }

  /** The reviewer holding the claim. */
  public String holder() {
    return holder;
  }

  /** When the claim's lease runs out. */
  public Instant until() {
    return until;
  }
}
