package io.tripline.text;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;

/**
 * Derives the confusables view from the canonical one: each code point is replaced by its UTS #39
 * skeleton (раураl is paypal), case folded and without diacritics, i and l are one letter, and the
 * leetspeak digits and symbols inside words become the letters they stand for.
 */
final class NormalizerConfusables {

  private static final SpoofChecker SPOOF = new SpoofChecker.Builder().build();
  private static final Normalizer2 NFD = Normalizer2.getNFDInstance();

  /** Skeletons of ASCII chars: letters follow UTS #39 (m is rn); the rest are left alone. */
  private static final String[] ASCII = new String[0x80];

  /** The one-char skeletons of ASCII chars, or 0 where the skeleton is longer (m). */
  private static final char[] ASCII_CHAR = new char[0x80];

  /** Skeletons of BMP chars, computed on first use; racy but each write stores an equal string. */
  private static final String[] BMP = new String[0x10000];

  static {
    for (int c = 0; c < 0x80; c++) {
      ASCII[c] = c >= 'a' && c <= 'z' ? computeSkeleton(c) : String.valueOf((char) c);
      ASCII_CHAR[c] = ASCII[c].length() == 1 ? ASCII[c].charAt(0) : 0;
    }
  }

  private NormalizerConfusables() {}

  static NormalizedText derive(NormalizedText canonical) {
    String v = canonical.view();
    int n = v.length();
    NormalizedTextBuilder out = new NormalizedTextBuilder(canonical);
    int i = 0;
    while (i < n) {
      int cp = v.codePointAt(i);
      if (!isTokenChar(cp)) {
        appendSkeleton(out, cp, i);
        i += Character.charCount(cp);
        continue;
      }
      // A token: letters, digits and leetspeak symbols. Leetspeak counts only in tokens with a
      // letter ("h0t", not "420"), symbols only between letters or digits ("ca$h", not "cash!").
      int end = i;
      boolean hasLetter = false;
      int firstAlnum = -1;
      int lastAlnum = -1;
      while (end < n) {
        int c = v.codePointAt(end);
        if (!isTokenChar(c)) {
          break;
        }
        if (NormalizerTables.isLetter(c)) {
          hasLetter = true;
        }
        if (NormalizerTables.isLetterOrDigit(c)) {
          if (firstAlnum < 0) {
            firstAlnum = end;
          }
          lastAlnum = end;
        }
        end += Character.charCount(c);
      }
      for (int k = i; k < end; ) {
        int c = v.codePointAt(k);
        char leet = hasLetter ? NormalizerTables.leetLetter(c) : 0;
        if (leet != 0 && NormalizerTables.isLeetSymbol(c) && (k < firstAlnum || k > lastAlnum)) {
          leet = 0;
        }
        if (leet != 0) {
          out.append(leet, k, k + 1);
        } else {
          appendSkeleton(out, c, k);
        }
        k += Character.charCount(c);
      }
      i = end;
    }
    return out.build();
  }

  private static boolean isTokenChar(int cp) {
    return NormalizerTables.isLetterOrDigit(cp) || NormalizerTables.isLeetSymbol(cp);
  }

  private static void appendSkeleton(NormalizedTextBuilder out, int cp, int at) {
    if (cp < 0x80 && ASCII_CHAR[cp] != 0) {
      out.append(ASCII_CHAR[cp], at, at + 1);
      return;
    }
    out.append(skeleton(cp), at, at + Character.charCount(cp));
  }

  static String skeleton(int cp) {
    if (cp < 0x80) {
      return ASCII[cp];
    }
    if (cp > 0xFFFF) {
      return computeSkeleton(cp);
    }
    String s = BMP[cp];
    if (s == null) {
      s = computeSkeleton(cp);
      BMP[cp] = s;
    }
    return s;
  }

  private static String computeSkeleton(int cp) {
    String skeleton = UCharacter.foldCase(SPOOF.getSkeleton(UCharacter.toString(cp)), true);
    String decomposed = NFD.normalize(skeleton);
    StringBuilder sb = new StringBuilder(decomposed.length());
    for (int k = 0; k < decomposed.length(); ) {
      int c = decomposed.codePointAt(k);
      if (!NormalizerTables.isStrippedMark(c)) {
        sb.appendCodePoint(c == 'i' ? 'l' : c);
      }
      k += Character.charCount(c);
    }
    // A char whose skeleton is only marks keeps itself rather than vanish.
    return sb.length() == 0 ? UCharacter.toString(cp) : sb.toString();
  }
}
