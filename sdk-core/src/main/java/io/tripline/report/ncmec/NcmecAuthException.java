package io.tripline.report.ncmec;

import org.jspecify.annotations.Nullable;

/**
 * NCMEC refused the credentials or the account (response codes 2xxx and 3xxx, or HTTP 401/403).
 * Sending stops; an operator must act, so callers should alert rather than retry.
 */
public final class NcmecAuthException extends NcmecException {
  private static final long serialVersionUID = 1L;

  public NcmecAuthException(String message, int responseCode, @Nullable String requestId) {
    super(message, responseCode, requestId, false, null);
  }
}
