package io.tripline.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignatureVerifierTest {

  private static final byte[] BODY = "{\"feed\":\"f\",\"changes\":[]}".getBytes(StandardCharsets.UTF_8);

  private static KeyPair ed25519() throws Exception {
    return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
  }

  private static String sign(KeyPair keys, byte[] body) throws Exception {
    Signature signature = Signature.getInstance("Ed25519");
    signature.initSign(keys.getPrivate());
    signature.update(body);
    return Base64.getEncoder().encodeToString(signature.sign());
  }

  /** The raw 32 key bytes are the tail of the X.509 encoding the JDK gives. */
  private static String rawBase64(PublicKey key) {
    byte[] encoded = key.getEncoded();
    return Base64.getEncoder().encodeToString(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
  }

  @Test
  void aRawBase64KeyParsesAndVerifies() throws Exception {
    KeyPair keys = ed25519();
    PublicKey parsed = ClearinghouseFeed.ed25519PublicKey(rawBase64(keys.getPublic()));
    assertThat(parsed.getEncoded()).isEqualTo(keys.getPublic().getEncoded());

    SignatureVerifier verifier = new SignatureVerifier(Map.of("2026-11", parsed));
    assertThat(verifier.verify("keyid=2026-11,ed25519=" + sign(keys, BODY), BODY, "f")).isEqualTo("2026-11");
  }

  @Test
  void aKeyOfTheWrongLengthOrNotBase64IsRejected() {
    assertThatThrownBy(() -> ClearinghouseFeed.ed25519PublicKey(Base64.getEncoder().encodeToString(new byte[31])))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> ClearinghouseFeed.ed25519PublicKey("not base64 !"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aKeyThatIsNotEd25519IsRejected() throws Exception {
    PublicKey ec = KeyPairGenerator.getInstance("EC").generateKeyPair().getPublic();
    assertThatThrownBy(() -> new SignatureVerifier(Map.of("k", ec)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an Ed25519");
  }

  @Test
  void anyOfSeveralPinnedKeysIsAccepted() throws Exception {
    KeyPair old = ed25519();
    KeyPair current = ed25519();
    SignatureVerifier verifier = new SignatureVerifier(Map.of("old", old.getPublic(), "new", current.getPublic()));
    assertThat(verifier.verify("keyid=old, ed25519=" + sign(old, BODY), BODY, "f")).isEqualTo("old");
    assertThat(verifier.verify("ed25519=" + sign(current, BODY) + ", keyid=new", BODY, "f")).isEqualTo("new");
    // A signature by one pinned key under the other's id does not pass.
    assertThatThrownBy(() -> verifier.verify("keyid=new, ed25519=" + sign(old, BODY), BODY, "f"))
        .isInstanceOf(FeedException.class);
  }

  @Test
  void anOversizedKeyIdFromTheServerIsNotEchoed() throws Exception {
    KeyPair keys = ed25519();
    SignatureVerifier verifier = new SignatureVerifier(Map.of("k", keys.getPublic()));
    String hostile = "x".repeat(500) + "\n";
    assertThatThrownBy(() -> verifier.verify("keyid=" + hostile + ", ed25519=" + sign(keys, BODY), BODY, "f"))
        .isInstanceOf(FeedException.class).message().doesNotContain("xxxx");
  }
}
