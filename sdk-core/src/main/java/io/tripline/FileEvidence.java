package io.tripline;

import io.tripline.spi.ImageHash;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What Tripline computed from one uploaded file: the digests of its bytes as uploaded and, for an
 * image, its perceptual hashes with their quality, so a report can cite the evidence without the
 * content. Hashes of low quality are recorded here even when they are not matched.
 *
 * @param field the form field the file came in
 * @param size the file's size in bytes
 * @param md5 lower-case hex MD5 of the bytes as uploaded
 * @param sha256 lower-case hex SHA-256 of the bytes as uploaded
 * @param imageFormat the format the bytes decoded as (e.g. {@code jpeg}), or null if not decoded
 * @param exifOrientation the EXIF orientation tag, 1..8 (1 when absent or not an image)
 * @param hashes one hash per image hasher, of the pixels as stored
 * @param unhashableReason why an image could not be hashed, or null
 */
public record FileEvidence(
    String field,
    long size,
    String md5,
    String sha256,
    @Nullable String imageFormat,
    int exifOrientation,
    List<ImageHash> hashes,
    @Nullable String unhashableReason) {

  public FileEvidence {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(md5, "md5");
    Objects.requireNonNull(sha256, "sha256");
    hashes = List.copyOf(hashes);
    if (exifOrientation < 1 || exifOrientation > 8) {
      throw new IllegalArgumentException("exifOrientation must be 1..8, was " + exifOrientation);
    }
  }

  /** Whether the file is an image that could not be hashed. */
  public boolean unhashable() {
    return unhashableReason != null;
  }
}
