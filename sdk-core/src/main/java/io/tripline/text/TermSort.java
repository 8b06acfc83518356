package io.tripline.text;

/**
 * Sorts code strings stored back to back in one char array: three-way radix quicksort
 * (Bentley and Sedgewick, "Fast algorithms for sorting and searching strings"), which compares
 * each shared prefix char about once per partition level instead of once per comparison, and
 * needs no object per string.
 */
final class TermSort {

  private static final int INSERTION = 12;

  private final char[] pool;
  private final int[] offset;
  private final int[] order;

  private TermSort(char[] pool, int[] offset) {
    this.pool = pool;
    this.offset = offset;
    this.order = new int[offset.length - 1];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
  }

  /**
   * The indices of the strings {@code pool[offset[i] .. offset[i + 1])}, in lexicographic order
   * (a prefix before its extensions).
   */
  static int[] sort(char[] pool, int[] offset) {
    TermSort sort = new TermSort(pool, offset);
    sort.sort(0, sort.order.length, 0);
    return sort.order;
  }

  /** The char of string {@code s} at {@code depth}, or -1 past its end. */
  private int at(int s, int depth) {
    int i = offset[s] + depth;
    return i < offset[s + 1] ? pool[i] : -1;
  }

  private void sort(int lo, int hi, int depth) {
    while (hi - lo > 1) {
      if (hi - lo <= INSERTION) {
        insertion(lo, hi, depth);
        return;
      }
      int pivot = medianOfThree(at(order[lo], depth), at(order[(lo + hi) >>> 1], depth), at(order[hi - 1], depth));
      int lt = lo;
      int gt = hi - 1;
      int i = lo;
      while (i <= gt) {
        int key = at(order[i], depth);
        if (key < pivot) {
          swap(lt++, i++);
        } else if (key > pivot) {
          swap(i, gt--);
        } else {
          i++;
        }
      }
      sort(lo, lt, depth);
      sort(gt + 1, hi, depth);
      if (pivot < 0) {
        return; // strings that all ended here are equal
      }
      // The middle shares one more char: go on with the next one, without recursing.
      lo = lt;
      hi = gt + 1;
      depth++;
    }
  }

  private void insertion(int lo, int hi, int depth) {
    for (int i = lo + 1; i < hi; i++) {
      int s = order[i];
      int j = i;
      while (j > lo && compare(order[j - 1], s, depth) > 0) {
        order[j] = order[j - 1];
        j--;
      }
      order[j] = s;
    }
  }

  private int compare(int a, int b, int depth) {
    int i = offset[a] + depth;
    int j = offset[b] + depth;
    int endA = offset[a + 1];
    int endB = offset[b + 1];
    while (i < endA && j < endB) {
      int d = pool[i] - pool[j];
      if (d != 0) {
        return d;
      }
      i++;
      j++;
    }
    return (endA - i) - (endB - j);
  }

  private static int medianOfThree(int a, int b, int c) {
    return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }

  private void swap(int i, int j) {
    int t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
}
