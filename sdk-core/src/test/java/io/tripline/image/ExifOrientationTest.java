package io.tripline.image;

import static io.tripline.image.ImageDecoderTest.decoded;
import static io.tripline.image.ImageDecoderTest.pdqImage;
import static io.tripline.image.ImageDecoderTest.resource;
import static org.assertj.core.api.Assertions.assertThat;

import io.tripline.testkit.TestImages;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExifOrientationTest {
  private final ImageDecoder decoder = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS);

  /**
   * A TIFF block whose IFD0 holds {@code before} unrelated entries, then Orientation as
   * {@code type}/{@code count}/{@code value}, then a next-IFD offset of 0.
   */
  static byte[] tiff(ByteOrder order, int before, int type, int count, int value) {
    int entries = before + 1;
    ByteBuffer b = ByteBuffer.allocate(8 + 2 + 12 * entries + 4).order(order);
    b.put(order == ByteOrder.LITTLE_ENDIAN ? new byte[] {'I', 'I'} : new byte[] {'M', 'M'});
    b.putShort((short) 42).putInt(8).putShort((short) entries);
    for (int i = 0; i < before; i++) {
      // ImageWidth, LONG, 1, 640: a tag every camera writes before Orientation.
      b.putShort((short) (0x0100 + i)).putShort((short) 4).putInt(1).putInt(640);
    }
    b.putShort((short) 0x0112).putShort((short) type).putInt(count);
    if (type == 3) {
      b.putShort((short) value).putShort((short) 0);
    } else {
      b.putInt(value);
    }
    b.putInt(0);
    return b.array();
  }

  static byte[] tiff(ByteOrder order, int orientation) {
    return tiff(order, 3, 3, 1, orientation);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  static final byte[] EXIF_PREFIX = {'E', 'x', 'i', 'f', 0, 0};

  /** {@code jpeg} with an APP1 segment holding {@code payload} inserted right after SOI. */
  static byte[] withApp1(byte[] jpeg, byte[] payload) {
    int length = payload.length + 2;
    return concat(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1, (byte) (length >> 8), (byte) length},
        payload, Arrays.copyOfRange(jpeg, 2, jpeg.length));
  }

  static byte[] pngChunk(String type, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(12 + data.length);
    byte[] name = type.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    b.putInt(data.length).put(name).put(data);
    CRC32 crc = new CRC32();
    crc.update(name);
    crc.update(data);
    b.putInt((int) crc.getValue());
    return b.array();
  }

  /** {@code png} with {@code chunks} inserted after IHDR (signature 8 bytes, IHDR 25). */
  static byte[] withChunksAfterIhdr(byte[] png, byte[]... chunks) {
    return concat(Arrays.copyOf(png, 33), concat(chunks), Arrays.copyOfRange(png, 33, png.length));
  }

  // ------------------------------------------------------------------ the TIFF parser

  @ParameterizedTest
  @CsvSource({"1", "2", "3", "4", "5", "6", "7", "8"})
  void readsEveryOrientationInBothByteOrders(int orientation) {
    for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
      byte[] tiff = tiff(order, orientation);
      assertThat(ExifOrientation.fromTiff(tiff, 0, tiff.length)).as("%s", order).isEqualTo(orientation);
      byte[] app1 = concat(EXIF_PREFIX, tiff);
      assertThat(ExifOrientation.fromApp1(app1, 0, app1.length)).isEqualTo(orientation);
      assertThat(ExifOrientation.fromExifChunk(app1, 0, app1.length)).isEqualTo(orientation);
      assertThat(ExifOrientation.fromExifChunk(tiff, 0, tiff.length)).isEqualTo(orientation);
    }
  }

  @Test
  void readsWithinAWindowOfALargerArray() {
    byte[] tiff = tiff(ByteOrder.BIG_ENDIAN, 6);
    byte[] padded = concat(new byte[17], tiff, new byte[5]);
    assertThat(ExifOrientation.fromTiff(padded, 17, tiff.length)).isEqualTo(6);
    // The same block, but the window ends before the entry: not found, not read past.
    assertThat(ExifOrientation.fromTiff(padded, 17, tiff.length - 10)).isEqualTo(1);
  }

  @Test
  void malformedBlocksAreOrientationOne() {
    byte[] good = tiff(ByteOrder.LITTLE_ENDIAN, 6);
    assertThat(ExifOrientation.fromTiff(good, 0, good.length)).isEqualTo(6);

    byte[] badOrderMark = good.clone();
    badOrderMark[0] = 'X';
    byte[] badMagic = good.clone();
    badMagic[2] = 43;
    byte[] ifdPastTheEnd = good.clone();
    ByteBuffer.wrap(ifdPastTheEnd).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 1_000_000);
    byte[] ifdInsideTheHeader = good.clone();
    ByteBuffer.wrap(ifdInsideTheHeader).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 2);
    byte[] negativeIfd = good.clone();
    ByteBuffer.wrap(negativeIfd).order(ByteOrder.LITTLE_ENDIAN).putInt(4, -8);

    for (byte[] bad : new byte[][] {badOrderMark, badMagic, ifdPastTheEnd, ifdInsideTheHeader, negativeIfd,
        tiff(ByteOrder.LITTLE_ENDIAN, 2, 4, 1, 6), // LONG instead of SHORT
        tiff(ByteOrder.LITTLE_ENDIAN, 2, 3, 2, 6), // two values
        tiff(ByteOrder.BIG_ENDIAN, 0, 3, 1, 0), // out of range
        tiff(ByteOrder.BIG_ENDIAN, 0, 3, 1, 9),
        tiff(ByteOrder.BIG_ENDIAN, 0, 3, 1, 0xFFFF),
        new byte[0], new byte[7]}) {
      assertThat(ExifOrientation.fromTiff(bad, 0, bad.length)).isEqualTo(1);
    }
    assertThat(ExifOrientation.fromTiff(good, -1, good.length)).isEqualTo(1);
    assertThat(ExifOrientation.fromTiff(good, 4, good.length)).isEqualTo(1);
  }

  @Test
  void anEntryCountThatClaimsMoreThanTheBlockHoldsIsCutDown() {
    byte[] tiff = tiff(ByteOrder.BIG_ENDIAN, 2, 3, 1, 8);
    ByteBuffer.wrap(tiff).putShort(8, (short) 0xFFFF);
    assertThat(ExifOrientation.fromTiff(tiff, 0, tiff.length)).isEqualTo(8);
    byte[] missing = tiff(ByteOrder.BIG_ENDIAN, 2, 3, 1, 8);
    ByteBuffer.wrap(missing).putShort(8, (short) 0xFFFF).putShort(8 + 2 + 24, (short) 0x0110);
    assertThat(ExifOrientation.fromTiff(missing, 0, missing.length)).isEqualTo(1);
  }

  @Test
  void everyPrefixOfABlockIsReadSafely() {
    byte[] app1 = concat(EXIF_PREFIX, tiff(ByteOrder.LITTLE_ENDIAN, 5, 3, 1, 3));
    for (int length = 0; length <= app1.length; length++) {
      int orientation = ExifOrientation.fromApp1(app1, 0, length);
      // The whole 12-byte entry must be inside; it ends where the 4-byte next-IFD offset starts.
      assertThat(orientation).as("prefix of %d bytes", length).isEqualTo(length >= app1.length - 4 ? 3 : 1);
    }
  }

  @Test
  void randomBytesNeverThrow() {
    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      byte[] block = new byte[random.nextInt(64)];
      random.nextBytes(block);
      if (block.length >= 4 && random.nextBoolean()) {
        block[0] = 'M';
        block[1] = 'M';
        block[2] = 0;
        block[3] = 42;
      }
      assertThat(ExifOrientation.fromExifChunk(block, 0, block.length)).isBetween(1, 8);
    }
  }

  @Test
  void anApp1ThatIsNotExifIsIgnored() {
    byte[] xmp = concat("http://ns.adobe.com/xap/1.0/\u0000".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
        tiff(ByteOrder.BIG_ENDIAN, 6));
    assertThat(ExifOrientation.fromApp1(xmp, 0, xmp.length)).isEqualTo(1);
  }

  // ------------------------------------------------------------------ through the decoder

  @ParameterizedTest
  @CsvSource({"1", "2", "3", "4", "5", "6", "7", "8"})
  void aJpegReportsItsOrientationAndKeepsItsStoredPixels(int orientation) {
    byte[] plain = TestImages.jpeg(TestImages.scene(4, 160, 90), 0.9f);
    ByteOrder order = orientation % 2 == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    byte[] tagged = withApp1(plain, concat(EXIF_PREFIX, tiff(order, orientation)));

    ImageDecoder.Decoded decoded = decoded(decoder.decode(tagged));

    assertThat(decoded.exifOrientation()).isEqualTo(orientation);
    // Not rotated: 160x90 as stored, the same pixels as without the tag.
    ImageDecoderTest.assertSamePixels(decoded.image(), decoded(decoder.decode(plain)).image());
  }

  @Test
  void aMalformedExifSegmentIsOrientationOneAndTheImageStillDecodes() {
    byte[] plain = TestImages.jpeg(TestImages.scene(4, 160, 90), 0.9f);
    byte[] junk = new byte[300];
    new Random(7).nextBytes(junk);
    for (byte[] payload : new byte[][] {concat(EXIF_PREFIX, junk), EXIF_PREFIX, concat(EXIF_PREFIX, new byte[] {'M', 'M'})}) {
      ImageDecoder.Decoded decoded = decoded(decoder.decode(withApp1(plain, payload)));
      assertThat(decoded.exifOrientation()).isEqualTo(1);
    }
  }

  @Test
  void onlyTheFirstExifSegmentCounts() {
    byte[] plain = TestImages.jpeg(TestImages.scene(4, 160, 90), 0.9f);
    byte[] twice = withApp1(withApp1(plain, concat(EXIF_PREFIX, tiff(ByteOrder.BIG_ENDIAN, 3))),
        concat(EXIF_PREFIX, tiff(ByteOrder.BIG_ENDIAN, 6)));
    assertThat(decoded(decoder.decode(twice)).exifOrientation()).isEqualTo(6);
  }

  @Test
  void phoneCameraJpegsFromThePdqVectors() {
    // Samsung SM-G930V photos, 4032x3024 as stored, tagged 6 and 8.
    ImageDecoder.Decoded six = decoded(decoder.decode(pdqImage("pdq/data/reg-test-input/exif-rotn/exif-rotn-6.jpg")));
    assertThat(six.exifOrientation()).isEqualTo(6);
    assertThat(six.image().getWidth()).isEqualTo(4032);
    assertThat(six.image().getHeight()).isEqualTo(3024);
    ImageDecoder.Decoded eight = decoded(decoder.decode(pdqImage("pdq/data/reg-test-input/exif-rotn/exif-rotn-8.jpg")));
    assertThat(eight.exifOrientation()).isEqualTo(8);
    // This one's EXIF has an Orientation of 0, which is not a valid value.
    assertThat(decoded(decoder.decode(pdqImage("pdq/data/reg-test-input/dih/bridge-1-original.jpg"))).exifOrientation())
        .isEqualTo(1);
  }

  @Test
  void aWebpExifChunkIsRead() {
    assertThat(decoded(decoder.decode(resource("exif-orientation-6.webp"))).exifOrientation()).isEqualTo(6);
    assertThat(decoded(decoder.decode(resource("scene-lossy.webp"))).exifOrientation()).isEqualTo(1);
  }

  @Test
  void aPngExifChunkIsRead() {
    byte[] png = TestImages.png(TestImages.scene(4, 64, 48));
    byte[] tagged = withChunksAfterIhdr(png, pngChunk("eXIf", tiff(ByteOrder.BIG_ENDIAN, 5)));
    ImageDecoder.Decoded decoded = decoded(decoder.decode(tagged));
    assertThat(decoded.exifOrientation()).isEqualTo(5);
    assertThat(decoded.image().getWidth()).isEqualTo(64);
  }
}
