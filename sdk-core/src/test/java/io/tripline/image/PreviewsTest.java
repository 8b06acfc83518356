package io.tripline.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.image.Previews.Preview;
import io.tripline.image.Previews.Unavailable;
import io.tripline.image.Previews.Variant;
import io.tripline.testkit.TestImages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreviewsTest {

  private static final Previews PREVIEWS = Previews.defaults();

  @Test
  void clearPreviewFitsWithinTheBoundKeepingTheAspectRatio() {
    byte[] jpeg = TestImages.jpeg(TestImages.scene(1, 1600, 900), 0.9f);

    Preview preview = (Preview) PREVIEWS.render(jpeg, Variant.CLEAR);

    assertThat(preview.width()).isEqualTo(640);
    assertThat(preview.height()).isEqualTo(360);
    BufferedImage image = TestImages.decode(preview.png());
    assertThat(image.getWidth()).isEqualTo(640);
    assertThat(image.getHeight()).isEqualTo(360);
  }

  @Test
  void smallImagesAreNotEnlarged() {
    Preview preview = (Preview) PREVIEWS.render(TestImages.png(TestImages.scene(2, 200, 120)), Variant.CLEAR);

    assertThat(preview.width()).isEqualTo(200);
    assertThat(preview.height()).isEqualTo(120);
  }

  @Test
  void maxSideIsConfigurable() {
    Previews small = Previews.builder().maxSide(100).build();

    Preview preview = (Preview) small.render(TestImages.png(TestImages.scene(3, 300, 600)), Variant.PROTECTED);

    assertThat(preview.width()).isEqualTo(50);
    assertThat(preview.height()).isEqualTo(100);
  }

  @Test
  void pngHoldsNoMetadataChunks() {
    byte[] jpeg = withExif(TestImages.jpeg(TestImages.scene(4, 400, 300), 0.9f), 1);
    for (Variant variant : Variant.values()) {
      Preview preview = (Preview) PREVIEWS.render(jpeg, variant);

      assertThat(chunkTypes(preview.png())).as(variant.name())
          .containsOnly("IHDR", "IDAT", "IEND")
          .startsWith("IHDR")
          .endsWith("IEND");
      assertThat(new String(preview.png(), StandardCharsets.ISO_8859_1)).doesNotContain("Exif");
    }
  }

  @Test
  void exifOrientationIsApplied() {
    // A red block in the stored top-left corner; orientation 6 shows the picture turned 90
    // degrees clockwise, which puts it in the top-right corner.
    BufferedImage stored = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = stored.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 200, 100);
    g.setColor(Color.RED);
    g.fillRect(0, 0, 40, 40);
    g.dispose();
    byte[] jpeg = withExif(TestImages.jpeg(stored, 0.95f), 6);

    Preview preview = (Preview) PREVIEWS.render(jpeg, Variant.CLEAR);

    assertThat(preview.width()).isEqualTo(100);
    assertThat(preview.height()).isEqualTo(200);
    BufferedImage shown = TestImages.decode(preview.png());
    assertThat(isRed(shown.getRGB(90, 10))).isTrue();
    assertThat(isRed(shown.getRGB(10, 10))).isFalse();
    assertThat(isRed(shown.getRGB(90, 190))).isFalse();
  }

  @Test
  void protectedPreviewIsGreyAndBlurred() {
    // A fine checkerboard of saturated colours: after the blur no edge and no colour is left.
    BufferedImage board = new BufferedImage(320, 320, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 320; y++) {
      for (int x = 0; x < 320; x++) {
        board.setRGB(x, y, ((x / 8) + (y / 8)) % 2 == 0 ? 0xff0000 : 0x00ff00);
      }
    }
    byte[] png = TestImages.png(board);

    BufferedImage clear = TestImages.decode(((Preview) PREVIEWS.render(png, Variant.CLEAR)).png());
    BufferedImage blurred = TestImages.decode(((Preview) PREVIEWS.render(png, Variant.PROTECTED)).png());

    assertThat(blurred.getWidth()).isEqualTo(clear.getWidth());
    assertThat(blurred.getHeight()).isEqualTo(clear.getHeight());
    int min = 255;
    int max = 0;
    for (int y = 0; y < blurred.getHeight(); y++) {
      for (int x = 0; x < blurred.getWidth(); x++) {
        int p = blurred.getRGB(x, y);
        int r = (p >> 16) & 0xff;
        assertThat((p >> 8) & 0xff).isEqualTo(r);
        assertThat(p & 0xff).isEqualTo(r);
        min = Math.min(min, r);
        max = Math.max(max, r);
      }
    }
    // Red and green have lumas 76 and 150: the checkerboard blurs into their mean.
    assertThat(max - min).as("contrast left of 74").isLessThanOrEqualTo(12);
    assertThat(isRed(clear.getRGB(2, 2))).isTrue();
  }

  @Test
  void transparencyIsFlattenedOntoWhite() {
    BufferedImage transparent = new BufferedImage(50, 50, BufferedImage.TYPE_INT_ARGB);

    BufferedImage preview = TestImages.decode(((Preview) PREVIEWS.render(TestImages.png(transparent), Variant.CLEAR)).png());

    assertThat(preview.getRGB(25, 25) & 0xffffff).isEqualTo(0xffffff);
  }

  @Test
  void undecodableInputIsATypedResult() {
    byte[] notAnImage = "<script>secret upload text</script>".getBytes(StandardCharsets.UTF_8);

    Previews.Result result = PREVIEWS.render(notAnImage, Variant.PROTECTED);

    assertThat(result).isInstanceOf(Unavailable.class);
    Unavailable unavailable = (Unavailable) result;
    assertThat(unavailable.kind()).isEqualTo(ImageDecoder.Undecodable.Kind.UNRECOGNISED);
    assertThat(unavailable.reason()).doesNotContain("secret");
  }

  @Test
  void truncatedImageIsATypedResult() {
    byte[] jpeg = TestImages.jpeg(TestImages.scene(5, 300, 200), 0.9f);
    byte[] cut = java.util.Arrays.copyOf(jpeg, jpeg.length / 2);

    assertThat(PREVIEWS.render(cut, Variant.CLEAR)).isInstanceOf(Unavailable.class);
    assertThat(PREVIEWS.render(new byte[0], Variant.CLEAR)).isInstanceOf(Unavailable.class);
  }

  @Test
  void decompressionBombIsRefusedQuicklyWithoutDecoding() {
    byte[] bomb = TestImages.pngClaiming(100_000, 100_000);

    long start = System.nanoTime();
    Previews.Result result = PREVIEWS.render(bomb, Variant.CLEAR);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(result).isInstanceOfSatisfying(Unavailable.class,
        u -> assertThat(u.kind()).isEqualTo(ImageDecoder.Undecodable.Kind.OVER_BUDGET));
    assertThat(took).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void decoderBudgetsApply() {
    Previews tight = Previews.builder().decoder(new ImageDecoder(10_000)).build();

    assertThat(tight.render(TestImages.png(TestImages.scene(6, 200, 200)), Variant.CLEAR))
        .isInstanceOf(Unavailable.class);
  }

  @Test
  void builderRefusesNonsense() {
    assertThatThrownBy(() -> Previews.builder().maxSide(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxSide");
    assertThatThrownBy(() -> Previews.builder().decoder(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> PREVIEWS.render(null, Variant.CLEAR)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void previewIsACopyNotAView() {
    Preview preview = (Preview) PREVIEWS.render(TestImages.png(TestImages.scene(7, 40, 40)), Variant.CLEAR);
    byte[] png = preview.png();
    png[0] = 0;

    assertThat(preview.png()[0]).isEqualTo((byte) 0x89);
  }

  private static boolean isRed(int rgb) {
    return ((rgb >> 16) & 0xff) > 200 && ((rgb >> 8) & 0xff) < 60 && (rgb & 0xff) < 60;
  }

  /** The chunk types of a PNG file, in order. */
  static List<String> chunkTypes(byte[] png) {
    assertThat(png).startsWith(0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a);
    List<String> types = new ArrayList<>();
    ByteBuffer buffer = ByteBuffer.wrap(png);
    int at = 8;
    while (at + 8 <= png.length) {
      int length = buffer.getInt(at);
      types.add(new String(png, at + 4, 4, StandardCharsets.US_ASCII));
      at += 12 + length;
    }
    assertThat(at).as("chunks end with the file").isEqualTo(png.length);
    return types;
  }

  /**
   * {@code jpeg} with an APP1 EXIF segment after SOI: a big-endian TIFF header and IFD0 holding
   * the orientation tag, plus a maker-note-like ASCII tag so metadata would show if copied.
   */
  static byte[] withExif(byte[] jpeg, int orientation) {
    ByteArrayOutputStream tiff = new ByteArrayOutputStream();
    tiff.writeBytes(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8});
    tiff.writeBytes(new byte[] {0, 1}); // one entry
    tiff.writeBytes(new byte[] {0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0});
    tiff.writeBytes(new byte[] {0, 0, 0, 0}); // no next IFD
    byte[] payload = concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), tiff.toByteArray());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0xff);
    out.write(0xd8);
    out.write(0xff);
    out.write(0xe1);
    int length = payload.length + 2;
    out.write(length >> 8);
    out.write(length & 0xff);
    out.writeBytes(payload);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
