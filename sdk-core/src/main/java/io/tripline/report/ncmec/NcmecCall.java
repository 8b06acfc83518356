package io.tripline.report.ncmec;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP call to NCMEC and its outcome, kept for the audit trail.
 *
 * @param endpoint {@code submit}, {@code upload}, {@code fileinfo}, {@code finish} or {@code retract}
 * @param httpStatus the HTTP status, or -1 if no response arrived
 * @param responseCode NCMEC's {@code responseCode}, or -1 if none was read
 * @param requestId the {@code Request-ID} response header, or null if absent
 */
public record NcmecCall(String endpoint, int httpStatus, int responseCode, @Nullable String requestId, Instant at) {
  public NcmecCall {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(at, "at");
  }
}
