package io.tripline.report.evidence;

import org.jspecify.annotations.Nullable;

/**
 * A preserved file failed its integrity check: the AES-GCM tag did not verify (wrong key,
 * changed bytes, or a header that is not the one it was written with), the file is another
 * evidence's file, or its key id is unknown. No byte of the content is returned when this is
 * thrown.
 */
public class EvidenceIntegrityException extends EvidenceException {
  private static final long serialVersionUID = 1L;

  public EvidenceIntegrityException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
