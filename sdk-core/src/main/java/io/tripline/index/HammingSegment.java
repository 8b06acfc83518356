package io.tripline.index;

/**
 * A run of consecutive positions {@code [start, start + count)} with their packed hashes and,
 * when indexed, one bucket table per chunk (multi-index hashing). Immutable after construction;
 * shared between successive {@link HammingIndex} snapshots.
 *
 * <p>Bucket table of chunk {@code j}: entries whose chunk value is {@code v} are
 * {@code postings[j][offsets[j][v] .. offsets[j][v + 1])}, local indices in ascending order.
 */
final class HammingSegment {
  final int words;
  final int start;
  final int count;
  /** {@code count * words} longs, big-endian bit order as {@link io.tripline.spi.ImageHash}. */
  final long[] hashes;
  /** Chunk layout; {@code null} for an unindexed (linear) segment. */
  final int[] chunkStart;
  final int[] chunkWidth;
  final int[][] offsets;
  final int[][] postings;

  private HammingSegment(int words, int start, int count, long[] hashes, int[] chunkStart,
      int[] chunkWidth, int[][] offsets, int[][] postings) {
    this.words = words;
    this.start = start;
    this.count = count;
    this.hashes = hashes;
    this.chunkStart = chunkStart;
    this.chunkWidth = chunkWidth;
    this.offsets = offsets;
    this.postings = postings;
  }

  static HammingSegment linear(int words, int start, long[] hashes) {
    return new HammingSegment(words, start, hashes.length / words, hashes, null, null, null, null);
  }

  /**
   * Indexes {@code hashes} in {@code chunks} chunks of near-equal width. Entries whose position is
   * set in {@code deleted} (may be null) are left out of the bucket tables.
   */
  static HammingSegment indexed(int words, int start, long[] hashes, int chunks, long[] deleted) {
    int count = hashes.length / words;
    int bits = words * 64;
    int[] chunkStart = new int[chunks];
    int[] chunkWidth = new int[chunks];
    int at = 0;
    for (int j = 0; j < chunks; j++) {
      // Wider chunks first: the pigeonhole bound probes the first chunks at the larger radius.
      int w = bits / chunks + (j < bits % chunks ? 1 : 0);
      chunkStart[j] = at;
      chunkWidth[j] = w;
      at += w;
    }
    int live = count;
    if (deleted != null) {
      live = 0;
      for (int i = 0; i < count; i++) {
        if (!isSet(deleted, start + i)) {
          live++;
        }
      }
    }
    int[][] offsets = new int[chunks][];
    int[][] postings = new int[chunks][];
    int[] values = new int[count];
    for (int j = 0; j < chunks; j++) {
      int w = chunkWidth[j];
      int[] off = new int[(1 << w) + 1];
      int cs = chunkStart[j];
      for (int i = 0; i < count; i++) {
        int v = chunk(hashes, i * words, cs, w);
        values[i] = v;
        if (deleted == null || !isSet(deleted, start + i)) {
          off[v + 1]++;
        }
      }
      for (int v = 0; v < (1 << w); v++) {
        off[v + 1] += off[v];
      }
      int[] fill = new int[live];
      // off[v] is used as the write cursor, then restored by shifting back one bucket.
      for (int i = 0; i < count; i++) {
        if (deleted == null || !isSet(deleted, start + i)) {
          fill[off[values[i]]++] = i;
        }
      }
      for (int v = (1 << w); v > 0; v--) {
        off[v] = off[v - 1];
      }
      off[0] = 0;
      offsets[j] = off;
      postings[j] = fill;
    }
    return new HammingSegment(words, start, count, hashes, chunkStart, chunkWidth, offsets, postings);
  }

  boolean indexed() {
    return offsets != null;
  }

  /** The {@code width}-bit value at bit {@code startBit} (0 = top bit of the first word). */
  static int chunk(long[] h, int base, int startBit, int width) {
    int idx = startBit >>> 6;
    int off = startBit & 63;
    long mask = (1L << width) - 1;
    if (off + width <= 64) {
      return (int) ((h[base + idx] >>> (64 - off - width)) & mask);
    }
    int hiBits = 64 - off;
    int loBits = width - hiBits;
    long hi = h[base + idx] & ((1L << hiBits) - 1);
    long lo = h[base + idx + 1] >>> (64 - loBits);
    return (int) ((hi << loBits) | lo);
  }

  static boolean isSet(long[] bitmap, int position) {
    int w = position >>> 6;
    return w < bitmap.length && (bitmap[w] & (1L << position)) != 0;
  }

  int distance(int local, long[] query, int qBase) {
    int base = local * words;
    int d = 0;
    for (int w = 0; w < words; w++) {
      d += Long.bitCount(hashes[base + w] ^ query[qBase + w]);
    }
    return d;
  }

  long bytes() {
    long b = 16L + 8L * hashes.length;
    if (offsets != null) {
      for (int j = 0; j < offsets.length; j++) {
        b += 16L + 4L * offsets[j].length + 16L + 4L * postings[j].length;
      }
    }
    return b;
  }
}
