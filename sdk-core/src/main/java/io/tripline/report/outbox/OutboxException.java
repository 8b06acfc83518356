package io.tripline.report.outbox;

import io.tripline.TriplineException;
import org.jspecify.annotations.Nullable;

/** The outbox's store failed or refused an operation. */
public class OutboxException extends TriplineException {
  private static final long serialVersionUID = 1L;

  public OutboxException(String message) {
    super(message);
  }

  public OutboxException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
