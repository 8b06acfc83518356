package io.tripline.rules;

/** When a rule's report is filed. */
public enum ReportMode {
  /** As soon as the rule fires. */
  AUTOMATIC,
  /** When a reviewer confirms the flag (or the block); a person sees it first. */
  AFTER_REVIEW;

  /** The name in a rule pack: {@code automatic}, {@code after-review}. */
  public String yamlName() {
    return this == AUTOMATIC ? "automatic" : "after-review";
  }
}
