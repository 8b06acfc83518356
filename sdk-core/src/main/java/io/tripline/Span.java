package io.tripline;

/**
 * A half-open range {@code [start, end)} of UTF-16 indices into the original text of a field,
 * so a reviewer can see exactly what matched.
 *
 * @param start index of the first char, {@code >= 0}
 * @param end index after the last char, {@code >= start}
 */
public record Span(int start, int end) {
  public Span {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("invalid span [" + start + ", " + end + ")");
    }
  }

  /** The matched part of {@code text}. */
  public String of(String text) {
    return text.substring(start, end);
  }
}
