package io.tripline.image;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * MD5 and SHA-256 of a file's bytes exactly as uploaded, before any re-encoding: the digests that
 * exact-match feeds carry and reports cite.
 *
 * @param md5 lower-case hex
 * @param sha256 lower-case hex
 */
public record FileDigests(String md5, String sha256) {

  /** Signal type of {@link #md5()}. */
  public static final String MD5 = "md5";
  /** Signal type of {@link #sha256()}. */
  public static final String SHA256 = "sha256";

  /** Digests of {@code bytes}. */
  public static FileDigests of(byte[] bytes) {
    HexFormat hex = HexFormat.of();
    return new FileDigests(hex.formatHex(digest("MD5", bytes)), hex.formatHex(digest("SHA-256", bytes)));
  }

  private static byte[] digest(String algorithm, byte[] bytes) {
    try {
      return MessageDigest.getInstance(algorithm).digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      // Every JDK must provide both (java.security.MessageDigest's contract).
      throw new IllegalStateException(algorithm + " missing from the JDK", e);
    }
  }
}
