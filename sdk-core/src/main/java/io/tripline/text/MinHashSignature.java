package io.tripline.text;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A MinHash signature of an ad text: {@value #SIZE} numbers from which the Jaccard similarity of
 * two texts' word-shingle sets can be estimated, so near-copies of a template ad (another phone
 * number, a few words changed, different spacing, case, emoji or invisible characters) are found
 * without comparing the texts themselves. See {@link TemplateIndex} to look a signature up among
 * many.
 *
 * <p><b>Privacy.</b> Only signatures need to leave a platform, never the ad text. A signature
 * holds 128 minima of 32-bit hashes of the text's word pairs: the words are not in it and it
 * cannot be turned back into the text. What it does allow, by design, is checking whether a text
 * one already has is similar; so a very short text built from a small known vocabulary could be
 * confirmed by trying candidates.
 *
 * <p><b>Format {@code mh1}</b> (fixed: feeds carry signatures, so any change here needs a new
 * version prefix; the constants are in this class):
 *
 * <ol>
 *   <li>Input is the normalised view, {@code TextNormalizer.normalize(text).view()} (NFKC, lower
 *       case, invisible characters removed); {@link #fromText(String)} does that step.
 *   <li>Words are maximal runs of letters, digits and combining marks; everything else (spaces,
 *       punctuation, emoji, symbols) only separates words. Each ideograph, hiragana and katakana is
 *       a word on its own (those scripts do not put spaces between words). ASCII {@code A-Z} are
 *       lower-cased in case a raw text is passed.
 *   <li>Every digit counts as {@code 0}: templates are re-posted with other phone numbers, prices,
 *       ages and dates, and those must not make a copy look different.
 *   <li>Each word is hashed with 64-bit FNV-1a over its UTF-16 chars followed by the SplitMix64
 *       finaliser {@code mix64}; each pair of consecutive words {@code (w0, w1)} (a shingle) is
 *       hashed as {@code s = mix64(w0 * K + w1)}, {@code K = 0x9E3779B97F4A7C15}. Pairs, not the
 *       usual triples: on synthetic ads of one genre, three replaced words left a copy at a
 *       Jaccard of at least 0.83 with pairs (0.76 with triples) while unrelated ads stayed at most
 *       0.25 (0.20), and unrelated prose at most 0.29.
 *   <li>One-permutation hashing: the top 7 bits of {@code s} pick one of 128 bins, and each bin
 *       keeps the least low 32 bits ({@code (int) s}, signed) of its shingles. One hash per
 *       shingle instead of 128 keeps a 2 KB ad at a few microseconds.
 *   <li>Optimal densification (Shrivastava, ICML 2017): an empty bin {@code i} takes the value of
 *       the first filled bin among {@code mix64(0x54726970_6C696E65 ^ (i << 32 | t)) >>> 57},
 *       {@code t = 0, 1, ...}.
 * </ol>
 *
 * <p>Texts with fewer than {@value #MIN_WORDS} words give no signature ({@link Optional#empty()}):
 * below that one edited word can take a copy under 0.5, and the generic short lines of ads ("new in
 * town, call me now") would match unrelated ads. The letter and digit classes are Java 17's
 * (Unicode 13); code points assigned later may shingle differently on a newer JVM.
 *
 * <p>Instances are immutable and thread-safe. Computing one is linear in the text length and
 * allocates only the signature.
 */
public final class MinHashSignature {

  /** The number of hash values in a signature. */
  public static final int SIZE = 128;

  /** The fewest words a text must have to get a signature. */
  public static final int MIN_WORDS = 8;

  /** The words per shingle. */
  public static final int SHINGLE_WORDS = 2;

  /** The version prefix of {@link #toHex()}, including the colon. */
  public static final String HEX_PREFIX = "mh1:";

  private static final long K = 0x9E3779B97F4A7C15L;
  private static final long FNV_OFFSET = 0xCBF29CE484222325L;
  private static final long FNV_PRIME = 0x100000001B3L;
  private static final int HEX_LENGTH = HEX_PREFIX.length() + SIZE * 8;
  private static final long DENSIFY_SEED = 0x54726970_6C696E65L; // "Tripline"

  private final int[] values;

  private MinHashSignature(int[] values) {
    this.values = values;
  }

  /**
   * The signature of a raw text: {@link #fromView} of {@code TextNormalizer.normalize(text).view()}.
   *
   * @throws NullPointerException if text is null
   */
  public static Optional<MinHashSignature> fromText(String text) {
    return fromView(TextNormalizer.normalize(text).view());
  }

  /**
   * The signature of a normalised view ({@code TextNormalizer.normalize(text).view()}), or empty if
   * it has fewer than {@value #MIN_WORDS} words.
   *
   * @throws NullPointerException if view is null
   */
  public static Optional<MinHashSignature> fromView(String view) {
    Objects.requireNonNull(view, "view");
    int[] min = new int[SIZE];
    Arrays.fill(min, Integer.MAX_VALUE);
    long filledLow = 0; // bins 0-63 that a shingle fell into
    long filledHigh = 0; // bins 64-127
    long last = 0;
    int words = 0;
    int length = view.length();
    int i = 0;
    while (i < length) {
      // Find the next word: [start, i) after this block, hashed as it goes.
      long h = FNV_OFFSET;
      boolean inWord = false;
      while (i < length) {
        char c = view.charAt(i);
        int kind;
        int folded;
        int step = 1;
        if (c < 0x80) {
          if (c >= 'a' && c <= 'z') {
            kind = WORD;
            folded = c;
          } else if (c >= '0' && c <= '9') {
            kind = WORD;
            folded = '0';
          } else if (c >= 'A' && c <= 'Z') {
            kind = WORD;
            folded = c + ('a' - 'A');
          } else {
            kind = SEPARATOR;
            folded = 0;
          }
        } else {
          int cp = view.codePointAt(i);
          step = Character.charCount(cp);
          kind = kind(cp);
          folded = kind == DIGIT ? '0' : cp;
          if (kind == DIGIT) {
            kind = WORD;
          }
          if (kind == SINGLE) {
            if (inWord) {
              break; // end the current word first; the ideograph is read again on its own
            }
            h = fnv(h, folded);
            i += step;
            inWord = true;
            break;
          }
        }
        if (kind == SEPARATOR) {
          i += step;
          if (inWord) {
            break;
          }
          continue;
        }
        h = fnv(h, folded);
        inWord = true;
        i += step;
      }
      if (!inWord) {
        break;
      }
      long word = mix64(h);
      words++;
      if (words >= SHINGLE_WORDS) {
        long shingle = mix64(last * K + word);
        int bin = (int) (shingle >>> 57);
        int value = (int) shingle;
        if (value < min[bin]) {
          min[bin] = value;
        }
        if (bin < 64) {
          filledLow |= 1L << bin;
        } else {
          filledHigh |= 1L << bin;
        }
      }
      last = word;
    }
    if (words < MIN_WORDS) {
      return Optional.empty();
    }
    densify(min, filledLow, filledHigh);
    return Optional.of(new MinHashSignature(min));
  }

  /**
   * Fills each empty bin with the value of the first filled bin on its own fixed probe sequence
   * (optimal densification): two texts with the same bins empty borrow alike, which keeps the
   * estimate unbiased.
   */
  private static void densify(int[] min, long filledLow, long filledHigh) {
    if ((filledLow & filledHigh) == -1L) {
      return;
    }
    for (int bin = 0; bin < SIZE; bin++) {
      if (filled(bin, filledLow, filledHigh)) {
        continue;
      }
      for (long attempt = 0; ; attempt++) {
        int from = (int) (mix64(DENSIFY_SEED ^ ((long) bin << 32 | attempt)) >>> 57);
        if (filled(from, filledLow, filledHigh)) {
          min[bin] = min[from];
          break;
        }
      }
    }
  }

  private static boolean filled(int bin, long filledLow, long filledHigh) {
    return ((bin < 64 ? filledLow : filledHigh) & (1L << bin)) != 0;
  }

  private static final int SEPARATOR = 0;
  private static final int WORD = 1;
  private static final int DIGIT = 2;
  /** A char that is a word on its own (ideographs, kana). */
  private static final int SINGLE = 3;

  private static int kind(int cp) {
    if (Character.isDigit(cp)) {
      return DIGIT;
    }
    if (Character.isIdeographic(cp)) {
      return SINGLE;
    }
    Character.UnicodeScript script = Character.UnicodeScript.of(cp);
    if (script == Character.UnicodeScript.HIRAGANA || script == Character.UnicodeScript.KATAKANA) {
      return Character.isLetter(cp) ? SINGLE : SEPARATOR;
    }
    if (Character.isLetterOrDigit(cp) || TextNormalizer.isCombiningMark(cp)) {
      return WORD;
    }
    return SEPARATOR;
  }

  private static long fnv(long h, int cp) {
    if (cp < 0x10000) {
      return (h ^ cp) * FNV_PRIME;
    }
    h = (h ^ Character.highSurrogate(cp)) * FNV_PRIME;
    return (h ^ Character.lowSurrogate(cp)) * FNV_PRIME;
  }

  /** The SplitMix64 finaliser. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * The estimated Jaccard similarity of the two texts' shingle sets: the fraction of the {@value
   * #SIZE} values that are equal. Its standard deviation is about {@code sqrt(J (1 - J) / 128)}: at most
   * 0.044 (at J = 0.5), 0.041 at J = 0.7.
   *
   * @throws NullPointerException if other is null
   */
  public double similarity(MinHashSignature other) {
    int[] a = values;
    int[] b = other.values;
    int equal = 0;
    for (int k = 0; k < SIZE; k++) {
      if (a[k] == b[k]) {
        equal++;
      }
    }
    return equal / (double) SIZE;
  }

  /** Value {@code i} (0 to {@value #SIZE} - 1). */
  int value(int i) {
    return values[i];
  }

  /**
   * This signature as {@code "mh1:"} followed by the {@value #SIZE} values as 8 lower-case hex
   * digits each, big-endian: 1,028 chars. The format of signatures in feeds.
   */
  public String toHex() {
    char[] out = new char[HEX_LENGTH];
    HEX_PREFIX.getChars(0, HEX_PREFIX.length(), out, 0);
    int at = HEX_PREFIX.length();
    for (int v : values) {
      for (int shift = 28; shift >= 0; shift -= 4) {
        out[at++] = DIGITS[(v >>> shift) & 0xF];
      }
    }
    return new String(out);
  }

  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  /**
   * Reads a signature written by {@link #toHex()}. Hex digits may be upper or lower case.
   *
   * @throws NullPointerException if hex is null
   * @throws IllegalArgumentException if hex does not start with {@code mh1:} (another version or
   *     not a signature), has not exactly {@value #SIZE} x 8 hex digits after it, or has a char that
   *     is not a hex digit
   */
  public static MinHashSignature parseHex(String hex) {
    Objects.requireNonNull(hex, "hex");
    if (!hex.startsWith(HEX_PREFIX)) {
      int colon = hex.indexOf(':');
      if (colon > 0 && colon <= 8) {
        throw new IllegalArgumentException("unsupported MinHash signature version '"
            + hex.substring(0, colon) + "': this version of Tripline reads " + HEX_PREFIX);
      }
      throw new IllegalArgumentException("not a MinHash signature: expected '" + HEX_PREFIX
          + "' followed by " + SIZE * 8 + " hex digits, got " + describe(hex));
    }
    if (hex.length() != HEX_LENGTH) {
      throw new IllegalArgumentException("malformed MinHash signature: expected " + SIZE * 8
          + " hex digits after '" + HEX_PREFIX + "', got " + (hex.length() - HEX_PREFIX.length()));
    }
    int[] values = new int[SIZE];
    int at = HEX_PREFIX.length();
    for (int k = 0; k < SIZE; k++) {
      int v = 0;
      for (int d = 0; d < 8; d++, at++) {
        int digit = Character.digit(hex.charAt(at), 16);
        if (digit < 0 || hex.charAt(at) > 'f') {
          throw new IllegalArgumentException("malformed MinHash signature: '" + hex.charAt(at)
              + "' at index " + at + " is not a hex digit");
        }
        v = (v << 4) | digit;
      }
      values[k] = v;
    }
    return new MinHashSignature(values);
  }

  private static String describe(String s) {
    return s.length() <= 16 ? "'" + s + "'" : "'" + s.substring(0, 16) + "...' (" + s.length() + " chars)";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MinHashSignature other && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  /** The first values only; use {@link #toHex()} for the whole signature. */
  @Override
  public String toString() {
    return "MinHashSignature[" + toHex().substring(0, HEX_PREFIX.length() + 16) + "...]";
  }
}
