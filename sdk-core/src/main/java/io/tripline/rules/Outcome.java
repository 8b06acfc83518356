package io.tripline.rules;

import io.tripline.Match;
import io.tripline.Priority;
import io.tripline.RuleRef;
import java.util.List;
import java.util.Objects;

/**
 * What the rules decided about a submission; the engine turns it into a
 * {@link io.tripline.Verdict}.
 *
 * @param action the winning action
 * @param rule the rule that decided; {@value RulePack#DEFAULT_ALLOW} of the first pack when no
 *     rule fired
 * @param status the block status (meaningful for {@link Action#BLOCK})
 * @param priority the review priority (meaningful for {@link Action#FLAG}): the highest among the
 *     flag rules that fired
 * @param decidingMatches the matches that qualified for the deciding rule
 * @param reports the reports asked for by every rule that fired, once per category, in the order
 *     the categories were first asked for
 */
public record Outcome(
    Action action, RuleRef rule, int status, Priority priority, List<Match> decidingMatches,
    List<ReportInstruction> reports) {

  public Outcome {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(priority, "priority");
    decidingMatches = List.copyOf(decidingMatches);
    reports = List.copyOf(reports);
  }
}
