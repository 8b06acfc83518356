package io.tripline.text;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;

/**
 * The basic normalisation that terms are matched under: Unicode NFKC (full-width and styled
 * letters become plain), lower case, and every run of white space, zero-width and format
 * characters collapsed to one space, trimmed. Version {@value #VERSION}; hashed text entities in
 * feeds name the version they were made with.
 *
 * <p>Each code point is normalised on its own, so a view char always maps back to the code point
 * it came from. Thread-safe and stateless.
 */
public final class TextNormalizer {

  /** The version of these rules. */
  public static final String VERSION = "1";

  private TextNormalizer() {}

  /**
   * Normalises {@code text}. Unpaired surrogates (invalid UTF-16) are dropped, never passed on.
   */
  public static NormalizedText normalize(String text) {
    StringBuilder view = new StringBuilder(text.length());
    int[] origin = new int[text.length()];
    boolean pendingSpace = false;
    int spaceAt = 0;
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      int next = i + Character.charCount(cp);
      if (isSeparator(cp) || (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)) {
        // A run of white space between two kept chars becomes one space; leading ones vanish.
        if (!pendingSpace && isSpace(cp) && view.length() > 0) {
          pendingSpace = true;
          spaceAt = i;
        }
        i = next;
        continue;
      }
      String folded = fold(text.substring(i, next));
      if (folded.isEmpty()) {
        i = next;
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
      i = next;
    }
    return new NormalizedText(text, view.toString(), Arrays.copyOf(origin, view.length()));
  }

  private static String fold(String codePoint) {
    String nfkc = Normalizer.normalize(codePoint, Normalizer.Form.NFKC);
    String lower = nfkc.toLowerCase(Locale.ROOT);
    // NFKC may produce spaces (e.g. U+00A0 -> ' ') or nothing worth keeping.
    return lower.isBlank() ? "" : lower.strip();
  }

  private static boolean isSpace(int cp) {
    return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
  }

  /** White space, or an invisible format char (zero-width space, joiners, soft hyphen, bidi). */
  private static boolean isSeparator(int cp) {
    return isSpace(cp) || Character.getType(cp) == Character.FORMAT;
  }

  private static int[] ensure(int[] array, int size) {
    return array.length >= size ? array : Arrays.copyOf(array, Math.max(size, array.length * 2));
  }
}
