package io.tripline.review;

import io.tripline.Span;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Cuts a text field down to the part around its matches. */
final class Excerpts {
  /** Characters kept before the first match when the matches do not all fit. */
  private static final int LEAD = 40;

  private Excerpts() {}

  /**
   * At most {@code max} characters of {@code text} around {@code spans} (original offsets), the
   * spans rebased onto the excerpt and clipped to it; centred on the matches when they fit.
   */
  static TextExcerpt of(String field, String text, List<Span> spans, int max) {
    List<Span> valid = new ArrayList<>();
    for (Span s : spans) {
      if (s.end() <= text.length()) {
        valid.add(s);
      }
    }
    valid.sort(Comparator.comparingInt(Span::start).thenComparingInt(Span::end));
    int start;
    int end;
    if (text.length() <= max) {
      start = 0;
      end = text.length();
    } else if (valid.isEmpty()) {
      start = 0;
      end = max;
    } else {
      int first = valid.get(0).start();
      int last = valid.stream().mapToInt(Span::end).max().orElse(first);
      if (last - first <= max) {
        start = Math.max(0, first - (max - (last - first)) / 2);
      } else {
        start = Math.max(0, first - LEAD);
      }
      end = Math.min(text.length(), start + max);
      start = Math.max(0, end - max);
    }
    // Never cut a surrogate pair in two.
    if (start > 0 && Character.isLowSurrogate(text.charAt(start))) {
      start++;
    }
    if (end < text.length() && end > start && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    List<Span> rebased = new ArrayList<>();
    for (Span s : valid) {
      int a = Math.max(s.start(), start) - start;
      int b = Math.min(s.end(), end) - start;
      if (b > a) {
        rebased.add(new Span(a, b));
      }
    }
    return new TextExcerpt(field, text.substring(start, end), start, text.length(), rebased);
  }
}
