package io.tripline.rules;

import io.tripline.Match;
import io.tripline.RuleRef;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Why the rules decided what they did: the outcome, the matches and facts they judged, and every
 * rule of every pack in the order considered, with each condition's expected value, what was
 * found, whether it held, and how precedence settled the rules that fired. {@link #render()}
 * gives the same as plain text, the same for the same input.
 *
 * <p>An explanation names indicators, labels and rules: it is for the platform's
 * trust-and-safety staff, never for the uploader.
 *
 * @param outcome what was decided, as the verdict carries it
 * @param packs the packs in use, in order
 * @param matches every match found in the submission; the text rendering numbers them from #1
 * @param facts what the submission conditions were judged against
 * @param rules every rule of every pack, in order
 */
public record Explanation(
    Outcome outcome, List<RulePack> packs, List<Match> matches, SubmissionFacts facts, List<RuleTrace> rules) {

  public Explanation {
    Objects.requireNonNull(outcome, "outcome");
    packs = List.copyOf(packs);
    matches = List.copyOf(matches);
    Objects.requireNonNull(facts, "facts");
    rules = List.copyOf(rules);
  }

  /** How a rule stands after precedence. */
  public enum Standing {
    /** It fired and decided the verdict. */
    DECIDED,
    /** It fired, but a rule with a stronger action decided. */
    OUTRANKED,
    /** It fired, but an earlier rule with the same action decided. */
    PRECEDED,
    /** It did not fire. */
    NOT_FIRED
  }

  /**
   * One rule as evaluated.
   *
   * @param ref the rule with its pack and version
   * @param rule the rule
   * @param fired whether every condition held
   * @param conditions each condition in the order the format lists them, including the implicit
   *     ones: {@code matches} (one qualifying match, when no count is set) and the
   *     {@code quality floor} (shown when it excluded a match)
   * @param qualifying the matches that passed every match condition
   * @param standing how it stands after precedence
   * @param reason the standing in words, e.g. {@code block outranks flag; default@1#b decides}
   */
  public record RuleTrace(
      RuleRef ref, Rule rule, boolean fired, List<ConditionTrace> conditions, List<Match> qualifying,
      Standing standing, String reason) {
    public RuleTrace {
      Objects.requireNonNull(ref, "ref");
      Objects.requireNonNull(rule, "rule");
      conditions = List.copyOf(conditions);
      qualifying = List.copyOf(qualifying);
      Objects.requireNonNull(standing, "standing");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * One condition as evaluated. A match condition holds when at least one match passes it (the
   * match must pass every match condition to qualify); a count or submission condition holds
   * when its value reaches what was expected.
   *
   * @param key the condition's key in the pack, e.g. {@code labels}
   * @param expected what the rule asks, in words
   * @param found what the submission had, in words; matches by their number, e.g. {@code #1, #3 of 4}
   * @param held whether it held
   */
  public record ConditionTrace(String key, String expected, String found, boolean held) {
    public ConditionTrace {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(expected, "expected");
      Objects.requireNonNull(found, "found");
    }
  }

  /** The trace of a rule, by its pack and id, if the rule was considered. */
  public java.util.Optional<RuleTrace> rule(String pack, String ruleId) {
    return rules.stream().filter(r -> r.ref().pack().equals(pack) && r.ref().ruleId().equals(ruleId)).findFirst();
  }

  /**
   * The explanation as plain text: deterministic (the same input gives the same text), lines
   * ending in {@code \n}, for people and for the command line.
   */
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append("verdict: ").append(verdict()).append('\n');
    out.append("decided by: ").append(outcome.rule());
    if (outcome.rule().ruleId().equals(RulePack.DEFAULT_ALLOW)) {
      out.append(" (no rule fired)");
    }
    out.append('\n');
    out.append("reports:");
    if (outcome.reports().isEmpty()) {
      out.append(" none\n");
    } else {
      out.append('\n');
      for (ReportInstruction report : outcome.reports()) {
        out.append("  - ").append(report.category()).append(' ').append(report.mode().yamlName())
            .append(", asked by ").append(report.rule()).append('\n');
      }
    }
    out.append("matches:");
    if (matches.isEmpty()) {
      out.append(" none\n");
    } else {
      out.append('\n');
      for (int i = 0; i < matches.size(); i++) {
        out.append("  #").append(i + 1).append(' ').append(describe(matches.get(i))).append('\n');
      }
    }
    out.append("submission:\n");
    out.append("  files: ").append(facts.fileTypes().isEmpty() ? "none" : facts.fileTypes().toString()).append('\n');
    out.append("  text: ").append(facts.hasText() ? "yes" : "no").append('\n');
    out.append("  uploader country: ").append(facts.country() == null ? "unknown" : facts.country()).append('\n');
    out.append("  account age: ").append(facts.accountAge() == null ? "unknown"
        : CompiledRule.plural(facts.accountAge().toDays(), "day", "days")).append('\n');
    out.append("  images not decoded: ").append(facts.unhashableImages()).append('\n');
    out.append("rules, in order:\n");
    for (RulePack pack : packs) {
      out.append("  pack ").append(pack.name()).append('@').append(pack.version());
      List<RuleTrace> ofPack = rules.stream().filter(r -> r.ref().pack().equals(pack.name())).toList();
      out.append(ofPack.isEmpty() ? ": no rules\n" : "\n");
      for (int i = 0; i < ofPack.size(); i++) {
        RuleTrace trace = ofPack.get(i);
        Rule rule = trace.rule();
        out.append("    ").append(i + 1).append(". ").append(rule.id()).append(": ").append(action(rule));
        if (rule.report() != null) {
          out.append(", report ").append(rule.report());
        }
        out.append('\n');
        out.append("       ").append(trace.standing().name().toLowerCase(Locale.ROOT).replace('_', ' '))
            .append(": ").append(trace.reason()).append('\n');
        for (ConditionTrace condition : trace.conditions()) {
          out.append("       ").append(condition.held() ? "held   " : "failed ").append(condition.key())
              .append(": expected ").append(condition.expected()).append("; found ").append(condition.found())
              .append('\n');
        }
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return render();
  }

  private String verdict() {
    return switch (outcome.action()) {
      case ALLOW -> "allow";
      case FLAG -> "flag, priority " + outcome.priority().name().toLowerCase(Locale.ROOT);
      case BLOCK -> "block, status " + outcome.status();
    };
  }

  private static String action(Rule rule) {
    return switch (rule.action()) {
      case ALLOW -> "allow";
      case FLAG -> "flag " + rule.priority().name().toLowerCase(Locale.ROOT);
      case BLOCK -> "block " + rule.status();
    };
  }

  private static String describe(Match match) {
    StringBuilder s = new StringBuilder();
    s.append(match.signalType()).append(", indicator ").append(match.feed()).append('/').append(match.indicatorId())
        .append(", distance ").append(match.distance());
    if (match.quality() != 100 || match.belowQualityFloor()) {
      s.append(", quality ").append(match.quality());
      if (match.belowQualityFloor()) {
        s.append(" (under the hasher's floor)");
      }
    }
    s.append(", labels ").append(match.labels())
        .append(", severity ").append(match.severity().name().toLowerCase(Locale.ROOT))
        .append(", in '").append(match.source()).append('\'');
    if (match.span() != null) {
      s.append(" at ").append(match.span().start()).append("..").append(match.span().end());
    }
    return s.toString();
  }

  /** The position of {@code match} in {@code matches} by identity (equal matches may repeat). */
  static int indexOf(List<Match> matches, Match match) {
    for (int i = 0; i < matches.size(); i++) {
      if (matches.get(i) == match) {
        return i;
      }
    }
    return matches.indexOf(match);
  }
}
