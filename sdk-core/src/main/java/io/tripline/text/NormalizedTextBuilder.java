package io.tripline.text;

import java.util.Arrays;

/**
 * Builds a view derived from another view (the canonical one): every char appended names the
 * source view chars it came from, and keeps their place in the original text.
 */
final class NormalizedTextBuilder {
  private final NormalizedText source;
  private final StringBuilder view;
  private int[] start;
  private int[] end;

  NormalizedTextBuilder(NormalizedText source) {
    this.source = source;
    int capacity = source.view().length() + 16;
    this.view = new StringBuilder(capacity);
    this.start = new int[capacity];
    this.end = new int[capacity];
  }

  /** Appends {@code c}, which stands for source chars {@code [from, to)}. */
  void append(char c, int from, int to) {
    int at = view.length();
    if (at == start.length) {
      start = Arrays.copyOf(start, at * 2);
      end = Arrays.copyOf(end, at * 2);
    }
    start[at] = source.originStart(from);
    end[at] = source.originEnd(to - 1);
    view.append(c);
  }

  /** Appends {@code s}, every char of which stands for source chars {@code [from, to)}. */
  void append(String s, int from, int to) {
    for (int k = 0; k < s.length(); k++) {
      append(s.charAt(k), from, to);
    }
  }

  /** Appends source chars {@code [from, to)} unchanged. */
  void copy(int from, int to) {
    String sourceView = source.view();
    for (int k = from; k < to; k++) {
      append(sourceView.charAt(k), k, k + 1);
    }
  }

  NormalizedText build() {
    int length = view.length();
    return new NormalizedText(source.original(), view.toString(), Arrays.copyOf(start, length),
        Arrays.copyOf(end, length));
  }
}
