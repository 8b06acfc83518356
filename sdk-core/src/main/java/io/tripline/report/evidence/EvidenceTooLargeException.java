package io.tripline.report.evidence;

/** The content is larger than the store's bound; nothing was written. */
public class EvidenceTooLargeException extends EvidenceException {
  private static final long serialVersionUID = 1L;

  public EvidenceTooLargeException(String message) {
    super(message);
  }
}
