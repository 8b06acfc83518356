package io.tripline.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.util.Arrays;

/**
 * A slow, obviously correct PDQ written straight from {@code pdq.md}, step by step, with
 * two-dimensional arrays and no shortcuts, to check the optimised {@link PdqHasher} against on
 * any pixels. It shares no code with the hasher: a bug would have to be made twice, the same way.
 */
final class PdqSlowReference {

  /**
   * The hex of the eight dihedral variants (indexed like {@code Dihedral.values()}), the quality
   * and the 16x16 DCT (row-major; null under 5 pixels).
   */
  record Result(String[] hex, int quality, float[] dct) {
    String original() {
      return hex[0];
    }
  }

  private PdqSlowReference() {}

  static Result hash(BufferedImage image) {
    return hash(luma(image));
  }

  /** Luma as pdq.md step 2: grey rasters from their samples (16-bit clipped), others from getRGB. */
  static float[][] luma(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    float[][] luma = new float[height][width];
    boolean grey = image.getColorModel() instanceof ComponentColorModel
        && image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
        && image.getRaster().getDataBuffer().getDataType() != DataBuffer.TYPE_FLOAT
        && image.getRaster().getDataBuffer().getDataType() != DataBuffer.TYPE_DOUBLE;
    Raster raster = image.getRaster();
    int bits = raster.getSampleModel().getSampleSize(0);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if (grey) {
          int v = raster.getSample(x, y, 0);
          if (bits < 8) {
            int max = (1 << bits) - 1;
            v = (v * 255 + max / 2) / max;
          }
          luma[y][x] = Math.max(0, Math.min(255, v));
        } else {
          int rgb = image.getRGB(x, y);
          int r = (rgb >> 16) & 0xFF;
          int g = (rgb >> 8) & 0xFF;
          int b = rgb & 0xFF;
          luma[y][x] = 0.299f * r + 0.587f * g + 0.114f * b;
        }
      }
    }
    return luma;
  }

  static Result hash(float[][] luma) {
    int height = luma.length;
    int width = luma[0].length;
    if (width < 5 || height < 5) {
      String zero = "0".repeat(64);
      String[] hex = new String[8];
      Arrays.fill(hex, zero);
      return new Result(hex, 0, null);
    }
    float[][] a = new float[height][];
    for (int y = 0; y < height; y++) {
      a[y] = luma[y].clone();
    }
    float[][] b = new float[height][width];
    int windowAlongRows = (width + 127) / 128;
    int windowAlongCols = (height + 127) / 128;
    for (int rep = 0; rep < 2; rep++) {
      for (int y = 0; y < height; y++) {
        float[] in = a[y];
        float[] out = b[y];
        boxPass(i -> in[i], (i, v) -> out[i] = v, width, windowAlongRows);
      }
      for (int x = 0; x < width; x++) {
        int column = x;
        boxPass(i -> b[i][column], (i, v) -> a[i][column] = v, height, windowAlongCols);
      }
    }
    float[][] grid = new float[64][64];
    for (int i = 0; i < 64; i++) {
      for (int j = 0; j < 64; j++) {
        grid[i][j] = a[(int) ((i + 0.5) * height / 64)][(int) ((j + 0.5) * width / 64)];
      }
    }
    int gradients = 0;
    for (int i = 0; i < 63; i++) {
      for (int j = 0; j < 64; j++) {
        gradients += Math.abs((int) ((grid[i][j] - grid[i + 1][j]) * 100 / 255));
      }
    }
    for (int i = 0; i < 64; i++) {
      for (int j = 0; j < 63; j++) {
        gradients += Math.abs((int) ((grid[i][j] - grid[i][j + 1]) * 100 / 255));
      }
    }
    int quality = Math.min(100, gradients / 90);

    float[][] d = new float[16][64];
    float scale = (float) Math.sqrt(2.0 / 64.0);
    for (int k = 0; k < 16; k++) {
      for (int n = 0; n < 64; n++) {
        d[k][n] = (float) (scale * Math.cos((Math.PI / 2 / 64.0) * (k + 1) * (2 * n + 1)));
      }
    }
    float[][] t = new float[16][64];
    for (int k = 0; k < 16; k++) {
      for (int n = 0; n < 64; n++) {
        float sum = 0f;
        for (int m = 0; m < 64; m++) {
          sum += d[k][m] * grid[m][n];
        }
        t[k][n] = sum;
      }
    }
    float[][] dct = new float[16][16];
    for (int k = 0; k < 16; k++) {
      for (int l = 0; l < 16; l++) {
        float sum = 0f;
        for (int n = 0; n < 64; n++) {
          sum += t[k][n] * d[l][n];
        }
        dct[k][l] = sum;
      }
    }
    String[] hex = new String[8];
    for (int variant = 0; variant < 8; variant++) {
      hex[variant] = threshold(dihedral(dct, variant));
    }
    float[] flat = new float[256];
    for (int k = 0; k < 16; k++) {
      System.arraycopy(dct[k], 0, flat, 16 * k, 16);
    }
    return new Result(hex, quality, flat);
  }

  interface Reader {
    float get(int i);
  }

  interface Writer {
    void set(int i, float v);
  }

  /** One 1-D box pass with pdq.md's running sum, phase by phase. */
  static void boxPass(Reader in, Writer out, int n, int window) {
    int half = (window + 2) / 2;
    float sum = 0f;
    int count = 0;
    int read = 0;
    int leave = 0;
    int write = 0;
    for (int i = 0; i < half - 1; i++) {
      sum += in.get(read++);
      count++;
    }
    for (int i = 0; i < window - half + 1; i++) {
      sum += in.get(read++);
      count++;
      out.set(write++, sum / count);
    }
    for (int i = 0; i < n - window; i++) {
      sum += in.get(read++);
      sum -= in.get(leave++);
      out.set(write++, sum / count);
    }
    for (int i = 0; i < half - 1; i++) {
      sum -= in.get(leave++);
      count--;
      out.set(write++, sum / count);
    }
  }

  /** The spec's table, variants in Dihedral order. */
  static float[][] dihedral(float[][] a, int variant) {
    float[][] b = new float[16][16];
    for (int k = 0; k < 16; k++) {
      for (int l = 0; l < 16; l++) {
        float v = a[k][l];
        switch (variant) {
          case 0 -> b[k][l] = v;
          case 1 -> b[l][k] = l % 2 == 0 ? -v : v;
          case 2 -> b[k][l] = (k + l) % 2 == 1 ? -v : v;
          case 3 -> b[l][k] = k % 2 == 0 ? -v : v;
          case 4 -> b[k][l] = k % 2 == 0 ? -v : v;
          case 5 -> b[k][l] = l % 2 == 0 ? -v : v;
          case 6 -> b[l][k] = v;
          case 7 -> b[l][k] = (k + l) % 2 == 1 ? -v : v;
          default -> throw new IllegalArgumentException();
        }
      }
    }
    return b;
  }

  static String threshold(float[][] b) {
    float[] sorted = new float[256];
    for (int k = 0; k < 16; k++) {
      System.arraycopy(b[k], 0, sorted, 16 * k, 16);
    }
    Arrays.sort(sorted);
    float median = sorted[127];
    int[] words = new int[16];
    for (int k = 0; k < 16; k++) {
      for (int l = 0; l < 16; l++) {
        if (b[k][l] > median) {
          words[k] |= 1 << l;
        }
      }
    }
    StringBuilder hex = new StringBuilder();
    for (int k = 15; k >= 0; k--) {
      hex.append(String.format("%04x", words[k]));
    }
    return hex.toString();
  }
}
