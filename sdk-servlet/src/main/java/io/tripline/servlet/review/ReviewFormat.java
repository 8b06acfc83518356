package io.tripline.servlet.review;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the review pages write times, durations and enum names. Thread-safe (stateless). */
final class ReviewFormat {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  private ReviewFormat() {}

  /** {@code 2026-11-28 10:15 UTC}. */
  static String time(Instant at) {
    return TIME.format(at);
  }

  /** A rough length of time: {@code 2 d 3 h}, {@code 4 h 10 min}, {@code 12 min}, {@code under a minute}. */
  static String duration(Duration d) {
    Duration a = d.abs();
    long days = a.toDays();
    long hours = a.toHoursPart();
    long minutes = a.toMinutesPart();
    if (days > 0) {
      return days + " d" + (hours > 0 ? " " + hours + " h" : "");
    }
    if (hours > 0) {
      return hours + " h" + (minutes > 0 ? " " + minutes + " min" : "");
    }
    return minutes > 0 ? minutes + " min" : "under a minute";
  }

  /** {@code NOT_A_MATCH} as {@code Not a match}. */
  static String words(String constant) {
    String lower = constant.toLowerCase(Locale.ROOT).replace('_', ' ');
    return lower.isEmpty() ? lower : Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
  }
}
