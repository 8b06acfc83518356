package io.tripline.text;

import io.tripline.Span;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A normalised view of a text with, for each of its chars, the place of the original text it came
 * from, so a match in the view maps back to a span of what the uploader wrote. Spans always cover
 * whole original code points together with the combining marks normalised with them. Immutable
 * and thread-safe.
 *
 * @see TextNormalizer
 * @see TextViews
 */
public final class NormalizedText {
  private final String original;
  private final String view;
  private final int[] origin;
  // Exclusive end in the original of each view char; null when it is the end of the code point at
  // origin[i] plus its combining marks (the canonical view), so that view stores one array only.
  private final int @Nullable [] originEnd;

  NormalizedText(String original, String view, int[] origin) {
    this(original, view, origin, null);
  }

  NormalizedText(String original, String view, int[] origin, int @Nullable [] originEnd) {
    this.original = Objects.requireNonNull(original);
    this.view = Objects.requireNonNull(view);
    if (origin.length != view.length() || (originEnd != null && originEnd.length != view.length())) {
      throw new IllegalArgumentException("origin map must have one entry per char");
    }
    this.origin = origin;
    this.originEnd = originEnd;
  }

  /** The text as submitted. */
  public String original() {
    return original;
  }

  /** The normalised view that terms and entities are searched in. */
  public String view() {
    return view;
  }

  /**
   * The span of the original text that chars {@code [start, end)} of the view came from.
   *
   * @throws IndexOutOfBoundsException if the range is not within the view
   */
  public Span originalSpan(int start, int end) {
    Objects.checkFromToIndex(start, end, view.length());
    if (start == end) {
      int at = start < origin.length ? origin[start] : original.length();
      return new Span(at, at);
    }
    return new Span(origin[start], Math.max(origin[start], originEnd(end - 1)));
  }

  /** Where view char {@code i} starts in the original. */
  int originStart(int i) {
    return origin[i];
  }

  /**
   * One past the original chars that view char {@code i} came from: past the original code point
   * and the combining marks normalised together with it.
   */
  int originEnd(int i) {
    if (originEnd != null) {
      return originEnd[i];
    }
    int last = origin[i];
    char c = original.charAt(last);
    if (c < 0x80 && (last + 1 == original.length() || original.charAt(last + 1) < 0x0300)) {
      return last + 1; // the canonical fast path's case: no combining mark can follow
    }
    int cp = original.codePointAt(last);
    int stop = last + Character.charCount(cp);
    if (!TextNormalizer.isSeparator(cp)) {
      stop = TextNormalizer.segmentEnd(original, stop);
    }
    return stop;
  }
}
