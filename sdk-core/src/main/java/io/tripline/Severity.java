package io.tripline;

import java.util.Locale;

/** How serious a feed considers an indicator. Feeds without a severity mean {@link #MEDIUM}. */
public enum Severity {
  LOW,
  MEDIUM,
  HIGH;

  /**
   * Parses a feed's severity, case-insensitively.
   *
   * @throws IllegalArgumentException if {@code value} names no severity
   */
  public static Severity parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown severity '" + value + "' (expected low, medium or high)");
    }
  }
}
