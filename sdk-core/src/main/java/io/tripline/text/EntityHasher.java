package io.tripline.text;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Hashes a text entity the way indicator feeds share it: lower-case hex of SHA-256 over the UTF-8
 * of the entity's value, under signal type {@code <type>.sha256} (e.g. {@code email.sha256},
 * {@code wallet.sha256}); or, where a feed gives a key, HMAC-SHA-256 under {@code
 * <type>.hmac-sha256}. A key matters most for phone numbers: there are few enough of them that
 * an unsalted hash is reversed by trying them all.
 *
 * <p>Values are hashed exactly as produced by normalisation version "2" of the text spec (the
 * {@link Entity#value()} that {@link ContactExtractor} and the phone extractor report); a feed
 * built with other normalisation rules will not match. Immutable and thread-safe: each call
 * uses its own digest.
 */
public final class EntityHasher {

  private static final HexFormat HEX = HexFormat.of();

  private final byte @Nullable [] key;

  private EntityHasher(byte @Nullable [] key) {
    this.key = key;
  }

  /** Plain SHA-256. */
  public static EntityHasher sha256() {
    return new EntityHasher(null);
  }

  /**
   * HMAC-SHA-256 under {@code key} (copied).
   *
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalArgumentException if {@code key} is empty
   */
  public static EntityHasher hmacSha256(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length == 0) {
      throw new IllegalArgumentException("an HMAC key must not be empty");
    }
    return new EntityHasher(key.clone());
  }

  /**
   * The lower-case hex hash of {@code entity}'s value.
   *
   * @throws NullPointerException if {@code entity} is null
   */
  public String hash(Entity entity) {
    byte[] value = entity.value().getBytes(StandardCharsets.UTF_8);
    try {
      if (key == null) {
        return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(value));
      }
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HEX.formatHex(mac.doFinal(value));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java platform has SHA-256 and HmacSHA256", e);
    }
  }

  /**
   * The feed signal type of {@code entity}'s hash: {@code <type>.sha256} or {@code
   * <type>.hmac-sha256}.
   *
   * @throws NullPointerException if {@code entity} is null
   */
  public String signalType(Entity entity) {
    return entity.type() + (key == null ? ".sha256" : ".hmac-sha256");
  }
}
