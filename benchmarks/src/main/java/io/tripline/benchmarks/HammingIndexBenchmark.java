package io.tripline.benchmarks;

import io.tripline.index.HammingIndex;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link HammingIndex} over {@code n} hashes of {@code bits} bits, PDQ-sized (256, radius 31) or
 * JImageHash-sized (64, radius 10), single thread, side by side with a linear scan of the same
 * packed array in the same run.
 *
 * <p>Data from fixed seeds: {@code random} is uniform hashes; {@code clustered} is {@code n / 100}
 * random seeds with 100 near-duplicates each, 0..40 bits (64-bit: 0..13 bits) from their seed.
 * Queries: 1,024 per run, each a stored hash with 0..radius bits flipped (a planted match), cycled
 * through so that successive calls touch different buckets. The dihedral benchmarks pass 8 queries
 * per call: one planted and 7 random ones. Setup prints the build time, bytes per hash and the
 * time of one 10k delta. The 50M runs need a bigger heap: {@code -jvmArgsAppend "-Xms14g -Xmx14g
 * -XX:+AlwaysPreTouch"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 4)
@Fork(value = 1, jvmArgsAppend = {"-Xms8g", "-Xmx8g", "-XX:+AlwaysPreTouch"})
public class HammingIndexBenchmark {

  private static final int QUERIES = 1024;

  @Param({"1000000", "10000000"})
  int n;

  @Param({"random", "clustered"})
  String data;

  /** 256 (PDQ, radius 31) or 64 (JImageHash, radius 10). */
  @Param({"256"})
  int bits;

  /** 0 = the default chunking. */
  @Param({"0"})
  int chunks;

  int words;
  int radius;
  long[] packed;
  HammingIndex index;
  long[][] queries;
  long[][][] dihedral;
  int[] deletes;
  long[] additions;
  int next;

  @Setup
  public void setup() {
    if (bits != 256 && bits != 64) {
      throw new IllegalArgumentException("bits: " + bits);
    }
    words = bits / 64;
    radius = bits == 64 ? 10 : 31;
    SplittableRandom r = new SplittableRandom(42);
    packed = new long[n * words];
    if (data.equals("random")) {
      for (int i = 0; i < packed.length; i++) {
        packed[i] = r.nextLong();
      }
    } else if (data.equals("clustered")) {
      long[] seed = new long[words];
      int spread = bits == 64 ? 13 : 40;
      for (int i = 0; i < n; i++) {
        if (i % 100 == 0) {
          for (int w = 0; w < words; w++) {
            seed[w] = r.nextLong();
          }
        }
        System.arraycopy(flip(r, seed, r.nextInt(spread + 1)), 0, packed, i * words, words);
      }
    } else {
      throw new IllegalArgumentException("data: " + data);
    }
    System.gc();
    long t0 = System.nanoTime();
    HammingIndex.Builder b = HammingIndex.builder(bits);
    if (chunks > 0) {
      b.chunks(chunks);
    }
    index = b.build(packed);
    long buildNanos = System.nanoTime() - t0;

    queries = new long[QUERIES][];
    dihedral = new long[QUERIES][][];
    for (int q = 0; q < QUERIES; q++) {
      int at = r.nextInt(n);
      long[] stored = new long[words];
      System.arraycopy(packed, at * words, stored, 0, words);
      queries[q] = flip(r, stored, r.nextInt(radius + 1));
      dihedral[q] = new long[8][];
      dihedral[q][0] = queries[q];
      for (int v = 1; v < 8; v++) {
        dihedral[q][v] = new long[words];
        for (int w = 0; w < words; w++) {
          dihedral[q][v][w] = r.nextLong();
        }
      }
      if (index.search(queries[q], radius).size() == 0) {
        throw new IllegalStateException("planted match not found");
      }
    }

    deletes = new int[5_000];
    for (int i = 0; i < deletes.length; i++) {
      deletes[i] = r.nextInt(n);
    }
    additions = new long[5_000 * words];
    for (int i = 0; i < additions.length; i++) {
      additions[i] = r.nextLong();
    }
    long t1 = System.nanoTime();
    HammingIndex next = index.withChanges(deletes, additions);
    long deltaNanos = System.nanoTime() - t1;
    System.out.printf("%n[setup] n=%d bits=%d data=%s chunks=%d build=%.2f s bytes/hash=%.1f "
            + "(hashes %d + index %.1f) first 10k delta=%.1f ms, size after=%d%n",
        n, bits, data, index.chunks(), buildNanos / 1e9, (double) index.bytesUsed() / n,
        8 * words, (double) index.bytesUsed() / n - 8 * words, deltaNanos / 1e6, next.size());
  }

  private static long[] flip(SplittableRandom r, long[] h, int bits) {
    long[] c = h.clone();
    for (int k = 0; k < bits; k++) {
      int b = r.nextInt(h.length * 64);
      if (((c[b >>> 6] ^ h[b >>> 6]) & (1L << b)) != 0) {
        k--; // already flipped: pick another bit so exactly `bits` differ
        continue;
      }
      c[b >>> 6] ^= 1L << b;
    }
    return c;
  }

  @Benchmark
  public void index(Blackhole bh) {
    long[] q = queries[next++ & (QUERIES - 1)];
    index.search(q, radius, (p, d) -> bh.consume(p));
  }

  @Benchmark
  public void linearScan(Blackhole bh) {
    long[] q = queries[next++ & (QUERIES - 1)];
    long[] h = packed;
    int radius = this.radius;
    if (words == 1) {
      long q0 = q[0];
      for (int i = 0, end = h.length; i < end; i++) {
        if (Long.bitCount(h[i] ^ q0) <= radius) {
          bh.consume(i);
        }
      }
      return;
    }
    long q0 = q[0];
    long q1 = q[1];
    long q2 = q[2];
    long q3 = q[3];
    for (int i = 0, end = h.length; i < end; i += 4) {
      int d = Long.bitCount(h[i] ^ q0) + Long.bitCount(h[i + 1] ^ q1)
          + Long.bitCount(h[i + 2] ^ q2) + Long.bitCount(h[i + 3] ^ q3);
      if (d <= radius) {
        bh.consume(i >>> 2);
      }
    }
  }

  @Benchmark
  public HammingIndex.Hits indexDihedral() {
    return index.searchAny(dihedral[next++ & (QUERIES - 1)], radius);
  }

  /** 5,000 deletes + 5,000 additions on the built index. */
  @Benchmark
  public HammingIndex applyDelta10k() {
    return index.withChanges(deletes, additions);
  }
}
