package io.tripline.text;

import java.util.Arrays;

/**
 * Maps chars to the small codes that label {@link TermAutomaton} edges, and tells word chars
 * (letters and digits) from the rest.
 *
 * <p>Code {@link #NONE} stands for every char that occurs in no term, {@link #BOUNDARY} for the
 * virtual word-start symbol; the chars of the terms get codes from 2 up, the most frequent first,
 * so the automaton's dense rows stay short. Immutable.
 */
final class TermAlphabet {

  /** The code of a char that occurs in no term: the automaton goes back to its root. */
  static final int NONE = 0;
  /** The code of the virtual symbol that precedes every word start. */
  static final int BOUNDARY = 1;
  /** The most codes there can be: labels are stored as chars. */
  static final int MAX_SIZE = Character.MAX_VALUE + 1;

  /** One bit per BMP char: letter or digit. Surrogates are not: their pair decides. */
  private static final long[] BMP_WORD = new long[MAX_SIZE >>> 6];
  private static final int[] EMPTY_PAGE = new int[256];

  static {
    for (int c = 0; c < MAX_SIZE; c++) {
      if (Character.isLetterOrDigit(c)) {
        BMP_WORD[c >>> 6] |= 1L << c;
      }
    }
  }

  /** For ASCII chars: {@code code << 1 | word}, the one lookup the common case needs. */
  private final int[] ascii = new int[128];
  /** Codes of all chars by high byte; pages without term chars share {@link #EMPTY_PAGE}. */
  private final int[][] pages = new int[256][];
  private final int size;

  /** The alphabet of {@code terms}' chars. */
  TermAlphabet(String[] terms) {
    int[] counts = new int[MAX_SIZE];
    for (String term : terms) {
      for (int i = 0; i < term.length(); i++) {
        counts[term.charAt(i)]++;
      }
    }
    int distinct = 0;
    for (int count : counts) {
      if (count > 0) {
        distinct++;
      }
    }
    if (distinct + 2 > MAX_SIZE) {
      throw new IllegalArgumentException("the terms use " + distinct + " distinct chars, more than "
          + (MAX_SIZE - 2));
    }
    // Sort chars by descending count: pack (count, char) into longs, sort, read back.
    long[] order = new long[distinct];
    int k = 0;
    for (int c = 0; c < MAX_SIZE; c++) {
      if (counts[c] > 0) {
        order[k++] = ((long) (Integer.MAX_VALUE - counts[c]) << 16) | c;
      }
    }
    Arrays.sort(order);
    Arrays.fill(pages, EMPTY_PAGE);
    for (int i = 0; i < distinct; i++) {
      char c = (char) order[i];
      int page = c >>> 8;
      if (pages[page] == EMPTY_PAGE) {
        pages[page] = new int[256];
      }
      pages[page][c & 0xFF] = i + 2;
    }
    for (int c = 0; c < 128; c++) {
      ascii[c] = (pages[0][c] << 1) | (isWordBmp((char) c) ? 1 : 0);
    }
    this.size = distinct + 2;
  }

  /** The number of codes, {@link #NONE} and {@link #BOUNDARY} included. */
  int size() {
    return size;
  }

  /** The code of {@code c}, {@link #NONE} if no term has it. */
  int code(char c) {
    return pages[c >>> 8][c & 0xFF];
  }

  /** Per ASCII char: {@code code << 1 | (word char ? 1 : 0)}; the scan reads it directly. */
  int[] asciiTable() {
    return ascii;
  }

  /** Codes by high byte, then low byte; the scan reads it directly. */
  int[][] pageTable() {
    return pages;
  }

  /** Whether {@code c} is a letter or digit; surrogates are not. */
  static boolean isWordBmp(char c) {
    return (BMP_WORD[c >>> 6] & (1L << c)) != 0;
  }

  /** Whether the code point is a letter or digit, the chars that words are made of. */
  static boolean isWord(int codePoint) {
    return codePoint <= Character.MAX_VALUE ? isWordBmp((char) codePoint) : Character.isLetterOrDigit(codePoint);
  }

  /** Whether the code point starting (or the lone surrogate) at {@code i} is a word char. */
  static boolean isWordAt(CharSequence text, int i) {
    return isWord(Character.codePointAt(text, i));
  }

  /** The number of bytes the tables of this alphabet take, roughly. */
  long bytesUsed() {
    long bytes = 16 + 128 * 4 + 16 + 256 * 4;
    for (int[] page : pages) {
      if (page != EMPTY_PAGE) {
        bytes += 16 + 256 * 4;
      }
    }
    return bytes;
  }
}
