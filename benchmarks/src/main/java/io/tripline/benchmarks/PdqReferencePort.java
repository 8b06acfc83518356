package io.tripline.benchmarks;

import io.tripline.spi.ImageHash;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.util.Arrays;

/**
 * The baseline for {@link PdqBenchmark}: a straightforward port of the PDQ reference as
 * {@code pdq.md} describes it, the way the reference implementations are written. Luma per pixel
 * through {@link BufferedImage#getRGB(int, int)} (raster samples for grey) into a whole-image
 * float buffer, each box pass over every row and then every column of two whole-image buffers,
 * the full blurred image decimated, a 64x64 DCT step by step, the median by sorting.
 *
 * <p>Gives the same hash as {@link io.tripline.image.PdqHasher} (the benchmark checks); it is
 * here to measure what the optimised hasher saves, not to be used. It allocates two float
 * buffers of the image's size per call (98 MB for 4032x3024). Thread-safe (no state).
 */
public final class PdqReferencePort {

  private static final float[][] DCT = dctMatrix();

  private PdqReferencePort() {}

  /** The PDQ hash of the image (no dihedral variants). */
  public static ImageHash hash(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    if (width < 5 || height < 5) {
      return new ImageHash("pdq", new long[4], 256, 0);
    }
    float[] buffer1 = luma(image);
    float[] buffer2 = new float[width * height];

    int windowAlongRows = (width + 127) / 128;
    int windowAlongCols = (height + 127) / 128;
    for (int rep = 0; rep < 2; rep++) {
      for (int y = 0; y < height; y++) {
        box1D(buffer1, buffer2, y * width, width, 1, windowAlongRows);
      }
      for (int x = 0; x < width; x++) {
        box1D(buffer2, buffer1, x, height, width, windowAlongCols);
      }
    }

    float[][] grid = new float[64][64];
    for (int i = 0; i < 64; i++) {
      int y = (int) ((i + 0.5) * height / 64);
      for (int j = 0; j < 64; j++) {
        int x = (int) ((j + 0.5) * width / 64);
        grid[i][j] = buffer1[y * width + x];
      }
    }
    int quality = quality(grid);

    float[][] temp = new float[16][64];
    for (int k = 0; k < 16; k++) {
      for (int n = 0; n < 64; n++) {
        float sum = 0f;
        for (int m = 0; m < 64; m++) {
          sum += DCT[k][m] * grid[m][n];
        }
        temp[k][n] = sum;
      }
    }
    float[] dct = new float[256];
    for (int k = 0; k < 16; k++) {
      for (int l = 0; l < 16; l++) {
        float sum = 0f;
        for (int n = 0; n < 64; n++) {
          sum += temp[k][n] * DCT[l][n];
        }
        dct[16 * k + l] = sum;
      }
    }

    float[] sorted = dct.clone();
    Arrays.sort(sorted);
    float median = sorted[127];
    long[] words = new long[4];
    for (int b = 0; b < 256; b++) {
      if (dct[b] > median) {
        words[3 - b / 64] |= 1L << (b % 64);
      }
    }
    return new ImageHash("pdq", words, 256, quality);
  }

  private static float[] luma(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    float[] luma = new float[width * height];
    boolean grey = image.getColorModel() instanceof ComponentColorModel
        && image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    Raster raster = image.getRaster();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if (grey) {
          luma[y * width + x] = Math.min(255, raster.getSample(x, y, 0));
        } else {
          int rgb = image.getRGB(x, y);
          luma[y * width + x] = 0.299f * ((rgb >> 16) & 0xFF) + 0.587f * ((rgb >> 8) & 0xFF) + 0.114f * (rgb & 0xFF);
        }
      }
    }
    return luma;
  }

  /** One box pass of {@code window} over {@code n} samples {@code stride} apart, as pdq.md step 4. */
  private static void box1D(float[] in, float[] out, int start, int n, int stride, int window) {
    int half = (window + 2) / 2;
    int read = start;
    int leave = start;
    int write = start;
    float sum = 0f;
    int count = 0;
    for (int i = 0; i < half - 1; i++) {
      sum += in[read];
      count++;
      read += stride;
    }
    for (int i = 0; i < window - half + 1; i++) {
      sum += in[read];
      count++;
      out[write] = sum / count;
      read += stride;
      write += stride;
    }
    for (int i = 0; i < n - window; i++) {
      sum += in[read];
      sum -= in[leave];
      out[write] = sum / count;
      read += stride;
      leave += stride;
      write += stride;
    }
    for (int i = 0; i < half - 1; i++) {
      sum -= in[leave];
      count--;
      out[write] = sum / count;
      leave += stride;
      write += stride;
    }
  }

  private static int quality(float[][] grid) {
    int sum = 0;
    for (int i = 0; i < 63; i++) {
      for (int j = 0; j < 64; j++) {
        sum += Math.abs((int) ((grid[i][j] - grid[i + 1][j]) * 100 / 255));
      }
    }
    for (int i = 0; i < 64; i++) {
      for (int j = 0; j < 63; j++) {
        sum += Math.abs((int) ((grid[i][j] - grid[i][j + 1]) * 100 / 255));
      }
    }
    return Math.min(100, sum / 90);
  }

  private static float[][] dctMatrix() {
    float[][] d = new float[16][64];
    float scale = (float) Math.sqrt(2.0 / 64.0);
    for (int k = 0; k < 16; k++) {
      for (int n = 0; n < 64; n++) {
        d[k][n] = (float) (scale * Math.cos((Math.PI / 2 / 64.0) * (k + 1) * (2 * n + 1)));
      }
    }
    return d;
  }
}
