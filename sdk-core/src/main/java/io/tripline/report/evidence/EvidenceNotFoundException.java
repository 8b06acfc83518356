package io.tripline.report.evidence;

/** No content is preserved under the evidence id: never preserved, or purged. */
public class EvidenceNotFoundException extends EvidenceException {
  private static final long serialVersionUID = 1L;

  public EvidenceNotFoundException(String message) {
    super(message);
  }
}
