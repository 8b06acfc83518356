package io.tripline.clearinghouse;

import io.tripline.TriplineException;
import org.jspecify.annotations.Nullable;

/** The clearinghouse cannot do what was asked: its store, its key or its configuration failed. */
public final class ClearinghouseException extends TriplineException {
  private static final long serialVersionUID = 1L;

  public ClearinghouseException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
