package io.tripline.rules;

import io.tripline.Match;
import io.tripline.Priority;
import io.tripline.RuleRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The rule packs in use, combined in order: what a platform's policy is. All rules of all packs
 * are evaluated; then (see {@code docs/rule-packs.md}, Precedence):
 *
 * <ol>
 *   <li>the strongest action among the rules that fired decides: block over flag over allow;
 *   <li>among rules with that action, the first decides (packs in the order given, rules in the
 *       order listed): a block answers with its status; a flag takes the highest priority among
 *       the flag rules that fired;
 *   <li>every rule that fired with a report adds its category, once per category, automatic over
 *       after-review;
 *   <li>with no rule fired: allow, by {@value RulePack#DEFAULT_ALLOW} of the first pack.
 * </ol>
 *
 * Immutable and thread-safe.
 */
public final class Policy {

  private final List<RulePack> packs;
  private final List<CompiledRule> rules;
  private final RuleRef defaultAllow;

  private Policy(List<RulePack> packs) {
    this.packs = List.copyOf(packs);
    if (this.packs.isEmpty()) {
      throw new IllegalArgumentException("a policy needs at least one rule pack");
    }
    Set<String> names = new HashSet<>();
    List<CompiledRule> compiled = new ArrayList<>();
    for (RulePack pack : this.packs) {
      if (!names.add(pack.name())) {
        throw new IllegalArgumentException("rule pack '" + pack.name() + "' is given twice");
      }
      for (Rule rule : pack.rules()) {
        compiled.add(new CompiledRule(pack, rule));
      }
    }
    this.rules = List.copyOf(compiled);
    RulePack first = this.packs.get(0);
    this.defaultAllow = new RuleRef(first.name(), first.version(), RulePack.DEFAULT_ALLOW);
    // The routes of all packs must make one router: ids unique, no destinations covering each other.
    Router.of(jurisdictions());
  }

  /**
   * The packs combined in this order.
   *
   * @throws NullPointerException if a pack is null
   * @throws IllegalArgumentException if there is none, or two have the same name
   * @throws io.tripline.InvalidConfigurationException if their routes share an id or cover each
   *     other in a cycle
   */
  public static Policy of(RulePack... packs) {
    return of(List.of(packs));
  }

  /**
   * The packs combined in this order.
   *
   * @throws NullPointerException if a pack is null
   * @throws IllegalArgumentException if there is none, or two have the same name
   * @throws io.tripline.InvalidConfigurationException if their routes share an id or cover each
   *     other in a cycle
   */
  public static Policy of(List<RulePack> packs) {
    return new Policy(packs);
  }

  /** The packs, in order. */
  public List<RulePack> packs() {
    return packs;
  }

  /** The jurisdictions of the packs that carry one, in pack order. */
  public List<Jurisdiction> jurisdictions() {
    return packs.stream().flatMap(pack -> pack.jurisdiction().stream()).toList();
  }

  /**
   * Judges a submission's matches and facts.
   *
   * @param matches every match found in the submission
   * @param facts what submission conditions are judged against
   * @throws NullPointerException if an argument is null
   */
  public Outcome evaluate(List<Match> matches, SubmissionFacts facts) {
    Objects.requireNonNull(matches, "matches");
    Objects.requireNonNull(facts, "facts");
    Tally tally = new Tally();
    for (CompiledRule rule : rules) {
      if (tally.canChange(rule.rule)) {
        List<Match> qualifying = rule.fire(matches, facts);
        if (qualifying != null) {
          tally.fired(rule, qualifying);
        }
      }
    }
    return tally.outcome();
  }

  /**
   * Judges like {@link #evaluate} and says why: every rule of every pack in order, each condition
   * with what it expected, what was found and whether it held, and how precedence settled it.
   *
   * @throws NullPointerException if an argument is null
   */
  public Explanation explain(List<Match> matches, SubmissionFacts facts) {
    Objects.requireNonNull(matches, "matches");
    Objects.requireNonNull(facts, "facts");
    Tally tally = new Tally();
    List<CompiledRule.Trace> traces = new ArrayList<>(rules.size());
    for (CompiledRule rule : rules) {
      CompiledRule.Trace trace = rule.trace(matches, facts);
      traces.add(trace);
      if (trace.fired()) {
        tally.fired(rule, trace.qualifying());
      }
    }
    Outcome outcome = tally.outcome();
    List<Explanation.RuleTrace> explained = new ArrayList<>(rules.size());
    for (int i = 0; i < rules.size(); i++) {
      CompiledRule rule = rules.get(i);
      CompiledRule.Trace trace = traces.get(i);
      explained.add(new Explanation.RuleTrace(rule.ref, rule.rule, trace.fired(), trace.conditions(),
          trace.qualifying(), standing(rule, trace, outcome), reason(rule, trace, outcome, tally)));
    }
    return new Explanation(outcome, packs, matches, facts, explained);
  }

  private static Explanation.Standing standing(CompiledRule rule, CompiledRule.Trace trace, Outcome outcome) {
    if (!trace.fired()) {
      return Explanation.Standing.NOT_FIRED;
    }
    if (rule.ref.equals(outcome.rule())) {
      return Explanation.Standing.DECIDED;
    }
    return rule.rule.action() == outcome.action() ? Explanation.Standing.PRECEDED : Explanation.Standing.OUTRANKED;
  }

  /** The standing in words, without the standing itself (the rendering puts it first). */
  private static String reason(CompiledRule rule, CompiledRule.Trace trace, Outcome outcome, Tally tally) {
    Action action = rule.rule.action();
    if (!trace.fired()) {
      List<String> failed = trace.conditions().stream().filter(c -> !c.held()).map(Explanation.ConditionTrace::key)
          .toList();
      return String.join(", ", failed) + " did not hold";
    }
    if (rule.ref.equals(outcome.rule())) {
      String decided = "the first " + lower(action) + " rule that fired";
      if (action == Action.FLAG && tally.priorityFrom != rule) {
        decided += "; priority " + lower(outcome.priority()) + " is from " + Objects.requireNonNull(tally.priorityFrom).ref
            + ", the highest among the flag rules that fired";
      }
      return decided;
    }
    if (action != outcome.action()) {
      return lower(outcome.action()) + " outranks " + lower(action) + "; " + outcome.rule() + " decides";
    }
    String preceded = outcome.rule() + " is listed before it";
    if (action == Action.FLAG && tally.priorityFrom == rule) {
      preceded += "; its priority " + lower(outcome.priority()) + " is the verdict's, the highest among the flag"
          + " rules that fired";
    }
    return preceded;
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "Policy" + packs.stream().map(p -> p.name() + "@" + p.version()).toList();
  }

  /** The rules that fired so far, as precedence sees them. */
  private final class Tally {
    private @Nullable CompiledRule block;
    private List<Match> blockMatches = List.of();
    private @Nullable CompiledRule flag;
    private List<Match> flagMatches = List.of();
    private @Nullable CompiledRule priorityFrom;
    private @Nullable CompiledRule allow;
    private List<Match> allowMatches = List.of();
    /** Created on the first report: most submissions ask for none. */
    private @Nullable Map<ReportCategory, ReportInstruction> reports;

    /** Whether the rule firing could change the outcome; if not, {@link #evaluate} skips it. */
    boolean canChange(Rule rule) {
      if (rule.report() != null) {
        return true;
      }
      return switch (rule.action()) {
        case BLOCK -> block == null;
        case FLAG -> block == null && (priorityFrom == null
            || rule.priority().compareTo(priorityFrom.rule.priority()) > 0);
        case ALLOW -> block == null && flag == null && allow == null;
      };
    }

    void fired(CompiledRule compiled, List<Match> qualifying) {
      Rule rule = compiled.rule;
      switch (rule.action()) {
        case BLOCK -> {
          if (block == null) {
            block = compiled;
            blockMatches = qualifying;
          }
        }
        case FLAG -> {
          if (flag == null) {
            flag = compiled;
            flagMatches = qualifying;
          }
          if (priorityFrom == null || rule.priority().compareTo(priorityFrom.rule.priority()) > 0) {
            priorityFrom = compiled;
          }
        }
        case ALLOW -> {
          if (allow == null) {
            allow = compiled;
            allowMatches = qualifying;
          }
        }
      }
      Rule.Report report = rule.report();
      if (report != null) {
        if (reports == null) {
          reports = new LinkedHashMap<>();
        }
        ReportInstruction asked = reports.get(report.category());
        if (asked == null || (asked.mode() == ReportMode.AFTER_REVIEW && report.mode() == ReportMode.AUTOMATIC)) {
          reports.put(report.category(), new ReportInstruction(report.category(), report.mode(), compiled.ref));
        }
      }
    }

    Outcome outcome() {
      List<ReportInstruction> asked = reports == null ? List.of() : List.copyOf(reports.values());
      if (block != null) {
        return new Outcome(Action.BLOCK, block.ref, block.rule.status(), block.rule.priority(), blockMatches, asked);
      }
      if (flag != null) {
        return new Outcome(Action.FLAG, flag.ref, 0, priorityFrom.rule.priority(), flagMatches, asked);
      }
      if (allow != null) {
        return new Outcome(Action.ALLOW, allow.ref, 0, Priority.NORMAL, allowMatches, asked);
      }
      return new Outcome(Action.ALLOW, defaultAllow, 0, Priority.NORMAL, List.of(), asked);
    }
  }
}
