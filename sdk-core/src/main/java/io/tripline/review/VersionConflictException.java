package io.tripline.review;

/**
 * The item changed since the caller read it (another reviewer decided, claimed or escalated it):
 * read it again and decide on what it is now.
 */
public final class VersionConflictException extends ReviewException {
  private static final long serialVersionUID = 1L;
  private final long expected;
  private final long actual;

  public VersionConflictException(String itemId, long expected, long actual, ReviewState state) {
    super("review item " + itemId + " is at version " + actual + " (" + state + "), not " + expected
        + ": it changed since it was read");
    this.expected = expected;
    this.actual = actual;
  }

  public long expected() {
    return expected;
  }

  public long actual() {
    return actual;
  }
}
