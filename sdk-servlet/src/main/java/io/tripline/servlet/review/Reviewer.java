package io.tripline.servlet.review;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A person allowed to review: the platform's account id, the name shown in the review UI, and
 * their review roles.
 *
 * @param id the platform's stable account id (the principal's name by default); never blank
 * @param displayName the name shown in the UI header and the audit trail; never blank
 * @param roles the review roles; always holds {@link Role#REVIEWER}
 */
public record Reviewer(String id, String displayName, Set<Role> roles) {

  /** Review roles. */
  public enum Role {
    /** May see the queue and decide on items. */
    REVIEWER,
    /** May also decide on escalated items and overrule a decision. */
    SENIOR
  }

  /**
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code id} or {@code displayName} is blank, or
   *     {@code roles} lacks {@link Role#REVIEWER}
   */
  public Reviewer {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(roles, "roles");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id is blank");
    }
    if (displayName.isBlank()) {
      throw new IllegalArgumentException("displayName is blank");
    }
    if (!roles.contains(Role.REVIEWER)) {
      throw new IllegalArgumentException("a reviewer needs the REVIEWER role, had " + roles);
    }
    roles = Set.copyOf(roles);
  }

  /** A reviewer with {@link Role#REVIEWER}, and {@link Role#SENIOR} if {@code senior}. */
  public static Reviewer of(String id, String displayName, boolean senior) {
    return new Reviewer(id, displayName, senior ? EnumSet.allOf(Role.class) : EnumSet.of(Role.REVIEWER));
  }

  /** Whether this reviewer is a senior reviewer. */
  public boolean isSenior() {
    return roles.contains(Role.SENIOR);
  }
}
