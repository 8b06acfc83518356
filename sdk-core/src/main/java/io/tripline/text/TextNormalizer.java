package io.tripline.text;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;

/**
 * The basic normalisation that terms are matched under: Unicode NFKC (full-width and styled
 * letters become plain, decomposed accents compose), lower case, invisible characters removed
 * (zero-width, joiners, bidi controls, soft hyphens, variation selectors, fillers: the
 * default-ignorable code points), and every run of white space collapsed to one space, trimmed.
 * Version {@value #VERSION}; hashed text entities in feeds name the version they were made with.
 *
 * <p>Each base character is normalised together with the combining marks that follow it, and on
 * its own otherwise, so a view char always maps back to the characters it came from. Thread-safe
 * and stateless.
 */
public final class TextNormalizer {

  /** The version of these rules. */
  public static final String VERSION = "1";

  private TextNormalizer() {}

  /**
   * Normalises {@code text}. Unpaired surrogates (invalid UTF-16) are dropped, never passed on.
   */
  public static NormalizedText normalize(String text) {
    int length = text.length();
    StringBuilder view = new StringBuilder(length);
    int[] origin = new int[length];
    boolean pendingSpace = false;
    int spaceAt = 0;
    int i = 0;
    while (i < length) {
      char c = text.charAt(i);
      if (c < 0x80 && (i + 1 == length || text.charAt(i + 1) < 0x0300)) {
        // ASCII not followed by a possible combining mark: NFKC leaves it alone. The common case.
        if (c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F)) {
          if (!pendingSpace && view.length() > 0) {
            pendingSpace = true;
            spaceAt = i;
          }
        } else {
          if (pendingSpace) {
            origin = ensure(origin, view.length() + 1);
            origin[view.length()] = spaceAt;
            view.append(' ');
            pendingSpace = false;
          }
          origin = ensure(origin, view.length() + 1);
          origin[view.length()] = i;
          view.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        i++;
        continue;
      }
      int cp = text.codePointAt(i);
      int next = i + Character.charCount(cp);
      if (isSeparator(cp) || isIgnorable(cp) || (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)) {
        // A run of white space between two kept chars becomes one space; leading ones vanish.
        if (!pendingSpace && isSpace(cp) && view.length() > 0) {
          pendingSpace = true;
          spaceAt = i;
        }
        i = next;
        continue;
      }
      // The base char and the combining marks after it normalise as one (e + U+0301 is é).
      int end = segmentEnd(text, next);
      String folded = fold(segment(text, i, end));
      if (folded.isEmpty()) {
        i = end;
        continue;
      }
      if (pendingSpace) {
        origin = ensure(origin, view.length() + 1);
        origin[view.length()] = spaceAt;
        view.append(' ');
        pendingSpace = false;
      }
      origin = ensure(origin, view.length() + folded.length());
      for (int k = 0; k < folded.length(); k++) {
        origin[view.length()] = i;
        view.append(folded.charAt(k));
      }
      i = end;
    }
    return new NormalizedText(text, view.toString(), Arrays.copyOf(origin, view.length()));
  }

  /** The end of the run of combining marks starting at {@code from}. */
  static int segmentEnd(String text, int from) {
    int end = from;
    while (end < text.length()) {
      int cp = text.codePointAt(end);
      if (!isCombiningMark(cp)) {
        break;
      }
      end += Character.charCount(cp);
    }
    return end;
  }

  /** {@code text[start, end)} without its ignorable code points. */
  private static String segment(String text, int start, int end) {
    int first = text.codePointAt(start);
    int afterFirst = start + Character.charCount(first);
    if (afterFirst == end) {
      return text.substring(start, end);
    }
    StringBuilder sb = new StringBuilder(end - start);
    for (int k = start; k < end; ) {
      int cp = text.codePointAt(k);
      if (!isIgnorable(cp)) {
        sb.appendCodePoint(cp);
      }
      k += Character.charCount(cp);
    }
    return sb.toString();
  }

  private static String fold(String segment) {
    String nfkc = Normalizer.normalize(segment, Normalizer.Form.NFKC);
    String lower = nfkc.toLowerCase(Locale.ROOT);
    // NFKC may produce spaces (e.g. U+00A8 -> ' ' + U+0308) or nothing worth keeping.
    return lower.isBlank() ? "" : lower.strip();
  }

  static boolean isCombiningMark(int cp) {
    int type = Character.getType(cp);
    return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK;
  }

  private static boolean isSpace(int cp) {
    return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
  }

  /** White space, or an invisible format char (zero-width space, joiners, soft hyphen, bidi). */
  static boolean isSeparator(int cp) {
    return isSpace(cp) || Character.getType(cp) == Character.FORMAT;
  }

  /**
   * Default-ignorable code points that are not format chars: invisible, so they must not split a
   * word. The combining grapheme joiner, Hangul fillers, Khmer inherent vowels, Mongolian and
   * other variation selectors, and the reserved ranges Unicode keeps for more of them.
   */
  static boolean isIgnorable(int cp) {
    return cp == 0x034F
        || cp == 0x115F || cp == 0x1160
        || cp == 0x17B4 || cp == 0x17B5
        || (cp >= 0x180B && cp <= 0x180F)
        || cp == 0x3164
        || (cp >= 0xFE00 && cp <= 0xFE0F)
        || cp == 0xFFA0
        || (cp >= 0xFFF0 && cp <= 0xFFF8)
        || (cp >= 0xE0000 && cp <= 0xE0FFF);
  }

  private static int[] ensure(int[] array, int size) {
    return array.length >= size ? array : Arrays.copyOf(array, Math.max(size, array.length * 2));
  }
}
