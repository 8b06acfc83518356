package io.tripline.report;

import io.tripline.TriplineException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A call of the clearinghouse's report API failed, or what it answered was refused.
 * {@link #retryable()} tells the outbox what to do: try the same call again later (an outage,
 * 5xx, 429, a network error), or stop and alert (the report, the credential or the answer is
 * wrong, and trying again sends the same wrong thing). The message names the report id, the HTTP
 * status and the problem's type and field; never the credential.
 */
public final class ClearinghouseReportException extends TriplineException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** 400 or 422: the clearinghouse refused the body; {@link Problem#field()} says where. Permanent. */
    VALIDATION(false),
    /** 422 whose problem type says the Idempotency-Key was used before with another body. Permanent. */
    KEY_REUSED(false),
    /** 401: the credential is missing, wrong or revoked. Permanent: alert. */
    UNAUTHORIZED(false),
    /** 403: the credential lacks the scope ({@code reports:write}) or the report is another platform's. Permanent. */
    FORBIDDEN(false),
    /** 404: no such report for this platform. Permanent. */
    NOT_FOUND(false),
    /** Another 4xx. Permanent. */
    REJECTED(false),
    /** 409: a request with the same key is still being processed. Retryable. */
    IN_PROGRESS(true),
    /** 429: too many requests; see {@link #retryAfter()}. Retryable. */
    RATE_LIMITED(true),
    /** 408 or 5xx: the clearinghouse is unavailable. Retryable. */
    UNAVAILABLE(true),
    /** The call failed on the network (connect, timeout, reset). Retryable. */
    NETWORK(true),
    /**
     * A success that is not one: an unsigned or wrongly signed receipt, an unparseable body, a
     * receipt for another report, a redirect. Permanent: a receipt that does not verify is not a
     * receipt (pinned keys out of date, or someone in the middle).
     */
    INVALID_RESPONSE(false);

    private final boolean retryable;

    Kind(boolean retryable) {
      this.retryable = retryable;
    }

    public boolean retryable() {
      return retryable;
    }
  }

  /**
   * An RFC 9457 problem the clearinghouse answered with; texts are shortened and stripped of
   * control characters.
   *
   * @param type the stable type URI ({@code about:blank} if none was given)
   * @param field for a validation error, the offending field, if given
   */
  public record Problem(String type, @Nullable String title, int status, @Nullable String detail,
      @Nullable String field) {
    public Problem {
      Objects.requireNonNull(type, "type");
    }
  }

  private final Kind kind;
  private final int httpStatus;
  private final @Nullable Problem problem;
  private final @Nullable Duration retryAfter;

  public ClearinghouseReportException(String message, Kind kind, int httpStatus, @Nullable Problem problem,
      @Nullable Duration retryAfter, @Nullable Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.httpStatus = httpStatus;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  public Kind kind() {
    return kind;
  }

  /** Whether the same call may succeed later; the outbox retries only these. */
  public boolean retryable() {
    return kind.retryable();
  }

  /** The HTTP status answered, or 0 when there was none (network error). */
  public int httpStatus() {
    return httpStatus;
  }

  /** The problem+json body, if the clearinghouse sent one. */
  public Optional<Problem> problem() {
    return Optional.ofNullable(problem);
  }

  /** How long the clearinghouse asked to wait ({@code Retry-After}), if it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
