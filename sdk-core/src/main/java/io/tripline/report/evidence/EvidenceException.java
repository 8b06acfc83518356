package io.tripline.report.evidence;

import io.tripline.TriplineException;
import org.jspecify.annotations.Nullable;

/**
 * A preserved-evidence operation failed: the store could not read or write its directory, or
 * refused the request. Messages name the evidence id and what went wrong, never the content, a
 * digest of it, or key material.
 */
public class EvidenceException extends TriplineException {
  private static final long serialVersionUID = 1L;

  public EvidenceException(String message) {
    super(message);
  }

  public EvidenceException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
