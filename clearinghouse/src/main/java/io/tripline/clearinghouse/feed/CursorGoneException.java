package io.tripline.clearinghouse.feed;

/**
 * A cursor that the feed cannot resume from: malformed, of an earlier epoch of the feed (it was
 * reset), beyond its end, or older than the retention horizon. Served as HTTP 410; the client then
 * resyncs in full.
 */
public final class CursorGoneException extends FeedStoreException {
  private static final long serialVersionUID = 1L;

  public CursorGoneException(String message) {
    super(message);
  }
}
