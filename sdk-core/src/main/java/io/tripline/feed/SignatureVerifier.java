package io.tripline.feed;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Checks the {@code Tripline-Signature} header of a clearinghouse response against the pinned
 * Ed25519 keys: {@code keyid=<id>, ed25519=<base64 signature of the exact body bytes>}. Immutable
 * and thread-safe (a {@link Signature} is made per check).
 *
 * <p>Public because every signed response of the protocol is checked the same way: feed pages
 * here, report receipts in {@code io.tripline.report}. Each caller says, with
 * {@link #verify(String, byte[], Function)}, which exception a refusal becomes. Not meant for
 * platforms to call; its shape may change with the protocol.
 */
public final class SignatureVerifier {

  /** The name of the response header carrying the signature. */
  public static final String HEADER = "Tripline-Signature";

  /** An Ed25519 signature is always 64 bytes. */
  private static final int SIGNATURE_BYTES = 64;

  /** A raw Ed25519 public key is 32 bytes. */
  private static final int RAW_KEY_BYTES = 32;

  /**
   * The DER prefix of an X.509 SubjectPublicKeyInfo holding an Ed25519 key (RFC 8410): SEQUENCE,
   * AlgorithmIdentifier with OID 1.3.101.112, BIT STRING of 33 bytes (no unused bits) and the key.
   */
  private static final byte[] SPKI_PREFIX = {
      0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

  private final Map<String, PublicKey> keys;

  /**
   * @throws IllegalArgumentException if {@code keys} is empty, a key id is blank or a key is not
   *     an Ed25519 public key
   * @throws NullPointerException if {@code keys}, a key id or a key is null
   */
  public SignatureVerifier(Map<String, PublicKey> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("at least one pinned public key is required");
    }
    Map<String, PublicKey> copy = new LinkedHashMap<>();
    keys.forEach((id, key) -> {
      Objects.requireNonNull(id, "key id");
      Objects.requireNonNull(key, "public key");
      if (id.isBlank()) {
        throw new IllegalArgumentException("a pinned key id must not be blank");
      }
      if (!isEd25519(key)) {
        throw new IllegalArgumentException("pinned key '" + id + "' is not an Ed25519 public key ("
            + key.getAlgorithm() + ")");
      }
      copy.put(id, key);
    });
    this.keys = Map.copyOf(copy);
  }

  private static boolean isEd25519(PublicKey key) {
    return key instanceof EdECPublicKey ed && "Ed25519".equalsIgnoreCase(ed.getParams().getName());
  }

  /**
   * Parses a raw 32-byte Ed25519 public key given in base64 (standard or URL-safe alphabet).
   *
   * @throws IllegalArgumentException if it is not base64 of 32 bytes
   */
  public static PublicKey parseRawKey(String base64) {
    Objects.requireNonNull(base64, "base64");
    byte[] raw;
    try {
      String text = base64.strip();
      raw = (text.indexOf('-') >= 0 || text.indexOf('_') >= 0 ? Base64.getUrlDecoder() : Base64.getDecoder())
          .decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("public key is not valid base64", e);
    }
    if (raw.length != RAW_KEY_BYTES) {
      throw new IllegalArgumentException("an Ed25519 public key is " + RAW_KEY_BYTES + " bytes, this one is "
          + raw.length);
    }
    byte[] spki = new byte[SPKI_PREFIX.length + RAW_KEY_BYTES];
    System.arraycopy(SPKI_PREFIX, 0, spki, 0, SPKI_PREFIX.length);
    System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, RAW_KEY_BYTES);
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
    }
  }

  /**
   * Verifies {@code body} against the signature header; returns the key id that signed it.
   *
   * @throws FeedException (not retryable) if the header is missing or malformed, names an unknown
   *     key, or the signature does not match the body
   */
  String verify(@Nullable String header, byte[] body, String feed) {
    return verify(header, body, why -> refused(feed, why));
  }

  /**
   * Verifies {@code body} against the signature header; returns the key id that signed it.
   *
   * @param refusal makes the exception thrown from the reason a response is refused (the reason
   *     never quotes the body, and quotes a server-given key id only if it is short and plain)
   * @throws RuntimeException what {@code refusal} makes, if the header is missing or malformed,
   *     names an unknown key, or the signature does not match the body
   */
  public String verify(@Nullable String header, byte[] body, Function<String, ? extends RuntimeException> refusal) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(refusal, "refusal");
    if (header == null || header.isBlank()) {
      throw refusal.apply("response is not signed (no " + HEADER + " header)");
    }
    String keyId = null;
    String signature = null;
    for (String part : header.split(",", -1)) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw refusal.apply("malformed " + HEADER + " header");
      }
      String name = part.substring(0, eq).strip();
      String value = part.substring(eq + 1).strip();
      if (name.equals("keyid")) {
        if (keyId != null) {
          throw refusal.apply("malformed " + HEADER + " header (keyid given twice)");
        }
        keyId = value;
      } else if (name.equals("ed25519")) {
        if (signature != null) {
          throw refusal.apply("malformed " + HEADER + " header (ed25519 given twice)");
        }
        signature = value;
      }
      // Other parameters are left for later protocol versions to define.
    }
    if (keyId == null || keyId.isEmpty() || signature == null || signature.isEmpty()) {
      throw refusal.apply("malformed " + HEADER + " header (needs keyid and ed25519)");
    }
    PublicKey key = keys.get(keyId);
    if (key == null) {
      // The id comes from the server; quote it only if it is short and plain.
      throw refusal.apply("signed with unknown key id" + (keyId.matches("[A-Za-z0-9._:-]{1,64}") ? " '" + keyId + "'" : ""));
    }
    byte[] signatureBytes;
    try {
      signatureBytes = Base64.getDecoder().decode(signature);
    } catch (IllegalArgumentException e) {
      throw refusal.apply("malformed " + HEADER + " header (signature is not base64)");
    }
    if (signatureBytes.length != SIGNATURE_BYTES) {
      throw refusal.apply("malformed " + HEADER + " header (signature is not " + SIGNATURE_BYTES + " bytes)");
    }
    boolean valid;
    try {
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(key);
      verifier.update(body);
      valid = verifier.verify(signatureBytes);
    } catch (InvalidKeyException | SignatureException e) {
      valid = false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot verify Ed25519 signatures", e);
    }
    if (!valid) {
      throw refusal.apply("signature does not match the body (key id '" + keyId + "')");
    }
    return keyId;
  }

  private static FeedException refused(String feed, String why) {
    return new FeedException("feed " + feed + ": page refused: " + why, false, null);
  }
}
