package io.tripline.text;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterCategory;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.text.Normalizer2;
import java.util.Arrays;

/**
 * The canonical normalisation, the view terms are matched under: Unicode NFKC_Casefold (full-width
 * and styled letters become plain, everything case folded), invisible characters removed (the
 * default-ignorable code points: zero-width, joiners, bidi controls, soft hyphens, variation
 * selectors, fillers), diacritics and enclosing marks removed (é is e, a keycap 5️⃣ is 5), the
 * circled, parenthesised and negative-squared letters and digits NFKC leaves alone made plain,
 * and every run of white space collapsed to one space, trimmed. Version {@value #VERSION}, as
 * specified in {@code docs/text-normalisation.md}; hashed text entities in feeds name the version
 * they were made with. {@link TextViews} derives the other views from this one.
 *
 * <p>Each base character is normalised together with the combining marks that follow it, and on
 * its own otherwise, so a view char always maps back to the characters it came from. Thread-safe
 * and stateless.
 */
public final class TextNormalizer {

  /** The version of these rules and of the views derived from them. */
  public static final String VERSION = "2";

  private static final Normalizer2 NFKC_CASEFOLD = Normalizer2.getNFKCCasefoldInstance();
  private static final Normalizer2 NFD = Normalizer2.getNFDInstance();
  private static final Normalizer2 NFC = Normalizer2.getNFCInstance();

  private TextNormalizer() {}

  /**
   * The canonical view of {@code text}. Unpaired surrogates (invalid UTF-16) are dropped, never
   * passed on.
   *
   * @throws NullPointerException if text is null
   */
  public static NormalizedText normalize(String text) {
    return normalize(text, true);
  }

  /** {@link #normalize(String)}, with the ASCII fast path switched off for tests. */
  static NormalizedText normalize(String text, boolean fastPath) {
    int length = text.length();
    StringBuilder view = new StringBuilder(length);
    int[] origin = new int[length];
    boolean pendingSpace = false;
    int spaceAt = 0;
    int i = 0;
    while (i < length) {
      char c = text.charAt(i);
      if (fastPath && c < 0x80 && (i + 1 == length || text.charAt(i + 1) < 0x0300)) {
        // ASCII not followed by a possible combining mark: NFKC_Casefold only lower-cases it.
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
      // The base char and the combining marks after it normalise as one (e + U+0301 is é, then e).
      int end = segmentEnd(text, next);
      String folded = fold(segment(text, cp, i, end));
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

  /**
   * {@code text[start, end)}, whose first code point is {@code base}, without its ignorable code
   * points and with a styled base replaced by its plain form.
   */
  private static String segment(String text, int base, int start, int end) {
    String plain = NormalizerTables.plainForm(base);
    int afterBase = start + Character.charCount(base);
    if (afterBase == end) {
      return plain != null ? plain : text.substring(start, end);
    }
    StringBuilder sb = new StringBuilder(end - start + 2);
    if (plain != null) {
      sb.append(plain);
    } else {
      sb.appendCodePoint(base);
    }
    for (int k = afterBase; k < end; ) {
      int cp = text.codePointAt(k);
      if (!isIgnorable(cp)) {
        sb.appendCodePoint(cp);
      }
      k += Character.charCount(cp);
    }
    return sb.toString();
  }

  private static String fold(String segment) {
    String folded = NFKC_CASEFOLD.normalize(segment);
    if (hasPossibleMark(folded)) {
      folded = stripMarks(folded);
    }
    // NFKC may produce spaces (e.g. U+00A8 -> ' ' + U+0308) or nothing worth keeping.
    return folded.isBlank() ? "" : folded.strip();
  }

  private static boolean hasPossibleMark(String s) {
    for (int k = 0; k < s.length(); k++) {
      if (s.charAt(k) >= 0xC0) { // from À on, a char may decompose into a letter and a mark
        return true;
      }
    }
    return false;
  }

  /** Removes the {@linkplain NormalizerTables#isStrippedMark diacritics}, then recomposes. */
  private static String stripMarks(String s) {
    String decomposed = NFD.normalize(s);
    StringBuilder sb = null;
    for (int k = 0; k < decomposed.length(); ) {
      int cp = decomposed.codePointAt(k);
      int n = Character.charCount(cp);
      if (NormalizerTables.isStrippedMark(cp)) {
        if (sb == null) {
          sb = new StringBuilder(decomposed.length()).append(decomposed, 0, k);
        }
      } else if (sb != null) {
        sb.appendCodePoint(cp);
      }
      k += n;
    }
    return sb == null ? s : NFC.normalize(sb);
  }

  static boolean isCombiningMark(int cp) {
    int type = UCharacter.getType(cp);
    return type == UCharacterCategory.NON_SPACING_MARK || type == UCharacterCategory.COMBINING_SPACING_MARK
        || type == UCharacterCategory.ENCLOSING_MARK;
  }

  private static boolean isSpace(int cp) {
    return Character.isWhitespace(cp) || UCharacter.isUWhiteSpace(cp) || Character.isSpaceChar(cp);
  }

  /** White space, or an invisible format char (zero-width space, joiners, soft hyphen, bidi). */
  static boolean isSeparator(int cp) {
    return isSpace(cp) || UCharacter.getType(cp) == UCharacterCategory.FORMAT;
  }

  /**
   * Default-ignorable code points (Unicode property Default_Ignorable_Code_Point): invisible, so
   * they are removed without splitting a word. Among them the combining grapheme joiner, Hangul
   * fillers, variation selectors and the reserved ranges Unicode keeps for more of them.
   */
  static boolean isIgnorable(int cp) {
    return UCharacter.hasBinaryProperty(cp, UProperty.DEFAULT_IGNORABLE_CODE_POINT);
  }

  private static int[] ensure(int[] array, int size) {
    return array.length >= size ? array : Arrays.copyOf(array, Math.max(size, array.length * 2));
  }
}
