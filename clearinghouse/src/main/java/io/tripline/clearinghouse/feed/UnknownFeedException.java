package io.tripline.clearinghouse.feed;

/** No feed, or no indicator in the feed, has the id given. */
public final class UnknownFeedException extends FeedStoreException {
  private static final long serialVersionUID = 1L;

  public UnknownFeedException(String message) {
    super(message);
  }
}
