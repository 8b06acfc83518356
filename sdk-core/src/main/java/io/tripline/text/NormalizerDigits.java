package io.tripline.text;

import java.util.Arrays;

/**
 * Derives the digits view from the canonical one. Text is cut into units (maximal runs of letters
 * and digits); a unit is convertible when each of its letter runs is a concatenation of
 * {@linkplain NormalizerTables#NUMBER_WORDS number words} ("five5five" is 555, "01two3" is 0123).
 * Convertible units separated by at most {@value #MAX_GAP} separator chars form a stretch; a
 * stretch that holds at least {@value #MIN_DIGITS} digits, counting the converted words, is
 * digit-dense and its words become digits. Everything else stays as in the canonical view, so
 * "for a little extra" and "call me at one" stay text.
 */
final class NormalizerDigits {

  /** Digits a stretch must hold to be converted: the shortest phone numbers have seven. */
  static final int MIN_DIGITS = 7;

  /** The most separator chars between two units of one stretch, e.g. ") - ". */
  static final int MAX_GAP = 3;

  /** Longer letter runs are never number words, which bounds the decomposition work. */
  private static final int MAX_LETTER_RUN = 48;

  private static final int CONVERTIBLE = 1;
  private static final int HAS_LETTERS = 2;
  private static final int STRONG = 4; // holds a real digit or a number word that is not weak

  private static final int UNREACHABLE = Integer.MAX_VALUE;

  private final String v;
  private final int[] best = new int[MAX_LETTER_RUN + 1];
  private final int[] choice = new int[MAX_LETTER_RUN + 1];
  private int[] unitStart = new int[16];
  private int[] unitEnd = new int[16];
  private int[] unitDigits = new int[16];
  private int[] unitFlags = new int[16];
  private int units;

  private NormalizerDigits(String v) {
    this.v = v;
  }

  static NormalizedText derive(NormalizedText canonical) {
    return new NormalizerDigits(canonical.view()).convert(canonical);
  }

  private NormalizedText convert(NormalizedText canonical) {
    if (!mayHoldNumberWords()) {
      return canonical;
    }
    findUnits();
    NormalizedTextBuilder out = null;
    int copied = 0;
    int first = 0;
    while (first < units) {
      if ((unitFlags[first] & CONVERTIBLE) == 0) {
        first++;
        continue;
      }
      int last = first;
      while (last + 1 < units && (unitFlags[last + 1] & CONVERTIBLE) != 0 && joins(last, last + 1)) {
        last++;
      }
      int next = last + 1;
      // Weak words at either end ("oh", "i", "o", "l") join only when no space sets them apart.
      while (first < last && isWeak(first) && gapHasSpace(first, first + 1)) {
        first++;
      }
      while (last > first && isWeak(last) && gapHasSpace(last - 1, last)) {
        last--;
      }
      if (isDense(first, last)) {
        for (int u = first; u <= last; u++) {
          if ((unitFlags[u] & HAS_LETTERS) != 0) {
            if (out == null) {
              out = new NormalizedTextBuilder(canonical);
            }
            out.copy(copied, unitStart[u]);
            emitUnit(out, u);
            copied = unitEnd[u];
          }
        }
      }
      first = next;
    }
    if (out == null) {
      return canonical;
    }
    out.copy(copied, v.length());
    return out.build();
  }

  /** Quick exit: with no digit and no letter that starts a number word, nothing can convert. */
  private boolean mayHoldNumberWords() {
    for (int k = 0; k < v.length(); k++) {
      char c = v.charAt(k);
      if ((c >= '0' && c <= '9') || c == 'z' || c == 'o' || c == 't' || c == 'f' || c == 's' || c == 'e'
          || c == 'n' || c == 'c' || c == 'u' || c == 'd' || c == 'i' || c == 'l' || c > 0x7F) {
        return true;
      }
    }
    return false;
  }

  private boolean isWeak(int u) {
    return (unitFlags[u] & STRONG) == 0;
  }

  private boolean isDense(int first, int last) {
    int digits = 0;
    boolean strong = false;
    for (int u = first; u <= last; u++) {
      digits += unitDigits[u];
      strong |= !isWeak(u);
    }
    return strong && digits >= MIN_DIGITS;
  }

  private boolean joins(int left, int right) {
    int from = unitEnd[left];
    int to = unitStart[right];
    if (to - from > MAX_GAP) {
      return false;
    }
    for (int k = from; k < to; k++) {
      if (!NormalizerTables.isDigitGroupSeparator(v.charAt(k))) {
        return false;
      }
    }
    return true;
  }

  private boolean gapHasSpace(int left, int right) {
    for (int k = unitEnd[left]; k < unitStart[right]; k++) {
      if (v.charAt(k) == ' ') {
        return true;
      }
    }
    return false;
  }

  private void findUnits() {
    int n = v.length();
    int i = 0;
    while (i < n) {
      int cp = v.codePointAt(i);
      if (!NormalizerTables.isLetterOrDigit(cp)) {
        i += Character.charCount(cp);
        continue;
      }
      int start = i;
      int digits = 0;
      int flags = CONVERTIBLE;
      while (i < n) {
        cp = v.codePointAt(i);
        if (NormalizerTables.isDigit(cp)) {
          digits++;
          flags |= STRONG;
          i += Character.charCount(cp);
        } else if (NormalizerTables.isLetter(cp)) {
          int runEnd = i;
          boolean ascii = true;
          while (runEnd < n && NormalizerTables.isLetter(cp = v.codePointAt(runEnd))) {
            ascii &= cp >= 'a' && cp <= 'z';
            runEnd += Character.charCount(cp);
          }
          flags |= HAS_LETTERS;
          int pieces = ascii && (flags & CONVERTIBLE) != 0 ? decompose(i, runEnd) : UNREACHABLE;
          if (pieces == UNREACHABLE) {
            flags &= ~CONVERTIBLE;
          } else {
            digits += pieces;
            if (hasStrongWord(runEnd - i)) {
              flags |= STRONG;
            }
          }
          i = runEnd;
        } else {
          break;
        }
      }
      addUnit(start, i, digits, flags);
    }
  }

  private void addUnit(int start, int end, int digits, int flags) {
    if (units == unitStart.length) {
      int size = units * 2;
      unitStart = Arrays.copyOf(unitStart, size);
      unitEnd = Arrays.copyOf(unitEnd, size);
      unitDigits = Arrays.copyOf(unitDigits, size);
      unitFlags = Arrays.copyOf(unitFlags, size);
    }
    unitStart[units] = start;
    unitEnd[units] = end;
    unitDigits[units] = digits;
    unitFlags[units] = flags;
    units++;
  }

  /**
   * The fewest number words that {@code v[start, end)} is a concatenation of, or
   * {@link #UNREACHABLE}; {@link #choice} then holds the words, by offset from start.
   */
  private int decompose(int start, int end) {
    int length = end - start;
    if (length > MAX_LETTER_RUN) {
      return UNREACHABLE;
    }
    best[length] = 0;
    for (int k = length - 1; k >= 0; k--) {
      best[k] = UNREACHABLE;
      int max = length - k;
      for (int w : NormalizerTables.NUMBER_WORDS_BY_INITIAL[v.charAt(start + k) - 'a']) {
        String word = NormalizerTables.NUMBER_WORDS[w];
        int size = word.length();
        if (size <= max && best[k + size] != UNREACHABLE && best[k + size] + 1 < best[k]
            && v.startsWith(word, start + k)) {
          best[k] = best[k + size] + 1;
          choice[k] = w;
        }
      }
    }
    return best[0];
  }

  /** Whether the last decomposition (of a run of {@code length} letters) uses a strong word. */
  private boolean hasStrongWord(int length) {
    for (int k = 0; k < length; k += NormalizerTables.NUMBER_WORDS[choice[k]].length()) {
      if (choice[k] < NormalizerTables.FIRST_WEAK_WORD) {
        return true;
      }
    }
    return false;
  }

  private void emitUnit(NormalizedTextBuilder out, int u) {
    int i = unitStart[u];
    int end = unitEnd[u];
    while (i < end) {
      int cp = v.codePointAt(i);
      if (!NormalizerTables.isLetter(cp)) {
        int size = Character.charCount(cp);
        out.copy(i, i + size);
        i += size;
        continue;
      }
      int runEnd = i;
      while (runEnd < end && NormalizerTables.isLetter(v.codePointAt(runEnd))) {
        runEnd++; // letters of a convertible unit are ASCII
      }
      decompose(i, runEnd);
      for (int k = 0; k < runEnd - i; ) {
        int size = NormalizerTables.NUMBER_WORDS[choice[k]].length();
        out.append(NormalizerTables.NUMBER_DIGITS[choice[k]], i + k, i + k + size);
        k += size;
      }
      i = runEnd;
    }
  }
}
