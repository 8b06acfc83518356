package io.tripline.rules;

import io.tripline.Priority;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One rule of a pack: conditions on a submission and its matches, the action taken when they
 * hold, and the report it asks for.
 *
 * @param id unique within the pack: lower-case letters, digits and dashes
 * @param description what the rule is for, for people reading the pack
 * @param when the conditions
 * @param action what happens when it fires
 * @param status for {@link Action#BLOCK}: the HTTP status (403, 422 or 451; 415 only for a rule
 *     on {@code unhashableImage}); 0 otherwise
 * @param priority for {@link Action#FLAG}: how urgently to review
 * @param report the report the rule asks for when it fires, or null
 */
public record Rule(
    String id, String description, Condition when, Action action, int status, Priority priority,
    @Nullable Report report) {

  /** Statuses a block may answer with. */
  public static final Set<Integer> BLOCK_STATUSES = Set.of(403, 415, 422, 451);

  /** The status of a block whose rule names none. */
  public static final int DEFAULT_BLOCK_STATUS = 422;

  /**
   * @throws IllegalArgumentException if the id is malformed or {@value RulePack#DEFAULT_ALLOW},
   *     the status does not fit the action, or an {@code allow} rule asks for a report
   */
  public Rule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(when, "when");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(priority, "priority");
    if (!id.matches("[a-z0-9][a-z0-9-]*")) {
      throw new FormatError("id", "rule id '" + id + "' must be lower-case letters, digits and dashes");
    }
    if (id.equals(RulePack.DEFAULT_ALLOW)) {
      throw new FormatError("id", "rule id '" + id + "' is reserved for the verdict when no rule fires");
    }
    if (action == Action.BLOCK) {
      if (!BLOCK_STATUSES.contains(status)) {
        throw new FormatError("status", "rule '" + id + "': status " + status + " is not one of 403, 415, 422, 451");
      }
      if (status == 415 && !when.unhashableImage()) {
        throw new FormatError("status", "rule '" + id + "': status 415 is only for a rule with 'unhashableImage: true'");
      }
    } else if (status != 0) {
      throw new FormatError("status", "rule '" + id + "': 'status' applies only to action block");
    }
    if (report != null && action == Action.ALLOW) {
      throw new FormatError("report", "rule '" + id + "': 'report' applies only to actions flag and block"
          + " (a report needs a person or a refusal behind it)");
    }
  }

  /** A rule without a report. */
  public Rule(String id, String description, Condition when, Action action, int status, Priority priority) {
    this(id, description, when, action, status, priority, null);
  }

  /**
   * The report a rule asks for.
   *
   * @param category what it is about
   * @param mode filed when the rule fires, or when a reviewer confirms
   */
  public record Report(ReportCategory category, ReportMode mode) {
    public Report {
      Objects.requireNonNull(category, "category");
      Objects.requireNonNull(mode, "mode");
    }

    @Override
    public String toString() {
      return category + " " + mode.yamlName();
    }
  }
}
