package io.tripline.feed;

import io.tripline.TriplineException;
import org.jspecify.annotations.Nullable;

/**
 * A feed could not be pulled or what it sent was refused (unreachable, bad status, bad signature,
 * unparseable page). The snapshot in use stays in use; {@link #retryable()} says whether trying
 * again later may help.
 */
public final class FeedException extends TriplineException {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  public FeedException(String message, boolean retryable, @Nullable Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** Whether the same pull may succeed later (an outage), as opposed to a refused page. */
  public boolean retryable() {
    return retryable;
  }
}
