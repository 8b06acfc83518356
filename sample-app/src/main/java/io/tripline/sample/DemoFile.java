package io.tripline.sample;

import java.io.InputStream;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The demo inputs shipped in the jar (from the module's {@code demo/} folder), and what the demo
 * feed and the default rule pack do with each.
 */
enum DemoFile {
  CLEAN_IMAGE("clean.jpg", "image/jpeg", "Published",
      "A generated landscape of gradients and shapes. Nothing in the demo feed matches it."),
  BLOCKED_IMAGE("blocked.jpg", "image/jpeg", "Blocked (422)",
      "A generated abstract image (rings and squares) standing in for known child sexual abuse imagery: "
          + "the demo feed lists its MD5, SHA-256 and perceptual hash under the label csam, and the default "
          + "rule pack blocks that label. Because the perceptual hash survives re-encoding, resizing or "
          + "recompressing the file does not get it through either. The image itself is harmless."),
  BLOCKED_TEXT("blocked.txt", "text/plain; charset=utf-8", "Blocked (422)",
      "Ad text with a made-up code phrase that the demo feed rates as a high-severity trafficking "
          + "indicator. Text is normalised before matching, so changing case, spacing or using "
          + "full-width letters does not help."),
  FLAGGED_TEXT("flagged.txt", "text/plain; charset=utf-8", "Accepted, pending review",
      "Ad text with another made-up phrase and the fictional phone number 555-0142, both "
          + "medium-severity trafficking leads in the demo feed. The default pack lets the ad through but "
          + "holds it for a reviewer, so it is listed without its image until someone looks at it.");

  /** Where the build puts the files on the class path. */
  static final String RESOURCE_FOLDER = "io/tripline/sample/demo/";

  private final String fileName;
  private final String contentType;
  private final String outcome;
  private final String explanation;

  DemoFile(String fileName, String contentType, String outcome, String explanation) {
    this.fileName = fileName;
    this.contentType = contentType;
    this.outcome = outcome;
    this.explanation = explanation;
  }

  String fileName() {
    return fileName;
  }

  String contentType() {
    return contentType;
  }

  /** What the demo does with an ad using this file, in a few words. */
  String outcome() {
    return outcome;
  }

  /** Why, in a sentence or three. */
  String explanation() {
    return explanation;
  }

  /** The file's content from the class path; null only if the jar was built without demo/. */
  @Nullable InputStream open() {
    return DemoFile.class.getClassLoader().getResourceAsStream(RESOURCE_FOLDER + fileName);
  }

  /** The demo file named {@code fileName}; only these names are ever served. */
  static Optional<DemoFile> byFileName(String fileName) {
    for (DemoFile file : values()) {
      if (file.fileName.equals(fileName)) {
        return Optional.of(file);
      }
    }
    return Optional.empty();
  }
}
