package io.tripline.report.ncmec;

import java.util.Locale;
import java.util.Objects;

/** A digest of the file as the user uploaded it ({@code originalFileHash@hashType}). */
public record NcmecHash(Type type, String hex) {

  public enum Type {
    MD5("MD5", 32), SHA256("SHA-256", 64);

    private final String xmlValue;
    private final int hexLength;

    Type(String xmlValue, int hexLength) {
      this.xmlValue = xmlValue;
      this.hexLength = hexLength;
    }

    /** The {@code hashType} attribute value. */
    public String xmlValue() {
      return xmlValue;
    }
  }

  /**
   * Lower-cases {@code hex}.
   *
   * @throws IllegalArgumentException if {@code hex} is not a hex digest of the type's length
   */
  public NcmecHash {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(hex, "hex");
    hex = hex.toLowerCase(Locale.ROOT);
    if (hex.length() != type.hexLength || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      throw new IllegalArgumentException(type.xmlValue + " digest must be " + type.hexLength + " hex digits");
    }
  }

  public static NcmecHash md5(String hex) {
    return new NcmecHash(Type.MD5, hex);
  }

  public static NcmecHash sha256(String hex) {
    return new NcmecHash(Type.SHA256, hex);
  }
}
