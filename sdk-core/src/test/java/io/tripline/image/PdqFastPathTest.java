package io.tripline.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripline.spi.Dihedral;
import io.tripline.spi.ImageHash;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BandedSampleModel;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The optimised {@link PdqHasher} (raster fast paths, streamed blur, sampled passes, pooled
 * scratch) against {@link PdqSlowReference}, a direct transcription of pdq.md, on images of odd
 * sizes and every raster layout: same hash, same quality, same eight variants, bit for bit.
 */
class PdqFastPathTest {

  private static final PdqHasher HASHER = new PdqHasher();

  /** Raster layouts, each taking a different path to luma. */
  enum Layout {
    INT_RGB, INT_ARGB, INT_BGR, INT_ARGB_PRE, USHORT_565, BYTE_BGR, BYTE_ABGR, BYTE_RGB, BYTE_BANDED_RGB,
    USHORT_RGB, LINEAR_RGB, BYTE_GRAY, GRAY_ALPHA, USHORT_GRAY, BYTE_INDEXED, BYTE_BINARY, SUBIMAGE_BGR,
    SUBIMAGE_INT_RGB, SUBIMAGE_GRAY
  }

  static Stream<Arguments> randomImages() {
    Layout[] layouts = Layout.values();
    return IntStream.range(0, 160).mapToObj(seed -> {
      Random random = new Random(seed);
      int width = 1 + random.nextInt(300);
      int height = 1 + random.nextInt(300);
      return Arguments.of(seed, width, height, layouts[seed % layouts.length]);
    });
  }

  @ParameterizedTest(name = "seed {0}: {1}x{2} {3}")
  @MethodSource("randomImages")
  void randomImagesOfOddSizesHashAsTheSlowReference(int seed, int width, int height, Layout layout) {
    assertSameAsSlowReference(image(layout, width, height, seed));
  }

  static Stream<Arguments> edgeSizes() {
    int[][] sizes = {{5, 5}, {4, 5}, {5, 4}, {1, 1}, {5, 300}, {300, 5}, {6, 7}, {63, 65}, {64, 64}, {127, 127},
        {128, 128}, {129, 129}, {127, 129}, {129, 128}, {255, 257}, {256, 256}, {1600, 1004}, {1004, 1600}};
    Layout[] layouts = {Layout.BYTE_BGR, Layout.INT_RGB, Layout.INT_ARGB, Layout.BYTE_GRAY, Layout.USHORT_GRAY};
    return Stream.of(sizes).flatMap(size -> Stream.of(layouts)
        .filter(layout -> size[0] * size[1] < 1_000_000 || layout == Layout.BYTE_BGR || layout == Layout.BYTE_GRAY)
        .map(layout -> Arguments.of(size[0], size[1], layout)));
  }

  /** Window sizes change at 129 (1 to 2), samples repeat under 64, the reference stops under 5. */
  @ParameterizedTest(name = "{0}x{1} {2}")
  @MethodSource("edgeSizes")
  void edgeSizesHashAsTheSlowReference(int width, int height, Layout layout) {
    assertSameAsSlowReference(image(layout, width, height, width * 31 + height));
  }

  static Stream<Arguments> flatImages() {
    return Stream.of(Arguments.of(0), Arguments.of(128), Arguments.of(255));
  }

  /** A flat image has an all-zero DCT up to rounding: ties with the median must not set bits. */
  @ParameterizedTest(name = "grey level {0}")
  @MethodSource("flatImages")
  void flatImagesHashAsTheSlowReference(int level) {
    BufferedImage image = new BufferedImage(200, 150, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster raster = image.getRaster();
    for (int y = 0; y < 150; y++) {
      for (int x = 0; x < 200; x++) {
        raster.setSample(x, y, 0, level);
      }
    }
    assertSameAsSlowReference(image);
    assertThat(HASHER.hash(image).quality()).isZero();
  }

  private static void assertSameAsSlowReference(BufferedImage image) {
    PdqSlowReference.Result expected = PdqSlowReference.hash(image);
    Map<Dihedral, ImageHash> actual = HASHER.hashWithVariants(image);
    for (Dihedral d : Dihedral.values()) {
      assertThat(actual.get(d).toHex()).as(d.name()).isEqualTo(expected.hex()[d.ordinal()]);
      assertThat(actual.get(d).quality()).as(d.name()).isEqualTo(expected.quality());
    }
    assertThat(HASHER.hash(image)).isEqualTo(actual.get(Dihedral.ORIGINAL));
    // The same floats, not just the same bits: a sum taken in another order changes a few ulps,
    // which flips a hash bit only when a coefficient sits next to the median.
    assertThat(PdqHasher.dct(image)).isEqualTo(expected.dct());
  }

  /** A photo-like picture (gradients, a disc, noise) in the given layout. */
  static BufferedImage image(Layout layout, int width, int height, long seed) {
    BufferedImage image = switch (layout) {
      case INT_RGB -> new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
      case INT_ARGB -> new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
      case INT_BGR -> new BufferedImage(width, height, BufferedImage.TYPE_INT_BGR);
      case INT_ARGB_PRE -> new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB_PRE);
      case USHORT_565 -> new BufferedImage(width, height, BufferedImage.TYPE_USHORT_565_RGB);
      case BYTE_BGR -> new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
      case BYTE_ABGR -> new BufferedImage(width, height, BufferedImage.TYPE_4BYTE_ABGR);
      case BYTE_RGB -> component(ColorSpace.CS_sRGB, false, DataBuffer.TYPE_BYTE, width, height, false);
      case BYTE_BANDED_RGB -> component(ColorSpace.CS_sRGB, false, DataBuffer.TYPE_BYTE, width, height, true);
      case USHORT_RGB -> component(ColorSpace.CS_sRGB, false, DataBuffer.TYPE_USHORT, width, height, false);
      case LINEAR_RGB -> component(ColorSpace.CS_LINEAR_RGB, false, DataBuffer.TYPE_BYTE, width, height, false);
      case BYTE_GRAY -> new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
      case GRAY_ALPHA -> component(ColorSpace.CS_GRAY, true, DataBuffer.TYPE_BYTE, width, height, false);
      case USHORT_GRAY -> new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
      case BYTE_INDEXED -> new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED);
      case BYTE_BINARY -> new BufferedImage(width, height, BufferedImage.TYPE_BYTE_BINARY);
      case SUBIMAGE_BGR -> new BufferedImage(width + 13, height + 7, BufferedImage.TYPE_3BYTE_BGR);
      case SUBIMAGE_INT_RGB -> new BufferedImage(width + 13, height + 7, BufferedImage.TYPE_INT_RGB);
      case SUBIMAGE_GRAY -> new BufferedImage(width + 13, height + 7, BufferedImage.TYPE_BYTE_GRAY);
    };
    paint(image.getRaster(), new Random(seed), layout == Layout.USHORT_GRAY);
    if (layout.name().startsWith("SUBIMAGE")) {
      // A subimage shares the parent's raster at an offset: the fast paths must honour it.
      image = image.getSubimage(11, 5, width, height);
    }
    return image;
  }

  private static BufferedImage component(int space, boolean alpha, int type, int width, int height, boolean banded) {
    ColorModel cm = new ComponentColorModel(ColorSpace.getInstance(space), alpha, false,
        alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, type);
    int bands = cm.getNumComponents();
    WritableRaster raster;
    if (banded) {
      raster = Raster.createWritableRaster(new BandedSampleModel(type, width, height, bands), null);
    } else {
      int[] offsets = new int[bands];
      for (int b = 0; b < bands; b++) {
        offsets[b] = b; // R, G, B (, A) in that byte order, unlike TYPE_3BYTE_BGR
      }
      raster = Raster.createWritableRaster(
          new PixelInterleavedSampleModel(type, width, height, bands, width * bands, offsets), null);
    }
    return new BufferedImage(cm, raster, false, null);
  }

  /**
   * Smooth waves per band plus noise, over each band's full range; 16-bit grey mostly around
   * 0..400, so that clipping at 255 matters.
   */
  private static void paint(WritableRaster raster, Random random, boolean clipRange) {
    int bands = raster.getNumBands();
    double fx = 0.005 + random.nextDouble() * 0.1;
    double fy = 0.005 + random.nextDouble() * 0.1;
    double noise = random.nextInt(3) * 0.08;
    int cx = random.nextInt(raster.getWidth());
    int cy = random.nextInt(raster.getHeight());
    int radius = 1 + random.nextInt(Math.max(1, Math.min(raster.getWidth(), raster.getHeight())));
    for (int y = 0; y < raster.getHeight(); y++) {
      for (int x = 0; x < raster.getWidth(); x++) {
        boolean inDisc = (x - cx) * (x - cx) + (y - cy) * (y - cy) < radius * radius;
        for (int b = 0; b < bands; b++) {
          int max = clipRange ? 400 : (1 << raster.getSampleModel().getSampleSize(b)) - 1;
          double v = 0.5 + 0.3 * Math.sin(fx * x + fy * y * (b + 1) + b) + (inDisc ? 0.2 : 0)
              + noise * random.nextGaussian();
          raster.setSample(x, y, b, (int) Math.max(0, Math.min(max, Math.round(v * max))));
        }
      }
    }
  }
}
