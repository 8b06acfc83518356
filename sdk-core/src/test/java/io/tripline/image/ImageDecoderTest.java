package io.tripline.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.testkit.TestImages;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {
  private final ImageDecoder decoder = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS);
  private static final BufferedImage SCENE = TestImages.scene(5, 320, 240);

  private static byte[] bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void decodesJpegPngAndBmpFromTheirBytes() {
    assertThat(decoder.decode(TestImages.jpeg(SCENE, 0.9f))).isInstanceOfSatisfying(ImageDecoder.Decoded.class, d -> {
      assertThat(d.format()).isEqualTo("jpeg");
      assertThat(d.image().getWidth()).isEqualTo(320);
      assertThat(d.image().getHeight()).isEqualTo(240);
    });
    assertThat(decoder.decode(TestImages.png(SCENE)))
        .isInstanceOfSatisfying(ImageDecoder.Decoded.class, d -> assertThat(d.format()).isEqualTo("png"));
    assertThat(decoder.decode(TestImages.bmp(SCENE)))
        .isInstanceOfSatisfying(ImageDecoder.Decoded.class, d -> assertThat(d.format()).isEqualTo("bmp"));
  }

  @Test
  void emptyAndUnknownBytesAreUndecodable() {
    assertThat(decoder.decode(new byte[0])).isInstanceOf(ImageDecoder.Undecodable.class);
    assertThat(decoder.decode(ascii("hello, this is not an image at all"))).isInstanceOf(ImageDecoder.Undecodable.class);
  }

  @Test
  void aCorruptHeaderIsUndecodable() {
    byte[] jpeg = TestImages.jpeg(SCENE, 0.9f);
    byte[] corrupt = Arrays.copyOf(jpeg, jpeg.length);
    Arrays.fill(corrupt, 4, 400, (byte) 0x7F);
    assertThat(decoder.decode(corrupt)).isInstanceOf(ImageDecoder.Undecodable.class);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.05, 0.5, 0.9, 0.99})
  void aTruncatedJpegIsUndecodable(double kept) {
    // ImageIO's JPEG reader fills a truncated image with grey and only warns: the hash of that
    // half-grey picture no longer matches the original, so truncation would evade the index.
    byte[] jpeg = TestImages.jpeg(SCENE, 0.9f);
    int keep = (int) (jpeg.length * kept);
    assertThat(decoder.decode(Arrays.copyOf(jpeg, keep)))
        .as("kept %d of %d bytes", keep, jpeg.length)
        .isInstanceOf(ImageDecoder.Undecodable.class);
  }

  @Test
  void aTruncatedPngIsUndecodable() {
    byte[] png = TestImages.png(SCENE);
    assertThat(decoder.decode(Arrays.copyOf(png, png.length / 2))).isInstanceOf(ImageDecoder.Undecodable.class);
  }

  @Test
  void aHugeDeclaredCanvasIsRefusedBeforeAnyPixelIsDecoded() {
    byte[] bomb = TestImages.pngClaiming(50_000, 50_000);
    assertThat(bomb.length).isLessThan(200);
    assertThat(decoder.decode(bomb)).isInstanceOfSatisfying(ImageDecoder.Undecodable.class,
        u -> assertThat(u.reason()).contains("50000x50000").contains("budget"));
  }

  @Test
  void thePixelBudgetIsInclusive() {
    byte[] png = TestImages.png(SCENE);
    assertThat(new ImageDecoder(320 * 240).decode(png)).isInstanceOf(ImageDecoder.Decoded.class);
    assertThat(new ImageDecoder(320 * 240 - 1).decode(png)).isInstanceOf(ImageDecoder.Undecodable.class);
  }

  @Test
  void theBudgetMustBePositive() {
    assertThatThrownBy(() -> new ImageDecoder(0)).isInstanceOf(IllegalArgumentException.class);
  }

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
}
