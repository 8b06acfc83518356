package io.tripline.text;

import java.util.Arrays;

/** Hits found by a {@link TermAutomaton} scan, as (start, end, term id) triples in one array. */
final class TermHits {

  private static final int[] EMPTY = new int[0];

  private int[] data = EMPTY;
  private int size;

  void add(int start, int end, int term) {
    if (3 * size + 3 > data.length) {
      data = Arrays.copyOf(data, Math.max(3 * 8, data.length * 2));
    }
    int i = 3 * size++;
    data[i] = start;
    data[i + 1] = end;
    data[i + 2] = term;
  }

  int size() {
    return size;
  }

  int start(int hit) {
    return data[3 * hit];
  }

  int end(int hit) {
    return data[3 * hit + 1];
  }

  int term(int hit) {
    return data[3 * hit + 2];
  }
}
