package io.tripline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One upload to inspect: its named text fields (ad title, body, profile text), its files, who
 * uploaded it and where. Immutable; build with {@link #builder()}.
 *
 * @param textFields field name to text, in the order they were added
 * @param files the uploaded files, in order
 * @param uploader who uploaded it
 * @param context the platform and country it was uploaded in
 */
public record Submission(
    Map<String, String> textFields, List<SubmittedFile> files, Uploader uploader, PlatformContext context) {

  /** Default for {@link Builder#maxFileBytes(long)}: 32 MiB. */
  public static final long DEFAULT_MAX_FILE_BYTES = 32L * 1024 * 1024;

  public Submission {
    Map<String, String> fields = new LinkedHashMap<>();
    textFields.forEach((name, text) ->
        fields.put(Objects.requireNonNull(name, "text field name"), Objects.requireNonNull(text, "text of " + name)));
    textFields = Collections.unmodifiableMap(fields);
    files = List.copyOf(files);
    Objects.requireNonNull(uploader, "uploader");
    Objects.requireNonNull(context, "context");
  }

  /** A builder for a submission with no fields, no files and an unknown uploader. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether the submission has neither text nor files. */
  public boolean isEmpty() {
    return textFields.isEmpty() && files.isEmpty();
  }

  @Override
  public String toString() {
    // Never the content: toString ends up in logs.
    return "Submission[textFields=" + textFields.keySet() + ", files=" + files + ", uploader=" + uploader
        + ", context=" + context + "]";
  }

  /** Builds a {@link Submission}. Not thread-safe; {@link #build()} copies, so it may be reused. */
  public static final class Builder {
    /** The largest byte array a JVM reliably allocates. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final Map<String, String> textFields = new LinkedHashMap<>();
    private final List<SubmittedFile> files = new ArrayList<>();
    private Uploader uploader = Uploader.UNKNOWN;
    private PlatformContext context = PlatformContext.UNKNOWN;
    private long maxFileBytes = DEFAULT_MAX_FILE_BYTES;

    Builder() {}

    /**
     * Adds a text field. A second value for the same name is appended on a new line, as a form
     * with repeated fields would be read.
     *
     * @throws NullPointerException if {@code name} or {@code text} is null
     */
    public Builder text(String name, String text) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(text, "text");
      textFields.merge(name, text, (a, b) -> a + "\n" + b);
      return this;
    }

    /** Adds a file held in memory. */
    public Builder file(String field, String fileName, String contentType, byte[] bytes) {
      files.add(new SubmittedFile(field, fileName, contentType, bytes));
      return this;
    }

    /** Adds a file. */
    public Builder file(SubmittedFile file) {
      files.add(Objects.requireNonNull(file, "file"));
      return this;
    }

    /**
     * Adds a file read from {@code in} (not closed), refusing it as soon as it exceeds
     * {@link #maxFileBytes(long)} so a huge upload costs bounded memory.
     *
     * @throws SubmissionTooLargeException if the stream holds more than the limit
     * @throws UncheckedIOException if reading fails
     */
    public Builder file(String field, String fileName, String contentType, InputStream in) {
      Objects.requireNonNull(in, "in");
      try {
        // A byte array holds at most MAX_ARRAY bytes, so that is the limit in effect above it.
        int limit = (int) Math.min(MAX_ARRAY, maxFileBytes);
        byte[] bytes = in.readNBytes(limit);
        if (bytes.length == limit && in.read() != -1) {
          throw new SubmissionTooLargeException("file '" + field + "'", limit);
        }
        return file(field, fileName, contentType, bytes);
      } catch (IOException e) {
        throw new UncheckedIOException("could not read file '" + field + "'", e);
      }
    }

    /**
     * The most bytes {@link #file(String, String, String, InputStream)} reads per file.
     *
     * @throws IllegalArgumentException if {@code maxFileBytes} is not positive
     */
    public Builder maxFileBytes(long maxFileBytes) {
      if (maxFileBytes <= 0) {
        throw new IllegalArgumentException("maxFileBytes must be positive, was " + maxFileBytes);
      }
      this.maxFileBytes = maxFileBytes;
      return this;
    }

    public Builder uploader(Uploader uploader) {
      this.uploader = Objects.requireNonNull(uploader, "uploader");
      return this;
    }

    public Builder context(PlatformContext context) {
      this.context = Objects.requireNonNull(context, "context");
      return this;
    }

    public Submission build() {
      return new Submission(textFields, files, uploader, context);
    }
  }
}
