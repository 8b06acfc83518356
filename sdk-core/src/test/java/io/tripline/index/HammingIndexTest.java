package io.tripline.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.spi.ImageHash;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HammingIndexTest {

  // ---- brute force reference ----

  private static int distance(long[] packed, int i, long[] q) {
    int words = q.length;
    int d = 0;
    for (int w = 0; w < words; w++) {
      d += Long.bitCount(packed[i * words + w] ^ q[w]);
    }
    return d;
  }

  /** position -> distance of every live hash within radius, by brute force. */
  private static TreeMap<Integer, Integer> brute(long[] packed, int words, long[] q, int radius,
      boolean[] deleted) {
    TreeMap<Integer, Integer> out = new TreeMap<>();
    for (int i = 0; i < packed.length / words; i++) {
      if (deleted != null && deleted[i]) {
        continue;
      }
      int d = distance(packed, i, q);
      if (d <= radius) {
        out.put(i, d);
      }
    }
    return out;
  }

  private static TreeMap<Integer, Integer> asMap(HammingIndex.Hits hits) {
    TreeMap<Integer, Integer> out = new TreeMap<>();
    for (int i = 0; i < hits.size(); i++) {
      assertThat(out.put(hits.position(i), hits.distance(i))).as("reported once").isNull();
    }
    return out;
  }

  private static long[] randomHashes(Random r, int n, int words) {
    long[] a = new long[n * words];
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextLong();
    }
    return a;
  }

  private static long[] flip(Random r, long[] h, int bitsToFlip) {
    long[] c = h.clone();
    int bits = h.length * 64;
    boolean[] used = new boolean[bits];
    for (int k = 0; k < bitsToFlip; k++) {
      int b;
      do {
        b = r.nextInt(bits);
      } while (used[b]);
      used[b] = true;
      c[b >>> 6] ^= 1L << (b & 63);
    }
    return c;
  }

  private static long[] at(long[] packed, int i, int words) {
    long[] h = new long[words];
    System.arraycopy(packed, i * words, h, 0, words);
    return h;
  }

  /** A few seeds with near-duplicates 0..40 bits away. */
  private static long[] clustered(Random r, int n, int words) {
    long[][] seeds = new long[5][];
    for (int s = 0; s < seeds.length; s++) {
      seeds[s] = randomHashes(r, 1, words);
    }
    long[] a = new long[n * words];
    for (int i = 0; i < n; i++) {
      long[] h = flip(r, seeds[r.nextInt(seeds.length)], r.nextInt(41));
      System.arraycopy(h, 0, a, i * words, words);
    }
    return a;
  }

  /** Queries at, just under and just over the radius from stored hashes, plus random ones. */
  private static List<long[]> queries(Random r, long[] packed, int words, int radius) {
    List<long[]> qs = new ArrayList<>();
    int n = packed.length / words;
    for (int k = 0; k < 30; k++) {
      long[] h = at(packed, r.nextInt(n), words);
      for (int delta : new int[] {0, radius - 1, radius, radius + 1, r.nextInt(radius + 5)}) {
        qs.add(flip(r, h, Math.max(0, Math.min(delta, words * 64))));
      }
      qs.add(randomHashes(r, 1, words));
    }
    return qs;
  }

  private static void assertMatchesBruteForce(HammingIndex index, long[] packed, int words,
      List<long[]> qs, int[] radii, boolean[] deleted) {
    for (long[] q : qs) {
      for (int radius : radii) {
        assertThat(asMap(index.search(q, radius)))
            .as("radius %d", radius)
            .isEqualTo(brute(packed, words, q, radius, deleted));
      }
    }
  }

  // ---- properties ----

  @ParameterizedTest(name = "{0} bits, {1} chunks, clustered={2}")
  @CsvSource({
      "256, 0, false", "256, 16, false", "256, 12, false", "256, 32, false",
      "256, 0, true", "256, 16, true",
      "64, 0, false", "64, 4, false", "64, 3, false", "64, 0, true", "64, 4, true",
      "128, 0, false", "192, 0, true"})
  void findsExactlyWhatBruteForceFinds(int bits, int chunks, boolean clustered) {
    int words = bits / 64;
    Random r = new Random(bits * 31L + chunks + (clustered ? 7 : 0));
    long[] packed = clustered ? clustered(r, 3000, words) : randomHashes(r, 3000, words);
    HammingIndex.Builder b = HammingIndex.builder(bits);
    if (chunks > 0) {
      b.chunks(chunks);
    }
    HammingIndex index = b.build(packed);
    int design = bits == 64 ? 10 : 31;
    assertMatchesBruteForce(index, packed, words, queries(r, packed, words, design),
        new int[] {0, 1, design - 1, design, design + 1, 2 * design + 3}, null);
  }

  @Test
  void largeRadiusIsStillExact() {
    Random r = new Random(5);
    long[] packed = clustered(r, 2000, 4);
    HammingIndex index = HammingIndex.builder(256).chunks(16).build(packed);
    for (long[] q : queries(r, packed, 4, 31)) {
      for (int radius : new int[] {48, 64, 100, 128, 256, 1000}) {
        assertThat(asMap(index.search(q, radius))).isEqualTo(brute(packed, 4, q, radius, null));
      }
    }
  }

  @ParameterizedTest(name = "{0} bits")
  @CsvSource({"256", "64"})
  void deletesAndAdditionsMatchBruteForce(int bits) {
    int words = bits / 64;
    int radius = bits == 64 ? 10 : 31;
    Random r = new Random(bits);
    long[] packed = clustered(r, 2000, words);
    HammingIndex index = HammingIndex.of(bits, packed);
    List<Long> all = new ArrayList<>();
    for (long v : packed) {
      all.add(v);
    }
    boolean[] deleted = new boolean[200_000];
    for (int round = 0; round < 4; round++) {
      int[] del = new int[50];
      for (int k = 0; k < del.length; k++) {
        del[k] = r.nextInt(index.size());
        deleted[del[k]] = true;
      }
      // Additions near existing entries (so they match the same queries) and near deleted ones.
      long[] add = new long[300 * words];
      for (int k = 0; k < 300; k++) {
        int src = r.nextInt(index.size());
        long[] h = flip(r, index.hash(src), r.nextInt(radius + 3));
        System.arraycopy(h, 0, add, k * words, words);
      }
      HammingIndex before = index;
      index = index.withChanges(del, add);
      assertThat(index.size()).isEqualTo(before.size() + 300);
      for (long v : add) {
        all.add(v);
      }
      long[] now = all.stream().mapToLong(Long::longValue).toArray();
      List<long[]> qs = queries(r, now, words, radius);
      assertMatchesBruteForce(index, now, words, qs, new int[] {radius - 1, radius, radius + 1},
          deleted);
      assertMatchesBruteForce(index.compact(), now, words, qs.subList(0, 40),
          new int[] {radius}, deleted);
      for (int p : del) {
        assertThat(index.isDeleted(p)).isTrue();
      }
    }
    assertThat(index.liveCount()).isLessThan(index.size());
  }

  @Test
  void largeAdditionsGetIndexedAndStayExact() {
    Random r = new Random(11);
    long[] packed = randomHashes(r, 1000, 4);
    long[] add = clustered(r, HammingIndex.LINEAR_ADDITIONS_LIMIT + 10, 4);
    HammingIndex index = HammingIndex.of(256, packed).withChanges(new int[] {3, 4}, add);
    long[] now = new long[packed.length + add.length];
    System.arraycopy(packed, 0, now, 0, packed.length);
    System.arraycopy(add, 0, now, packed.length, add.length);
    boolean[] deleted = new boolean[now.length / 4];
    deleted[3] = true;
    deleted[4] = true;
    List<long[]> qs = queries(r, now, 4, 31).subList(0, 24);
    assertMatchesBruteForce(index, now, 4, qs, new int[] {31}, deleted);
  }

  @Test
  void deletionOfAPositionTakesEffectInTheNextSnapshotOnly() {
    long[] packed = {1, 2, 3, 4, 5, 6, 7, 8};
    HammingIndex v1 = HammingIndex.of(256, packed);
    HammingIndex v2 = v1.withChanges(new int[] {0}, new long[0]);
    long[] q = {1, 2, 3, 4};
    assertThat(v1.search(q, 0).positions()).containsExactly(0);
    assertThat(v2.search(q, 0).positions()).isEmpty();
    assertThat(v2.liveCount()).isEqualTo(1);
  }

  // ---- dihedral multi-query ----

  @Test
  void searchAnyReportsEachPositionOnceWithItsSmallestDistance() {
    Random r = new Random(8);
    long[] packed = clustered(r, 4000, 4);
    HammingIndex index = HammingIndex.of(256, packed);
    for (int t = 0; t < 20; t++) {
      long[][] variants = new long[8][];
      long[] seed = at(packed, r.nextInt(4000), 4);
      for (int v = 0; v < 8; v++) {
        variants[v] = v % 2 == 0 ? flip(r, seed, r.nextInt(40)) : randomHashes(r, 1, 4);
      }
      TreeMap<Integer, Integer> expected = new TreeMap<>();
      for (long[] q : variants) {
        brute(packed, 4, q, 31, null).forEach((p, d) -> expected.merge(p, d, Math::min));
      }
      assertThat(asMap(index.searchAny(variants, 31))).isEqualTo(expected);
      List<int[]> viaConsumer = new ArrayList<>();
      index.searchAny(variants, 31, (p, d) -> viaConsumer.add(new int[] {p, d}));
      assertThat(viaConsumer).hasSize(expected.size());
    }
  }

  @Test
  void searchAnyCoversAdditionsAndDeletesInPositionOrder() {
    Random r = new Random(12);
    long[] packed = clustered(r, 3000, 4);
    long[] add = clustered(r, 400, 4);
    int[] del = {5, 17, 2999, 3001};
    HammingIndex index = HammingIndex.of(256, packed).withChanges(new int[] {5, 17, 2999},
        add).withChanges(new int[] {3001}, new long[0]);
    long[] now = new long[packed.length + add.length];
    System.arraycopy(packed, 0, now, 0, packed.length);
    System.arraycopy(add, 0, now, packed.length, add.length);
    boolean[] deleted = new boolean[now.length / 4];
    for (int p : del) {
      deleted[p] = true;
    }
    for (int t = 0; t < 20; t++) {
      long[][] variants = new long[8][];
      for (int v = 0; v < 8; v++) {
        variants[v] = flip(r, at(now, r.nextInt(now.length / 4), 4), r.nextInt(36));
      }
      TreeMap<Integer, Integer> expected = new TreeMap<>();
      for (long[] q : variants) {
        brute(now, 4, q, 31, deleted).forEach((p, d) -> expected.merge(p, d, Math::min));
      }
      List<Integer> order = new ArrayList<>();
      index.searchAny(variants, 31, (p, d) -> order.add(p));
      assertThat(order).containsExactlyElementsOf(expected.keySet());
      assertThat(asMap(index.searchAny(variants, 31))).isEqualTo(expected);
    }
    assertThat(index.searchAny(new long[0][], 31).size()).isZero();
  }

  // ---- bucket tables ----

  @Test
  void bucketStartsAreExactAcrossOverflowingBlocks() {
    // 4,096 buckets and under 8,192 entries: blocks of 64 buckets, relative starts up to 255.
    int w = 12;
    Random r = new Random(4);
    int[] sizes = new int[1 << w];
    for (int v = 0; v < sizes.length; v++) {
      sizes[v] = r.nextInt(2);
    }
    // Block 0: its last bucket starts exactly 255 entries in, the most a byte holds.
    for (int v = 0; v < 63; v++) {
      sizes[v] = v < 62 ? 4 : 7;
    }
    sizes[63] = 10;
    // Block 1: its last bucket starts 256 entries in, one too many.
    for (int v = 64; v < 127; v++) {
      sizes[v] = v < 126 ? 4 : 8;
    }
    // Block 2: one huge bucket first; block 3: one huge bucket last (fits: it starts at 0).
    sizes[128] = 1000;
    for (int v = 192; v < 256; v++) {
      sizes[v] = v == 255 ? 500 : 0;
    }
    int[] offsets = new int[sizes.length + 1];
    for (int v = 0; v < sizes.length; v++) {
      offsets[v + 1] = offsets[v] + sizes[v];
    }
    int live = offsets[sizes.length];
    assertThat(offsets[63]).isEqualTo(255);
    assertThat(offsets[127] - offsets[64]).isEqualTo(256);
    HammingSegment.ChunkTable table =
        HammingSegment.ChunkTable.of(w, offsets, live, new byte[live * 3 + 1], 3);
    assertThat(table.overflowBlocks()).isEqualTo(2);
    for (int v = 0; v <= sizes.length; v++) {
      assertThat(table.start(v)).as("start of bucket %d", v).isEqualTo(offsets[v]);
    }
  }

  @ParameterizedTest(name = "{0}-byte postings")
  @CsvSource({"3", "4"})
  void postingsRoundTripAtTheirWidthLimit(int width) {
    int max = width == 3 ? (1 << 24) - 1 : Integer.MAX_VALUE;
    int[] values = {0, 1, 255, 256, 65_535, 65_536, max - 1, max, 0xABCDE, max / 3};
    byte[] postings = new byte[values.length * width + 1];
    // Written out of order: a write must not disturb its neighbours.
    for (int k = values.length - 1; k >= 0; k -= 2) {
      HammingSegment.ChunkTable.putPosting(postings, k, width, values[k]);
    }
    for (int k = 0; k < values.length; k += 2) {
      HammingSegment.ChunkTable.putPosting(postings, k, width, values[k]);
    }
    int[] offsets = {0, values.length};
    HammingSegment.ChunkTable table =
        HammingSegment.ChunkTable.of(0, offsets, values.length, postings, width);
    int[] out = new int[values.length];
    assertThat(table.gather(new int[] {0}, new int[] {values.length}, 0, 1, out, 0))
        .isEqualTo(values.length);
    assertThat(out).containsExactly(values);
  }

  @Test
  void hugeBucketOfDuplicatesIsSearchedExactly() {
    Random r = new Random(9);
    long[] dup = randomHashes(r, 1, 4);
    long[] packed = randomHashes(r, 4000, 4);
    for (int i = 0; i < 1500; i++) {
      // Exact duplicates, as the same image re-uploaded gives, then neighbours 1..5 bits away and
      // ones differing only in the lowest bit of the first chunk (the adjacent bucket).
      long[] h = i < 1000 ? dup : flip(r, dup, 1 + r.nextInt(5));
      if (i % 7 == 0) {
        h = dup.clone();
        h[0] ^= 1L << 40;
      }
      System.arraycopy(h, 0, packed, (i * 2) * 4, 4);
    }
    HammingSegment seg = HammingSegment.indexed(4, 0, packed.clone(), 11, null);
    int overflowing = 0;
    for (HammingSegment.ChunkTable t : seg.tables) {
      overflowing += t.overflowBlocks();
    }
    assertThat(overflowing).as("blocks past a relative byte").isPositive();
    HammingIndex index = HammingIndex.builder(256).chunks(11).build(packed);
    List<long[]> qs = queries(r, packed, 4, 31);
    for (int k = 0; k < 20; k++) {
      qs.add(flip(r, dup, k * 2));
    }
    assertMatchesBruteForce(index, packed, 4, qs, new int[] {0, 5, 31, 40}, null);
    boolean[] deleted = new boolean[4000];
    int[] del = new int[300];
    for (int k = 0; k < del.length; k++) {
      del[k] = k * 3;
      deleted[k * 3] = true;
    }
    HammingIndex compacted = index.withChanges(del, new long[0]).compact();
    assertMatchesBruteForce(compacted, packed, 4, qs, new int[] {31}, deleted);
  }

  // ---- ThreatExchange needles / haystack ----

  private static List<String> lines(String name) throws IOException {
    try (InputStream in = HammingIndexTest.class.getResourceAsStream("/index/" + name)) {
      assertThat(in).as(name).isNotNull();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<String> out = new ArrayList<>();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank()) {
          out.add(line.trim());
        }
      }
      return out;
    }
  }

  @ParameterizedTest(name = "radius {0}")
  @CsvSource({"31", "32"})
  void needlesFindExactlyTheBruteForcePairs(int radius) throws IOException {
    List<String> haystack = lines("haystack.txt");
    List<String> needles = lines("needles.txt");
    long[] packed = new long[haystack.size() * 4];
    for (int i = 0; i < haystack.size(); i++) {
      System.arraycopy(ImageHash.parseHex(haystack.get(i), 256), 0, packed, i * 4, 4);
    }
    List<String> expected = new ArrayList<>();
    List<String> csv = lines("needles-vs-haystack-bruteforce-d32.csv");
    for (String row : csv.subList(1, csv.size())) {
      String[] f = row.split(",");
      if (Integer.parseInt(f[4]) <= radius) {
        expected.add(f[0] + "," + f[1] + "," + f[4]);
      }
    }
    assertThat(expected).isNotEmpty();
    for (int chunks : new int[] {0, 16, 12}) {
      HammingIndex.Builder b = HammingIndex.builder(256);
      if (chunks > 0) {
        b.chunks(chunks);
      }
      HammingIndex index = b.build(packed);
      List<String> actual = new ArrayList<>();
      for (int n = 0; n < needles.size(); n++) {
        HammingIndex.Hits hits = index.search(ImageHash.parseHex(needles.get(n), 256), radius);
        for (int i = 0; i < hits.size(); i++) {
          actual.add((n + 1) + "," + (hits.position(i) + 1) + "," + hits.distance(i));
        }
      }
      assertThat(actual).as("chunks %d", chunks).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  // ---- concurrency ----

  @Test
  void concurrentQueriesAgreeWithSingleThreaded() throws Exception {
    Random r = new Random(21);
    long[] packed = clustered(r, 20_000, 4);
    HammingIndex index = HammingIndex.of(256, packed).withChanges(new int[] {1, 2, 3},
        clustered(r, 500, 4));
    List<long[]> qs = queries(r, packed, 4, 31);
    List<int[]> expected = new ArrayList<>();
    for (long[] q : qs) {
      expected.add(index.search(q, 31).positions());
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<int[]>>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(pool.submit(() -> {
          List<int[]> out = new ArrayList<>();
          for (int rep = 0; rep < 5; rep++) {
            for (long[] q : qs) {
              out.add(index.search(q, 31).positions());
            }
          }
          return out;
        }));
      }
      for (Future<List<int[]>> f : futures) {
        List<int[]> got = f.get();
        for (int i = 0; i < got.size(); i++) {
          assertThat(got.get(i)).isEqualTo(expected.get(i % qs.size()));
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- contract ----

  @Test
  void rejectsBadArguments() {
    HammingIndex index = HammingIndex.of(64, new long[] {1, 2, 3});
    assertThatThrownBy(() -> HammingIndex.builder(100)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HammingIndex.of(256, new long[3]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> index.search(new long[2], 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> index.search(new long[1], -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> index.withChanges(new int[] {3}, new long[0]))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> HammingIndex.builder(64).chunks(2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(HammingIndex.of(64, new long[0]).search(new long[1], 64).size()).isZero();
  }

  @Test
  void defaultChunkingFollowsSize() {
    assertThat(HammingIndex.defaultChunks(256, 10_000_000)).isEqualTo(11);
    assertThat(HammingIndex.defaultChunks(256, 50_000_000)).isEqualTo(11);
    assertThat(HammingIndex.defaultChunks(256, 1_000_000)).isEqualTo(13);
    assertThat(HammingIndex.defaultChunks(64, 10_000_000)).isEqualTo(3);
    assertThat(HammingIndex.defaultChunks(256, 1_000)).isEqualTo(28);
  }
}
