package io.tripline.index;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A run of consecutive positions {@code [start, start + count)} with their packed hashes and,
 * when indexed, one {@link ChunkTable} per chunk (multi-index hashing). Immutable after
 * construction; shared between successive {@link HammingIndex} snapshots.
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
  final ChunkTable[] tables;

  private HammingSegment(int words, int start, int count, long[] hashes, int[] chunkStart,
      int[] chunkWidth, ChunkTable[] tables) {
    this.words = words;
    this.start = start;
    this.count = count;
    this.hashes = hashes;
    this.chunkStart = chunkStart;
    this.chunkWidth = chunkWidth;
    this.tables = tables;
  }

  static HammingSegment linear(int words, int start, long[] hashes) {
    return new HammingSegment(words, start, hashes.length / words, hashes, null, null, null);
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
      for (int i = 0; i < count; i++) {
        if (isSet(deleted, start + i)) {
          live--;
        }
      }
    }
    int postingWidth = count <= 1 << 24 ? 3 : 4;
    ChunkTable[] tables = new ChunkTable[chunks];
    // Each chunk's entries are sorted by (value, local index) with a two-pass radix sort: a plain
    // counting sort into 2^w buckets makes two random cache misses per entry, which took most of
    // the build time at 10M entries.
    long[] keys = new long[live];
    long[] sorted = new long[live];
    int[] offsets = null;
    for (int j = 0; j < chunks; j++) {
      int w = chunkWidth[j];
      int cs = chunkStart[j];
      int n = 0;
      for (int i = 0; i < count; i++) {
        if (deleted == null || !isSet(deleted, start + i)) {
          keys[n++] = (long) chunk(hashes, i * words, cs, w) << 32 | i;
        }
      }
      int lowBits = w / 2;
      radixPass(keys, sorted, 32, lowBits);
      radixPass(sorted, keys, 32 + lowBits, w - lowBits);
      if (offsets == null || offsets.length < (1 << w) + 1) {
        offsets = new int[(1 << w) + 1];
      } else {
        Arrays.fill(offsets, 0, (1 << w) + 1, 0);
      }
      // One spare byte so that the last posting can be read as a 4-byte int (see gather()).
      byte[] postings = new byte[live * postingWidth + 1];
      for (int k = 0; k < live; k++) {
        long key = keys[k];
        offsets[(int) (key >>> 32) + 1]++;
        ChunkTable.putPosting(postings, k, postingWidth, (int) key);
      }
      for (int v = 0; v < (1 << w); v++) {
        offsets[v + 1] += offsets[v];
      }
      tables[j] = ChunkTable.of(w, offsets, live, postings, postingWidth);
    }
    return new HammingSegment(words, start, count, hashes, chunkStart, chunkWidth, tables);
  }

  /** Stable sort of {@code src} into {@code dst} by the {@code bits} bits at {@code shift}. */
  private static void radixPass(long[] src, long[] dst, int shift, int bits) {
    int mask = (1 << bits) - 1;
    int[] next = new int[(1 << bits) + 1];
    for (long key : src) {
      next[((int) (key >>> shift) & mask) + 1]++;
    }
    for (int d = 0; d < mask + 1; d++) {
      next[d + 1] += next[d];
    }
    for (long key : src) {
      dst[next[(int) (key >>> shift) & mask]++] = key;
    }
  }

  boolean indexed() {
    return tables != null;
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

  long bytes() {
    long b = 16L + 8L * hashes.length;
    if (tables != null) {
      for (ChunkTable t : tables) {
        b += t.bytes();
      }
    }
    return b;
  }

  /**
   * The bucket table of one {@code w}-bit chunk: the local indices of the entries whose chunk
   * value is {@code v} are postings {@code start(v) .. start(v + 1) - 1}, in ascending order.
   *
   * <p>A plain {@code int[2^w + 1]} of bucket starts would cost 4 bytes per bucket, which for the
   * wide chunks that make queries fast (a bucket per entry or more) outweighs the postings. So the
   * starts are stored per block of {@code 2^shift} buckets: an {@code int} block start plus one
   * byte per bucket relative to it, about 1.06 bytes per bucket. {@code shift} is picked so that
   * a block holds about 128 entries or fewer on uniform data. A block whose last bucket starts
   * more than 255 entries in (clustered data, duplicates) is marked by a negative block start
   * {@code ~slot}; its bucket starts are then full {@code int}s at {@code overflow[slot << shift
   * ..]}. Such a block holds over 255 entries, so the overflow costs at most a byte per entry.
   *
   * <p>Postings are local indices in {@code postingWidth} little-endian bytes each: 3 while a
   * segment has at most 2^24 entries, else 4.
   */
  static final class ChunkTable {
    private static final VarHandle INT =
        MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    /** Mean entries per block aimed at, well below the 255 a relative byte can address. */
    private static final int ENTRIES_PER_BLOCK = 128;
    private static final int MAX_SHIFT = 6;

    private final int shift;
    private final int[] blockStart;
    private final byte[] relStart;
    private final int[] overflow;
    private final byte[] postings;
    private final int postingWidth;
    private final int postingMask;

    private ChunkTable(int shift, int[] blockStart, byte[] relStart, int[] overflow,
        byte[] postings, int postingWidth) {
      this.shift = shift;
      this.blockStart = blockStart;
      this.relStart = relStart;
      this.overflow = overflow;
      this.postings = postings;
      this.postingWidth = postingWidth;
      this.postingMask = postingWidth == 4 ? -1 : (1 << (8 * postingWidth)) - 1;
    }

    /**
     * Compresses {@code offsets} ({@code 2^w + 1} bucket starts, the last one {@code live}) into
     * blocks; {@code postings} holds {@code live} entries of {@code postingWidth} bytes.
     */
    static ChunkTable of(int w, int[] offsets, int live, byte[] postings, int postingWidth) {
      int buckets = 1 << w;
      int shift = Math.min(MAX_SHIFT, w);
      while (shift > 0 && ((long) live << shift) > ((long) ENTRIES_PER_BLOCK << w)) {
        shift--;
      }
      int perBlock = 1 << shift;
      int blocks = buckets >>> shift;
      int[] blockStart = new int[blocks + 1];
      byte[] relStart = new byte[buckets + 1];
      int[] overflow = new int[0];
      int slots = 0;
      for (int blk = 0; blk < blocks; blk++) {
        int first = blk << shift;
        int base = offsets[first];
        if (offsets[first + perBlock - 1] - base <= 255) {
          blockStart[blk] = base;
          for (int v = first; v < first + perBlock; v++) {
            relStart[v] = (byte) (offsets[v] - base);
          }
        } else {
          if ((slots + 1) * perBlock > overflow.length) {
            overflow = Arrays.copyOf(overflow, Math.max(64, overflow.length * 2));
          }
          System.arraycopy(offsets, first, overflow, slots * perBlock, perBlock);
          blockStart[blk] = ~slots++;
        }
      }
      // start(2^w) is the end of the last bucket: block `blocks` starts there, relative 0.
      blockStart[blocks] = live;
      overflow = Arrays.copyOf(overflow, slots * perBlock);
      return new ChunkTable(shift, blockStart, relStart, overflow, postings, postingWidth);
    }

    /** The index of the first posting of bucket {@code v}; {@code v} may be {@code 2^w}. */
    int start(int v) {
      int base = blockStart[v >>> shift];
      if (base >= 0) {
        return base + (relStart[v] & 0xFF);
      }
      return overflow[(~base << shift) + (v & ((1 << shift) - 1))];
    }

    /**
     * Looks up the buckets {@code values[lo .. hi)}: sets {@code from[k]} and {@code to[k]} to
     * the posting range of bucket {@code values[k]} and returns the total number of postings.
     */
    int bucketRanges(int[] values, int lo, int hi, int[] from, int[] to) {
      int[] blockStart = this.blockStart;
      byte[] relStart = this.relStart;
      int shift = this.shift;
      int lastInBlock = (1 << shift) - 1;
      int total = 0;
      for (int k = lo; k < hi; k++) {
        int v = values[k];
        int base = blockStart[v >>> shift];
        int f;
        int e;
        if (base >= 0 && (v & lastInBlock) != lastInBlock) {
          f = base + (relStart[v] & 0xFF);
          e = base + (relStart[v + 1] & 0xFF);
        } else {
          f = start(v);
          e = start(v + 1);
        }
        from[k] = f;
        to[k] = e;
        total += e - f;
      }
      return total;
    }

    /**
     * Appends the postings of the ranges {@code from[k] .. to[k]}, {@code k} in {@code lo .. hi},
     * to {@code out} at {@code n}; returns the new length.
     */
    int gather(int[] from, int[] to, int lo, int hi, int[] out, int n) {
      byte[] postings = this.postings;
      int width = postingWidth;
      int mask = postingMask;
      for (int k = lo; k < hi; k++) {
        for (int i = from[k], e = to[k]; i < e; i++) {
          // A 4-byte read of a 3-byte entry takes one byte of the next (or the spare last) entry.
          out[n++] = (int) INT.get(postings, i * width) & mask;
        }
      }
      return n;
    }

    /**
     * Stores {@code value} as posting {@code k}, byte by byte so that it never touches a
     * neighbouring entry.
     */
    static void putPosting(byte[] postings, int k, int postingWidth, int value) {
      int o = k * postingWidth;
      for (int b = 0; b < postingWidth; b++) {
        postings[o + b] = (byte) (value >>> (8 * b));
      }
    }

    /** The number of blocks whose bucket starts did not fit in relative bytes. */
    int overflowBlocks() {
      return overflow.length >>> shift;
    }

    long bytes() {
      return 16L + 4L * blockStart.length + 16L + relStart.length + 16L + 4L * overflow.length
          + 16L + postings.length;
    }
  }
}
