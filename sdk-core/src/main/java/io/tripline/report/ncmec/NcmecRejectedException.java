package io.tripline.report.ncmec;

import org.jspecify.annotations.Nullable;

/**
 * NCMEC refused the report's content (a 4xxx validation code). The unfinished report has been
 * retracted; the message is NCMEC's description. Permanent: fix the report and send it anew.
 */
public final class NcmecRejectedException extends NcmecException {
  private static final long serialVersionUID = 1L;

  public NcmecRejectedException(String message, int responseCode, @Nullable String requestId) {
    super(message, responseCode, requestId, false, null);
  }
}
