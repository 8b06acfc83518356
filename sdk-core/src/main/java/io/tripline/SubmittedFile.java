package io.tripline;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One file of a submission, held in memory exactly as it arrived (digests for reports are taken
 * over these bytes). Read streams through {@link Submission.Builder#file(String, String, String,
 * java.io.InputStream)}, which enforces the size limit while reading.
 *
 * @param field the form field the file came in, e.g. {@code image}
 * @param fileName the name the uploader gave, if any; never trusted for the type
 * @param contentType the declared content type, if any; never trusted for decoding
 * @param bytes the file's content; not copied, so do not modify it afterwards
 */
public record SubmittedFile(String field, @Nullable String fileName, @Nullable String contentType, byte[] bytes) {
  public SubmittedFile {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(bytes, "bytes");
  }

  /** The file's size in bytes. */
  public int size() {
    return bytes.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SubmittedFile f
        && field.equals(f.field)
        && Objects.equals(fileName, f.fileName)
        && Objects.equals(contentType, f.contentType)
        && java.util.Arrays.equals(bytes, f.bytes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(field, fileName, contentType, java.util.Arrays.hashCode(bytes));
  }

  @Override
  public String toString() {
    // Never the content: toString ends up in logs.
    return "SubmittedFile[field=" + field + ", fileName=" + fileName + ", contentType=" + contentType
        + ", size=" + bytes.length + "]";
  }
}
