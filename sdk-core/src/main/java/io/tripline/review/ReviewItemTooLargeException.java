package io.tripline.review;

/** A flag or submission is beyond the queue's bounds (matches, files, text fields). */
public final class ReviewItemTooLargeException extends ReviewException {
  private static final long serialVersionUID = 1L;

  public ReviewItemTooLargeException(String what, int count, int limit) {
    super("the flagged submission has " + count + " " + what + ", more than the review queue's limit of " + limit);
  }
}
