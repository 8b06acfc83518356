package io.tripline.review;

import io.tripline.TriplineException;
import org.jspecify.annotations.Nullable;

/** The review queue refused an operation, or its store failed. */
public class ReviewException extends TriplineException {
  private static final long serialVersionUID = 1L;

  public ReviewException(String message) {
    super(message);
  }

  public ReviewException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
