package io.tripline.index;

import java.util.Arrays;

/**
 * An immutable set of fixed-width digests (MD5, SHA-256, hashed entities), each carrying the
 * position of its indicator, held in primitive arrays sorted by first word: no boxed keys, no
 * per-entry objects. A lookup hashes the first word into an open-addressing table (one or two
 * cache misses, where a binary search over millions would take twenty) that points at the run of
 * digests sharing that first word. Several positions may share a digest (the same file in two
 * feeds). Thread-safe.
 */
final class DigestSet {
  private static final int[] NONE = new int[0];

  private final int words;
  /** Digests sorted as unsigned big-endian numbers, {@code words} longs each. */
  private final long[] sorted;
  /** {@code positions[i]} is the indicator position of the {@code i}-th sorted digest. */
  private final int[] positions;
  /** The first word of each sorted digest. */
  private final long[] firstWords;
  /**
   * Open addressing, linear probing, at most half full: for each distinct first word, 1 + the
   * sorted index where its run starts; 0 is an empty slot.
   */
  private final int[] runStarts;
  private final int mask;

  private DigestSet(int words, long[] sorted, int[] positions) {
    this.words = words;
    this.sorted = sorted;
    this.positions = positions;
    int n = positions.length;
    this.firstWords = new long[n];
    for (int i = 0; i < n; i++) {
      firstWords[i] = sorted[i * words];
    }
    int capacity = Integer.highestOneBit(Math.max(2, n) * 2 - 1) << 1;
    this.runStarts = new int[capacity];
    this.mask = capacity - 1;
    for (int i = 0; i < n; i++) {
      if (i > 0 && firstWords[i] == firstWords[i - 1]) {
        continue;
      }
      int slot = slot(firstWords[i]);
      while (runStarts[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      runStarts[slot] = i + 1;
    }
  }

  private int slot(long first) {
    // Digests are already uniform, but a feed may carry non-random values: mix anyway.
    long h = first * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  /** Where the run of digests whose first word is {@code first} starts, or -1. */
  private int runStart(long first) {
    for (int slot = slot(first); runStarts[slot] != 0; slot = (slot + 1) & mask) {
      int start = runStarts[slot] - 1;
      if (firstWords[start] == first) {
        return start;
      }
    }
    return -1;
  }

  /**
   * A set of the {@code packed} digests ({@code words} longs each) with their positions.
   *
   * @throws IllegalArgumentException if the arrays do not agree in length
   */
  static DigestSet of(int words, long[] packed, int[] positions) {
    if (words <= 0 || packed.length != positions.length * words) {
      throw new IllegalArgumentException("expected " + positions.length + " digests of " + words + " words");
    }
    int n = positions.length;
    long[] keys = new long[n];
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      keys[i] = packed[i * words];
      order[i] = i;
    }
    // Sorted by the first word only: lookups then scan the (almost always single-entry) run of
    // equal first words and compare the rest, so no multi-word sort is needed.
    sort(keys, order, 0, n - 1);
    long[] sorted = new long[packed.length];
    int[] sortedPositions = new int[n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(packed, order[i] * words, sorted, i * words, words);
      sortedPositions[i] = positions[order[i]];
    }
    return new DigestSet(words, sorted, sortedPositions);
  }

  int size() {
    return positions.length;
  }

  /** The positions whose digest equals {@code digest}. */
  int[] lookup(long[] digest) {
    if (digest.length != words || positions.length == 0) {
      return NONE;
    }
    int start = runStart(digest[0]);
    if (start < 0) {
      return NONE;
    }
    int[] found = NONE;
    for (int i = start; i < positions.length && firstWords[i] == digest[0]; i++) {
      if (compare(sorted, i * words, digest, 0, words) == 0) {
        found = Arrays.copyOf(found, found.length + 1);
        found[found.length - 1] = positions[i];
      }
    }
    return found;
  }

  /**
   * Writes each digest into {@code out} at {@code position * words}, where {@code out} is long
   * enough for the largest position; returns {@code out}.
   */
  long[] scatter(long[] out) {
    for (int i = 0; i < positions.length; i++) {
      System.arraycopy(sorted, i * words, out, positions[i] * words, words);
    }
    return out;
  }

  /**
   * Copies the digest of {@code position} into {@code out}. A linear search of the positions, for
   * the rare lookup by indicator key, not for the upload path.
   *
   * @throws IllegalArgumentException if no digest has that position
   */
  void digest(int position, long[] out) {
    for (int i = 0; i < positions.length; i++) {
      if (positions[i] == position) {
        System.arraycopy(sorted, i * words, out, 0, words);
        return;
      }
    }
    throw new IllegalArgumentException("no digest at position " + position);
  }

  /** Bytes held by this set's arrays. */
  long bytesUsed() {
    return 8L * sorted.length + 4L * positions.length + 8L * firstWords.length + 4L * runStarts.length;
  }

  /** Quicksort of {@code keys} (unsigned) carrying {@code order} along; primitive, no boxing. */
  private static void sort(long[] keys, int[] order, int from, int to) {
    while (to - from > 16) {
      int mid = (from + to) >>> 1;
      // Median of three as the pivot, so sorted input does not go quadratic.
      if (Long.compareUnsigned(keys[mid], keys[from]) < 0) {
        swap(keys, order, mid, from);
      }
      if (Long.compareUnsigned(keys[to], keys[from]) < 0) {
        swap(keys, order, to, from);
      }
      if (Long.compareUnsigned(keys[to], keys[mid]) < 0) {
        swap(keys, order, to, mid);
      }
      long pivot = keys[mid];
      int i = from;
      int j = to;
      while (i <= j) {
        while (Long.compareUnsigned(keys[i], pivot) < 0) {
          i++;
        }
        while (Long.compareUnsigned(keys[j], pivot) > 0) {
          j--;
        }
        if (i <= j) {
          swap(keys, order, i++, j--);
        }
      }
      // Recurse into the smaller side, loop on the larger: stack depth stays logarithmic.
      if (j - from < to - i) {
        sort(keys, order, from, j);
        from = i;
      } else {
        sort(keys, order, i, to);
        to = j;
      }
    }
    for (int i = from + 1; i <= to; i++) {
      for (int j = i; j > from && Long.compareUnsigned(keys[j], keys[j - 1]) < 0; j--) {
        swap(keys, order, j, j - 1);
      }
    }
  }

  private static void swap(long[] keys, int[] order, int a, int b) {
    long k = keys[a];
    keys[a] = keys[b];
    keys[b] = k;
    int o = order[a];
    order[a] = order[b];
    order[b] = o;
  }

  private static int compare(long[] a, int aFrom, long[] b, int bFrom, int words) {
    for (int w = 0; w < words; w++) {
      int c = Long.compareUnsigned(a[aFrom + w], b[bFrom + w]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
