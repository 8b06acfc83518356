package io.tripline.rules;

import io.tripline.Match;
import io.tripline.RuleRef;
import io.tripline.Severity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * A rule turned into the tests its conditions stand for, in the order the format lists them.
 * {@link #fire} is the hot path; {@link #trace} runs the very same tests and records each one, so
 * an explanation can never disagree with a verdict.
 */
final class CompiledRule {

  /** A condition on one match: the matches that pass every one of them qualify. */
  private record MatchTest(String key, String expected, Predicate<Match> test, boolean implicit) {}

  /** A condition on the qualifying matches: {@code measure} must reach {@code least}. */
  private record CountTest(String key, String expected, ToLongFunction<List<Match>> measure, long least) {}

  /** A condition on the submission. */
  private record FactTest(String key, String expected, Predicate<SubmissionFacts> test,
      Function<SubmissionFacts, String> found) {}

  final RuleRef ref;
  final Rule rule;
  private final MatchTest[] matchTests;
  private final CountTest[] countTests;
  private final FactTest[] factTests;
  private final boolean needsMatch;

  CompiledRule(RulePack pack, Rule rule) {
    this.ref = new RuleRef(pack.name(), pack.version(), rule.id());
    this.rule = rule;
    Condition when = rule.when();
    this.needsMatch = when.needsMatch();
    this.matchTests = matchTests(when).toArray(MatchTest[]::new);
    this.countTests = countTests(when, needsMatch).toArray(CountTest[]::new);
    this.factTests = factTests(when).toArray(FactTest[]::new);
  }

  /** The qualifying matches if the rule fires (empty for a rule that needs none), else null. */
  @Nullable List<Match> fire(List<Match> matches, SubmissionFacts facts) {
    for (FactTest test : factTests) {
      if (!test.test().test(facts)) {
        return null;
      }
    }
    if (!needsMatch) {
      return List.of();
    }
    if (matches.isEmpty()) {
      return null;
    }
    List<Match> qualifying = null;
    for (int i = 0, n = matches.size(); i < n; i++) {
      Match match = matches.get(i);
      if (qualifies(match)) {
        if (qualifying == null) {
          qualifying = new ArrayList<>(n - i);
        }
        qualifying.add(match);
      }
    }
    if (qualifying == null) {
      return null;
    }
    for (CountTest test : countTests) {
      if (test.measure().applyAsLong(qualifying) < test.least()) {
        return null;
      }
    }
    return qualifying;
  }

  private boolean qualifies(Match match) {
    for (MatchTest test : matchTests) {
      if (!test.test().test(match)) {
        return false;
      }
    }
    return true;
  }

  /** Each condition's result, in order, the qualifying matches, and whether the rule fired. */
  record Trace(List<Explanation.ConditionTrace> conditions, List<Match> qualifying, boolean fired) {}

  Trace trace(List<Match> matches, SubmissionFacts facts) {
    List<Explanation.ConditionTrace> conditions = new ArrayList<>();
    boolean held = true;
    List<Match> qualifying = new ArrayList<>();
    if (needsMatch) {
      for (MatchTest test : matchTests) {
        StringJoiner passed = new StringJoiner(", ");
        int count = 0;
        for (int i = 0; i < matches.size(); i++) {
          if (test.test().test(matches.get(i))) {
            passed.add("#" + (i + 1));
            count++;
          }
        }
        if (test.implicit() && count == matches.size()) {
          continue; // the quality floor excluded nothing: not worth a line
        }
        String found = matches.isEmpty() ? "no match"
            : count == 0 ? "none of " + plural(matches.size(), "match", "matches")
            : passed + " of " + matches.size();
        conditions.add(new Explanation.ConditionTrace(test.key(), test.expected(), found, count > 0));
      }
      for (Match match : matches) {
        if (qualifies(match)) {
          qualifying.add(match);
        }
      }
      held = !qualifying.isEmpty();
      for (CountTest test : countTests) {
        long value = test.measure().applyAsLong(qualifying);
        String found = test.key().equals("score") || test.key().equals("minDistinct") ? Long.toString(value)
            : value + (qualifying.isEmpty() ? "" : " (" + numbers(matches, qualifying) + ")");
        boolean ok = value >= test.least();
        held &= ok;
        conditions.add(new Explanation.ConditionTrace(test.key(), test.expected(), found, ok));
      }
    }
    for (FactTest test : factTests) {
      boolean ok = test.test().test(facts);
      held &= ok;
      conditions.add(new Explanation.ConditionTrace(test.key(), test.expected(), test.found().apply(facts), ok));
    }
    return new Trace(conditions, needsMatch ? qualifying : List.of(), held);
  }

  // --- building the tests ---

  private static List<MatchTest> matchTests(Condition when) {
    List<MatchTest> tests = new ArrayList<>();
    if (!when.signalTypes().isEmpty()) {
      List<String> types = when.signalTypes();
      tests.add(new MatchTest("signalTypes", "one of " + types, m -> types.contains(m.signalType()), false));
    }
    Map<String, Condition.SignalBounds> signals = when.signals();
    if (!signals.isEmpty()) {
      tests.add(new MatchTest("signals", "one of " + signals(signals), m -> {
        Condition.SignalBounds bounds = signals.get(m.signalType());
        return bounds != null
            && (bounds.maxDistance() == null || m.distance() <= bounds.maxDistance())
            && (bounds.minQuality() == null || m.quality() >= bounds.minQuality());
      }, false));
    }
    if (!when.labels().isEmpty()) {
      List<String> labels = when.labels();
      tests.add(new MatchTest("labels", "any of " + labels, m -> anyOf(m.labels(), labels), false));
    }
    if (!when.severities().isEmpty()) {
      List<Severity> severities = when.severities();
      tests.add(new MatchTest("severity", "one of " + lowerCase(severities),
          m -> severities.contains(m.severity()), false));
    }
    if (when.maxDistance() != null) {
      int max = when.maxDistance();
      tests.add(new MatchTest("maxDistance", "at most " + max, m -> m.distance() <= max, false));
    }
    if (when.minQuality() != null) {
      int min = when.minQuality();
      tests.add(new MatchTest("minQuality", "at least " + min, m -> m.quality() >= min, false));
    } else {
      // Without a minQuality of its own, a hash under its hasher's floor never qualifies.
      tests.add(new MatchTest("quality floor", "at least the hasher's floor (PDQ: 50)", m -> {
        Condition.SignalBounds bounds = signals.get(m.signalType());
        return !m.belowQualityFloor() || (bounds != null && bounds.minQuality() != null);
      }, true));
    }
    return tests;
  }

  private static List<CountTest> countTests(Condition when, boolean needsMatch) {
    List<CountTest> tests = new ArrayList<>();
    if (when.minMatches() != null) {
      int min = when.minMatches();
      tests.add(new CountTest("minMatches", "at least " + plural(min, "qualifying match", "qualifying matches"),
          List::size, min));
    }
    if (when.minDistinct() != null) {
      int min = when.minDistinct();
      tests.add(new CountTest("minDistinct", "at least " + plural(min, "distinct indicator", "distinct indicators"),
          CompiledRule::distinct, min));
    }
    if (when.score() != null) {
      Condition.Score score = when.score();
      StringJoiner weighed = new StringJoiner(", ", "weights {", "}");
      score.weights().forEach((type, weight) -> weighed.add(type + ": " + weight));
      String weights = score.weights().isEmpty() ? "each indicator 1" : weighed.toString();
      tests.add(new CountTest("score", "at least " + score.min() + " (" + weights + ")",
          qualifying -> score(qualifying, score), score.min()));
    }
    if (tests.isEmpty() && needsMatch) {
      tests.add(new CountTest("matches", "at least 1 qualifying match", List::size, 1));
    }
    return tests;
  }

  private static List<FactTest> factTests(Condition when) {
    List<FactTest> tests = new ArrayList<>();
    if (!when.contentTypes().isEmpty()) {
      List<String> patterns = when.contentTypes();
      tests.add(new FactTest("contentTypes", "any of " + patterns, facts -> hasContentType(facts, patterns),
          CompiledRule::contents));
    }
    if (!when.uploaderCountries().isEmpty()) {
      List<String> countries = when.uploaderCountries();
      tests.add(new FactTest("uploaderCountries", "one of " + countries,
          facts -> facts.country() != null && countries.contains(facts.country()),
          facts -> facts.country() == null ? "unknown" : facts.country()));
    }
    if (when.accountAge() != null) {
      Condition.AccountAge age = when.accountAge();
      String expected = age.minDays() == null ? "at most " + plural(age.maxDays(), "day", "days")
          : age.maxDays() == null ? "at least " + plural(age.minDays(), "day", "days")
          : age.minDays() + " to " + plural(age.maxDays(), "day", "days");
      tests.add(new FactTest("accountAge", expected,
          facts -> facts.accountAge() != null && age.holds(facts.accountAge().toDays()),
          facts -> facts.accountAge() == null ? "unknown" : plural(facts.accountAge().toDays(), "day", "days")));
    }
    if (when.unhashableImage()) {
      tests.add(new FactTest("unhashableImage", "an image that could not be decoded",
          facts -> facts.unhashableImages() > 0,
          facts -> facts.unhashableImages() == 0 ? "none"
              : plural(facts.unhashableImages(), "image", "images") + " not decoded"));
    }
    return tests;
  }

  // --- the measures ---

  private static long distinct(List<Match> qualifying) {
    if (qualifying.size() < 2) {
      return qualifying.size();
    }
    Set<String> seen = new HashSet<>();
    for (Match match : qualifying) {
      seen.add(match.feed() + '\u0000' + match.indicatorId());
    }
    return seen.size();
  }

  private static long score(List<Match> qualifying, Condition.Score score) {
    Set<String> seen = new HashSet<>();
    long sum = 0;
    for (Match match : qualifying) {
      if (seen.add(match.feed() + '\u0000' + match.indicatorId())) {
        sum += score.weight(match.signalType());
      }
    }
    return sum;
  }

  private static boolean hasContentType(SubmissionFacts facts, List<String> patterns) {
    for (String pattern : patterns) {
      if (pattern.equals("text")) {
        if (facts.hasText()) {
          return true;
        }
      } else if (pattern.endsWith("/*")) {
        String prefix = pattern.substring(0, pattern.length() - 1);
        for (String type : facts.fileTypes()) {
          if (type.startsWith(prefix)) {
            return true;
          }
        }
      } else if (facts.fileTypes().contains(pattern)) {
        return true;
      }
    }
    return false;
  }

  private static boolean anyOf(List<String> values, List<String> wanted) {
    for (int i = 0, n = values.size(); i < n; i++) {
      if (wanted.contains(values.get(i))) {
        return true;
      }
    }
    return false;
  }

  // --- words ---

  private static String contents(SubmissionFacts facts) {
    List<String> contents = new ArrayList<>(facts.fileTypes());
    if (facts.hasText()) {
      contents.add("text");
    }
    return contents.isEmpty() ? "no file or text" : contents.toString();
  }

  private static String signals(Map<String, Condition.SignalBounds> signals) {
    StringJoiner all = new StringJoiner(", ", "{", "}");
    signals.forEach((type, bounds) -> {
      StringJoiner each = new StringJoiner(", ", "{", "}");
      if (bounds.maxDistance() != null) {
        each.add("maxDistance: " + bounds.maxDistance());
      }
      if (bounds.minQuality() != null) {
        each.add("minQuality: " + bounds.minQuality());
      }
      all.add(type + ": " + each);
    });
    return all.toString();
  }

  private static String numbers(List<Match> matches, List<Match> subset) {
    StringJoiner numbers = new StringJoiner(", ");
    for (Match match : subset) {
      numbers.add("#" + (Explanation.indexOf(matches, match) + 1));
    }
    return numbers.toString();
  }

  private static List<String> lowerCase(List<? extends Enum<?>> values) {
    return values.stream().map(v -> v.name().toLowerCase(Locale.ROOT)).toList();
  }

  static String plural(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}
