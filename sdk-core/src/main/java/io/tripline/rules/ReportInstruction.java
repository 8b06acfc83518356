package io.tripline.rules;

import io.tripline.RuleRef;
import java.util.Objects;

/**
 * A report a verdict asks for: the category it is filed under, when, and the rule that asked.
 * Where it goes is routing's business (see {@link Jurisdiction}).
 *
 * @param category what the report is about
 * @param mode filed at once, or when a reviewer confirms
 * @param rule the rule that asked (for a category several rules asked for, the first that asked
 *     with the mode that won: {@link ReportMode#AUTOMATIC} over {@link ReportMode#AFTER_REVIEW})
 */
public record ReportInstruction(ReportCategory category, ReportMode mode, RuleRef rule) {
  public ReportInstruction {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(rule, "rule");
  }

  @Override
  public String toString() {
    return category + " " + mode.yamlName() + " (" + rule + ")";
  }
}
