package io.tripline.image;

import java.util.Arrays;

/**
 * PDQ's Jarosz blur (two box passes along x, then y, twice) and the 64x64 decimation
 * (pdq.md steps 4 and 5), giving bit for bit the reference's floats while computing far less.
 *
 * <p>Bit-exactness rests on keeping every running sum's own order of float additions; nothing
 * here reassociates a sum. What changes is which sums are computed when:
 * <ul>
 *   <li>The image streams through in strips of {@link PdqScratch#STRIP} rows: luma, first pass
 *       along x, then the pass along y over a ring of the last rows, then the second pass along x,
 *       then the last pass along y. Working memory is a few rows, not whole-image buffers.
 *   <li>Passes along y update all columns of a row at once: independent sums, each in its own
 *       order, in a loop the JIT turns into SIMD instructions (hence rows as separate arrays:
 *       JDK 17 does not vectorise {@code a[offset + x]}).
 *   <li>Passes along x run the sums of several rows side by side: one row's sum is a chain of
 *       dependent additions, several chains keep the floating-point units busy. The divisions by
 *       the window are taken afterwards over the whole row, again as a SIMD loop.
 *   <li>Only 64 columns and 64 rows of the result are sampled: the second pass along x keeps
 *       only the sums at those columns and stops after the last, and the last pass along y runs
 *       on those 64 columns, divides only at the sampled rows and stops after the last.
 * </ul>
 *
 * <p>Stateless; the buffers come from the caller's {@link PdqScratch}.
 */
final class PdqBlur {

  private PdqBlur() {}

  /** Blurs the luma of a {@code width} x {@code height} image into {@code scratch.grid}. */
  static void blurAndDecimate(PdqLuma luma, int width, int height, PdqScratch scratch) {
    final int strip = PdqScratch.STRIP;
    int windowX = (width + 127) / 128;
    int halfX = (windowX + 2) / 2;
    int windowY = (height + 127) / 128;
    int halfY = (windowY + 2) / 2;
    int ringRows = PdqScratch.ringRows(height);

    int[] sampledRows = scratch.sampledRows;
    int[] sampledColumns = scratch.sampledColumns;
    for (int i = 0; i < 64; i++) {
      sampledRows[i] = (int) ((i + 0.5) * height / 64);
      sampledColumns[i] = (int) ((i + 0.5) * width / 64);
    }
    int lastSampledRow = sampledRows[63];

    float[][] rows = scratch.strip;
    float[][] ring = scratch.ring;
    float[] columnSums = scratch.columnSums;
    float[][] blurredRows = scratch.blurredRows;
    float[][] sampledRing = scratch.sampledRing;
    float[] sampledSums = scratch.sampledSums;
    float[][] grid = scratch.grid;
    float[][] in = scratch.inRows;
    float[][] out = scratch.outRows;

    int rowsRead = 0;
    int blurredNext = 0; // next output row of the first pass along y
    int blurredBatch = 0; // of those, rows waiting in blurredRows for the second pass along x
    int sampledNext = 0; // next output row of the last pass along y
    int gridRow = 0; // next of the 64 sampled rows
    while (rowsRead < height && sampledNext <= lastSampledRow) {
      int count = Math.min(strip, height - rowsRead);
      luma.read(rowsRead, count, rows);
      for (int k = 0; k < strip; k++) {
        // A short last strip repeats its last row: the spare lanes redo that row's sums and write
        // the same values to the same place.
        int row = Math.min(k, count - 1);
        in[k] = rows[row];
        out[k] = ring[(rowsRead + row) % ringRows];
      }
      sumsAlongX(in, out, 0, width, windowX, halfX);
      if (count > 4) {
        sumsAlongX(in, out, 4, width, windowX, halfX);
      }
      for (int k = 0; k < count; k++) {
        divideAlongX(out[k], width, windowX, halfX);
      }
      rowsRead += count;

      while (blurredNext < height && Math.min(blurredNext + halfY - 1, height - 1) < rowsRead) {
        stepAlongY(ring, ringRows, width, columnSums, blurredNext, height, windowY, halfY,
            blurredRows[blurredBatch], true);
        blurredNext++;
        blurredBatch++;
        if (blurredBatch < strip && blurredNext < height) {
          continue;
        }
        // Second pass along x over the batch, divided at the 64 sampled columns only.
        int first = blurredNext - blurredBatch;
        for (int k = 0; k < strip; k++) {
          int row = Math.min(k, blurredBatch - 1);
          in[k] = blurredRows[row];
          out[k] = sampledRing[(first + row) % ringRows];
        }
        sampledSumsAlongX(in, out, width, windowX, halfX, sampledColumns);
        blurredBatch = 0;

        // Last pass along y, on the 64 sampled columns, as far as the rows now allow.
        while (sampledNext <= lastSampledRow && Math.min(sampledNext + halfY - 1, height - 1) < blurredNext) {
          boolean sampled = sampledNext == sampledRows[gridRow];
          stepAlongY(sampledRing, ringRows, 64, sampledSums, sampledNext, height, windowY, halfY,
              grid[Math.min(gridRow, 63)], sampled);
          if (sampled) {
            // Images under 64 rows sample some rows more than once.
            while (gridRow < 63 && sampledRows[gridRow + 1] == sampledNext) {
              System.arraycopy(grid[gridRow], 0, grid[gridRow + 1], 0, 64);
              gridRow++;
            }
            gridRow++;
          }
          sampledNext++;
        }
      }
    }
  }

  /**
   * The number of samples in the window of output {@code i} of a box pass over {@code n}.
   * The window is {@code [i - (window - half), i + half - 1]} clipped to {@code [0, n - 1]}.
   */
  static int windowCount(int i, int n, int window, int half) {
    return Math.min(i + half - 1, n - 1) - Math.max(i - (window - half), 0) + 1;
  }

  /**
   * The running sums of a box pass along x for four rows at once, written (not yet divided):
   * row {@code base + k} is read from {@code in[base + k]} and written to {@code out[base + k]}.
   * Each row's sum follows the reference's order: samples {@code 0 .. half - 2} added, then per
   * output the entering sample added, then the leaving one subtracted. (Four rows, not eight:
   * sixteen row arrays do not fit the x86-64 registers, and the spills cost more than the
   * parallel chains gain.)
   */
  static void sumsAlongX(float[][] in, float[][] out, int base, int n, int window, int half) {
    final float[] i0 = in[base], i1 = in[base + 1], i2 = in[base + 2], i3 = in[base + 3];
    final float[] o0 = out[base], o1 = out[base + 1], o2 = out[base + 2], o3 = out[base + 3];
    float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
    for (int x = 0; x < half - 1; x++) {
      s0 += i0[x];
      s1 += i1[x];
      s2 += i2[x];
      s3 += i3[x];
    }
    final int enter = half - 1;
    final int leave = window - half + 1;
    final int growEnd = window - half + 1;
    for (int x = 0; x < growEnd; x++) {
      int e = x + enter;
      o0[x] = s0 += i0[e];
      o1[x] = s1 += i1[e];
      o2[x] = s2 += i2[e];
      o3[x] = s3 += i3[e];
    }
    final int fullEnd = n - half + 1;
    for (int x = growEnd; x < fullEnd; x++) {
      int e = x + enter;
      int l = x - leave;
      s0 += i0[e];
      s1 += i1[e];
      s2 += i2[e];
      s3 += i3[e];
      o0[x] = s0 -= i0[l];
      o1[x] = s1 -= i1[l];
      o2[x] = s2 -= i2[l];
      o3[x] = s3 -= i3[l];
    }
    for (int x = fullEnd; x < n; x++) {
      int l = x - leave;
      o0[x] = s0 -= i0[l];
      o1[x] = s1 -= i1[l];
      o2[x] = s2 -= i2[l];
      o3[x] = s3 -= i3[l];
    }
  }

  /**
   * The second pass along x for eight rows at once, like {@link #sumsAlongX} but storing only the
   * means at the 64 {@code columns} (non-decreasing) into {@code out[k][0 .. 63]}, and stopping
   * after the last of them. (Eight rows fit the registers here, as nothing is stored per column.)
   */
  static void sampledSumsAlongX(float[][] in, float[][] out, int n, int window, int half, int[] columns) {
    final float[] i0 = in[0], i1 = in[1], i2 = in[2], i3 = in[3];
    final float[] i4 = in[4], i5 = in[5], i6 = in[6], i7 = in[7];
    float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
    for (int x = 0; x < half - 1; x++) {
      s0 += i0[x];
      s1 += i1[x];
      s2 += i2[x];
      s3 += i3[x];
      s4 += i4[x];
      s5 += i5[x];
      s6 += i6[x];
      s7 += i7[x];
    }
    final int enter = half - 1;
    final int leave = window - half + 1;
    final int growEnd = window - half + 1;
    final int fullEnd = n - half + 1;
    int x = 0; // the next output whose sum is not yet computed
    for (int j = 0; j < 64; j++) {
      int column = columns[j];
      int stop = column + 1;
      for (int end = Math.min(stop, growEnd); x < end; x++) {
        int e = x + enter;
        s0 += i0[e];
        s1 += i1[e];
        s2 += i2[e];
        s3 += i3[e];
        s4 += i4[e];
        s5 += i5[e];
        s6 += i6[e];
        s7 += i7[e];
      }
      for (int end = Math.min(stop, fullEnd); x < end; x++) {
        int e = x + enter;
        int l = x - leave;
        s0 += i0[e];
        s1 += i1[e];
        s2 += i2[e];
        s3 += i3[e];
        s4 += i4[e];
        s5 += i5[e];
        s6 += i6[e];
        s7 += i7[e];
        s0 -= i0[l];
        s1 -= i1[l];
        s2 -= i2[l];
        s3 -= i3[l];
        s4 -= i4[l];
        s5 -= i5[l];
        s6 -= i6[l];
        s7 -= i7[l];
      }
      for (; x < stop; x++) {
        int l = x - leave;
        s0 -= i0[l];
        s1 -= i1[l];
        s2 -= i2[l];
        s3 -= i3[l];
        s4 -= i4[l];
        s5 -= i5[l];
        s6 -= i6[l];
        s7 -= i7[l];
      }
      float count = windowCount(column, n, window, half);
      out[0][j] = s0 / count;
      out[1][j] = s1 / count;
      out[2][j] = s2 / count;
      out[3][j] = s3 / count;
      out[4][j] = s4 / count;
      out[5][j] = s5 / count;
      out[6][j] = s6 / count;
      out[7][j] = s7 / count;
    }
  }

  /** Turns one row of running sums along x into means, in place. */
  static void divideAlongX(float[] row, int n, int window, int half) {
    int growEnd = window - half + 1;
    for (int x = 0; x < growEnd; x++) {
      row[x] = row[x] / (x + half);
    }
    int fullEnd = n - half + 1;
    float full = window;
    for (int x = growEnd; x < fullEnd; x++) {
      row[x] = row[x] / full;
    }
    for (int x = fullEnd; x < n; x++) {
      row[x] = row[x] / (n - x + window - half);
    }
  }

  /**
   * Output row {@code r} of a box pass along y over {@code n} rows of {@code width} floats held in
   * a ring (row {@code y} in {@code ring[y % ringRows]}): updates every column's running sum
   * (entering row added, then leaving row subtracted, as the reference does) and, if {@code emit},
   * writes the means to {@code out}. Call for {@code r = 0, 1, ...} in order, each once row
   * {@code min(r + half - 1, n - 1)} is in the ring.
   */
  static void stepAlongY(float[][] ring, int ringRows, int width, float[] sums, int r, int n, int window,
      int half, float[] out, boolean emit) {
    if (r == 0) {
      Arrays.fill(sums, 0, width, 0f);
      for (int y = 0; y < half - 1; y++) {
        float[] row = ring[y % ringRows];
        for (int x = 0; x < width; x++) {
          sums[x] += row[x];
        }
      }
    }
    int enter = r + half - 1;
    int leave = r - (window - half) - 1;
    float count = windowCount(r, n, window, half);
    float[] entering = ring[enter % ringRows];
    float[] leaving = ring[Math.max(leave, 0) % ringRows];
    if (enter < n && leave >= 0) {
      if (emit) {
        for (int x = 0; x < width; x++) {
          float s = sums[x] + entering[x];
          s -= leaving[x];
          sums[x] = s;
          out[x] = s / count;
        }
      } else {
        for (int x = 0; x < width; x++) {
          float s = sums[x] + entering[x];
          sums[x] = s - leaving[x];
        }
      }
    } else if (enter < n) {
      for (int x = 0; x < width; x++) {
        sums[x] += entering[x];
      }
      if (emit) {
        divide(sums, out, width, count);
      }
    } else {
      for (int x = 0; x < width; x++) {
        sums[x] -= leaving[x];
      }
      if (emit) {
        divide(sums, out, width, count);
      }
    }
  }

  private static void divide(float[] sums, float[] out, int width, float count) {
    for (int x = 0; x < width; x++) {
      out[x] = sums[x] / count;
    }
  }
}
