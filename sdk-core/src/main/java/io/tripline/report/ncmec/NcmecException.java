package io.tripline.report.ncmec;

import io.tripline.TriplineException;
import org.jspecify.annotations.Nullable;

/**
 * A CyberTipline send that did not complete. {@link #retryable()} says whether the same send,
 * resumed later from the persisted {@link NcmecSendState}, may succeed (server errors and
 * outages); the subclasses are the permanent outcomes. Messages never carry credentials nor
 * report content beyond NCMEC's own description.
 */
public class NcmecException extends TriplineException {
  private static final long serialVersionUID = 1L;

  private final int responseCode;
  private final @Nullable String requestId;
  private final boolean retryable;

  public NcmecException(String message, int responseCode, @Nullable String requestId, boolean retryable,
      @Nullable Throwable cause) {
    super(message, cause);
    this.responseCode = responseCode;
    this.requestId = requestId;
    this.retryable = retryable;
  }

  /** NCMEC's {@code responseCode}, or -1 when there was none (an outage, an HTTP status, a local check). */
  public int responseCode() {
    return responseCode;
  }

  /** The {@code Request-ID} header of the call that failed, if any; quote it to NCMEC. */
  public @Nullable String requestId() {
    return requestId;
  }

  /** Whether resuming the send later may succeed. */
  public boolean retryable() {
    return retryable;
  }
}
