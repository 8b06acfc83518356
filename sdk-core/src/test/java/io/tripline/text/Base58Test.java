package io.tripline.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Base58Test {

  private static byte[] decode(String s) {
    return Base58.decode(s.toCharArray(), 0, s.length());
  }

  private static byte[] decodeChecked(String s) {
    return Base58.decodeChecked(s.toCharArray(), 0, s.length());
  }

  @Test
  void theGenesisAddressIsVersionZeroWithAValidChecksum() {
    byte[] payload = decodeChecked("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa");
    assertThat(payload).hasSize(21);
    assertThat(payload[0]).isZero();
    assertThat(java.util.HexFormat.of().formatHex(payload, 1, 21))
        .isEqualTo("62e907b15cbf27d5425399ebf6f0fb50ebb88f18");
  }

  @Test
  void aChangedCharBreaksTheChecksum() {
    assertThat(decodeChecked("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb")).isNull();
    assertThat(decodeChecked("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivFNa")).isNull();
  }

  @Test
  void charsOutsideTheAlphabetAreRejected() {
    assertThat(decode("10OIl")).isNull();
    assertThat(decode("abc0")).isNull();
    assertThat(Base58.isDigit('0')).isFalse();
    assertThat(Base58.isDigit('z')).isTrue();
  }

  @Test
  void leadingOnesAreLeadingZeroBytes() {
    assertThat(decode("111")).containsExactly(0, 0, 0);
    assertThat(decode("")).isEmpty();
    assertThat(Base58.encode(new byte[] {0, 0, 1})).isEqualTo("112");
    assertThat(Base58.encode(new byte[] {(byte) 0xFF})).isEqualTo("5Q");
  }

  @Test
  void encodeAndDecodeRoundTrip() {
    Random random = new Random(3);
    for (int i = 0; i < 500; i++) {
      byte[] bytes = new byte[random.nextInt(40)];
      random.nextBytes(bytes);
      if (bytes.length > 0 && random.nextBoolean()) {
        bytes[0] = 0;
      }
      assertThat(decode(Base58.encode(bytes))).isEqualTo(bytes);
      if (bytes.length > 0) {
        assertThat(decodeChecked(Base58.encodeChecked(bytes))).isEqualTo(bytes);
      }
    }
  }
}
