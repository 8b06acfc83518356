package io.tripline.clearinghouse.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.feed.ClearinghouseFeed;
import io.tripline.feed.SignatureVerifier;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeedSignerTest {

  private static final byte[] BODY = "{\"feed\":\"confirmed-hashes\",\"changes\":[],\"next\":\"c-1-0\",\"more\":false}"
      .getBytes(StandardCharsets.UTF_8);

  @Test
  void theSdkVerifiesTheHeaderWithThePinnedRawPublicKey() {
    FeedSigner signer = FeedSigner.generate("ch-2026-1");
    String header = signer.sign(BODY);
    assertThat(header).startsWith("keyid=ch-2026-1, ed25519=");

    SignatureVerifier pinned = new SignatureVerifier(
        Map.of("ch-2026-1", ClearinghouseFeed.ed25519PublicKey(signer.publicKeyBase64())));
    assertThat(pinned.verify(header, BODY, IllegalStateException::new)).isEqualTo("ch-2026-1");

    byte[] tampered = BODY.clone();
    tampered[tampered.length - 2] = 'X';
    assertThatThrownBy(() -> pinned.verify(header, tampered, IllegalStateException::new))
        .hasMessageContaining("does not match");
  }

  @Test
  void mismatchedKeysAndMalformedKeyIdsAreRefusedAtStart() throws Exception {
    KeyPairGenerator ed = KeyPairGenerator.getInstance("Ed25519");
    KeyPair one = ed.generateKeyPair();
    KeyPair two = ed.generateKeyPair();
    assertThatThrownBy(() -> FeedSigner.of("k1", new KeyPair(one.getPublic(), two.getPrivate())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not belong");
    assertThatThrownBy(() -> FeedSigner.of("key id with spaces", one)).isInstanceOf(IllegalArgumentException.class);
    KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
    assertThatThrownBy(() -> FeedSigner.of("k1", rsa)).hasMessageContaining("Ed25519");
    assertThat(FeedSigner.of("k1", one).toString()).isEqualTo("FeedSigner[k1]");
  }
}
