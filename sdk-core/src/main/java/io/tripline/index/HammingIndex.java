package io.tripline.index;

import java.util.Arrays;
import java.util.Objects;

/**
 * An exact Hamming-radius index over hashes of one width (a multiple of 64 bits up to 256: 64 for
 * the JImageHash types, 256 for PDQ). Each stored hash is identified by its position {@code 0 ..
 * size() - 1}; callers keep per-entry data (indicator id, feed, labels) in parallel arrays by that
 * position.
 *
 * <p>Search is multi-index hashing: each hash is cut into {@code m} chunks with one bucket table
 * per chunk. A hash within radius {@code r} of the query differs, by the pigeonhole principle, in
 * at most {@code floor(r / m)} bits in one of its chunks (more precisely: with {@code r = s*m + a},
 * in at most {@code s} bits in one of the first {@code a + 1} chunks or at most {@code s - 1} in
 * one of the others), so probing every chunk value within that distance finds every match; each
 * candidate is verified by a full popcount. Exact for any radius: when probing would cost more
 * than a scan (a large radius), a segment is scanned linearly instead.
 *
 * <p>Deltas: {@link #withChanges(int[], long[])} derives the next snapshot from this one without a
 * rebuild. Deleted positions go into a bitmap filtered at query time (they take effect in the
 * returned snapshot); added hashes get the next positions and live in a secondary segment, scanned
 * linearly while small and indexed once larger. {@link #compact()} re-indexes everything as one
 * segment, keeping positions.
 *
 * <p>Memory is primitive arrays only: the packed hashes, per chunk an {@code int[2^w + 1]} offset
 * table and an {@code int[]} of positions, and the deletion bitmap. See {@link #bytesUsed()}.
 *
 * <p>Immutable and thread-safe: any number of threads may query one index concurrently.
 */
public final class HammingIndex {

  /** Receives one hit: a stored position and its distance to the query. */
  @FunctionalInterface
  public interface HitConsumer {
    void accept(int position, int distance);
  }

  /** The additions segment is scanned linearly up to this many entries, indexed above it. */
  static final int LINEAR_ADDITIONS_LIMIT = 65_536;

  private static final HammingSegment[] NO_SEGMENTS = new HammingSegment[0];

  private final int bits;
  private final int words;
  private final int size;
  private final int deletedCount;
  /** Bit {@code p} set: position {@code p} is deleted. {@code null} when nothing is deleted. */
  private final long[] deleted;
  private final HammingSegment base;
  /** {@code null} when there are no additions since the last build or compaction. */
  private final HammingSegment additions;

  private HammingIndex(int bits, HammingSegment base, HammingSegment additions, long[] deleted,
      int deletedCount) {
    this.bits = bits;
    this.words = bits / 64;
    this.base = base;
    this.additions = additions;
    this.size = base.count + (additions == null ? 0 : additions.count);
    this.deleted = deleted;
    this.deletedCount = deletedCount;
  }

  /**
   * An index of {@code packed.length / (bits / 64)} hashes with the default chunking.
   *
   * @throws NullPointerException if {@code packed} is null
   * @throws IllegalArgumentException if {@code bits} is not 64, 128, 192 or 256, or
   *     {@code packed.length} is not a multiple of {@code bits / 64}
   */
  public static HammingIndex of(int bits, long[] packed) {
    return builder(bits).build(packed);
  }

  /**
   * A builder for an index of {@code bits}-bit hashes.
   *
   * @throws IllegalArgumentException if {@code bits} is not 64, 128, 192 or 256
   */
  public static Builder builder(int bits) {
    if (bits <= 0 || bits > 256 || bits % 64 != 0) {
      throw new IllegalArgumentException("bits must be 64, 128, 192 or 256, was " + bits);
    }
    return new Builder(bits);
  }

  /** The hash width in bits. */
  public int bits() {
    return bits;
  }

  /** The number of positions, deleted ones included: positions are {@code 0 .. size() - 1}. */
  public int size() {
    return size;
  }

  /** The number of positions not deleted. */
  public int liveCount() {
    return size - deletedCount;
  }

  /**
   * Whether {@code position} is deleted.
   *
   * @throws IndexOutOfBoundsException if {@code position} is not in {@code 0 .. size() - 1}
   */
  public boolean isDeleted(int position) {
    Objects.checkIndex(position, size);
    return deleted != null && HammingSegment.isSet(deleted, position);
  }

  /** The chunk count of the main segment (0 if it is scanned linearly). */
  public int chunks() {
    return base.indexed() ? base.chunkWidth.length : 0;
  }

  /**
   * The hash at {@code position}, packed like {@link io.tripline.spi.ImageHash#words()}.
   *
   * @throws IndexOutOfBoundsException if {@code position} is not in {@code 0 .. size() - 1}
   */
  public long[] hash(int position) {
    Objects.checkIndex(position, size);
    HammingSegment seg = position < base.count ? base : additions;
    int from = (position - seg.start) * words;
    return Arrays.copyOfRange(seg.hashes, from, from + words);
  }

  /** Approximate heap bytes of this snapshot: hashes, bucket tables, postings and bitmap. */
  public long bytesUsed() {
    long b = base.bytes() + (additions == null ? 0 : additions.bytes());
    if (deleted != null) {
      b += 16L + 8L * deleted.length;
    }
    return b;
  }

  /**
   * Reports every live stored hash within {@code radius} of {@code query} to {@code hits}, each
   * once, with its distance. Exact. Order is unspecified.
   *
   * @throws NullPointerException if {@code query} or {@code hits} is null
   * @throws IllegalArgumentException if {@code query.length != bits() / 64} or {@code radius < 0}
   */
  public void search(long[] query, int radius, HitConsumer hits) {
    checkQuery(query, radius);
    Objects.requireNonNull(hits, "hits");
    searchSegment(base, query, radius, hits);
    if (additions != null) {
      searchSegment(additions, query, radius, hits);
    }
  }

  /**
   * Every live stored hash within {@code radius} of {@code query}, sorted by position.
   *
   * @throws NullPointerException if {@code query} is null
   * @throws IllegalArgumentException if {@code query.length != bits() / 64} or {@code radius < 0}
   */
  public Hits search(long[] query, int radius) {
    Collector c = new Collector();
    search(query, radius, c);
    return c.toHits();
  }

  /**
   * Reports every live stored hash within {@code radius} of any of {@code queries} (e.g. the 8
   * dihedral variants of one image) once, with its smallest distance to any of them, in position
   * order.
   *
   * @throws NullPointerException if {@code queries}, one of them, or {@code hits} is null
   * @throws IllegalArgumentException if a query has the wrong length or {@code radius < 0}
   */
  public void searchAny(long[][] queries, int radius, HitConsumer hits) {
    Objects.requireNonNull(hits, "hits");
    Hits all = searchAny(queries, radius);
    for (int i = 0; i < all.size(); i++) {
      hits.accept(all.position(i), all.distance(i));
    }
  }

  /**
   * Every live stored hash within {@code radius} of any of {@code queries}, once, with its smallest
   * distance, sorted by position.
   *
   * @throws NullPointerException if {@code queries} or one of them is null
   * @throws IllegalArgumentException if a query has the wrong length or {@code radius < 0}
   */
  public Hits searchAny(long[][] queries, int radius) {
    Objects.requireNonNull(queries, "queries");
    Collector c = new Collector();
    for (long[] query : queries) {
      search(query, radius, c);
    }
    return c.toHits();
  }

  /**
   * The next snapshot: this one with {@code deletedPositions} deleted and {@code addedHashes}
   * (packed, {@code bits() / 64} longs each) appended at positions {@code size() ..}. Costs a copy
   * of the deletion bitmap ({@code size() / 8} bytes) and of the additions since the last
   * compaction; the main segment is shared. This snapshot is unchanged.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code addedHashes.length} is not a multiple of
   *     {@code bits() / 64}
   * @throws IndexOutOfBoundsException if a deleted position is not in {@code 0 .. size() - 1}
   */
  public HammingIndex withChanges(int[] deletedPositions, long[] addedHashes) {
    Objects.requireNonNull(deletedPositions, "deletedPositions");
    Objects.requireNonNull(addedHashes, "addedHashes");
    if (addedHashes.length % words != 0) {
      throw new IllegalArgumentException("addedHashes length " + addedHashes.length
          + " is not a multiple of " + words + " words per hash");
    }
    int newSize = size + addedHashes.length / words;
    long[] newDeleted = deleted;
    int newDeletedCount = deletedCount;
    if (deletedPositions.length > 0) {
      newDeleted = new long[(newSize + 63) >>> 6];
      if (deleted != null) {
        System.arraycopy(deleted, 0, newDeleted, 0, deleted.length);
      }
      for (int p : deletedPositions) {
        Objects.checkIndex(p, size);
        long bit = 1L << p;
        if ((newDeleted[p >>> 6] & bit) == 0) {
          newDeleted[p >>> 6] |= bit;
          newDeletedCount++;
        }
      }
    }
    HammingSegment newAdditions = additions;
    if (addedHashes.length > 0) {
      long[] old = additions == null ? new long[0] : additions.hashes;
      long[] merged = Arrays.copyOf(old, old.length + addedHashes.length);
      System.arraycopy(addedHashes, 0, merged, old.length, addedHashes.length);
      int count = merged.length / words;
      newAdditions = count <= LINEAR_ADDITIONS_LIMIT
          ? HammingSegment.linear(words, base.count, merged)
          : HammingSegment.indexed(words, base.count, merged, defaultChunks(bits, count), null);
    }
    return new HammingIndex(bits, base, newAdditions, newDeleted, newDeletedCount);
  }

  /**
   * This snapshot re-indexed as one segment: the same positions, hashes and deletions, with deleted
   * entries dropped from the bucket tables. Worth it once additions have grown large or many
   * entries are deleted.
   */
  public HammingIndex compact() {
    long[] all = base.hashes;
    if (additions != null) {
      all = Arrays.copyOf(base.hashes, base.hashes.length + additions.hashes.length);
      System.arraycopy(additions.hashes, 0, all, base.hashes.length, additions.hashes.length);
    }
    int chunks = defaultChunks(bits, size - deletedCount);
    HammingSegment seg = HammingSegment.indexed(words, 0, all, chunks, deleted);
    return new HammingIndex(bits, seg, null, deleted, deletedCount);
  }

  // ---- search ----

  private void checkQuery(long[] query, int radius) {
    Objects.requireNonNull(query, "query");
    if (query.length != words) {
      throw new IllegalArgumentException(
          "query has " + query.length + " words, the index holds " + bits + "-bit hashes");
    }
    if (radius < 0) {
      throw new IllegalArgumentException("radius must be >= 0, was " + radius);
    }
  }

  private void searchSegment(HammingSegment seg, long[] query, int radius, HitConsumer hits) {
    if (seg.count == 0) {
      return;
    }
    if (!seg.indexed() || probingCost(seg, radius) > seg.count) {
      scan(seg, query, radius, hits);
      return;
    }
    int m = seg.chunkWidth.length;
    int s = radius / m;
    int a = radius % m;
    // Phase 1: every (chunk, value) to probe, as an index into the concatenated offset tables.
    int probeCount = 0;
    for (int j = 0; j < m; j++) {
      probeCount += (int) ballSize(seg.chunkWidth[j], j <= a ? s : s - 1);
    }
    int[] probeChunk = new int[probeCount];
    int[] probeValue = new int[probeCount];
    int np = 0;
    for (int j = 0; j < m; j++) {
      int rj = j <= a ? s : s - 1;
      if (rj < 0) {
        continue;
      }
      int w = seg.chunkWidth[j];
      int qv = HammingSegment.chunk(query, 0, seg.chunkStart[j], w);
      np = enumerate(probeChunk, probeValue, np, j, qv, w, 0, rj);
    }
    // Phase 2: bucket ranges. Independent loads in a tight loop, so cache misses overlap.
    int[] from = new int[np];
    int[] to = new int[np];
    int total = 0;
    for (int k = 0; k < np; k++) {
      int[] off = seg.offsets[probeChunk[k]];
      int v = probeValue[k];
      int f = off[v];
      int t = off[v + 1];
      from[k] = f;
      to[k] = t;
      total += t - f;
    }
    // Phase 3: gather candidates, then verify them with full popcounts in one simple loop.
    int[] cand = new int[total];
    int nc = 0;
    for (int k = 0; k < np; k++) {
      int len = to[k] - from[k];
      if (len > 0) {
        System.arraycopy(seg.postings[probeChunk[k]], from[k], cand, nc, len);
        nc += len;
      }
    }
    long[] h = seg.hashes;
    int words = this.words;
    int nh = 0;
    if (words == 4) {
      long q0 = query[0];
      long q1 = query[1];
      long q2 = query[2];
      long q3 = query[3];
      for (int k = 0; k < nc; k++) {
        int c = cand[k];
        int hb = c << 2;
        int d = Long.bitCount(h[hb] ^ q0) + Long.bitCount(h[hb + 1] ^ q1)
            + Long.bitCount(h[hb + 2] ^ q2) + Long.bitCount(h[hb + 3] ^ q3);
        if (d <= radius) {
          cand[nh++] = c;
        }
      }
    } else {
      for (int k = 0; k < nc; k++) {
        int c = cand[k];
        int hb = c * words;
        int d = 0;
        for (int x = 0; x < words; x++) {
          d += Long.bitCount(h[hb + x] ^ query[x]);
        }
        if (d <= radius) {
          cand[nh++] = c;
        }
      }
    }
    // Phase 4: an entry found through several chunks is reported once.
    if (nh > 1) {
      Arrays.sort(cand, 0, nh);
    }
    int prev = -1;
    for (int k = 0; k < nh; k++) {
      int c = cand[k];
      if (c == prev) {
        continue;
      }
      prev = c;
      int position = seg.start + c;
      if (deleted != null && HammingSegment.isSet(deleted, position)) {
        continue;
      }
      hits.accept(position, seg.distance(c, query, 0));
    }
  }

  /** Appends {@code v} and every value within {@code left} flips of bits at or above {@code from}. */
  private static int enumerate(int[] chunkOut, int[] valueOut, int n, int j, int v, int w,
      int from, int left) {
    chunkOut[n] = j;
    valueOut[n++] = v;
    if (left == 0) {
      return n;
    }
    for (int b = from; b < w; b++) {
      n = enumerate(chunkOut, valueOut, n, j, v ^ (1 << b), w, b + 1, left - 1);
    }
    return n;
  }

  /** The number of {@code w}-bit values within distance {@code r} of one value. */
  private static double ballSize(int w, int r) {
    double probes = 0;
    double c = 1;
    for (int k = 0; k <= r && k <= w; k++) {
      probes += c;
      c = c * (w - k) / (k + 1);
    }
    return probes;
  }

  private void scan(HammingSegment seg, long[] query, int radius, HitConsumer hits) {
    long[] h = seg.hashes;
    int words = this.words;
    int count = seg.count;
    for (int i = 0; i < count; i++) {
      int hb = i * words;
      int d = 0;
      for (int x = 0; x < words; x++) {
        d += Long.bitCount(h[hb + x] ^ query[x]);
      }
      if (d <= radius) {
        int position = seg.start + i;
        if (deleted == null || !HammingSegment.isSet(deleted, position)) {
          hits.accept(position, d);
        }
      }
    }
  }

  /**
   * Estimated cost of probing, in units of one linear-scan entry: bucket lookups (a cache miss
   * each) plus candidates expected on uniform hashes (a cache miss and a popcount each).
   */
  private static double probingCost(HammingSegment seg, int radius) {
    int m = seg.chunkWidth.length;
    int s = radius / m;
    int a = radius % m;
    double cost = 0;
    for (int j = 0; j < m; j++) {
      int rj = j <= a ? s : s - 1;
      if (rj < 0) {
        continue;
      }
      int w = seg.chunkWidth[j];
      double probes = ballSize(w, rj);
      cost += probes * (8 + 8.0 * seg.count / (1 << w));
    }
    return cost;
  }

  /**
   * The default chunk count: chunks of about {@code log2(n) - 2} bits (8 to 24), so a bucket holds
   * about four entries and the bucket tables cost about one byte per entry per chunk.
   */
  static int defaultChunks(int bits, int n) {
    int log2 = 31 - Integer.numberOfLeadingZeros(Math.max(n, 1));
    int target = Math.max(8, Math.min(24, log2 - 2));
    int m = Math.max(1, Math.round((float) bits / target));
    while ((bits + m - 1) / m > 24) {
      m++;
    }
    return m;
  }

  // ---- results ----

  /** Hits of one query: positions and distances in parallel primitive arrays, by position. */
  public static final class Hits {
    private final int[] positions;
    private final int[] distances;

    Hits(int[] positions, int[] distances) {
      this.positions = positions;
      this.distances = distances;
    }

    public int size() {
      return positions.length;
    }

    public int position(int i) {
      return positions[i];
    }

    public int distance(int i) {
      return distances[i];
    }

    /** A copy of the positions, ascending. */
    public int[] positions() {
      return positions.clone();
    }

    /** A copy of the distances, parallel to {@link #positions()}. */
    public int[] distances() {
      return distances.clone();
    }

    @Override
    public String toString() {
      return "Hits[" + positions.length + "]";
    }
  }

  /** Gathers hits as packed {@code position << 32 | distance}; keeps the smallest per position. */
  private static final class Collector implements HitConsumer {
    private long[] packed = new long[16];
    private int n;

    @Override
    public void accept(int position, int distance) {
      if (n == packed.length) {
        packed = Arrays.copyOf(packed, n * 2);
      }
      packed[n++] = ((long) position << 32) | distance;
    }

    Hits toHits() {
      Arrays.sort(packed, 0, n);
      int[] pos = new int[n];
      int[] dist = new int[n];
      int k = 0;
      for (int i = 0; i < n; i++) {
        int p = (int) (packed[i] >>> 32);
        if (k > 0 && pos[k - 1] == p) {
          continue; // sorted: the first of a position has the smallest distance
        }
        pos[k] = p;
        dist[k++] = (int) packed[i];
      }
      return new Hits(Arrays.copyOf(pos, k), Arrays.copyOf(dist, k));
    }
  }

  /** Configures an index build. Not thread-safe; {@link #build(long[])} copies its input. */
  public static final class Builder {
    private final int bits;
    private int chunks;

    Builder(int bits) {
      this.bits = bits;
    }

    /**
     * The number of chunks (default: chunks of about {@code log2(n) - 2} bits).
     *
     * @throws IllegalArgumentException if chunks would be wider than 24 bits or narrower than 1
     */
    public Builder chunks(int chunks) {
      if (chunks < 1 || chunks > bits || (bits + chunks - 1) / chunks > 24) {
        throw new IllegalArgumentException(
            "chunks must give chunks of 1 to 24 bits for " + bits + "-bit hashes, was " + chunks);
      }
      this.chunks = chunks;
      return this;
    }

    /**
     * Builds an index of the hashes in {@code packed}, {@code bits / 64} longs each; the hash at
     * {@code packed[i * bits / 64 ..]} gets position {@code i}.
     *
     * @throws NullPointerException if {@code packed} is null
     * @throws IllegalArgumentException if {@code packed.length} is not a multiple of
     *     {@code bits / 64}
     */
    public HammingIndex build(long[] packed) {
      Objects.requireNonNull(packed, "packed");
      int words = bits / 64;
      if (packed.length % words != 0) {
        throw new IllegalArgumentException("packed length " + packed.length
            + " is not a multiple of " + words + " words per hash");
      }
      int n = packed.length / words;
      int m = chunks > 0 ? chunks : defaultChunks(bits, n);
      HammingSegment seg = HammingSegment.indexed(words, 0, packed.clone(), m, null);
      return new HammingIndex(bits, seg, null, null, 0);
    }
  }
}
