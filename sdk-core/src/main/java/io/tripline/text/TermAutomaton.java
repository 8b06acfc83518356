package io.tripline.text;

import java.util.Arrays;

/**
 * An Aho-Corasick automaton over a set of terms that honours word boundaries by construction.
 *
 * <p><b>Word starts as a symbol.</b> The scan feeds a virtual {@link TermAlphabet#BOUNDARY}
 * symbol before every word start of the text (a letter or digit whose previous code point is not
 * one, or the first one of the text), and every term is stored with the same symbol before each
 * of its word starts, its first char included. So a term that starts with a word char can only
 * match where the text has a word start, and a term inside a longer word never shows up, not even
 * as a failure-link candidate; a term that starts with a symbol or emoji has no leading boundary
 * and matches anywhere. Only the end boundary is checked when a hit is reported.
 *
 * <p><b>Layout.</b> States are numbered breadth first with each state's children in label order,
 * so the children of state {@code s} are the states {@code first[s] .. first[s + 1] - 1} and
 * their labels sit in {@code label[]} at the same indices: a transition is a short scan (binary
 * search for wide states) of a few adjacent chars, and no state is an object. Per state: {@code
 * first}, {@code fail}, {@code out} (the term ending here), {@code dict} (the nearest shorter
 * state on the failure chain where a term ends): four ints, plus a char label, 18 bytes. The
 * first states (the root, the word-start state under it and the short prefixes after it) also get
 * a dense row of complete transitions, failures resolved, so the hottest steps are one load.
 * Immutable and thread-safe.
 */
final class TermAutomaton {

  /** Ints spent on dense rows: as many states as fit, at least the root and the word start. */
  private static final int DENSE_BUDGET = 1 << 16;
  /** Up to this many children a state's labels are scanned, above it binary searched. */
  private static final int LINEAR_SCAN = 12;

  private final int[] ascii;
  private final int[][] pages;
  private final int width;
  private final int dense;
  private final int[] rows;
  private final int[] first;
  private final char[] label;
  private final int[] fail;
  private final int[] out;
  private final int[] dict;
  /** Per term: its length in chars {@code << 1}, low bit set if it ends with a word char. */
  private final int[] termInfo;
  private final long alphabetBytes;

  private TermAutomaton(TermAlphabet alphabet, int dense, int[] rows, int[] first, char[] label, int[] fail,
      int[] out, int[] dict, int[] termInfo) {
    this.ascii = alphabet.asciiTable();
    this.pages = alphabet.pageTable();
    this.width = alphabet.size();
    this.alphabetBytes = alphabet.bytesUsed();
    this.dense = dense;
    this.rows = rows;
    this.first = first;
    this.label = label;
    this.fail = fail;
    this.out = out;
    this.dict = dict;
    this.termInfo = termInfo;
  }

  /**
   * The automaton of {@code terms}: distinct, non-empty, well-formed UTF-16 strings. Term ids
   * are their indices.
   */
  static TermAutomaton build(String[] terms) {
    TermAlphabet alphabet = new TermAlphabet(terms);
    int m = terms.length;

    // 1. Every term as codes, boundaries inserted, all in one pool.
    int[] offset = new int[m + 1];
    int[] termInfo = new int[m];
    char[] pool = new char[16];
    char[] chars = new char[16];
    int used = 0;
    for (int t = 0; t < m; t++) {
      String term = terms[t];
      int length = term.length();
      if (chars.length < length) {
        chars = new char[Math.max(length, 2 * chars.length)];
      }
      term.getChars(0, length, chars, 0);
      // At most one boundary per char.
      if (pool.length - used < 2 * length) {
        pool = Arrays.copyOf(pool, Math.max(used + 2 * length, (int) Math.min(Integer.MAX_VALUE - 8, 1.5 * pool.length)));
      }
      used = encode(chars, length, alphabet, pool, used);
      offset[t + 1] = used;
      termInfo[t] = (length << 1) | (TermAlphabet.isWord(term.codePointBefore(length)) ? 1 : 0);
    }

    // 2. Terms in lexicographic order of their codes: prefixes group together, children sorted.
    // The pool is then copied in that order, so the passes below read it front to back.
    int[] sorted = TermSort.sort(pool, offset);
    char[] sortedPool = new char[offset[m]];
    int[] sortedOffset = new int[m + 1];
    for (int k = 0; k < m; k++) {
      int t = sorted[k];
      int length = offset[t + 1] - offset[t];
      System.arraycopy(pool, offset[t], sortedPool, sortedOffset[k], length);
      sortedOffset[k + 1] = sortedOffset[k] + length;
    }
    pool = sortedPool;
    offset = sortedOffset;

    // 3. States: one per distinct prefix, which sorted order counts through common prefixes.
    long states = 1;
    for (int k = 0; k < m; k++) {
      int length = offset[k + 1] - offset[k];
      states += k == 0 ? length : length - commonPrefix(pool, offset, k - 1, k);
    }
    if (states >= Integer.MAX_VALUE - 1) {
      throw new IllegalArgumentException("too many terms: " + states + " automaton states");
    }
    int n = (int) states;
    char[] label = new char[n];
    int[] out = new int[n];
    Arrays.fill(out, -1);
    int[] first = new int[n + 1];
    buildTrie(pool, offset, sorted, label, out, first);

    // 4. Failure links and dense rows, breadth first (a failure target is always shallower).
    int width = alphabet.size();
    int dense = Math.min(n, Math.max(2, DENSE_BUDGET / width));
    int[] rows = new int[dense * width];
    int[] fail = new int[n];
    int[] dict = new int[n];
    Arrays.fill(dict, -1);
    TermAutomaton automaton =
        new TermAutomaton(alphabet, dense, rows, first, label, fail, out, dict, termInfo);
    for (int p = 0; p < n; p++) {
      if (p < dense) {
        int row = p * width;
        if (p != 0) {
          System.arraycopy(rows, fail[p] * width, rows, row, width);
        }
        for (int c = first[p]; c < first[p + 1]; c++) {
          rows[row + label[c]] = c;
        }
      }
      for (int c = first[p]; c < first[p + 1]; c++) {
        int f = p == 0 ? 0 : automaton.step(fail[p], label[c]);
        fail[c] = f;
        dict[c] = out[f] >= 0 ? f : dict[f];
      }
    }
    return automaton;
  }

  /**
   * Creates the states of the trie: labels, the term ending at each, first-child indices. The
   * code strings are {@code pool[offset[k] .. offset[k + 1])} in sorted order, string {@code k}
   * being term {@code sorted[k]}.
   */
  private static void buildTrie(char[] pool, int[] offset, int[] sorted, char[] label, int[] out, int[] first) {
    int m = sorted.length;
    int[] active = new int[m];
    for (int k = 0; k < m; k++) {
      active[k] = k;
    }
    int[] node = new int[m];
    int[] childCount = first;
    int next = 1;
    int count = m;
    // Depth by depth: the strings still longer than depth, in sorted order, so the states of one
    // depth are numbered by (parent, label), which is breadth-first order with sorted children.
    for (int depth = 0; count > 0; depth++) {
      int previousParent = -1;
      int previousCode = -1;
      int kept = 0;
      for (int i = 0; i < count; i++) {
        int k = active[i];
        int parent = node[k];
        int at = offset[k] + depth;
        int code = pool[at];
        if (parent != previousParent || code != previousCode) {
          label[next] = (char) code;
          childCount[parent]++;
          next++;
          previousParent = parent;
          previousCode = code;
        }
        node[k] = next - 1;
        if (at + 1 == offset[k + 1]) {
          out[next - 1] = sorted[k];
        } else {
          active[kept++] = k;
        }
      }
      count = kept;
    }
    // Child counts to first-child indices: the root's children start at 1.
    int start = 1;
    for (int s = 0; s < first.length - 1; s++) {
      int children = first[s];
      first[s] = start;
      start += children;
    }
    first[first.length - 1] = start;
  }

  private static int commonPrefix(char[] pool, int[] offset, int a, int b) {
    int i = offset[a];
    int j = offset[b];
    int length = Math.min(offset[a + 1] - i, offset[b + 1] - j);
    int k = 0;
    while (k < length && pool[i + k] == pool[j + k]) {
      k++;
    }
    return k;
  }

  /** Writes the codes of {@code chars[0, length)} at {@code pool[at]}; returns where they end. */
  private static int encode(char[] chars, int length, TermAlphabet alphabet, char[] pool, int at) {
    boolean previousWord = false;
    for (int i = 0; i < length; i++) {
      char c = chars[i];
      boolean pair = Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(chars[i + 1]);
      boolean word = pair ? Character.isLetterOrDigit(Character.toCodePoint(c, chars[i + 1])) : TermAlphabet.isWordBmp(c);
      if (word && !previousWord) {
        pool[at++] = (char) TermAlphabet.BOUNDARY;
      }
      previousWord = word;
      pool[at++] = (char) alphabet.code(c);
      if (pair) {
        pool[at++] = (char) alphabet.code(chars[++i]);
      }
    }
    return at;
  }

  /** The state after reading {@code code} in state {@code s}, failures followed. */
  private int step(int s, int code) {
    int[] first = this.first;
    char[] label = this.label;
    while (s >= dense) {
      int lo = first[s];
      int hi = first[s + 1];
      if (hi - lo <= LINEAR_SCAN) {
        for (int c = lo; c < hi; c++) {
          int l = label[c];
          if (l >= code) {
            if (l == code) {
              return c;
            }
            break;
          }
        }
      } else {
        hi--;
        while (lo <= hi) {
          int mid = (lo + hi) >>> 1;
          int l = label[mid];
          if (l < code) {
            lo = mid + 1;
          } else if (l > code) {
            hi = mid - 1;
          } else {
            return mid;
          }
        }
      }
      s = fail[s];
    }
    return rows[s * width + code];
  }

  /**
   * Adds every occurrence of every term in {@code text} to {@code hits}, by end position, and at
   * one end longest first.
   */
  void scan(String text, TermHits hits) {
    int n = text.length();
    int[] ascii = this.ascii;
    int[] out = this.out;
    int[] dict = this.dict;
    int s = 0;
    boolean previousWord = false;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      int code;
      boolean word;
      if (c < 0x80) {
        int entry = ascii[c];
        code = entry >>> 1;
        word = (entry & 1) != 0;
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
        // A pair: one code point, two steps; no term ends between its halves.
        char low = text.charAt(i + 1);
        word = Character.isLetterOrDigit(Character.toCodePoint(c, low));
        if (word && !previousWord) {
          s = step(s, TermAlphabet.BOUNDARY);
        }
        previousWord = word;
        code = pages[c >>> 8][c & 0xFF];
        s = code == TermAlphabet.NONE ? 0 : step(s, code);
        i++;
        code = pages[low >>> 8][low & 0xFF];
        s = code == TermAlphabet.NONE ? 0 : step(s, code);
        if ((out[s] & dict[s]) >= 0) {
          report(text, s, i + 1, hits);
        }
        continue;
      } else {
        code = pages[c >>> 8][c & 0xFF];
        word = TermAlphabet.isWordBmp(c);
      }
      if (word && !previousWord) {
        s = step(s, TermAlphabet.BOUNDARY);
      }
      previousWord = word;
      if (code == TermAlphabet.NONE) {
        s = 0;
        continue;
      }
      s = step(s, code);
      // Either is >= 0 iff their AND is: one test for "a term ends here or on the chain".
      if ((out[s] & dict[s]) >= 0) {
        report(text, s, i + 1, hits);
      }
    }
  }

  private void report(String text, int s, int end, TermHits hits) {
    int n = text.length();
    boolean wordAfter = end < n && isWordAt(text, end);
    for (int t = out[s] >= 0 ? s : dict[s]; t >= 0; t = dict[t]) {
      int term = out[t];
      int info = termInfo[term];
      if ((info & 1) != 0 && wordAfter) {
        continue;
      }
      hits.add(end - (info >>> 1), end, term);
    }
  }

  private boolean isWordAt(String text, int i) {
    char c = text.charAt(i);
    return c < 0x80 ? (ascii[c] & 1) != 0 : TermAlphabet.isWordAt(text, i);
  }

  /** The number of states, the root included. */
  int states() {
    return fail.length;
  }

  /** The bytes this automaton's arrays take (array headers of 16 bytes, no JVM padding). */
  long bytesUsed() {
    long n = fail.length;
    return alphabetBytes
        + 16 + 4L * rows.length
        + 16 + 4L * (n + 1)
        + 16 + 2L * n
        + 3 * (16 + 4L * n)
        + 16 + 4L * termInfo.length;
  }
}
