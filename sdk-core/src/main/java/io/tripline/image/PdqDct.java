package io.tripline.image;

import io.tripline.spi.Dihedral;
import java.util.Arrays;

/**
 * PDQ from the 64x64 grid on: quality (pdq.md step 6), the partial DCT (step 7), the median
 * threshold and bit layout (steps 8 and 9) and the dihedral variants, all in the reference's float
 * order. Stateless; buffers come from the caller.
 */
final class PdqDct {

  /** {@code D[k][n]}: rows 1..16 of the 64-point DCT-II, computed once. */
  static final float[][] MATRIX = matrix();

  private PdqDct() {}

  private static float[][] matrix() {
    float[][] d = new float[16][64];
    float scale = (float) Math.sqrt(2.0 / 64.0);
    for (int k = 0; k < 16; k++) {
      for (int n = 0; n < 64; n++) {
        // The product is taken in double and rounded once, as the reference does. StrictMath:
        // Math.cos may differ in the last bit of the double between JVMs (here in 34 of these
        // 1,024 values, none of which moves the rounded float); fdlibm is the same everywhere.
        d[k][n] = (float) (scale * StrictMath.cos((Math.PI / 2 / 64.0) * (k + 1) * (2 * n + 1)));
      }
    }
    return d;
  }

  /** The gradient-based quality 0..100 of the 64x64 grid. */
  static int quality(float[][] grid) {
    int sum = 0;
    for (int i = 0; i < 63; i++) {
      float[] row = grid[i];
      float[] below = grid[i + 1];
      for (int j = 0; j < 64; j++) {
        sum += Math.abs((int) ((row[j] - below[j]) * 100 / 255));
      }
    }
    for (int i = 0; i < 64; i++) {
      float[] row = grid[i];
      for (int j = 0; j < 63; j++) {
        sum += Math.abs((int) ((row[j] - row[j + 1]) * 100 / 255));
      }
    }
    return Math.min(100, sum / 90);
  }

  /**
   * {@code B = D * A * D^T} for the grid {@code A}, into {@code out} (16x16, row-major), using
   * {@code rows} (16x64) for {@code T = D * A}. Every sum starts at 0 and adds its 64 products in
   * index order; Java never fuses a multiply and an add, so each term is rounded as in the
   * reference.
   */
  static void transform(float[][] grid, float[][] rows, float[] out) {
    for (int k = 0; k < 16; k++) {
      float[] t = rows[k];
      float[] d = MATRIX[k];
      Arrays.fill(t, 0f);
      for (int m = 0; m < 64; m++) {
        // Accumulating a whole row of T at a time keeps each T[k][n]'s terms in order m = 0..63
        // while the loop over n vectorises.
        float dm = d[m];
        float[] a = grid[m];
        for (int n = 0; n < 64; n++) {
          t[n] += dm * a[n];
        }
      }
    }
    for (int k = 0; k < 16; k++) {
      float[] t = rows[k];
      for (int l = 0; l < 16; l++) {
        float[] d = MATRIX[l];
        float sum = 0f;
        for (int n = 0; n < 64; n++) {
          sum += t[n] * d[n];
        }
        out[k * 16 + l] = sum;
      }
    }
  }

  /**
   * Writes into {@code out} the DCT of the image turned by {@code variant}, derived from the DCT
   * {@code a} of the image as stored (pdq.md's table: a flip negates the odd frequencies along its
   * axis, a transpose swaps k and l).
   */
  static void variant(float[] a, Dihedral variant, float[] out) {
    for (int k = 0; k < 16; k++) {
      for (int l = 0; l < 16; l++) {
        float v = a[k * 16 + l];
        boolean kEven = (k & 1) == 0;
        boolean lEven = (l & 1) == 0;
        boolean sumOdd = ((k + l) & 1) == 1;
        switch (variant) {
          case ORIGINAL -> out[k * 16 + l] = v;
          case ROTATE_90 -> out[l * 16 + k] = lEven ? -v : v;
          case ROTATE_180 -> out[k * 16 + l] = sumOdd ? -v : v;
          case ROTATE_270 -> out[l * 16 + k] = kEven ? -v : v;
          case FLIP_X -> out[k * 16 + l] = kEven ? -v : v;
          case FLIP_Y -> out[k * 16 + l] = lEven ? -v : v;
          case FLIP_PLUS_1 -> out[l * 16 + k] = v;
          case FLIP_MINUS_1 -> out[l * 16 + k] = sumOdd ? -v : v;
        }
      }
    }
  }

  /**
   * The 256 bits of a 16x16 DCT: bit {@code 16k + l} is set iff {@code B[k][l]} exceeds the
   * median ({@code sorted[127]}), packed as {@link io.tripline.spi.ImageHash} packs them:
   * big-endian, so bit {@code b} is bit {@code b % 64} of word {@code 3 - b / 64} and the hex
   * string prints PDQ's 16-bit word 15 first.
   */
  static long[] threshold(float[] b, float[] sorted) {
    System.arraycopy(b, 0, sorted, 0, 256);
    Arrays.sort(sorted, 0, 256);
    float median = sorted[127];
    long[] words = new long[4];
    for (int i = 0; i < 256; i++) {
      if (b[i] > median) {
        words[3 - (i >>> 6)] |= 1L << (i & 63);
      }
    }
    return words;
  }
}
