package io.tripline.index;

import io.tripline.Indicator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Hashes of one perceptual signal type, packed in one primitive array, searched by a linear
 * scan. Exact by construction; the multi-index structure for tens of millions of hashes replaces
 * the scan behind the same interface.
 */
final class HammingTable {
  final int bits;
  private final int wordsPerHash;
  private long[] words;
  private Indicator[] indicators;
  private int count;

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

  /** A copy trimmed to size, no longer to be added to. */
  HammingTable freeze() {
    HammingTable frozen = new HammingTable(bits);
    frozen.words = Arrays.copyOf(words, count * wordsPerHash);
    frozen.indicators = Arrays.copyOf(indicators, count);
    frozen.count = count;
    return frozen;
  }

  List<IndicatorIndex.NearHit> near(long[] query, int radius) {
    List<IndicatorIndex.NearHit> hits = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int distance = 0;
      int base = i * wordsPerHash;
      for (int w = 0; w < wordsPerHash && distance <= radius; w++) {
        distance += Long.bitCount(words[base + w] ^ query[w]);
      }
      if (distance <= radius) {
        hits.add(new IndicatorIndex.NearHit(indicators[i], distance));
      }
    }
    return hits;
  }
}
