package io.tripline;

import org.jspecify.annotations.Nullable;

/**
 * The root of every exception Tripline throws. Unchecked: callers handle the specific
 * subclasses they care about ({@link SubmissionTooLargeException},
 * {@link InvalidConfigurationException}) and let the rest propagate.
 */
public class TriplineException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TriplineException(String message) {
    super(message);
  }

  public TriplineException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
