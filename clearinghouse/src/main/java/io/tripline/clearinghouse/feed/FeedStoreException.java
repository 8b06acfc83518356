package io.tripline.clearinghouse.feed;

import io.tripline.TriplineException;
import org.jspecify.annotations.Nullable;

/** The feed store could not be read or written (the database failed, or its schema is newer). */
public class FeedStoreException extends TriplineException {
  private static final long serialVersionUID = 1L;

  public FeedStoreException(String message) {
    super(message);
  }

  public FeedStoreException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
