package io.tripline.review;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One file of a flagged submission: its digests and hashes, and whether its content is kept for
 * reviewers ({@link ReviewQueue#content}).
 *
 * @param index the file's position in the submission, as {@code content} takes it
 * @param field the form field it came in
 * @param size its size in bytes
 * @param md5 lower-case hex MD5 of the bytes as uploaded
 * @param sha256 lower-case hex SHA-256 of the bytes as uploaded; the evidence id of its content
 * @param imageFormat the format it decoded as, or null if not an image
 * @param hashes perceptual hashes by signal type, as hex
 * @param contentKept whether the content is in the evidence store (an image, and a store configured)
 */
public record FlaggedFile(int index, String field, long size, String md5, String sha256, @Nullable String imageFormat,
    Map<String, String> hashes, boolean contentKept) {
  public FlaggedFile {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(md5, "md5");
    Objects.requireNonNull(sha256, "sha256");
    hashes = Map.copyOf(hashes);
  }
}
