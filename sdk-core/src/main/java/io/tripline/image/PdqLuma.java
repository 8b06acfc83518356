package io.tripline.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DataBufferUShort;
import java.awt.image.DirectColorModel;
import java.awt.image.SampleModel;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;

/**
 * Reads rows of an image as PDQ luminance (pdq.md step 2), straight from the raster's data array
 * for the layouts decoders produce (interleaved 8-bit RGB such as a decoded JPEG's
 * {@code TYPE_3BYTE_BGR}, packed {@code TYPE_INT_RGB}/{@code ARGB}, 8- and 16-bit grey), and
 * through {@link BufferedImage#getRGB} or the raster's samples otherwise. Every path gives the
 * luma that {@code getRGB} (colour) or the raster samples (grey) would give; the policy for the
 * cases the reference leaves open is on {@link PdqHasher}.
 *
 * <p>One instance per hash: it holds the image's arrays. Not thread-safe.
 */
final class PdqLuma {

  // Y = 0.299f*R + 0.587f*G + 0.114f*B: each product depends on one 8-bit value, so a table of
  // the 256 float products gives the very same floats as multiplying, without int-to-float
  // conversions and multiplies in the hottest loop. The sum is still taken left to right.
  private static final float[] RED = products(0.299f);
  private static final float[] GREEN = products(0.587f);
  private static final float[] BLUE = products(0.114f);

  private enum Layout {
    /** R, G and B bytes at fixed offsets in each pixel of one byte array. */
    INTERLEAVED_BYTE_RGB,
    /** R, G and B as 8-bit fields of one int per pixel. */
    PACKED_INT_RGB,
    /** 8-bit grey samples in a byte array. */
    GREY_BYTE,
    /** 16-bit grey samples in a short array, clipped to 255. */
    GREY_USHORT,
    /** Other integral grey rasters, read with {@code getSamples}. */
    GREY_SAMPLES,
    /** Anything else: {@code getRGB}, which converts to 8-bit sRGB. */
    RGB_CONVERTED
  }

  private final BufferedImage image;
  private final int width;
  private final Layout layout;
  private byte[] bytes;
  private int[] ints;
  private short[] shorts;
  /** Index in the data array of pixel (0, 0), band 0 (or the pixel's first byte). */
  private int origin;
  private int rowStride;
  private int pixelStride;
  /** Byte offsets of R, G, B in a pixel, or bit shifts of R, G, B in a packed int. */
  private int red;
  private int green;
  private int blue;
  private int sampleBits;
  private final int[] rowScratch;

  /**
   * @param rowScratch at least {@code image.getWidth()} ints, used by the slow paths
   */
  PdqLuma(BufferedImage image, int[] rowScratch) {
    this.image = image;
    this.width = image.getWidth();
    this.rowScratch = rowScratch;
    this.layout = classify();
  }

  private Layout classify() {
    ColorModel cm = image.getColorModel();
    WritableRaster raster = image.getRaster();
    SampleModel sm = raster.getSampleModel();
    DataBuffer db = raster.getDataBuffer();
    // Pixel (x, y) of the raster is (x - tx, y - ty) of its sample model (non-zero for subimages).
    int tx = raster.getSampleModelTranslateX();
    int ty = raster.getSampleModelTranslateY();

    if (cm instanceof ComponentColorModel && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
      sampleBits = sm.getSampleSize(0);
      if (sm instanceof ComponentSampleModel csm) {
        int bank = csm.getBankIndices()[0];
        rowStride = csm.getScanlineStride();
        pixelStride = csm.getPixelStride();
        origin = db.getOffsets()[bank] + csm.getBandOffsets()[0] - ty * rowStride - tx * pixelStride;
        if (db instanceof DataBufferByte bytesBuffer && sampleBits == 8) {
          bytes = bytesBuffer.getData(bank);
          return Layout.GREY_BYTE;
        }
        if (db instanceof DataBufferUShort shortsBuffer && sampleBits == 16) {
          shorts = shortsBuffer.getData(bank);
          return Layout.GREY_USHORT;
        }
      }
      int type = db.getDataType();
      if (type != DataBuffer.TYPE_FLOAT && type != DataBuffer.TYPE_DOUBLE) {
        return Layout.GREY_SAMPLES;
      }
      return Layout.RGB_CONVERTED;
    }

    if (cm.getColorSpace().isCS_sRGB() && !cm.isAlphaPremultiplied()) {
      if (cm instanceof ComponentColorModel && db instanceof DataBufferByte bytesBuffer
          && sm instanceof ComponentSampleModel csm && sm.getNumBands() >= 3
          && sm.getSampleSize(0) == 8 && sm.getSampleSize(1) == 8 && sm.getSampleSize(2) == 8) {
        int[] banks = csm.getBankIndices();
        if (banks[0] == banks[1] && banks[1] == banks[2]) {
          int[] offsets = csm.getBandOffsets();
          bytes = bytesBuffer.getData(banks[0]);
          rowStride = csm.getScanlineStride();
          pixelStride = csm.getPixelStride();
          origin = db.getOffsets()[banks[0]] - ty * rowStride - tx * pixelStride;
          red = offsets[0];
          green = offsets[1];
          blue = offsets[2];
          return Layout.INTERLEAVED_BYTE_RGB;
        }
      }
      if (cm instanceof DirectColorModel dcm && db instanceof DataBufferInt intsBuffer
          && sm instanceof SinglePixelPackedSampleModel sppsm) {
        int r = byteShift(dcm.getRedMask());
        int g = byteShift(dcm.getGreenMask());
        int b = byteShift(dcm.getBlueMask());
        if (r >= 0 && g >= 0 && b >= 0) {
          ints = intsBuffer.getData();
          rowStride = sppsm.getScanlineStride();
          origin = db.getOffset() - ty * rowStride - tx;
          red = r;
          green = g;
          blue = b;
          return Layout.PACKED_INT_RGB;
        }
      }
    }
    return Layout.RGB_CONVERTED;
  }

  /** The shift of an 8-bit mask, or -1 if the mask is not 8 contiguous bits. */
  private static int byteShift(int mask) {
    int shift = Integer.numberOfTrailingZeros(mask);
    return mask != 0 && mask >>> shift == 0xFF ? shift : -1;
  }

  /** Writes the luma of rows {@code y0 .. y0 + rows - 1} to {@code out[0 .. rows - 1]}. */
  void read(int y0, int rows, float[][] out) {
    for (int k = 0; k < rows; k++) {
      int y = y0 + k;
      float[] row = out[k];
      switch (layout) {
        case INTERLEAVED_BYTE_RGB -> interleavedRow(y, row);
        case PACKED_INT_RGB -> packedRow(y, row);
        case GREY_BYTE -> greyByteRow(y, row);
        case GREY_USHORT -> greyUshortRow(y, row);
        case GREY_SAMPLES -> greySamplesRow(y, row);
        case RGB_CONVERTED -> convertedRow(y, row);
      }
    }
  }

  private void interleavedRow(int y, float[] out) {
    byte[] data = bytes;
    int p = origin + y * rowStride;
    int step = pixelStride;
    int r = red;
    int g = green;
    int b = blue;
    for (int x = 0; x < width; x++, p += step) {
      out[x] = RED[data[p + r] & 0xFF] + GREEN[data[p + g] & 0xFF] + BLUE[data[p + b] & 0xFF];
    }
  }

  private void packedRow(int y, float[] out) {
    int[] data = ints;
    int p = origin + y * rowStride;
    int r = red;
    int g = green;
    int b = blue;
    for (int x = 0; x < width; x++) {
      int rgb = data[p + x];
      out[x] = RED[(rgb >>> r) & 0xFF] + GREEN[(rgb >>> g) & 0xFF] + BLUE[(rgb >>> b) & 0xFF];
    }
  }

  private void greyByteRow(int y, float[] out) {
    byte[] data = bytes;
    int p = origin + y * rowStride;
    int step = pixelStride;
    for (int x = 0; x < width; x++, p += step) {
      out[x] = data[p] & 0xFF;
    }
  }

  private void greyUshortRow(int y, float[] out) {
    short[] data = shorts;
    int p = origin + y * rowStride;
    int step = pixelStride;
    for (int x = 0; x < width; x++, p += step) {
      out[x] = Math.min(data[p] & 0xFFFF, 255);
    }
  }

  private void greySamplesRow(int y, float[] out) {
    int[] samples = image.getRaster().getSamples(0, y, width, 1, 0, rowScratch);
    int bits = sampleBits;
    int max = (1 << Math.min(bits, 30)) - 1;
    for (int x = 0; x < width; x++) {
      out[x] = greyLevel(samples[x], bits, max);
    }
  }

  /** pdq.md leaves deep and shallow grey open; see {@link PdqHasher} for this policy. */
  static int greyLevel(int sample, int bits, int max) {
    if (bits < 8) {
      // A 1/2/4-bit level stands for the 8-bit level the full range maps it to.
      return (sample * 255 + max / 2) / max;
    }
    // As Pillow (and so python-threatexchange) converts 16-bit grey: clip, do not rescale.
    return Math.max(0, Math.min(sample, 255));
  }

  private void convertedRow(int y, float[] out) {
    int[] rgbs = image.getRGB(0, y, width, 1, rowScratch, 0, width);
    for (int x = 0; x < width; x++) {
      int rgb = rgbs[x];
      out[x] = RED[(rgb >>> 16) & 0xFF] + GREEN[(rgb >>> 8) & 0xFF] + BLUE[rgb & 0xFF];
    }
  }

  private static float[] products(float coefficient) {
    float[] table = new float[256];
    for (int v = 0; v < 256; v++) {
      table[v] = coefficient * v;
    }
    return table;
  }
}
