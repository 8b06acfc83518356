package io.tripline.report;

import io.tripline.TriplineException;
import java.util.Objects;

/**
 * A report, or a report read back from JSON, is not valid: {@link #field()} names the offending
 * field as a JSON path of the protocol ({@code evidence[1].digests.sha256}), {@link #reason()} says
 * why. Nothing half-built escapes: the exception is thrown before any report exists.
 */
public final class InvalidReportException extends TriplineException {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final String reason;

  public InvalidReportException(String field, String reason) {
    super("invalid report: '" + Objects.requireNonNull(field, "field") + "' " + Objects.requireNonNull(reason, "reason"));
    this.field = field;
    this.reason = reason;
  }

  /** The offending field, as a JSON path of the protocol's report, e.g. {@code incident.knowledgeAt}. */
  public String field() {
    return field;
  }

  /** Why it is refused, e.g. {@code must be 64 lower-case hex digits}. */
  public String reason() {
    return reason;
  }
}
