package io.tripline.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.image.ImageDecoder.Decoded;
import io.tripline.image.ImageDecoder.Undecodable;
import io.tripline.image.ImageDecoder.Undecodable.Kind;
import io.tripline.testkit.TestImages;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {
  private final ImageDecoder decoder = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS);
  private static final BufferedImage SCENE = TestImages.scene(5, 320, 240);

  static byte[] bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static byte[] resource(String name) {
    try (InputStream in = ImageDecoderTest.class.getResourceAsStream("/images/" + name)) {
      assertThat(in).as("test resource %s", name).isNotNull();
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A PDQ test vector image, from the copies in the test resources (see pdq/README.txt). */
  static byte[] pdqImage(String relative) {
    try (InputStream in = ImageDecoderTest.class.getResourceAsStream("/pdq/images/" + relative)) {
      assertThat(in).as("PDQ test vector %s", relative).isNotNull();
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Decoded decoded(ImageDecoder.Result result) {
    assertThat(result).isInstanceOf(Decoded.class);
    return (Decoded) result;
  }

  static Undecodable undecodable(ImageDecoder.Result result) {
    assertThat(result).isInstanceOf(Undecodable.class);
    return (Undecodable) result;
  }

  /** The JDK's own JPEG reader, bypassing TwelveMonkeys: the pixels PDQ's vectors were made from. */
  static BufferedImage decodeWithJdkJpegReader(byte[] jpeg) throws IOException {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
    while (readers.hasNext()) {
      ImageReader reader = readers.next();
      if (!reader.getClass().getName().equals("com.sun.imageio.plugins.jpeg.JPEGImageReader")) {
        continue;
      }
      try (MemoryCacheImageInputStream in = new MemoryCacheImageInputStream(new java.io.ByteArrayInputStream(jpeg))) {
        reader.setInput(in, true, true);
        return reader.read(0);
      } finally {
        reader.dispose();
      }
    }
    throw new AssertionError("the JDK's JPEG reader is not registered");
  }

  /** Mean absolute difference per RGB channel, 0..255. */
  static double meanAbsoluteDifference(BufferedImage a, BufferedImage b) {
    assertThat(b.getWidth()).isEqualTo(a.getWidth());
    assertThat(b.getHeight()).isEqualTo(a.getHeight());
    long sum = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int shift = 0; shift < 24; shift += 8) {
          sum += Math.abs((p >> shift & 0xFF) - (q >> shift & 0xFF));
        }
      }
    }
    return (double) sum / (3L * a.getWidth() * a.getHeight());
  }

  /** The same raster type and the same samples, bit for bit. */
  static void assertSamePixels(BufferedImage actual, BufferedImage expected) {
    assertThat(actual.getType()).isEqualTo(expected.getType());
    assertThat(actual.getWidth()).isEqualTo(expected.getWidth());
    assertThat(actual.getHeight()).isEqualTo(expected.getHeight());
    DataBuffer a = actual.getRaster().getDataBuffer();
    DataBuffer e = expected.getRaster().getDataBuffer();
    assertThat(a.getSize()).isEqualTo(e.getSize());
    for (int i = 0; i < e.getSize(); i++) {
      if (a.getElem(i) != e.getElem(i)) {
        throw new AssertionError("pixels differ first at sample " + i + ": " + a.getElem(i) + " != " + e.getElem(i));
      }
    }
  }

  static byte[] jpeg(BufferedImage image, float quality, boolean progressive) {
    return TestImages.jpeg(image, quality, progressive);
  }

  static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      assertThat(ImageIO.write(image, format, out)).as("a %s writer", format).isTrue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** An animated GIF whose frames are {@code frames}, each shown for 100 ms. */
  static byte[] animatedGif(BufferedImage... frames) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.prepareWriteSequence(null);
      for (BufferedImage frame : frames) {
        ImageTypeSpecifier type = ImageTypeSpecifier.createFromRenderedImage(frame);
        IIOMetadata metadata = writer.getDefaultImageMetadata(type, null);
        String format = metadata.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
        IIOMetadataNode control = new IIOMetadataNode("GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", "10");
        control.setAttribute("transparentColorIndex", "0");
        root.appendChild(control);
        metadata.setFromTree(format, root);
        writer.writeToSequence(new IIOImage(frame, null, metadata), null);
      }
      writer.endWriteSequence();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  // ------------------------------------------------------------------ formats

  @Test
  void decodesJpegPngGifAndBmpFromTheirBytes() {
    Decoded jpeg = decoded(decoder.decode(TestImages.jpeg(SCENE, 0.9f)));
    assertThat(jpeg.format()).isEqualTo("jpeg");
    assertThat(jpeg.image().getWidth()).isEqualTo(320);
    assertThat(jpeg.image().getHeight()).isEqualTo(240);
    assertThat(jpeg.exifOrientation()).isEqualTo(1);
    assertThat(decoded(decoder.decode(TestImages.png(SCENE))).format()).isEqualTo("png");
    assertThat(decoded(decoder.decode(TestImages.bmp(SCENE))).format()).isEqualTo("bmp");
    assertThat(decoded(decoder.decode(encode(SCENE, "gif"))).format()).isEqualTo("gif");
  }

  @Test
  void decodesLossyWebp() {
    BufferedImage png = TestImages.decode(resource("scene-a.png"));
    Decoded webp = decoded(decoder.decode(resource("scene-lossy.webp")));
    assertThat(webp.format()).isEqualTo("webp");
    // Measured 6.0: lossy coding error (libwebp's own dwebp gives 5.6 against the PNG) plus
    // upsampling (TwelveMonkeys' chroma upsampling is libwebp's -nofancy one: 0.96 from dwebp
    // -nofancy, 4.2 from dwebp's default), so hashes of a WebP decoded here and by libwebp can
    // differ by a few bits.
    assertThat(meanAbsoluteDifference(webp.image(), png)).isLessThan(10);
  }

  @Test
  void decodesLosslessWebpToTheExactPixels() {
    BufferedImage png = TestImages.decode(resource("scene-a.png"));
    Decoded webp = decoded(decoder.decode(resource("scene-lossless.webp")));
    assertThat(meanAbsoluteDifference(webp.image(), png)).isZero();
  }

  @Test
  void anAnimatedWebpDecodesItsFirstFrame() {
    BufferedImage first = TestImages.decode(resource("scene-a.png"));
    BufferedImage second = TestImages.decode(resource("scene-b.png"));
    Decoded webp = decoded(decoder.decode(resource("animated.webp")));
    assertThat(webp.image().getWidth()).isEqualTo(96);
    assertThat(meanAbsoluteDifference(webp.image(), first)).isLessThan(10);
    assertThat(meanAbsoluteDifference(webp.image(), second)).isGreaterThan(30);
  }

  @Test
  void anAnimatedGifDecodesItsFirstFrame() {
    BufferedImage first = TestImages.scene(21, 120, 80);
    BufferedImage second = TestImages.scene(22, 120, 80);
    Decoded gif = decoded(decoder.decode(animatedGif(first, second)));
    assertThat(gif.format()).isEqualTo("gif");
    assertThat(meanAbsoluteDifference(gif.image(), first)).isLessThan(meanAbsoluteDifference(gif.image(), second) / 3);
  }

  @Test
  void heicAndAvifAreRecognisedAndRefusedAsUnsupported() {
    for (String header : new String[] {
        "\u0000\u0000\u0000\u0018ftypheic\u0000\u0000\u0000\u0000mif1heic",
        "\u0000\u0000\u0000\u001cftypavif\u0000\u0000\u0000\u0000avifmif1miaf",
        "\u0000\u0000\u0000\u0018ftypmif1\u0000\u0000\u0000\u0000mif1heic"}) {
      byte[] file = Arrays.copyOf(ascii(header), 4096);
      assertThat(ImageDecoder.looksLikeImage(file)).isTrue();
      Undecodable u = undecodable(decoder.decode(file));
      assertThat(u.kind()).isEqualTo(Kind.UNSUPPORTED);
      assertThat(u.reason()).isEqualTo("HEIC/AVIF images are not supported");
    }
  }

  @Test
  void tiffIsRecognisedAndRefusedAsUnsupported() {
    byte[] tiff = encode(SCENE, "tiff");
    assertThat(ImageDecoder.looksLikeImage(tiff)).isTrue();
    Undecodable u = undecodable(decoder.decode(tiff));
    assertThat(u.kind()).isEqualTo(Kind.UNSUPPORTED);
    assertThat(u.reason()).contains("TIFF");
  }

  @Test
  void readersAreChosenByFormatNotByWhatImageIoPrefers() {
    assertThat(ImageReaders.providerName(ImageFormat.JPEG)).startsWith("com.twelvemonkeys.imageio.plugins.jpeg.");
    assertThat(ImageReaders.providerName(ImageFormat.WEBP)).startsWith("com.twelvemonkeys.imageio.plugins.webp.");
    assertThat(ImageReaders.providerName(ImageFormat.PNG)).isEqualTo("com.sun.imageio.plugins.png.PNGImageReaderSpi");
    assertThat(ImageReaders.providerName(ImageFormat.GIF)).isEqualTo("com.sun.imageio.plugins.gif.GIFImageReaderSpi");
    assertThat(ImageReaders.providerName(ImageFormat.BMP)).isEqualTo("com.sun.imageio.plugins.bmp.BMPImageReaderSpi");
    assertThat(ImageReaders.providerName(ImageFormat.TIFF)).isNull();
  }

  // ------------------------------------------------------------------ JPEG colours and parity

  @Test
  void cmykJpegDecodesWithTheRightColours() throws IOException {
    // modes/CMYK.jpg is modes/original.jpg (byte-identical to dih/bridge-1-original.jpg) converted
    // to CMYK by PIL; decoded right, it looks like the original.
    byte[] cmyk = pdqImage("pdq/data/misc-images/modes/CMYK.jpg");
    BufferedImage original = decoded(decoder.decode(pdqImage("pdq/data/reg-test-input/dih/bridge-1-original.jpg"))).image();

    Decoded decoded = decoded(decoder.decode(cmyk));

    assertThat(decoded.image().getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
    // Measured: 1.77 with TwelveMonkeys; the JDK reader alone gives 57.3.
    assertThat(meanAbsoluteDifference(decoded.image(), original)).isLessThan(4);
    assertThat(meanAbsoluteDifference(decodeWithJdkJpegReader(cmyk), original)).isGreaterThan(30);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "pdq/data/reg-test-input/dih/bridge-1-original.jpg",
      "pdq/data/reg-test-input/dih/bridge-2-rotate-90.jpg",
      "pdq/data/misc-images/small.jpg",
      "pdq/data/misc-images/wee.jpg",
      "pdq/data/bridge-mods/square-128x128.jpg",
      "pdq/data/reg-test-input/labelme-subset/q0003.jpg",
      "pdq/data/reg-test-input/labelme-subset/q2821.jpg",
      "python-threatexchange/threatexchange/tests/hashing/resources/rgb.jpeg",
      "python-threatexchange/threatexchange/tests/hashing/resources/letterboxed_sample-b.jpg"})
  void ycbcrJpegsDecodeToTheJdkDecodersPixels(String image) throws IOException {
    // PDQ's expected hashes were computed from the JDK decoder's pixels; TwelveMonkeys must hand
    // ordinary JPEGs to it unchanged.
    byte[] jpeg = pdqImage(image);
    assertSamePixels(decoded(decoder.decode(jpeg)).image(), decodeWithJdkJpegReader(jpeg));
  }

  @Test
  void greyAndProgressiveJpegsDecodeToTheJdkDecodersPixels() throws IOException {
    BufferedImage grey = new BufferedImage(200, 150, BufferedImage.TYPE_BYTE_GRAY);
    grey.createGraphics().drawImage(SCENE, 0, 0, 200, 150, null);
    for (byte[] jpeg : new byte[][] {jpeg(grey, 0.8f, false), jpeg(SCENE, 0.8f, true), jpeg(grey, 0.8f, true)}) {
      assertSamePixels(decoded(decoder.decode(jpeg)).image(), decodeWithJdkJpegReader(jpeg));
    }
  }

  @Test
  void aJpegWithANonSrgbIccProfileDecodesToTheJdkDecodersPixels() throws IOException {
    // Phone photos carry Display P3 or Adobe RGB profiles. The JDK's reader converts the samples
    // to sRGB through the profile (Pillow, under the python PDQ reference, does not); TwelveMonkeys
    // hands such JPEGs to the JDK's reader, so they come out exactly as before it was added.
    byte[] icc = java.awt.color.ICC_Profile.getInstance(java.awt.color.ColorSpace.CS_LINEAR_RGB).getData();
    byte[] payload = ExifOrientationTest.concat(ascii("ICC_PROFILE\u0000"), bytes(1, 1), icc);
    byte[] plain = TestImages.jpeg(SCENE, 0.85f);
    ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
    jpeg.write(plain, 0, 2);
    jpeg.writeBytes(bytes(0xFF, 0xE2, (payload.length + 2) >> 8, (payload.length + 2) & 0xFF));
    jpeg.writeBytes(payload);
    jpeg.write(plain, 2, plain.length - 2);
    byte[] tagged = jpeg.toByteArray();

    BufferedImage decoded = decoded(decoder.decode(tagged)).image();

    assertSamePixels(decoded, decodeWithJdkJpegReader(tagged));
    assertThat(decoded.getColorModel().getColorSpace().isCS_sRGB()).isTrue();
    assertThat(meanAbsoluteDifference(decoded, decoded(decoder.decode(plain)).image())).as("converted, not raw")
        .isGreaterThan(10);
  }

  // ------------------------------------------------------------------ budgets

  @Test
  void aHugeDeclaredCanvasIsRefusedBeforeAnyPixelIsDecoded() {
    byte[] bomb = TestImages.pngClaiming(50_000, 50_000);
    assertThat(bomb.length).isLessThan(200);
    Undecodable u = undecodable(decoder.decode(bomb));
    assertThat(u.kind()).isEqualTo(Kind.OVER_BUDGET);
    assertThat(u.reason()).contains("50000x50000").contains("budget");
  }

  @Test
  void thePixelBudgetIsInclusive() {
    byte[] png = TestImages.png(SCENE);
    assertThat(new ImageDecoder(320 * 240).decode(png)).isInstanceOf(Decoded.class);
    assertThat(undecodable(new ImageDecoder(320 * 240 - 1).decode(png)).kind()).isEqualTo(Kind.OVER_BUDGET);
  }

  @Test
  void theByteBudgetIsInclusiveAndCheckedFirst() {
    byte[] png = TestImages.png(SCENE);
    assertThat(new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS, png.length).decode(png)).isInstanceOf(Decoded.class);
    Undecodable u = undecodable(new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS, png.length - 1).decode(png));
    assertThat(u.kind()).isEqualTo(Kind.OVER_BUDGET);
    assertThat(u.reason()).contains(png.length + " bytes").contains("budget");
  }

  @Test
  void defaultBudgetsAre50MegapixelsAnd32Mebibytes() {
    assertThat(ImageDecoder.DEFAULT_MAX_PIXELS).isEqualTo(50_000_000L);
    assertThat(ImageDecoder.DEFAULT_MAX_BYTES).isEqualTo(32L * 1024 * 1024);
    ImageDecoder defaults = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS);
    assertThat(defaults.maxPixels()).isEqualTo(ImageDecoder.DEFAULT_MAX_PIXELS);
    assertThat(defaults.maxBytes()).isEqualTo(ImageDecoder.DEFAULT_MAX_BYTES);
  }

  @Test
  void theBudgetsMustBePositive() {
    assertThatThrownBy(() -> new ImageDecoder(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxPixels");
    assertThatThrownBy(() -> new ImageDecoder(1, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBytes");
  }

  // ------------------------------------------------------------------ bad input

  @Test
  void emptyAndUnknownBytesAreUnrecognised() {
    assertThat(undecodable(decoder.decode(new byte[0])).kind()).isEqualTo(Kind.UNRECOGNISED);
    assertThat(undecodable(decoder.decode(ascii("hello, this is not an image at all"))).kind())
        .isEqualTo(Kind.UNRECOGNISED);
  }

  @Test
  void aCorruptHeaderIsUndecodable() {
    byte[] jpeg = TestImages.jpeg(SCENE, 0.9f);
    byte[] corrupt = Arrays.copyOf(jpeg, jpeg.length);
    Arrays.fill(corrupt, 4, 400, (byte) 0x7F);
    assertThat(decoder.decode(corrupt)).isInstanceOf(Undecodable.class);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.05, 0.5, 0.9, 0.99})
  void aTruncatedJpegIsUndecodable(double kept) {
    // ImageIO's JPEG reader fills a truncated image with grey and only warns: the hash of that
    // half-grey picture no longer matches the original, so truncation would evade the index.
    byte[] jpeg = TestImages.jpeg(SCENE, 0.9f);
    int keep = (int) (jpeg.length * kept);
    assertThat(undecodable(decoder.decode(Arrays.copyOf(jpeg, keep))).kind())
        .as("kept %d of %d bytes", keep, jpeg.length)
        .isEqualTo(Kind.TRUNCATED);
  }

  @Test
  void aTruncatedPngIsUndecodable() {
    byte[] png = TestImages.png(SCENE);
    assertThat(undecodable(decoder.decode(Arrays.copyOf(png, png.length / 2))).kind()).isEqualTo(Kind.TRUNCATED);
  }

  @Test
  void decodingNeverWritesATemporaryFile(@TempDir Path cache) {
    // ImageIO.createImageInputStream spools to a temp file whenever its disk cache is on (the
    // default). Point the cache at an empty directory, switch it on, and decode every format.
    boolean useCache = ImageIO.getUseCache();
    File cacheDirectory = ImageIO.getCacheDirectory();
    ImageIO.setCacheDirectory(cache.toFile());
    ImageIO.setUseCache(true);
    try {
      for (byte[] file : new byte[][] {
          TestImages.jpeg(SCENE, 0.9f), TestImages.png(SCENE), TestImages.bmp(SCENE), encode(SCENE, "gif"),
          resource("scene-lossy.webp"), resource("scene-lossless.webp"), resource("animated.webp")}) {
        assertThat(decoder.decode(file)).isInstanceOf(Decoded.class);
      }
      assertThat(cache.toFile().list()).isEmpty();
    } finally {
      ImageIO.setUseCache(useCache);
      ImageIO.setCacheDirectory(cacheDirectory);
    }
  }

  // ------------------------------------------------------------------ recognition

  @Test
  void imageFormatsAreRecognisedByTheirBytes() {
    assertThat(ImageDecoder.looksLikeImage(TestImages.jpeg(SCENE, 0.5f))).isTrue();
    assertThat(ImageDecoder.looksLikeImage(TestImages.png(SCENE))).isTrue();
    assertThat(ImageDecoder.looksLikeImage(TestImages.bmp(SCENE))).isTrue();
    assertThat(ImageDecoder.looksLikeImage(ascii("GIF89a\u0001\u0000\u0001\u0000"))).isTrue();
    assertThat(ImageDecoder.looksLikeImage(ascii("RIFF\u0000\u0000\u0000\u0000WEBPVP8 "))).isTrue();
    assertThat(ImageDecoder.looksLikeImage(bytes('I', 'I', 0x2A, 0, 8, 0, 0, 0))).isTrue();
    assertThat(ImageDecoder.looksLikeImage(bytes('M', 'M', 0, 0x2A, 0, 0, 0, 8))).isTrue();
    assertThat(ImageDecoder.looksLikeImage(ascii("\u0000\u0000\u0000\u0018ftypheic\u0000\u0000\u0000\u0000mif1heic")))
        .isTrue();
    assertThat(ImageDecoder.looksLikeImage(ascii("\u0000\u0000\u0000\u001cftypavif\u0000\u0000\u0000\u0000avifmif1")))
        .isTrue();
    assertThat(ImageDecoder.looksLikeImage(ascii("\u0000\u0000\u0000\u0018ftypmif1\u0000\u0000\u0000\u0000mif1heic")))
        .isTrue();
  }

  @Test
  void textThatStartsWithBmIsNotAnImage() {
    assertThat(ImageDecoder.looksLikeImage(ascii("BMW 320d for sale, one owner, full service history"))).isFalse();
    assertThat(ImageDecoder.looksLikeImage(ascii("BM"))).isFalse();
  }

  @Test
  void videosInIsoMediaFilesAreNotImages() {
    assertThat(ImageDecoder.looksLikeImage(ascii("\u0000\u0000\u0000\u0020ftypisom\u0000\u0000\u0002\u0000isomiso2avc1mp41")))
        .isFalse();
    assertThat(ImageDecoder.looksLikeImage(ascii("\u0000\u0000\u0000\u0014ftypqt  \u0000\u0000\u0000\u0000qt  ")))
        .isFalse();
    assertThat(ImageDecoder.looksLikeImage(ascii("\u0000\u0000\u0000\u0018ftypmp42\u0000\u0000\u0000\u0000mp42isom")))
        .isFalse();
  }

  @Test
  void shortOrEmptyInputIsNotAnImage() {
    assertThat(ImageDecoder.looksLikeImage(new byte[0])).isFalse();
    assertThat(ImageDecoder.looksLikeImage(bytes(0xFF, 0xD8))).isFalse();
    assertThat(ImageDecoder.looksLikeImage(bytes(0x89, 'P', 'N'))).isFalse();
  }

  @Test
  void decodedValidatesItsOrientation() {
    BufferedImage image = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    assertThat(new Decoded(image, "png").exifOrientation()).isEqualTo(1);
    assertThatThrownBy(() -> new Decoded(image, "png", 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Decoded(image, "png", 9)).isInstanceOf(IllegalArgumentException.class);
  }
}
