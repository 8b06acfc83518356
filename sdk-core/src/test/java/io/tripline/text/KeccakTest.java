package io.tripline.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeccakTest {

  private static String keccak(String ascii) {
    return HexFormat.of().formatHex(Keccak.keccak256(ascii.getBytes(StandardCharsets.US_ASCII)));
  }

  @ParameterizedTest
  @CsvSource({
    "'', c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
    "abc, 4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45",
    "The quick brown fox jumps over the lazy dog,"
        + " 4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15",
  })
  void keccak256MatchesPublishedVectors(String input, String expected) {
    assertThat(keccak(input)).isEqualTo(expected);
  }

  @Test
  void keccakPaddingDiffersFromSha3() {
    // SHA3-256("") is a7ffc6f8...; Ethereum's Keccak-256("") must not be it.
    assertThat(keccak("")).doesNotStartWith("a7ffc6f8");
  }

  @Test
  void theSpongeWithSha3PaddingAgreesWithTheJdkAcrossBlockBoundaries() throws Exception {
    // The JDK's SHA3-256 shares the permutation and rate: lengths around one and two blocks
    // (136, 272 bytes) exercise absorbing, and the pad landing on the last byte of a block.
    Random random = new Random(7);
    MessageDigest sha3 = MessageDigest.getInstance("SHA3-256");
    for (int length = 0; length <= 420; length++) {
      byte[] input = new byte[length];
      random.nextBytes(input);
      assertThat(Keccak.sponge(input, Keccak.RATE_256, Keccak.PAD_SHA3, 32))
          .as("length %d", length)
          .isEqualTo(sha3.digest(input));
    }
  }

  @Test
  void aMillionAsGiveTheKnownSha3Digest() {
    byte[] input = new byte[1_000_000];
    java.util.Arrays.fill(input, (byte) 'a');
    assertThat(HexFormat.of().formatHex(Keccak.sponge(input, Keccak.RATE_256, Keccak.PAD_SHA3, 32)))
        .isEqualTo("5c8875ae474a3634ba4fd55ec85bffd661f32aca75c6d699d0cdcb6c115891c1");
  }
}
