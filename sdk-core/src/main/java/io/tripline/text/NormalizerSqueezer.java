package io.tripline.text;


/**
 * Derives the squeezed view from the canonical one: a run of at least {@value #MIN_RUN} single
 * letters or digits, each separated from the next by one separator char (or by one separator
 * between two spaces), becomes one word: "c a s h a p p", "c.a.s.h" and "c - a - s - h" read
 * "cashapp", "cash" and "cash". All other text is left as it is.
 */
final class NormalizerSqueezer {

  /** Fewer single chars in a row are ordinary text ("a b", "i.e."). */
  static final int MIN_RUN = 3;

  private NormalizerSqueezer() {}

  static NormalizedText derive(NormalizedText canonical) {
    String v = canonical.view();
    int n = v.length();
    NormalizedTextBuilder out = null;
    int copied = 0;
    int i = 0;
    while (i < n) {
      if (!isSingleAt(v, i)) {
        i++;
        continue;
      }
      // Count the run first so that short runs cost nothing.
      int count = 1;
      int last = i;
      int next;
      while ((next = nextSingle(v, last)) >= 0) {
        count++;
        last = next;
      }
      int runEnd = last + Character.charCount(v.codePointAt(last));
      if (count >= MIN_RUN) {
        if (out == null) {
          out = new NormalizedTextBuilder(canonical);
        }
        out.copy(copied, i);
        int at = i;
        while (true) {
          int single = Character.charCount(v.codePointAt(at));
          out.copy(at, at + single);
          if (at == last) {
            break;
          }
          at = nextSingle(v, at);
        }
        copied = runEnd;
      }
      i = runEnd;
    }
    if (out == null) {
      return canonical;
    }
    out.copy(copied, n);
    return out.build();
  }

  /** Where the single char after the one at {@code at} starts, or -1 if the run ends there. */
  private static int nextSingle(String v, int at) {
    int j = at + Character.charCount(v.codePointAt(at));
    int n = v.length();
    if (j + 1 < n && NormalizerTables.isSpacingSeparator(v.charAt(j)) && isSingleAt(v, j + 1)) {
      return j + 1;
    }
    if (j + 3 < n && v.charAt(j) == ' ' && v.charAt(j + 1) != ' '
        && NormalizerTables.isSpacingSeparator(v.charAt(j + 1)) && v.charAt(j + 2) == ' ' && isSingleAt(v, j + 3)) {
      return j + 3;
    }
    return -1;
  }

  /** Whether a letter or digit that has no letter or digit on either side starts at {@code at}. */
  private static boolean isSingleAt(String v, int at) {
    int cp = v.codePointAt(at);
    if (!NormalizerTables.isLetterOrDigit(cp)) {
      return false;
    }
    if (at > 0 && NormalizerTables.isLetterOrDigit(v.codePointBefore(at))) {
      return false;
    }
    int after = at + Character.charCount(cp);
    return after == v.length() || !NormalizerTables.isLetterOrDigit(v.codePointAt(after));
  }
}
