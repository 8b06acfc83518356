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
 * <p>Memory is primitive arrays only: the packed hashes; per chunk a bucket table of about one
 * byte per bucket (an {@code int} start per block of up to 64 buckets plus a byte per bucket
 * relative to it, full {@code int}s for blocks too crowded for a byte) and the entries' positions
 * in 3 bytes each (4 above 2^24 entries); and the deletion bitmap. At 10M 256-bit hashes with
 * the default 11 chunks that is about 78 bytes per hash, the hashes' own 32 included. See {@link
 * #bytesUsed()}.
 *
 * <p>A query probes its buckets in batches (every bucket range, then every posting, then every
 * candidate), so that the cache misses, which dominate its cost, overlap. {@link
 * #searchAny(long[][], int)} batches all its queries together.
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
   * {@link #of} for a caller that hands {@code packed} over and never touches it again (the
   * tables' builds from a snapshot file or a rebuild): the index keeps the array instead of a
   * copy, which on a large restore is hundreds of megabytes not allocated.
   */
  static HammingIndex adopting(int bits, long[] packed) {
    return builder(bits).build(packed, false);
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
   * once, with its distance, in position order. Exact.
   *
   * @throws NullPointerException if {@code query} or {@code hits} is null
   * @throws IllegalArgumentException if {@code query.length != bits() / 64} or {@code radius < 0}
   */
  public void search(long[] query, int radius, HitConsumer hits) {
    checkQuery(query, radius);
    Objects.requireNonNull(hits, "hits");
    searchAll(query, 1, radius, hits);
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
   * order. The queries are probed as one batch, which is cheaper than one search per query.
   *
   * @throws NullPointerException if {@code queries}, one of them, or {@code hits} is null
   * @throws IllegalArgumentException if a query has the wrong length or {@code radius < 0}
   */
  public void searchAny(long[][] queries, int radius, HitConsumer hits) {
    Objects.requireNonNull(queries, "queries");
    Objects.requireNonNull(hits, "hits");
    long[] packed = new long[queries.length * words];
    for (int q = 0; q < queries.length; q++) {
      checkQuery(queries[q], radius);
      System.arraycopy(queries[q], 0, packed, q * words, words);
    }
    if (queries.length > 0) {
      searchAll(packed, queries.length, radius, hits);
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
    Collector c = new Collector();
    searchAny(queries, radius, c);
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

  /** Searches both segments; the base holds the lower positions, so hits stay in order. */
  private void searchAll(long[] queries, int nq, int radius, HitConsumer hits) {
    searchSegment(base, queries, nq, radius, hits);
    if (additions != null) {
      searchSegment(additions, queries, nq, radius, hits);
    }
  }

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

  /**
   * Reports every live entry of {@code seg} within {@code radius} of any query of {@code queries}
   * ({@code nq} queries packed back to back) once, with its smallest distance, in position order.
   */
  private void searchSegment(HammingSegment seg, long[] queries, int nq, int radius,
      HitConsumer hits) {
    if (seg.count == 0) {
      return;
    }
    if (!seg.indexed() || probingCost(seg, radius) > seg.count) {
      scan(seg, queries, nq, radius, hits);
      return;
    }
    int m = seg.chunkWidth.length;
    int s = radius / m;
    int a = radius % m;
    // Phase 1: every (query, chunk, value) to probe, grouped by query then chunk. All queries are
    // probed in one batch, so the cache misses of one query's buckets and candidates overlap
    // those of the others.
    int perQuery = 0;
    for (int j = 0; j < m; j++) {
      perQuery += (int) ballSize(seg.chunkWidth[j], j <= a ? s : s - 1);
    }
    int[] probes = new int[perQuery * nq];
    int[] groupEnd = new int[nq * m];
    int np = 0;
    for (int q = 0; q < nq; q++) {
      for (int j = 0; j < m; j++) {
        int rj = j <= a ? s : s - 1;
        if (rj >= 0) {
          int w = seg.chunkWidth[j];
          int qv = HammingSegment.chunk(queries, q * words, seg.chunkStart[j], w);
          np = enumerate(probes, np, qv, w, 0, rj);
        }
        groupEnd[q * m + j] = np;
      }
    }
    // Phase 2: bucket ranges; phase 3: their postings, the candidates. Each is a tight loop of
    // independent loads per chunk table, so that many cache misses are in flight at once.
    HammingSegment.ChunkTable[] tables = seg.tables;
    int[] from = new int[np];
    int[] to = new int[np];
    int total = 0;
    for (int g = 0, k = 0; g < groupEnd.length; k = groupEnd[g++]) {
      total += tables[g % m].bucketRanges(probes, k, groupEnd[g], from, to);
    }
    int[] cand = new int[total];
    int[] queryEnd = new int[nq];
    int nc = 0;
    for (int g = 0, k = 0; g < groupEnd.length; k = groupEnd[g++]) {
      nc = tables[g % m].gather(from, to, k, groupEnd[g], cand, nc);
      queryEnd[g / m] = nc;
    }
    // Phase 4: verify every candidate with a full popcount against the query that found it. A
    // hit is kept as local index << 32 | distance: sorting then orders by position and puts the
    // smallest distance first, which is how an entry found through several chunks or queries is
    // reported once.
    long[] found = new long[16];
    int nh = 0;
    long[] h = seg.hashes;
    int words = this.words;
    for (int q = 0, k = 0; q < nq; k = queryEnd[q++]) {
      int end = queryEnd[q];
      int qb = q * words;
      if (words == 4) {
        long q0 = queries[qb];
        long q1 = queries[qb + 1];
        long q2 = queries[qb + 2];
        long q3 = queries[qb + 3];
        for (; k < end; k++) {
          int c = cand[k];
          int hb = c << 2;
          int d = Long.bitCount(h[hb] ^ q0) + Long.bitCount(h[hb + 1] ^ q1)
              + Long.bitCount(h[hb + 2] ^ q2) + Long.bitCount(h[hb + 3] ^ q3);
          if (d <= radius) {
            if (nh == found.length) {
              found = Arrays.copyOf(found, nh * 2);
            }
            found[nh++] = ((long) c << 32) | d;
          }
        }
      } else {
        for (; k < end; k++) {
          int c = cand[k];
          int hb = c * words;
          int d = 0;
          for (int x = 0; x < words; x++) {
            d += Long.bitCount(h[hb + x] ^ queries[qb + x]);
          }
          if (d <= radius) {
            if (nh == found.length) {
              found = Arrays.copyOf(found, nh * 2);
            }
            found[nh++] = ((long) c << 32) | d;
          }
        }
      }
    }
    // Phase 5: report each entry once, skipping deleted ones.
    if (nh > 1) {
      Arrays.sort(found, 0, nh);
    }
    int prev = -1;
    for (int k = 0; k < nh; k++) {
      int c = (int) (found[k] >>> 32);
      if (c == prev) {
        continue;
      }
      prev = c;
      int position = seg.start + c;
      if (deleted != null && HammingSegment.isSet(deleted, position)) {
        continue;
      }
      hits.accept(position, (int) found[k]);
    }
  }

  /** Appends {@code v} and every value within {@code left} flips of bits at or above {@code from}. */
  private static int enumerate(int[] out, int n, int v, int w, int from, int left) {
    out[n++] = v;
    if (left == 0) {
      return n;
    }
    for (int b = from; b < w; b++) {
      n = enumerate(out, n, v ^ (1 << b), w, b + 1, left - 1);
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

  private void scan(HammingSegment seg, long[] queries, int nq, int radius, HitConsumer hits) {
    long[] h = seg.hashes;
    int words = this.words;
    int count = seg.count;
    for (int i = 0; i < count; i++) {
      int hb = i * words;
      int best = Integer.MAX_VALUE;
      for (int q = 0; q < nq; q++) {
        int d = 0;
        for (int x = 0; x < words; x++) {
          d += Long.bitCount(h[hb + x] ^ queries[q * words + x]);
        }
        best = Math.min(best, d);
      }
      if (best <= radius) {
        int position = seg.start + i;
        if (deleted == null || !HammingSegment.isSet(deleted, position)) {
          hits.accept(position, best);
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
   * The default chunk count: chunks of about {@code log2(n)} bits (8 to 24), so a bucket holds
   * about one entry. Wider chunks mean more buckets to probe but far fewer candidates to verify,
   * and a candidate (a cache miss into the hashes) costs about as much as a bucket; with the
   * compressed bucket tables (about a byte per bucket) the wider chunks also fit the memory
   * budget. Measured at 10M 256-bit hashes, radius 31: 11 chunks beat 12 by about a third.
   */
  static int defaultChunks(int bits, int n) {
    int log2 = 31 - Integer.numberOfLeadingZeros(Math.max(n, 1));
    int target = Math.max(8, Math.min(24, log2));
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

  /** Gathers hits, which arrive in position order and once each, into growing arrays. */
  private static final class Collector implements HitConsumer {
    private int[] positions = new int[16];
    private int[] distances = new int[16];
    private int n;

    @Override
    public void accept(int position, int distance) {
      if (n == positions.length) {
        positions = Arrays.copyOf(positions, n * 2);
        distances = Arrays.copyOf(distances, n * 2);
      }
      positions[n] = position;
      distances[n++] = distance;
    }

    Hits toHits() {
      return new Hits(Arrays.copyOf(positions, n), Arrays.copyOf(distances, n));
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
     * The number of chunks (default: chunks of about {@code log2(n)} bits).
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
      return build(packed, true);
    }

    private HammingIndex build(long[] packed, boolean copy) {
      Objects.requireNonNull(packed, "packed");
      int words = bits / 64;
      if (packed.length % words != 0) {
        throw new IllegalArgumentException("packed length " + packed.length
            + " is not a multiple of " + words + " words per hash");
      }
      int n = packed.length / words;
      int m = chunks > 0 ? chunks : defaultChunks(bits, n);
      HammingSegment seg = HammingSegment.indexed(words, 0, copy ? packed.clone() : packed, m, null);
      return new HammingIndex(bits, seg, null, null, 0);
    }
  }
}
