package io.tripline;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One entry of an indicator feed: a signal (type and value) that, seen in an upload, is a lead
 * worth acting on. Indicators carry hashes and labels only, never content.
 *
 * @param id the feed's id for the indicator, unique within the feed
 * @param feed the id of the feed it came from
 * @param signalType what kind of signal {@code value} is, e.g. {@code md5}, {@code phash64},
 *     {@code term}; signals of different types are never compared
 * @param value the signal: lower-case hex for hashes, the phrase for terms
 * @param labels what the feed says the indicator is evidence of, e.g. {@code csam}
 * @param severity how serious the feed considers it
 * @param addedAt when the feed added it, if known
 * @param expiresAt when it stops applying, if ever
 */
public record Indicator(
    String id,
    String feed,
    String signalType,
    String value,
    List<String> labels,
    Severity severity,
    @Nullable Instant addedAt,
    @Nullable Instant expiresAt) {

  public Indicator {
    requireNonBlank(id, "id");
    requireNonBlank(feed, "feed");
    requireNonBlank(signalType, "signalType");
    requireNonBlank(value, "value");
    labels = List.copyOf(labels);
    Objects.requireNonNull(severity, "severity");
  }

  /** An indicator with no dates, for tests and hand-made lists. */
  public static Indicator of(String id, String feed, String signalType, String value, Severity severity, String... labels) {
    return new Indicator(id, feed, signalType, value, List.of(labels), severity, null, null);
  }

  /** Whether the indicator applies at {@code now}. */
  public boolean isActiveAt(Instant now) {
    return expiresAt == null || now.isBefore(expiresAt);
  }

  private static void requireNonBlank(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
