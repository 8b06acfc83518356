package io.tripline;

/**
 * A submission, or one of its files or text fields, is larger than the configured limit. An
 * HTTP front end answers it with 413.
 */
public final class SubmissionTooLargeException extends TriplineException {
  private static final long serialVersionUID = 1L;
  private final long limit;

  public SubmissionTooLargeException(String what, long limit) {
    super(what + " exceeds the limit of " + limit + " bytes");
    this.limit = limit;
  }

  /** The limit, in bytes (characters for text), that was exceeded. */
  public long limit() {
    return limit;
  }
}
