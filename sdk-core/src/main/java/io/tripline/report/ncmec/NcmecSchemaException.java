package io.tripline.report.ncmec;

/**
 * The XML built from a report does not validate against {@code cyber_tipline.xsd}; it was refused
 * before any network call. The message is the schema validator's, with line and column.
 */
public final class NcmecSchemaException extends NcmecException {
  private static final long serialVersionUID = 1L;

  public NcmecSchemaException(String message) {
    super(message, -1, null, false, null);
  }
}
