package io.tripline.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageHashTest {

  @Test
  void hexRoundTripsAndPacksBigEndian() {
    long[] words = ImageHash.parseHex("8000000000000001", 64);
    assertThat(words).containsExactly(0x8000000000000001L);
    assertThat(ImageHash.toHex(words, 64)).isEqualTo("8000000000000001");

    Random random = new Random(3);
    for (int bits : new int[] {64, 128, 256, 100}) {
      for (int i = 0; i < 50; i++) {
        byte[] bytes = new byte[(bits + 7) / 8];
        random.nextBytes(bytes);
        String hex = HexFormat.of().formatHex(bytes).substring(0, bits / 4);
        long[] parsed = ImageHash.parseHex(hex, bits);
        assertThat(parsed).hasSize((bits + 63) / 64);
        assertThat(new ImageHash("x", parsed, bits, 100).toHex()).isEqualTo(hex);
        // The first word holds the first 16 digits, most significant first.
        assertThat(parsed[0]).isEqualTo(Long.parseUnsignedLong(hex.substring(0, 16), 16));
      }
    }
  }

  @Test
  void upperCaseHexIsAccepted() {
    assertThat(ImageHash.parseHex("ABCDEF0123456789", 64)).isEqualTo(ImageHash.parseHex("abcdef0123456789", 64));
  }

  @ParameterizedTest
  @ValueSource(strings = {"０123456789abcdef", "0123456789abcde٣", "0123456789abcdeｆ", "0123456789abcdeg",
      " 123456789abcdef", "0123456789abcde"})
  void onlyAsciiHexDigitsOfTheRightLengthAreAccepted(String hex) {
    assertThatThrownBy(() -> ImageHash.parseHex(hex, 64)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theConstructorValidatesAndCopies() {
    long[] words = {1L};
    ImageHash hash = new ImageHash("phash64", words, 64, 100);
    words[0] = 2L;
    assertThat(hash.words()).containsExactly(1L);
    hash.words()[0] = 3L;
    assertThat(hash.words()).containsExactly(1L);
    assertThat(hash).isEqualTo(new ImageHash("phash64", new long[] {1L}, 64, 100));
    assertThat(hash).hasSameHashCodeAs(new ImageHash("phash64", new long[] {1L}, 64, 100));

    assertThatThrownBy(() -> new ImageHash("x", new long[1], 62, 100)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ImageHash("x", new long[2], 64, 100)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ImageHash("x", new long[1], 64, 101)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ImageHash("x", new long[1], 64, -1)).isInstanceOf(IllegalArgumentException.class);
  }
}
