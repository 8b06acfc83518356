package io.tripline.review;

import io.tripline.TriplineException;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The clearinghouse did not take an opinion; says whether trying again may help. */
public final class OpinionException extends TriplineException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final boolean retryable;
  private final @Nullable Duration retryAfter;

  public OpinionException(String message, int status, boolean retryable, @Nullable Duration retryAfter,
      @Nullable Throwable cause) {
    super(message, cause);
    this.status = status;
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  /** The HTTP status, or 0 if no answer came. */
  public int status() {
    return status;
  }

  /** Whether the same call may succeed later (network, 5xx, 408, 429). */
  public boolean retryable() {
    return retryable;
  }

  /** How long the clearinghouse asked to wait, if it did. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
