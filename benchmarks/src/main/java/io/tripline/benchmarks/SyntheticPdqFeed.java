package io.tripline.benchmarks;

import io.tripline.Indicator;
import io.tripline.Severity;
import io.tripline.spi.ImageHash;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * PDQ indicators as a clearinghouse's hash feed carries them, made from a seed, and their wire
 * form as feed changes.
 *
 * <p>Indicator number {@code serial} has the id {@code ind-} plus 16 hex digits of a bijective
 * mix of the serial (like {@code ind-81f3a9c02b7d4e11}: unique, but not in order), a uniformly
 * random 256-bit hash, labels from a few realistic sets (mostly {@code csam}, some with a series
 * or sextortion label, some {@code ncii} or terrorist content), a severity (mostly high), an
 * {@code addedAt} between 2023 and the end of 2026 in whole seconds, and for 3 % an
 * {@code expiresAt} two years after it. Real PDQ hashes cluster more than uniform ones; the
 * Hamming index costs about the same on both (see HammingIndexBenchmark).
 */
final class SyntheticPdqFeed {

  /** The feed id every indicator here belongs to. */
  static final String FEED = "confirmed-hashes";

  private static final List<List<String>> LABELS = List.of(
      List.of("csam"),
      List.of("csam", "known-series"),
      List.of("csam", "sextortion"),
      List.of("ncii"),
      List.of("terrorist-content"));
  /** Cumulative percentages of {@link #LABELS}. */
  private static final int[] LABEL_ODDS = {70, 82, 87, 95, 100};

  private static final long FIRST_ADDED = Instant.parse("2023-01-01T00:00:00Z").getEpochSecond();
  private static final long LAST_ADDED = Instant.parse("2026-11-28T00:00:00Z").getEpochSecond();
  private static final long TWO_YEARS = 2 * 365 * 86_400L;

  private SyntheticPdqFeed() {}

  /** The id of indicator number {@code serial}. */
  static String id(long serial) {
    return String.format(Locale.ROOT, "ind-%016x", mix(serial));
  }

  /** Indicator number {@code serial} with a random hash and profile drawn from {@code random}. */
  static Indicator indicator(Random random, long serial) {
    long[] hash = {random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()};
    return indicator(random, serial, ImageHash.toHex(hash, 256));
  }

  /** Indicator number {@code serial} with the PDQ hash {@code hex}, its profile drawn from {@code random}. */
  static Indicator indicator(Random random, long serial, String hex) {
    int roll = random.nextInt(100);
    int labels = 0;
    while (roll >= LABEL_ODDS[labels]) {
      labels++;
    }
    int severityRoll = random.nextInt(100);
    Severity severity = severityRoll < 80 ? Severity.HIGH : severityRoll < 95 ? Severity.MEDIUM : Severity.LOW;
    Instant added = Instant.ofEpochSecond(FIRST_ADDED + (long) (random.nextDouble() * (LAST_ADDED - FIRST_ADDED)));
    Instant expires = random.nextInt(100) < 3 ? added.plusSeconds(TWO_YEARS) : null;
    return new Indicator(id(serial), FEED, "pdq", hex, LABELS.get(labels), severity, added, expires);
  }

  /**
   * An indicator that never expires, with the hash {@code hex}: what a probe image must match
   * whatever the clock says.
   */
  static Indicator probeIndicator(long serial, String hex) {
    return new Indicator(id(serial), FEED, "pdq", hex, List.of("csam"), Severity.HIGH,
        Instant.parse("2026-11-28T12:00:00Z"), null);
  }

  /** The change that adds or replaces {@code indicator}, as a feed page carries it. */
  static byte[] upsert(Indicator indicator) {
    StringBuilder json = new StringBuilder(224);
    json.append("{\"op\":\"upsert\",\"id\":\"").append(indicator.id())
        .append("\",\"signal\":{\"type\":\"").append(indicator.signalType())
        .append("\",\"value\":\"").append(indicator.value()).append("\"},\"labels\":[");
    for (int i = 0; i < indicator.labels().size(); i++) {
      json.append(i > 0 ? ",\"" : "\"").append(indicator.labels().get(i)).append('"');
    }
    json.append("],\"severity\":\"").append(indicator.severity().name().toLowerCase(Locale.ROOT))
        .append("\",\"addedAt\":").append(time(indicator.addedAt()))
        .append(",\"expiresAt\":").append(time(indicator.expiresAt())).append('}');
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The change that removes indicator {@code id}. */
  static byte[] delete(String id) {
    return ("{\"op\":\"delete\",\"id\":\"" + id + "\",\"reason\":\"withdrawn\"}").getBytes(StandardCharsets.UTF_8);
  }

  private static String time(@Nullable Instant time) {
    return time == null ? "null" : "\"" + time + "\"";
  }

  /** The SplitMix64 finaliser: a bijection of longs, so distinct serials give distinct ids. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
