package io.tripline.clearinghouse.feed;

/** No feed, or no indicator in the feed, has the id given. */
public final class UnknownFeedException extends FeedStoreException {
  private static final long serialVersionUID = 1L;

  private final boolean indicator;

  public UnknownFeedException(String message) {
    this(message, false);
  }

  /** @param indicator whether the feed exists and the indicator is what is unknown */
  public UnknownFeedException(String message, boolean indicator) {
    super(message);
    this.indicator = indicator;
  }

  /** Whether the feed exists and the indicator is what is unknown. */
  public boolean unknownIndicator() {
    return indicator;
  }
}
