package io.tripline.clearinghouse.feed;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Signs response bodies for the {@code Tripline-Signature} header ({@value #HEADER}):
 * {@code keyid=<id>, ed25519=<base64 signature of the exact body bytes>}, which the SDK checks
 * against the keys it pins. Platforms pin {@link #publicKeyBase64()} under {@link #keyId()}.
 *
 * <p>Immutable and thread-safe (a {@link Signature} is made per call).
 */
public final class FeedSigner {

  /** The response header carrying the signature. */
  public static final String HEADER = "Tripline-Signature";

  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  /** The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the raw key follows it. */
  private static final int SPKI_PREFIX_BYTES = 12;

  private final String keyId;
  private final KeyPair keys;

  private FeedSigner(String keyId, KeyPair keys) {
    this.keyId = keyId;
    this.keys = keys;
  }

  /**
   * A signer with {@code keys} under {@code keyId}.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the key id is not 1..64 of letters, digits, '.', '_', ':',
   *     '-' (the SDK quotes only such ids), or the keys are not an Ed25519 pair
   */
  public static FeedSigner of(String keyId, KeyPair keys) {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(keys, "keys");
    if (!KEY_ID.matcher(keyId).matches()) {
      throw new IllegalArgumentException("key id must be 1..64 letters, digits, '.', '_', ':' or '-'");
    }
    if (!(keys.getPrivate() instanceof EdECPrivateKey priv) || !(keys.getPublic() instanceof EdECPublicKey pub)
        || !"Ed25519".equalsIgnoreCase(priv.getParams().getName())
        || !"Ed25519".equalsIgnoreCase(pub.getParams().getName())) {
      throw new IllegalArgumentException("the signing keys must be an Ed25519 key pair");
    }
    FeedSigner signer = new FeedSigner(keyId, keys);
    // A mismatched pair would sign pages no pinned key verifies: refuse it at start.
    byte[] probe = {1, 2, 3};
    try {
      Signature v = Signature.getInstance("Ed25519");
      v.initVerify(keys.getPublic());
      v.update(probe);
      if (!v.verify(Base64.getDecoder().decode(signer.signature(probe)))) {
        throw new IllegalArgumentException("the public key does not belong to the private key");
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the signing keys cannot be used: " + e.getMessage(), e);
    }
    return signer;
  }

  /** A signer with a new Ed25519 key pair, e.g. for tests or a first start. */
  public static FeedSigner generate(String keyId) {
    try {
      return of(keyId, KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no Ed25519", e);
    }
  }

  public String keyId() {
    return keyId;
  }

  public PublicKey publicKey() {
    return keys.getPublic();
  }

  /** The raw 32-byte public key in base64, as platforms pin it. */
  public String publicKeyBase64() {
    byte[] spki = keys.getPublic().getEncoded();
    return Base64.getEncoder().encodeToString(Arrays.copyOfRange(spki, SPKI_PREFIX_BYTES, spki.length));
  }

  /** The {@value #HEADER} header value for {@code body}, its exact bytes. */
  public String sign(byte[] body) {
    Objects.requireNonNull(body, "body");
    return "keyid=" + keyId + ", ed25519=" + signature(body);
  }

  private String signature(byte[] body) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(keys.getPrivate());
      s.update(body);
      return Base64.getEncoder().encodeToString(s.sign());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no Ed25519", e);
    } catch (InvalidKeyException | SignatureException e) {
      throw new IllegalStateException("cannot sign with key " + keyId, e);
    }
  }

  @Override
  public String toString() {
    return "FeedSigner[" + keyId + "]";
  }
}
