package io.tripline.image;

import static io.tripline.image.ExifOrientationTest.concat;
import static io.tripline.image.ExifOrientationTest.pngChunk;
import static io.tripline.image.ExifOrientationTest.withChunksAfterIhdr;
import static io.tripline.image.ImageDecoderTest.ascii;
import static io.tripline.image.ImageDecoderTest.encode;
import static io.tripline.image.ImageDecoderTest.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.tripline.image.ImageDecoder.Decoded;
import io.tripline.image.ImageDecoder.Undecodable;
import io.tripline.image.ImageDecoder.Undecodable.Kind;
import io.tripline.testkit.TestImages;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of hostile and odd files, each with the outcome it must have. Every decode runs under
 * a generous hang guard: the point is "never hangs", not a performance figure.
 */
class HostileImageTest {
  private static final ImageDecoder DECODER = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS);
  private static final Duration HANG_GUARD = Duration.ofSeconds(5);

  private static final BufferedImage SCENE = TestImages.scene(9, 200, 150);
  private static final byte[] JPEG = TestImages.jpeg(SCENE, 0.85f);
  private static final byte[] PROGRESSIVE_JPEG = ImageDecoderTest.jpeg(SCENE, 0.85f, true);
  private static final byte[] PNG = TestImages.png(SCENE);
  private static final byte[] GIF = encode(SCENE, "gif");
  private static final byte[] BMP = TestImages.bmp(SCENE);
  private static final byte[] WEBP_LOSSY = resource("scene-lossy.webp");
  private static final byte[] WEBP_LOSSLESS = resource("scene-lossless.webp");
  private static final byte[] WEBP_ANIMATED = resource("animated.webp");
  /** VP8X container (canvas, EXIF chunk) around a lossy bitstream. */
  private static final byte[] WEBP_EXTENDED = resource("exif-orientation-6.webp");

  /** What a file must decode to. */
  sealed interface Expected permits Image, Refused {}

  /** Decoded, at this size, as this format. */
  record Image(int width, int height, String format) implements Expected {}

  /** Undecodable, for one of these reasons. */
  record Refused(Set<Kind> kinds) implements Expected {
    static Refused as(Kind first, Kind... rest) {
      return new Refused(EnumSet.of(first, rest));
    }
  }

  private static Arguments hostile(String name, byte[] bytes, Expected expected) {
    return Arguments.of(name, bytes, expected);
  }

  static Stream<Arguments> corpus() {
    List<Arguments> cases = new ArrayList<>();
    bombs(cases);
    truncations(cases);
    polyglotsAndWrongTypes(cases);
    hugeMetadata(cases);
    lyingBmps(cases);
    oddButValid(cases);
    emptyAndGarbage(cases);
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void decodesAsExpected(String name, byte[] bytes, Expected expected) {
    ImageDecoder.Result result = assertTimeoutPreemptively(HANG_GUARD, () -> DECODER.decode(bytes), name);
    if (expected instanceof Image image) {
      assertThat(result).as(name).isInstanceOf(Decoded.class);
      Decoded decoded = (Decoded) result;
      assertThat(decoded.image().getWidth()).as(name + " width").isEqualTo(image.width());
      assertThat(decoded.image().getHeight()).as(name + " height").isEqualTo(image.height());
      assertThat(decoded.format()).as(name + " format").isEqualTo(image.format());
    } else {
      assertThat(result).as(name).isInstanceOf(Undecodable.class);
      Undecodable undecodable = (Undecodable) result;
      assertThat(((Refused) expected).kinds()).as(name + ": " + undecodable.reason()).contains(undecodable.kind());
      assertThat(undecodable.reason()).isNotBlank();
    }
  }

  // ------------------------------------------------------------------ decompression bombs

  private static void bombs(List<Arguments> cases) {
    Refused overBudget = Refused.as(Kind.OVER_BUDGET);
    cases.add(hostile("PNG 50000x50000, 1-bit, real IDAT", pngOfZeros(50_000, 50_000), overBudget));
    cases.add(hostile("PNG header claiming 50000x50000", TestImages.pngClaiming(50_000, 50_000), overBudget));
    cases.add(hostile("PNG header claiming 2^31-1 squared", TestImages.pngClaiming(Integer.MAX_VALUE, Integer.MAX_VALUE),
        overBudget));
    cases.add(hostile("PNG header claiming 4294967295 squared (negative as int)", TestImages.pngClaiming(-1, -1),
        overBudget));
    cases.add(hostile("JPEG SOF claiming 65500x65500", jpegClaiming(65_500, 65_500), overBudget));
    cases.add(hostile("GIF screen claiming 65535x65535", gifClaiming(65_535, 65_535, 1, 1), overBudget));
    cases.add(hostile("GIF frame claiming 65535x65535", gifClaiming(1, 1, 65_535, 65_535), overBudget));
    cases.add(hostile("WebP lossy bitstream claiming 16383x16383", webpVp8Claiming(WEBP_LOSSY, 16_383, 16_383),
        overBudget));
    cases.add(hostile("WebP lossless bitstream claiming 16384x16384", webpVp8lClaiming(16_384, 16_384), overBudget));
    cases.add(hostile("WebP VP8X canvas claiming 16777216 squared", webpCanvasClaiming(1 << 24, 1 << 24), overBudget));
    cases.add(hostile("WebP small canvas, bitstream claiming 16383x16383",
        webpVp8Claiming(WEBP_EXTENDED, 16_383, 16_383), overBudget));
    cases.add(hostile("WebP animation frame claiming 16777216 squared", webpFrameClaiming(1 << 24, 1 << 24), overBudget));
    cases.add(hostile("BMP claiming 100000x100000", bmp(100_000, 100_000, 24, 0, 54, 0, new byte[64]), overBudget));
    cases.add(hostile("progressive JPEG with 1000 scans", jpegWithRepeatedScans(1000), overBudget));
    cases.add(hostile("file over the 32 MiB byte budget",
        Arrays.copyOf(JPEG, (int) ImageDecoder.DEFAULT_MAX_BYTES + 1), overBudget));

    // Compressed metadata that inflates to 4 GiB (a 4 MB file): readers must not inflate it.
    byte[] fourGiBOfZeros = zlibOfZeros(4L << 30);
    byte[] zTxt = pngChunk("zTXt", concat(ascii("Comment\u0000\u0000"), fourGiBOfZeros));
    byte[] iCcp = pngChunk("iCCP", concat(ascii("icc\u0000\u0000"), fourGiBOfZeros));
    byte[] palette = palettePng(40, 30);
    cases.add(hostile("PNG with a 4 GiB zTXt bomb", withChunksAfterIhdr(PNG, zTxt), new Image(200, 150, "png")));
    cases.add(hostile("palette PNG with a 4 GiB zTXt bomb", withChunksAfterIhdr(palette, zTxt), new Image(40, 30, "png")));
    cases.add(hostile("PNG with a 4 GiB iCCP bomb", withChunksAfterIhdr(PNG, iCcp), new Image(200, 150, "png")));
    cases.add(hostile("palette PNG with a 4 GiB iCCP bomb", withChunksAfterIhdr(palette, iCcp), new Image(40, 30, "png")));
  }

  @Test
  void aFiftyThousandSquarePngOf300KbIsRefusedInMillisecondsWithBoundedMemory() {
    byte[] bomb = pngOfZeros(50_000, 50_000);
    // 50000 rows of 6251 zero bytes: 312 MB of pixels, 2.5 gigapixels, in about 300 KB.
    assertThat(bomb.length).isBetween(250_000, 400_000);
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    long[] allocated = new long[1];
    ImageDecoder.Result result = assertTimeoutPreemptively(HANG_GUARD, () -> {
      long before = threads.getCurrentThreadAllocatedBytes();
      ImageDecoder.Result r = DECODER.decode(bomb);
      allocated[0] = threads.getCurrentThreadAllocatedBytes() - before;
      return r;
    });

    assertThat(result).isInstanceOfSatisfying(Undecodable.class, u -> {
      assertThat(u.kind()).isEqualTo(Kind.OVER_BUDGET);
      assertThat(u.reason()).contains("50000x50000");
    });
    // Refused from the header walk: no reader, no raster, no inflating.
    assertThat(allocated[0]).isLessThan(1L << 20);
  }

  // ------------------------------------------------------------------ truncation

  private static void truncations(List<Arguments> cases) {
    Object[][] files = {
        {"JPEG", JPEG}, {"progressive JPEG", PROGRESSIVE_JPEG}, {"PNG", PNG}, {"GIF", GIF}, {"BMP", BMP},
        {"lossy WebP", WEBP_LOSSY}, {"lossless WebP", WEBP_LOSSLESS}, {"animated WebP", WEBP_ANIMATED},
        {"extended WebP", WEBP_EXTENDED}};
    for (Object[] file : files) {
      String name = (String) file[0];
      byte[] bytes = (byte[]) file[1];
      for (int keep : new int[] {20, bytes.length / 10, bytes.length / 2, bytes.length * 9 / 10, bytes.length - 1}) {
        cases.add(hostile(name + " cut to " + keep + " of " + bytes.length + " bytes", Arrays.copyOf(bytes, keep),
            Refused.as(Kind.TRUNCATED)));
      }
    }
    // A 3-byte JPEG signature is recognised, then found cut short.
    cases.add(hostile("JPEG signature alone", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}, Refused.as(Kind.TRUNCATED)));
    cases.add(hostile("PNG signature alone", Arrays.copyOf(PNG, 8), Refused.as(Kind.TRUNCATED)));
    cases.add(hostile("WebP declaring more bytes than it has", riffSize(WEBP_LOSSY, WEBP_LOSSY.length * 2),
        Refused.as(Kind.TRUNCATED)));
    cases.add(hostile("WebP declaring fewer bytes than its chunks", riffSize(WEBP_LOSSY, 100), Refused.as(Kind.CORRUPT)));
  }

  // ------------------------------------------------------------------ polyglots, wrong types

  private static void polyglotsAndWrongTypes(List<Arguments> cases) {
    Image scene = new Image(200, 150, "jpeg");
    cases.add(hostile("JPEG with a ZIP appended", concat(JPEG, zip()), scene));
    cases.add(hostile("JPEG with HTML appended",
        concat(JPEG, ascii("<html><script>alert(document.cookie)</script></html>")), scene));
    cases.add(hostile("PNG with a ZIP appended", concat(PNG, zip()), new Image(200, 150, "png")));
    cases.add(hostile("GIF that is also JavaScript", gifThatIsJavaScript(), new Image(1, 1, "gif")));
    cases.add(hostile("HTML that starts like a GIF", ascii("GIF89a<html><script>alert(1)</script></html>"),
        Refused.as(Kind.TRUNCATED, Kind.CORRUPT, Kind.OVER_BUDGET)));
    // The decoder sees only bytes; a PNG uploaded as photo.jpg / image/jpeg is a PNG.
    cases.add(hostile("PNG declared as JPEG", PNG, new Image(200, 150, "png")));
    cases.add(hostile("WebP declared as PNG", WEBP_LOSSY, new Image(96, 64, "webp")));
    cases.add(hostile("TIFF", encode(SCENE, "tiff"), Refused.as(Kind.UNSUPPORTED)));
    cases.add(hostile("HEIC", Arrays.copyOf(ascii("\u0000\u0000\u0000\u0018ftypheic\u0000\u0000\u0000\u0000mif1heic"), 2048),
        Refused.as(Kind.UNSUPPORTED)));
    cases.add(hostile("AVIF", Arrays.copyOf(ascii("\u0000\u0000\u0000\u001cftypavif\u0000\u0000\u0000\u0000avifmif1miaf"), 2048),
        Refused.as(Kind.UNSUPPORTED)));
    cases.add(hostile("MP4 video", Arrays.copyOf(ascii("\u0000\u0000\u0000\u0020ftypisom\u0000\u0000\u0002\u0000isomiso2avc1mp41"), 2048),
        Refused.as(Kind.UNRECOGNISED)));
  }

  // ------------------------------------------------------------------ huge metadata

  private static void hugeMetadata(List<Arguments> cases) {
    Image scene = new Image(200, 150, "jpeg");
    cases.add(hostile("JPEG with 400 APP13 segments of 64 KB (26 MB)", jpegWithSegments(0xED, 65_533, 400), scene));
    cases.add(hostile("JPEG with 100 COM segments of 64 KB", jpegWithSegments(0xFE, 65_533, 100), scene));
    cases.add(hostile("JPEG with 100000 empty COM segments", jpegWithSegments(0xFE, 0, 100_000), scene));
    cases.add(hostile("JPEG with 255 APP2 ICC_PROFILE chunks of garbage", jpegWithGarbageIccProfile(), scene));
    cases.add(hostile("JPEG with 600 APP1 segments of 64 KB (over the byte budget)", jpegWithSegments(0xE1, 65_533, 600),
        Refused.as(Kind.OVER_BUDGET)));
    byte[] text = new byte[30 << 20];
    Arrays.fill(text, (byte) 'a');
    text[7] = 0;
    cases.add(hostile("PNG with a 30 MB tEXt chunk", withChunksAfterIhdr(PNG, pngChunk("tEXt", text)),
        new Image(200, 150, "png")));
    byte[] small = pngChunk("tEXt", ascii("Comment\u0000hello"));
    byte[][] many = new byte[200_000][];
    Arrays.fill(many, small);
    cases.add(hostile("palette PNG with 200000 tEXt chunks", withChunksAfterIhdr(palettePng(40, 30), many),
        new Image(40, 30, "png")));
    byte[] comment = new byte[255];
    Arrays.fill(comment, (byte) 'x');
    ByteArrayOutputStream gif = new ByteArrayOutputStream();
    gif.write(GIF, 0, gifFirstBlock(GIF));
    for (int i = 0; i < 20_000; i++) {
      gif.write(0x21);
      gif.write(0xFE);
      gif.write(255);
      gif.writeBytes(comment);
      gif.write(0);
    }
    gif.write(GIF, gifFirstBlock(GIF), GIF.length - gifFirstBlock(GIF));
    cases.add(hostile("GIF with 20000 comment extensions (5 MB)", gif.toByteArray(), new Image(200, 150, "gif")));
  }

  // ------------------------------------------------------------------ BMPs with lying headers

  private static void lyingBmps(List<Arguments> cases) {
    cases.add(hostile("BMP claiming 1000x1000 with 100 bytes of pixels", bmp(1000, 1000, 24, 0, 54, 0, new byte[100]),
        Refused.as(Kind.TRUNCATED, Kind.CORRUPT)));
    cases.add(hostile("BMP whose pixels start past the end", bmp(10, 10, 24, 0, Integer.MAX_VALUE, 0, new byte[400]),
        Refused.as(Kind.TRUNCATED, Kind.CORRUPT)));
    cases.add(hostile("8-bit BMP whose palette offset implies 500 million colours",
        bmp(10, 10, 8, 0, 2_000_000_054, 0, new byte[400]), Refused.as(Kind.TRUNCATED, Kind.CORRUPT)));
    // The JDK reader sizes a BITMAPINFOHEADER palette from the pixel offset, not from this field.
    cases.add(hostile("8-bit BMP claiming 2^31-1 palette colours", bmp(10, 10, 8, 0, 54 + 1024, Integer.MAX_VALUE, new byte[1500]),
        new Image(10, 10, "bmp")));
    cases.add(hostile("BMP with 7 bits per pixel", bmp(10, 10, 7, 0, 54, 0, new byte[400]), Refused.as(Kind.CORRUPT)));
    cases.add(hostile("BMP with a negative width", bmp(-10, 10, 24, 0, 54, 0, new byte[400]),
        Refused.as(Kind.CORRUPT)));
    cases.add(hostile("BMP with an embedded JPEG (BI_JPEG)", bmp(10, 10, 0, 4, 54, 0, JPEG), Refused.as(Kind.UNSUPPORTED)));
    cases.add(hostile("BMP with an embedded PNG (BI_PNG)", bmp(10, 10, 0, 5, 54, 0, PNG), Refused.as(Kind.UNSUPPORTED)));
    cases.add(hostile("RLE8 BMP whose runs overflow the image", bmp(4, 4, 8, 1, 54 + 1024, 256,
        concat(new byte[1024], new byte[] {(byte) 255, 1, (byte) 255, 1, (byte) 255, 1, 0, 1})),
        Refused.as(Kind.CORRUPT, Kind.TRUNCATED)));
    cases.add(hostile("top-down BMP (negative height)", bmp(3, -2, 24, 0, 54, 0, new byte[24]), new Image(3, 2, "bmp")));
  }

  // ------------------------------------------------------------------ odd but valid

  private static void oddButValid(List<Arguments> cases) {
    BufferedImage pixel = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    pixel.setRGB(0, 0, 0x336699);
    cases.add(hostile("1x1 PNG", TestImages.png(pixel), new Image(1, 1, "png")));
    cases.add(hostile("1x1 JPEG", TestImages.jpeg(pixel, 0.9f), new Image(1, 1, "jpeg")));
    cases.add(hostile("1x1 GIF", encode(pixel, "gif"), new Image(1, 1, "gif")));
    cases.add(hostile("1x1 BMP", TestImages.bmp(pixel), new Image(1, 1, "bmp")));
    cases.add(hostile("16-bit grey PNG", encode(grey16(64, 48), "png"), new Image(64, 48, "png")));
    cases.add(hostile("palette PNG", palettePng(40, 30), new Image(40, 30, "png")));
    cases.add(hostile("1-bit PNG", encode(new BufferedImage(33, 17, BufferedImage.TYPE_BYTE_BINARY), "png"),
        new Image(33, 17, "png")));
    BufferedImage alpha = new BufferedImage(50, 40, BufferedImage.TYPE_INT_ARGB);
    alpha.setRGB(10, 10, 0x80FF0000);
    cases.add(hostile("PNG with alpha", encode(alpha, "png"), new Image(50, 40, "png")));
    cases.add(hostile("PNG of 0x0", TestImages.pngClaiming(0, 0), Refused.as(Kind.CORRUPT)));
    cases.add(hostile("PNG of 0x1", TestImages.pngClaiming(0, 1), Refused.as(Kind.CORRUPT)));
  }

  // ------------------------------------------------------------------ empty and garbage

  private static void emptyAndGarbage(List<Arguments> cases) {
    Random random = new Random(1234);
    byte[] garbage = new byte[100_000];
    random.nextBytes(garbage);
    garbage[0] = 0x42; // not a signature by chance
    cases.add(hostile("zero bytes", new byte[0], Refused.as(Kind.UNRECOGNISED)));
    cases.add(hostile("one byte 0xFF", new byte[] {(byte) 0xFF}, Refused.as(Kind.UNRECOGNISED)));
    cases.add(hostile("one byte 'G'", new byte[] {'G'}, Refused.as(Kind.UNRECOGNISED)));
    cases.add(hostile("100 KB of random bytes", garbage, Refused.as(Kind.UNRECOGNISED)));
    Refused any = Refused.as(Kind.TRUNCATED, Kind.CORRUPT, Kind.OVER_BUDGET);
    cases.add(hostile("JPEG signature then random bytes", concat(Arrays.copyOf(JPEG, 3), garbage), any));
    cases.add(hostile("PNG signature then random bytes", concat(Arrays.copyOf(PNG, 8), garbage), any));
    cases.add(hostile("GIF signature then random bytes", concat(ascii("GIF89a"), garbage), any));
    cases.add(hostile("WebP header then random bytes", concat(Arrays.copyOf(WEBP_LOSSY, 12), garbage), any));
    byte[] noise = garbage.clone();
    for (int i = 0; i < noise.length; i++) {
      noise[i] &= 0x7F; // no 0xFF, so no marker: the scan runs to the EOI appended
    }
    cases.add(hostile("JPEG headers then random scan data", concat(Arrays.copyOf(JPEG, jpegScanStart(JPEG)), noise,
        new byte[] {(byte) 0xFF, (byte) 0xD9}), new Image(200, 150, "jpeg")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fuzzSeeds")
  void mutatedFilesNeverThrowOrHang(String name, byte[] original) {
    // Random byte changes past the signature: any outcome is fine, an exception or a hang is not.
    Random random = new Random(name.hashCode());
    for (int round = 0; round < 25; round++) {
      byte[] mutated = original.clone();
      int changes = 1 + random.nextInt(8);
      for (int i = 0; i < changes; i++) {
        mutated[16 + random.nextInt(mutated.length - 16)] = (byte) random.nextInt(256);
      }
      ImageDecoder.Result result = assertTimeoutPreemptively(HANG_GUARD, () -> DECODER.decode(mutated), name);
      assertThat(result).isNotNull();
    }
  }

  static Stream<Arguments> fuzzSeeds() {
    return Stream.of(
        Arguments.of("JPEG", JPEG), Arguments.of("progressive JPEG", PROGRESSIVE_JPEG), Arguments.of("PNG", PNG),
        Arguments.of("GIF", GIF), Arguments.of("BMP", BMP), Arguments.of("lossy WebP", WEBP_LOSSY),
        Arguments.of("lossless WebP", WEBP_LOSSLESS), Arguments.of("animated WebP", WEBP_ANIMATED),
        Arguments.of("extended WebP", WEBP_EXTENDED));
  }

  @Test
  void aSixteenBitGreyPngKeepsItsSixteenBitSamples() {
    // PDQ's python reference clips 16-bit samples to 255; the decoder leaves that policy to the
    // hasher by handing over the samples as stored.
    Decoded decoded = (Decoded) DECODER.decode(encode(grey16(64, 48), "png"));
    assertThat(decoded.image().getType()).isEqualTo(BufferedImage.TYPE_USHORT_GRAY);
    assertThat(decoded.image().getRaster().getSample(5, 5, 0)).isEqualTo(grey16(64, 48).getRaster().getSample(5, 5, 0));
  }

  @Test
  void aPngWithAlphaKeepsItsAlpha() {
    BufferedImage alpha = new BufferedImage(50, 40, BufferedImage.TYPE_INT_ARGB);
    alpha.setRGB(10, 10, 0x80FF0000);
    Decoded decoded = (Decoded) DECODER.decode(encode(alpha, "png"));
    assertThat(decoded.image().getColorModel().hasAlpha()).isTrue();
    assertThat(decoded.image().getRGB(10, 10)).isEqualTo(0x80FF0000);
  }

  // ------------------------------------------------------------------ builders

  /**
   * A zlib stream of {@code n} zero bytes, built in milliseconds: one megabyte of zeros deflated
   * with a full flush (which resets the compressor, so every such segment compresses to the same
   * bytes) is repeated, then the stream is closed with the Adler-32 of n zeros.
   */
  static byte[] zlibOfZeros(long n) {
    int segment = 1 << 20;
    byte[] zeros = new byte[segment];
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    try {
      byte[] first = deflateFlushed(deflater, zeros, segment);
      byte[] steady = deflateFlushed(deflater, zeros, segment);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(0x78);
      out.write(0xDA);
      long segments = n / segment;
      for (long i = 0; i < segments; i++) {
        out.writeBytes(i == 0 ? first : steady);
      }
      int rest = (int) (n % segment);
      if (rest > 0) {
        out.writeBytes(deflateFlushed(deflater, zeros, rest));
      }
      deflater.finish();
      byte[] buffer = new byte[64];
      while (!deflater.finished()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
      // Adler-32 of zeros: A stays 1, B adds 1 per byte.
      long adler = (n % 65521) << 16 | 1;
      out.writeBytes(ByteBuffer.allocate(4).putInt((int) adler).array());
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  private static byte[] deflateFlushed(Deflater deflater, byte[] input, int length) {
    deflater.setInput(input, 0, length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int written;
    do {
      written = deflater.deflate(buffer, 0, buffer.length, Deflater.FULL_FLUSH);
      out.write(buffer, 0, written);
    } while (written == buffer.length);
    return out.toByteArray();
  }

  /** A valid 1-bit grey PNG of zeros: small file, enormous canvas. */
  static byte[] pngOfZeros(int width, int height) {
    long rowBytes = 1 + (width + 7) / 8L;
    ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 1).put((byte) 0)
        .put((byte) 0).put((byte) 0).put((byte) 0);
    return concat(Arrays.copyOf(TestImages.png(new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY)), 8),
        pngChunk("IHDR", ihdr.array()), pngChunk("IDAT", zlibOfZeros(rowBytes * height)), pngChunk("IEND", new byte[0]));
  }

  static byte[] palettePng(int width, int height) {
    // Colours, not a grey ramp: the JDK's PNG writer stores a grey-ramp palette as a grey image.
    byte[] red = new byte[16];
    byte[] green = new byte[16];
    byte[] blue = new byte[16];
    for (int i = 0; i < 16; i++) {
      red[i] = (byte) (i * 17);
      green[i] = (byte) (255 - i * 17);
      blue[i] = (byte) (i * 53);
    }
    IndexColorModel colours = new IndexColorModel(4, 16, red, green, blue);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_BINARY, colours);
    image.createGraphics().drawImage(SCENE, 0, 0, width, height, null);
    return encode(image, "png");
  }

  static BufferedImage grey16(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.getRaster().setSample(x, y, 0, (x * 1000 + y * 7) & 0xFFFF);
      }
    }
    return image;
  }

  private static int indexOf(byte[] bytes, int from, int... pattern) {
    outer:
    for (int i = from; i <= bytes.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if ((bytes[i + j] & 0xFF) != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("pattern not found");
  }

  private static byte[] jpegClaiming(int width, int height) {
    byte[] jpeg = JPEG.clone();
    int sof = indexOf(jpeg, 2, 0xFF, 0xC0);
    ByteBuffer.wrap(jpeg).putShort(sof + 5, (short) height).putShort(sof + 7, (short) width);
    return jpeg;
  }

  private static int jpegScanStart(byte[] jpeg) {
    int sos = indexOf(jpeg, 2, 0xFF, 0xDA);
    return sos + 2 + ((jpeg[sos + 2] & 0xFF) << 8 | (jpeg[sos + 3] & 0xFF));
  }

  /** The progressive JPEG with its last scan (header and data) repeated until it has many. */
  private static byte[] jpegWithRepeatedScans(int scans) {
    byte[] jpeg = PROGRESSIVE_JPEG;
    int last = -1;
    for (int i = 2; i < jpeg.length - 1; i++) {
      if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xDA) {
        last = i;
      }
    }
    int eoi = jpeg.length - 2;
    byte[] scan = Arrays.copyOfRange(jpeg, last, eoi);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, eoi);
    for (int i = 0; i < scans; i++) {
      out.writeBytes(scan);
    }
    out.write(0xFF);
    out.write(0xD9);
    return out.toByteArray();
  }

  /** {@link #JPEG} with {@code count} segments of one marker and payload size after SOI. */
  private static byte[] jpegWithSegments(int marker, int payload, int count) {
    byte[] segment = new byte[4 + payload];
    segment[0] = (byte) 0xFF;
    segment[1] = (byte) marker;
    segment[2] = (byte) ((payload + 2) >> 8);
    segment[3] = (byte) (payload + 2);
    Arrays.fill(segment, 4, segment.length, (byte) 'A');
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(JPEG, 0, 2);
    for (int i = 0; i < count; i++) {
      out.writeBytes(segment);
    }
    out.write(JPEG, 2, JPEG.length - 2);
    return out.toByteArray();
  }

  private static byte[] jpegWithGarbageIccProfile() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(JPEG, 0, 2);
    Random random = new Random(5);
    for (int i = 1; i <= 255; i++) {
      byte[] junk = new byte[60_000];
      random.nextBytes(junk);
      byte[] payload = concat(ascii("ICC_PROFILE\u0000"), new byte[] {(byte) i, (byte) 255}, junk);
      out.write(0xFF);
      out.write(0xE2);
      out.write((payload.length + 2) >> 8);
      out.write(payload.length + 2);
      out.writeBytes(payload);
    }
    out.write(JPEG, 2, JPEG.length - 2);
    return out.toByteArray();
  }

  /** A GIF of one black frame with the given screen and frame sizes. */
  private static byte[] gifClaiming(int screenWidth, int screenHeight, int frameWidth, int frameHeight) {
    ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    b.put(ascii("GIF89a")).putShort((short) screenWidth).putShort((short) screenHeight).put((byte) 0x80)
        .put((byte) 0).put((byte) 0).put(new byte[6]);
    b.put((byte) 0x2C).putShort((short) 0).putShort((short) 0).putShort((short) frameWidth)
        .putShort((short) frameHeight).put((byte) 0);
    b.put(new byte[] {2, 2, 0x44, 0x01, 0, 0x3B});
    return Arrays.copyOf(b.array(), b.position());
  }

  /** The offset of the first block after a GIF's header and global colour table. */
  private static int gifFirstBlock(byte[] gif) {
    int flags = gif[10] & 0xFF;
    return 13 + ((flags & 0x80) != 0 ? 3 << ((flags & 7) + 1) : 0);
  }

  /**
   * A GIF that a browser also runs as JavaScript: the screen width's bytes are "/*", opening a
   * comment that a comment extension closes before {@code =1;alert(1)/*}; the trailer's ";" sits in
   * the last comment, closed by bytes after the GIF's end.
   */
  private static byte[] gifThatIsJavaScript() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ascii("GIF89a/*"));
    out.writeBytes(new byte[] {1, 0, (byte) 0x80, 0, 0, 0, 0, 0, (byte) 255, (byte) 255, (byte) 255});
    byte[] script = ascii("*/=1;alert('tripline');/*");
    out.writeBytes(new byte[] {0x21, (byte) 0xFE, (byte) script.length});
    out.writeBytes(script);
    out.write(0);
    out.writeBytes(new byte[] {0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0, 0x3B});
    out.writeBytes(ascii("*/"));
    return out.toByteArray();
  }

  private static byte[] zip() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("payload.txt"));
      zip.write("hidden payload".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A BMP with a 40-byte BITMAPINFOHEADER saying whatever it is told, then {@code data}. */
  private static byte[] bmp(int width, int height, int bitsPerPixel, int compression, int pixelOffset, int coloursUsed,
      byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(54 + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 'B').put((byte) 'M').putInt(54 + data.length).putInt(0).putInt(pixelOffset);
    b.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) bitsPerPixel).putInt(compression)
        .putInt(data.length).putInt(2835).putInt(2835).putInt(coloursUsed).putInt(0);
    b.put(data);
    return b.array();
  }

  private static byte[] riffSize(byte[] webp, int size) {
    byte[] copy = webp.clone();
    ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(4, size - 8);
    return copy;
  }

  private static byte[] webpVp8Claiming(byte[] webp, int width, int height) {
    byte[] copy = webp.clone();
    int chunk = indexOf(copy, 12, 'V', 'P', '8', ' ');
    // Chunk header (8), frame tag (3), start code (3), then 14-bit width and height.
    ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putShort(chunk + 14, (short) width)
        .putShort(chunk + 16, (short) height);
    return copy;
  }

  private static byte[] webpVp8lClaiming(int width, int height) {
    byte[] copy = WEBP_LOSSLESS.clone();
    int chunk = indexOf(copy, 12, 'V', 'P', '8', 'L');
    ByteBuffer b = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
    int bits = b.getInt(chunk + 9);
    bits = (bits & ~0x0FFFFFFF) | (width - 1) | (height - 1) << 14;
    b.putInt(chunk + 9, bits);
    return copy;
  }

  private static byte[] webpCanvasClaiming(int width, int height) {
    byte[] copy = WEBP_EXTENDED.clone();
    int chunk = indexOf(copy, 12, 'V', 'P', '8', 'X');
    put24(copy, chunk + 12, width - 1);
    put24(copy, chunk + 15, height - 1);
    return copy;
  }

  private static byte[] webpFrameClaiming(int width, int height) {
    byte[] copy = WEBP_ANIMATED.clone();
    int chunk = indexOf(copy, 12, 'A', 'N', 'M', 'F');
    put24(copy, chunk + 14, width - 1);
    put24(copy, chunk + 17, height - 1);
    return copy;
  }

  private static void put24(byte[] b, int at, int value) {
    b[at] = (byte) value;
    b[at + 1] = (byte) (value >> 8);
    b[at + 2] = (byte) (value >> 16);
  }
}
