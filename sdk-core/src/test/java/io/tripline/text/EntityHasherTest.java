package io.tripline.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.tripline.Span;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EntityHasherTest {

  private static Entity entity(String type, String value) {
    return new Entity(type, value, new Span(0, 1));
  }

  @Test
  void sha256IsLowerCaseHexOfTheUtf8Value() {
    EntityHasher hasher = EntityHasher.sha256();
    // FIPS 180-2's example: SHA-256("abc").
    assertThat(hasher.hash(entity(Entity.TYPE_EMAIL, "abc")))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(hasher.hash(entity(Entity.TYPE_EMAIL, "")))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void nonAsciiValuesAreHashedAsUtf8() throws Exception {
    String value = "jen@bücher.de";
    byte[] expected = java.security.MessageDigest.getInstance("SHA-256")
        .digest(value.getBytes(StandardCharsets.UTF_8));
    assertThat(EntityHasher.sha256().hash(entity(Entity.TYPE_EMAIL, value)))
        .isEqualTo(java.util.HexFormat.of().formatHex(expected));
  }

  @Test
  void hmacSha256MatchesRfc4231() {
    // RFC 4231 test case 2.
    EntityHasher hasher = EntityHasher.hmacSha256("Jefe".getBytes(StandardCharsets.US_ASCII));
    assertThat(hasher.hash(entity(Entity.TYPE_PHONE, "what do ya want for nothing?")))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void signalTypesNameTheEntityTypeAndAlgorithm() {
    assertThat(EntityHasher.sha256().signalType(entity(Entity.TYPE_EMAIL, "x")))
        .isEqualTo("email.sha256");
    assertThat(EntityHasher.sha256().signalType(entity(Entity.TYPE_WALLET, "x")))
        .isEqualTo("wallet.sha256");
    assertThat(EntityHasher.hmacSha256(new byte[] {1}).signalType(entity(Entity.TYPE_PHONE, "x")))
        .isEqualTo("phone.hmac-sha256");
  }

  @Test
  void theKeyIsCopied() {
    byte[] key = "Jefe".getBytes(StandardCharsets.US_ASCII);
    EntityHasher hasher = EntityHasher.hmacSha256(key);
    key[0] = 'X';
    assertThat(hasher.hash(entity(Entity.TYPE_PHONE, "what do ya want for nothing?")))
        .startsWith("5bdcc146");
  }

  @Test
  void aMissingOrEmptyKeyIsRejected() {
    assertThatNullPointerException().isThrownBy(() -> EntityHasher.hmacSha256(null));
    assertThatIllegalArgumentException().isThrownBy(() -> EntityHasher.hmacSha256(new byte[0]));
  }

  @Test
  void extractedValuesHashAsFeedsShareThem() {
    Entity email = ContactExtractor.extract("Mail JEN (at) Example (dot) com").get(0);
    assertThat(EntityHasher.sha256().hash(email))
        .isEqualTo(EntityHasher.sha256().hash(entity(Entity.TYPE_EMAIL, "jen@example.com")));
  }

  @Test
  void oneHasherServesManyThreads() {
    EntityHasher hasher = EntityHasher.hmacSha256(new byte[] {7, 7, 7});
    String expected = hasher.hash(entity(Entity.TYPE_HANDLE, "telegram:jenny_love"));
    List<String> hashes = IntStream.range(0, 2_000).parallel()
        .mapToObj(i -> hasher.hash(entity(Entity.TYPE_HANDLE, "telegram:jenny_love")))
        .toList();
    assertThat(hashes).containsOnly(expected);
  }
}
