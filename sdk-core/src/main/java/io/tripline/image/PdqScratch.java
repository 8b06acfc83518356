package io.tripline.image;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The working memory of one PDQ hash, sized for the image, and a small shared pool of them. A
 * hash of a 4032x3024 photo needs about 1 MB; pooling it keeps hashing free of per-call
 * megabyte allocations, while the pool's size (one per core) and the cap on what it keeps bound
 * the memory held between calls, however many threads hash. A thread that finds the pool empty
 * allocates its own scratch.
 *
 * <p>Rows are separate arrays, not slices of one: the JDK 17 JIT vectorises {@code a[x] op b[x]}
 * but not {@code a[offset + x] op b[x]}, and the passes along y are such loops.
 *
 * <p>An instance is used by one thread at a time; the pool is thread-safe.
 */
final class PdqScratch {

  /** Rows taken through the passes along x per step (their running sums proceed in parallel). */
  static final int STRIP = 8;

  /** A scratch bigger than this (only extreme aspect ratios get there) is not kept. */
  private static final long MAX_POOLED_BYTES = 16L << 20;

  private static final AtomicReferenceArray<PdqScratch> POOL =
      new AtomicReferenceArray<>(Math.max(2, Math.min(64, Runtime.getRuntime().availableProcessors())));

  /** A strip of luma rows; later reused for the second pass's running sums. */
  float[][] strip = new float[0][];
  /** The last rows of the first pass along x, a ring for the pass along y. */
  float[][] ring = new float[0][];
  float[] columnSums = new float[0];
  /** Rows out of the first pass along y, waiting for the second pass along x. */
  float[][] blurredRows = new float[0][];
  /** The second pass along x, at the 64 sampled columns only, a ring for the last pass along y. */
  float[][] sampledRing = new float[0][];
  final float[] sampledSums = new float[64];
  final float[][] grid = new float[64][64];
  final float[][] dctRows = new float[16][64];
  final float[] dct = new float[256];
  final float[] variant = new float[256];
  final float[] sorted = new float[256];
  final int[] sampledRows = new int[64];
  final int[] sampledColumns = new int[64];
  final float[][] inRows = new float[STRIP][];
  final float[][] outRows = new float[STRIP][];
  int[] rowInts = new int[0];

  /** A scratch (pooled or new) big enough for a {@code width} x {@code height} image. */
  static PdqScratch acquire(int width, int height) {
    PdqScratch scratch = null;
    for (int i = 0; i < POOL.length() && scratch == null; i++) {
      scratch = POOL.getAndSet(i, null);
    }
    if (scratch == null) {
      scratch = new PdqScratch();
    }
    scratch.ensure(width, height);
    return scratch;
  }

  /** Returns a scratch to the pool, unless the pool is full or the scratch is too big to keep. */
  static void release(PdqScratch scratch) {
    if (scratch.bytes() > MAX_POOLED_BYTES) {
      return;
    }
    for (int i = 0; i < POOL.length(); i++) {
      if (POOL.compareAndSet(i, null, scratch)) {
        return;
      }
    }
  }

  private void ensure(int width, int height) {
    int ringRows = ringRows(height);
    strip = atLeast(strip, STRIP, width);
    ring = atLeast(ring, ringRows, width);
    blurredRows = atLeast(blurredRows, STRIP, width);
    sampledRing = atLeast(sampledRing, ringRows, 64);
    if (columnSums.length < width) {
      columnSums = new float[width];
    }
    if (rowInts.length < width) {
      rowInts = new int[width];
    }
  }

  /** Rows a pass along y must hold: its window plus the rows that arrive together. */
  static int ringRows(int height) {
    return (height + 127) / 128 + STRIP;
  }

  private long bytes() {
    return 4 * (columnSums.length + (long) rowInts.length + floats(strip) + floats(ring) + floats(blurredRows)
        + floats(sampledRing));
  }

  private static long floats(float[][] rows) {
    return rows.length == 0 ? 0 : (long) rows.length * rows[0].length;
  }

  private static float[][] atLeast(float[][] rows, int count, int width) {
    if (rows.length >= count && rows.length > 0 && rows[0].length >= width) {
      return rows;
    }
    float[][] grown = new float[Math.max(count, rows.length)][];
    int length = paddedLength(width);
    for (int i = 0; i < grown.length; i++) {
      grown[i] = new float[length];
    }
    return grown;
  }

  /**
   * A row length at least {@code width} whose arrays, allocated one after another, do not start
   * at nearly the same address modulo 4 KB: the passes along x read and write eight rows in
   * lockstep, and when those addresses agree in their low 12 bits the CPU takes the loads for
   * dependent on the stores (4K aliasing): 15 % slower at 1024 wide without the padding.
   */
  static int paddedLength(int width) {
    for (int length = width; ; length++) {
      long bytes = 16 + 4L * length; // array header included
      boolean spread = true;
      for (int m = 1; m < STRIP && spread; m++) {
        long d = (m * bytes) % 4096;
        spread = Math.min(d, 4096 - d) >= 256;
      }
      if (spread || length >= width + 1024) {
        return length;
      }
    }
  }
}
