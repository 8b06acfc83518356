package io.tripline;

import java.util.Objects;

/**
 * The rule that decided a verdict, with the pack and version it came from, so every verdict can
 * be traced to the policy in force when it was made.
 */
public record RuleRef(String pack, String packVersion, String ruleId) {
  public RuleRef {
    Objects.requireNonNull(pack, "pack");
    Objects.requireNonNull(packVersion, "packVersion");
    Objects.requireNonNull(ruleId, "ruleId");
  }

  @Override
  public String toString() {
    return pack + "@" + packVersion + "#" + ruleId;
  }
}
