package io.tripline.clearinghouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripline.feed.SignatureVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Receipts and feed pages are signed with exactly the bytes the JDK's own Ed25519 signer makes, and verify. */
class SigningKeyTest {

  @TempDir Path dir;

  @Test
  void receiptSignaturesAreTheJdksSignaturesByteForByte() throws Exception {
    SigningKey key = SigningKey.loadOrCreate(dir);
    String pkcs8 = Files.readString(dir.resolve(SigningKey.PRIVATE_FILE), StandardCharsets.US_ASCII).split("\\s+")[0];
    Signature jdk = Signature.getInstance("Ed25519");
    jdk.initSign(KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pkcs8))));
    SignatureVerifier verifier = new SignatureVerifier(Map.of(key.keyId(), key.publicKey()));
    Random random = new Random(7);
    for (int size : new int[] {0, 1, 64, 300, 4096}) {
      byte[] body = new byte[size];
      random.nextBytes(body);
      jdk.update(body);
      String expected = "keyid=" + key.keyId() + ", ed25519=" + Base64.getEncoder().encodeToString(jdk.sign());
      String header = key.signatureHeader(body);
      assertThat(header).isEqualTo(expected);
      assertThat(key.feedSigner().sign(body)).as("feed pages are signed alike").isEqualTo(expected);
      assertThat(verifier.verify(header, body, IllegalStateException::new)).isEqualTo(key.keyId());
    }
  }
}
