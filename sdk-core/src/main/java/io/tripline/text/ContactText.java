package io.tripline.text;

import io.tripline.Span;
import org.jspecify.annotations.Nullable;

/**
 * The view of a text that contact scanners read: the original chars with full-width forms made
 * ASCII ({@code ＠} is {@code @}, {@code ．} and {@code 。} are {@code .}), odd spaces made plain
 * and invisible chars (zero-width, joiners, bidi controls, soft hyphens) dropped, so
 * {@code name\u200B@example.com} reads as one address. Case is kept: Base58 and EIP-55 wallets
 * depend on it. Each view char maps back to one original char, so spans come out in original
 * coordinates. This is deliberately lighter than {@link TextNormalizer}: it never changes the
 * length of a char and keeps what wallets need.
 */
final class ContactText {

  final char[] chars;
  final int length;
  /** Original index of each view char, or null when nothing was dropped (the identity). */
  private final int @Nullable [] origin;

  private ContactText(char[] chars, int length, int @Nullable [] origin) {
    this.chars = chars;
    this.length = length;
    this.origin = origin;
  }

  static ContactText of(String original) {
    int n = original.length();
    char[] view = new char[n];
    int[] origin = null;
    int length = 0;
    for (int i = 0; i < n; i++) {
      char c = original.charAt(i);
      char f = c < 0x80 ? c : fold(c);
      if (f == 0) {
        if (origin == null) {
          origin = new int[n];
          for (int k = 0; k < length; k++) {
            origin[k] = k;
          }
        }
        continue;
      }
      if (origin != null) {
        origin[length] = i;
      }
      view[length++] = f;
    }
    return new ContactText(view, length, origin);
  }

  /** The ASCII form of {@code c}, 0 to drop it, or {@code c} itself. */
  private static char fold(char c) {
    if (c >= 0xFF01 && c <= 0xFF5E) {
      return (char) (c - 0xFEE0); // full-width ASCII
    }
    switch (c) {
      case '\u3002', '\uFF61' -> {
        return '.'; // ideographic full stops
      }
      case '\uFE6B' -> {
        return '@';
      }
      case '\uFE69' -> {
        return '$';
      }
      case '\u00AD', '\u180E', '\u200B', '\u200C', '\u200D', '\u200E', '\u200F', '\u202A',
          '\u202B', '\u202C', '\u202D', '\u202E', '\u2060', '\u2061', '\u2062', '\u2063',
          '\u2064', '\uFEFF' -> {
        return 0;
      }
      case '\u00A0', '\u1680', '\u2028', '\u2029', '\u202F', '\u205F', '\u3000' -> {
        return ' ';
      }
      default -> {
        return c >= 0x2000 && c <= 0x200A ? ' ' : c;
      }
    }
  }

  /** The original index of view index {@code i}. */
  int originOf(int i) {
    return origin == null ? i : origin[i];
  }

  /** The span of the original text that view chars {@code [from, to)} came from. */
  Span span(int from, int to) {
    return new Span(originOf(from), originOf(to - 1) + 1);
  }

  /** The view chars {@code [from, to)}. */
  String slice(int from, int to) {
    return new String(chars, from, to - from);
  }

  char at(int i) {
    return i >= 0 && i < length ? chars[i] : 0;
  }
}
