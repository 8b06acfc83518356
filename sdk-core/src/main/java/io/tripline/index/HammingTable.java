package io.tripline.index;

import io.tripline.Indicator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The indicators of one perceptual signal type: their hashes in a {@link HammingIndex} (exact
 * multi-index search), the indicators by position beside it. Collected while building, then
 * {@link #freeze() frozen} into the searchable form.
 */
final class HammingTable {
  final int bits;
  private final int wordsPerHash;
  private long[] words;
  private Indicator[] indicators;
  private int count;
  private HammingIndex index;

  HammingTable(int bits) {
    this.bits = bits;
    this.wordsPerHash = (bits + 63) / 64;
    this.words = new long[wordsPerHash * 16];
    this.indicators = new Indicator[16];
  }

  void add(long[] hash, Indicator indicator) {
    if (count == indicators.length) {
      indicators = Arrays.copyOf(indicators, count * 2);
      words = Arrays.copyOf(words, count * 2 * wordsPerHash);
    }
    System.arraycopy(hash, 0, words, count * wordsPerHash, wordsPerHash);
    indicators[count++] = indicator;
  }

  /** The searchable table of everything added; this builder-side table is not changed. */
  HammingTable freeze() {
    HammingTable frozen = new HammingTable(bits);
    frozen.indicators = Arrays.copyOf(indicators, count);
    frozen.count = count;
    frozen.words = null;
    // Widths that are not a multiple of 64 (dhash72) are indexed in whole words: the unused low
    // bits are zero in every stored hash and every query, so distances are unchanged.
    frozen.index = HammingIndex.of(wordsPerHash * 64, Arrays.copyOf(words, count * wordsPerHash));
    return frozen;
  }

  /** Every indicator within {@code radius} of {@code query}. */
  List<IndicatorIndex.NearHit> near(long[] query, int radius) {
    return hits(index.search(query, radius));
  }

  /** Every indicator within {@code radius} of any of {@code queries}, once, at its smallest distance. */
  List<IndicatorIndex.NearHit> nearAny(long[][] queries, int radius) {
    return hits(index.searchAny(queries, radius));
  }

  private List<IndicatorIndex.NearHit> hits(HammingIndex.Hits found) {
    List<IndicatorIndex.NearHit> hits = new ArrayList<>(found.size());
    for (int i = 0; i < found.size(); i++) {
      hits.add(new IndicatorIndex.NearHit(indicators[found.position(i)], found.distance(i)));
    }
    return hits;
  }
}
