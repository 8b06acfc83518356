package io.tripline.index;

import io.tripline.Indicator;
import io.tripline.spi.ImageHash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The indicators of one digest signal type ({@code md5}, {@code sha256}, {@code *.sha256}): the
 * digests in a {@link DigestSet}, the indicators by position beside it. Thread-safe once built.
 */
final class DigestTable {
  private final int bits;
  private final DigestSet set;
  private final Indicator[] indicators;

  private DigestTable(int bits, DigestSet set, Indicator[] indicators) {
    this.bits = bits;
    this.set = set;
    this.indicators = indicators;
  }

  /** The indicators whose digest is {@code hex} (lower case); none for a malformed value. */
  List<Indicator> lookup(String hex) {
    long[] digest;
    try {
      digest = ImageHash.parseHex(hex, bits);
    } catch (IllegalArgumentException e) {
      return List.of();
    }
    int[] positions = set.lookup(digest);
    if (positions.length == 0) {
      return List.of();
    }
    Indicator[] found = new Indicator[positions.length];
    for (int i = 0; i < positions.length; i++) {
      found[i] = indicators[positions[i]];
    }
    return List.of(found);
  }

  /** Collects digests, already validated as hex of the right length. Not thread-safe. */
  static final class Builder {
    private final int bits;
    private final int words;
    private long[] packed = new long[64];
    private final List<Indicator> indicators = new ArrayList<>();

    Builder(int bits) {
      this.bits = bits;
      this.words = (bits + 63) / 64;
    }

    void add(String hex, Indicator indicator) {
      int at = indicators.size() * words;
      if (at + words > packed.length) {
        packed = Arrays.copyOf(packed, Math.max(packed.length * 2, at + words));
      }
      System.arraycopy(ImageHash.parseHex(hex, bits), 0, packed, at, words);
      indicators.add(indicator);
    }

    DigestTable build() {
      int n = indicators.size();
      int[] positions = new int[n];
      for (int i = 0; i < n; i++) {
        positions[i] = i;
      }
      return new DigestTable(bits, DigestSet.of(words, Arrays.copyOf(packed, n * words), positions),
          indicators.toArray(Indicator[]::new));
    }
  }
}
