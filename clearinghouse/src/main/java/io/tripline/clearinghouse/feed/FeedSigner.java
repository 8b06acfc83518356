package io.tripline.clearinghouse.feed;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Signs response bodies for the {@code Tripline-Signature} header ({@value #HEADER}):
 * {@code keyid=<id>, ed25519=<base64 signature of the exact body bytes>}, which the SDK checks
 * against the keys it pins. Platforms pin {@link #publicKeyBase64()} under {@link #keyId()}.
 *
 * <p>Signed with Bouncy Castle's RFC 8032 Ed25519, given the public key: Ed25519 signatures are
 * deterministic, so the bytes are exactly the JDK's, but JDK 17's signer derives the public key
 * again for every signature (about 0.5 ms of CPU against about 0.05 ms here), and the server signs
 * every receipt and every page.
 *
 * <p>Immutable and thread-safe.
 */
public final class FeedSigner {

  /** The response header carrying the signature. */
  public static final String HEADER = "Tripline-Signature";

  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  /** The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the raw key follows it. */
  private static final int SPKI_PREFIX_BYTES = 12;

  private final String keyId;
  private final KeyPair keys;
  /** The raw 32-byte seed and public key that the RFC 8032 signer takes. */
  private final byte[] rawPrivate;
  private final byte[] rawPublic;

  private FeedSigner(String keyId, KeyPair keys, byte[] rawPrivate) {
    this.keyId = keyId;
    this.keys = keys;
    this.rawPrivate = rawPrivate;
    byte[] spki = keys.getPublic().getEncoded();
    this.rawPublic = Arrays.copyOfRange(spki, SPKI_PREFIX_BYTES, spki.length);
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
    byte[] seed = priv.getBytes().orElseThrow(
        () -> new IllegalArgumentException("the private key must carry its 32-byte seed"));
    FeedSigner signer = new FeedSigner(keyId, keys, seed);
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
    return Base64.getEncoder().encodeToString(rawPublic);
  }

  /** The {@value #HEADER} header value for {@code body}, its exact bytes. */
  public String sign(byte[] body) {
    Objects.requireNonNull(body, "body");
    return "keyid=" + keyId + ", ed25519=" + signature(body);
  }

  private String signature(byte[] body) {
    byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(rawPrivate, 0, rawPublic, 0, body, 0, body.length, signature, 0);
    return Base64.getEncoder().encodeToString(signature);
  }

  @Override
  public String toString() {
    return "FeedSigner[" + keyId + "]";
  }
}
