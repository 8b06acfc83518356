package io.tripline.text;

import io.tripline.Span;
import java.util.Objects;

/**
 * A normalised view of a text with, for each of its chars, the index of the original char it came
 * from, so a match in the view maps back to a span of what the uploader wrote.
 */
public final class NormalizedText {
  private final String original;
  private final String view;
  private final int[] origin;

  NormalizedText(String original, String view, int[] origin) {
    this.original = Objects.requireNonNull(original);
    this.view = Objects.requireNonNull(view);
    if (origin.length != view.length()) {
      throw new IllegalArgumentException("origin map must have one entry per char");
    }
    this.origin = origin;
  }

  /** The text as submitted. */
  public String original() {
    return original;
  }

  /** The normalised view that terms are matched against. */
  public String view() {
    return view;
  }

  /** The span of the original text that chars {@code [start, end)} of the view came from. */
  public Span originalSpan(int start, int end) {
    Objects.checkFromToIndex(start, end, view.length());
    if (start == end) {
      int at = start < origin.length ? origin[start] : original.length();
      return new Span(at, at);
    }
    // End: one past the original code point that produced the last char of the match, and past
    // the combining marks normalised together with it.
    int last = origin[end - 1];
    int cp = original.codePointAt(last);
    int stop = last + Character.charCount(cp);
    if (!TextNormalizer.isSeparator(cp)) {
      stop = TextNormalizer.segmentEnd(original, stop);
    }
    return new Span(origin[start], stop);
  }
}
