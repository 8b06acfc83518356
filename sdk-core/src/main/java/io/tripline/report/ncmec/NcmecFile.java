package io.tripline.report.ncmec;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One file of a report: the bytes to upload and what goes in its {@code fileDetails}.
 * {@link #toString()} never shows the content.
 *
 * @param fileName the name the file is uploaded under
 * @param content the bytes, copied in and out
 * @param originalHashes digests of the original upload ({@code originalFileHash@hashType}), copied
 * @param viewedByEsp whether a human at the ESP viewed it ({@code fileViewedByEsp})
 * @param pdq the PDQ hash in hex, sent in {@code details@type=HASH}, or null
 * @param matchDetails further match details (list, indicator, distance...) sent as name/value
 *     pairs of {@code details@type=HASH}; copied, order kept
 */
public record NcmecFile(
    String fileName,
    byte[] content,
    @Nullable String originalFileName,
    @Nullable Instant uploadedToEsp,
    @Nullable String locationOfFile,
    boolean viewedByEsp,
    List<NcmecHash> originalHashes,
    @Nullable String pdq,
    Map<String, String> matchDetails,
    @Nullable NcmecIpEvent uploadIpEvent) {

  /**
   * @throws NullPointerException if a non-nullable component is null
   * @throws IllegalArgumentException if {@code fileName} is blank or {@code content} empty
   */
  public NcmecFile {
    Objects.requireNonNull(fileName, "fileName");
    if (fileName.isBlank()) {
      throw new IllegalArgumentException("fileName is blank");
    }
    Objects.requireNonNull(content, "content");
    if (content.length == 0) {
      throw new IllegalArgumentException("content of " + fileName + " is empty");
    }
    content = content.clone();
    originalHashes = List.copyOf(originalHashes);
    matchDetails = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(matchDetails));
  }

  /** A file with only the required parts. */
  public static NcmecFile of(String fileName, byte[] content, boolean viewedByEsp, List<NcmecHash> originalHashes) {
    return new NcmecFile(fileName, content, null, null, null, viewedByEsp, originalHashes, null, Map.of(), null);
  }

  @Override
  public byte[] content() {
    return content.clone();
  }

  /** The bytes without a copy, for the upload. */
  byte[] contentUnsafe() {
    return content;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NcmecFile f && fileName.equals(f.fileName) && Arrays.equals(content, f.content)
        && Objects.equals(originalFileName, f.originalFileName) && Objects.equals(uploadedToEsp, f.uploadedToEsp)
        && Objects.equals(locationOfFile, f.locationOfFile) && viewedByEsp == f.viewedByEsp
        && originalHashes.equals(f.originalHashes) && Objects.equals(pdq, f.pdq)
        && matchDetails.equals(f.matchDetails) && Objects.equals(uploadIpEvent, f.uploadIpEvent);
  }

  @Override
  public int hashCode() {
    return Objects.hash(fileName, Arrays.hashCode(content), originalHashes, pdq, viewedByEsp);
  }

  @Override
  public String toString() {
    return "NcmecFile[" + fileName + ", " + content.length + " bytes, viewedByEsp=" + viewedByEsp + "]";
  }
}
