package io.tripline.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripline.Match;
import io.tripline.Severity;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every condition of {@code when}, by table: a rule with the condition, a submission's matches
 * and facts, and whether the rule fires. Each case is checked through {@link Policy#evaluate} and
 * through {@link Policy#explain}, which must agree.
 */
class PolicyConditionsTest {

  record Case(String name, String when, List<Match> matches, SubmissionFacts facts, boolean fires) {
    @Override
    public String toString() {
      return name + (fires ? " fires" : " does not fire");
    }
  }

  // --- matches and facts, briefly ---

  static Match m(String signalType, int distance, Severity severity, String... labels) {
    return new Match("ind-" + signalType + "-" + distance + "-" + String.join("-", labels), "feed-a", signalType,
        distance, "image", null, List.of(labels), severity);
  }

  static Match indicator(String feed, String id, String signalType) {
    return new Match(id, feed, signalType, 0, "body", null, List.of("x"), Severity.MEDIUM);
  }

  static Match quality(String signalType, int quality, boolean belowFloor) {
    return new Match("ind-q" + quality, "feed-a", signalType, 3, "image", null, List.of("csam"), Severity.HIGH, quality,
        belowFloor);
  }

  static final Match ANY = m("md5", 0, Severity.LOW, "x");
  static final SubmissionFacts NONE = SubmissionFacts.NONE;

  static SubmissionFacts files(String... types) {
    return new SubmissionFacts(List.of(types), false, null, null, 0);
  }

  static SubmissionFacts text() {
    return new SubmissionFacts(List.of(), true, null, null, 0);
  }

  static SubmissionFacts country(@Nullable String country) {
    return NONE.withCountry(country);
  }

  static SubmissionFacts age(@Nullable Duration age) {
    return NONE.withAccountAge(age);
  }

  static SubmissionFacts unhashable(int images) {
    return SubmissionFacts.ofUnhashableImages(images);
  }

  private static Case yes(String name, String when, SubmissionFacts facts, Match... matches) {
    return new Case(name, when, List.of(matches), facts, true);
  }

  private static Case no(String name, String when, SubmissionFacts facts, Match... matches) {
    return new Case(name, when, List.of(matches), facts, false);
  }

  static Stream<Case> cases() {
    Match spam = m("md5", 0, Severity.LOW, "spam");
    Match phone = indicator("feed-a", "phone-1", "phone.sha256");
    Match term1 = indicator("feed-a", "term-1", "term");
    Match term2 = indicator("feed-a", "term-2", "term");
    Match digest = indicator("feed-a", "md5-1", "md5");
    return Stream.of(
        // no when: any qualifying match
        yes("no condition, one match", "{}", NONE, ANY),
        no("no condition, no match", "{}", NONE),
        no("no condition, only a hash under the quality floor", "{}", NONE, quality("pdq", 30, true)),

        // signalTypes
        yes("signalTypes lists the type", "{ signalTypes: [pdq, md5] }", NONE, m("md5", 0, Severity.LOW)),
        no("signalTypes does not list the type", "{ signalTypes: [pdq, md5] }", NONE, m("term", 0, Severity.LOW)),

        // signals
        yes("signals: within the type's maxDistance", "{ signals: { pdq: { maxDistance: 31 } } }", NONE,
            m("pdq", 31, Severity.LOW)),
        no("signals: beyond the type's maxDistance", "{ signals: { pdq: { maxDistance: 31 } } }", NONE,
            m("pdq", 32, Severity.LOW)),
        no("signals: a type not listed", "{ signals: { pdq: { maxDistance: 31 } } }", NONE,
            m("md5", 0, Severity.LOW)),
        yes("signals: the type's minQuality reached", "{ signals: { pdq: { minQuality: 80 } } }", NONE,
            quality("pdq", 90, false)),
        no("signals: the type's minQuality missed", "{ signals: { pdq: { minQuality: 80 } } }", NONE,
            quality("pdq", 70, false)),
        yes("signals: the type's minQuality lets a hash under the floor count", "{ signals: { pdq: { minQuality: 20 } } }",
            NONE, quality("pdq", 30, true)),
        no("signals: without minQuality the floor holds", "{ signals: { pdq: {}, md5: {} } }", NONE,
            quality("pdq", 30, true)),
        yes("signals: an empty bound is any match of the type", "{ signals: { pdq: {}, md5: {} } }", NONE,
            m("md5", 0, Severity.LOW)),

        // labels, severity
        yes("labels: one of the indicator's labels", "{ labels: [csam, ncii] }", NONE,
            m("pdq", 0, Severity.HIGH, "other", "ncii")),
        no("labels: none of them", "{ labels: [csam, ncii] }", NONE, spam),
        no("labels: an indicator without labels", "{ labels: [csam] }", NONE, m("md5", 0, Severity.LOW)),
        yes("severity listed", "{ severity: [high, medium] }", NONE, m("md5", 0, Severity.MEDIUM)),
        no("severity not listed", "{ severity: [high] }", NONE, m("md5", 0, Severity.MEDIUM)),

        // maxDistance, minQuality
        yes("maxDistance is inclusive", "{ maxDistance: 4 }", NONE, m("phash64", 4, Severity.LOW)),
        no("maxDistance exceeded", "{ maxDistance: 4 }", NONE, m("phash64", 5, Severity.LOW)),
        yes("maxDistance: an exact match is distance 0", "{ maxDistance: 4 }", NONE, m("md5", 0, Severity.LOW)),
        yes("minQuality lets a hash under the floor count", "{ labels: [csam], minQuality: 20 }", NONE,
            quality("pdq", 30, true)),
        no("minQuality missed", "{ labels: [csam], minQuality: 95 }", NONE, quality("pdq", 90, false)),
        no("no minQuality: a hash under the floor never counts", "{ labels: [csam] }", NONE,
            quality("pdq", 30, true)),
        yes("no minQuality: a hash at the floor counts", "{ labels: [csam] }", NONE, quality("pdq", 50, false)),

        // all match conditions on one match
        yes("all match conditions on one match", "{ severity: [high], labels: [csam], signalTypes: [pdq] }", NONE,
            m("pdq", 0, Severity.HIGH, "csam")),
        no("match conditions split over two matches do not add up",
            "{ severity: [high], labels: [csam], signalTypes: [pdq] }", NONE,
            m("md5", 0, Severity.HIGH, "csam"), m("pdq", 0, Severity.LOW, "csam")),

        // minMatches
        no("minMatches: one of two", "{ labels: [spam], minMatches: 2 }", NONE, spam),
        no("minMatches counts only qualifying matches", "{ labels: [spam], minMatches: 2 }", NONE, spam,
            m("term", 0, Severity.LOW, "other")),
        yes("minMatches reached", "{ labels: [spam], minMatches: 2 }", NONE, spam, m("term", 0, Severity.LOW, "spam")),
        yes("minMatches counts one indicator matched twice twice", "{ minMatches: 2 }", NONE, term1, term1),

        // minDistinct
        no("minDistinct: one phrase twice is one indicator", "{ minDistinct: 2 }", NONE, term1, term1),
        yes("minDistinct: two phrases", "{ minDistinct: 2 }", NONE, term1, term2),
        yes("minDistinct: the same id in two feeds is two indicators", "{ minDistinct: 2 }", NONE, term1,
            indicator("feed-b", "term-1", "term")),
        no("minDistinct counts only qualifying matches", "{ signalTypes: [term], minDistinct: 2 }", NONE, term1,
            digest),

        // score
        no("score under min", "{ score: { min: 5, weights: { term: 1, phone.sha256: 3 } } }", NONE, phone, term1),
        yes("score reaches min", "{ score: { min: 5, weights: { term: 1, phone.sha256: 3 } } }", NONE, phone, term1,
            term2),
        no("score counts each indicator once", "{ score: { min: 5, weights: { term: 1, phone.sha256: 3 } } }", NONE,
            phone, phone, term1),
        yes("score: a type not listed weighs 1", "{ score: { min: 5, weights: { term: 1, phone.sha256: 3 } } }", NONE,
            phone, term1, digest),
        no("score: default weight 0 leaves unlisted types out", "{ score: { min: 2, weights: { default: 0, term: 1 } } }",
            NONE, term1, digest),
        yes("score: default weight 0, listed types count", "{ score: { min: 2, weights: { default: 0, term: 1 } } }",
            NONE, term1, term2),
        yes("score without weights counts distinct indicators", "{ score: { min: 2 } }", NONE, term1, digest),
        yes("all counts together", "{ minMatches: 3, minDistinct: 2, score: { min: 2 } }", NONE, term1, term1, term2),
        no("all counts together, one short", "{ minMatches: 3, minDistinct: 3, score: { min: 2 } }", NONE, term1,
            term1, term2),

        // contentTypes
        yes("contentTypes: type/* matches a subtype", "{ contentTypes: [image/*] }", files("image/jpeg"), ANY),
        no("contentTypes: another type", "{ contentTypes: [image/*] }", files("application/pdf"), ANY),
        yes("contentTypes: an exact type", "{ contentTypes: [image/png] }", files("image/jpeg", "image/png"), ANY),
        no("contentTypes: another subtype", "{ contentTypes: [image/png] }", files("image/jpeg"), ANY),
        yes("contentTypes: text is a text field", "{ contentTypes: [text] }", text(), ANY),
        no("contentTypes: text is not a text/plain file", "{ contentTypes: [text] }", files("text/plain"), ANY),
        yes("contentTypes: text/* is a text/plain file", "{ contentTypes: [text/*] }", files("text/plain"), ANY),
        no("contentTypes alone still needs a match", "{ contentTypes: [image/*] }", files("image/jpeg")),

        // uploaderCountries
        yes("uploaderCountries lists the country", "{ uploaderCountries: [US, CA] }", country("CA"), ANY),
        no("uploaderCountries does not list it", "{ uploaderCountries: [US, CA] }", country("GB"), ANY),
        no("uploaderCountries: an unknown country does not hold", "{ uploaderCountries: [US, CA] }", country(null), ANY),

        // accountAge, in whole days rounded down
        yes("accountAge maxDays: younger", "{ accountAge: { maxDays: 7 } }", age(Duration.ofDays(3)), ANY),
        yes("accountAge maxDays: 7 days 23 hours is 7 days", "{ accountAge: { maxDays: 7 } }",
            age(Duration.ofDays(7).plusHours(23)), ANY),
        no("accountAge maxDays: older", "{ accountAge: { maxDays: 7 } }", age(Duration.ofDays(8)), ANY),
        no("accountAge: an unknown age does not hold", "{ accountAge: { maxDays: 7 } }", age(null), ANY),
        yes("accountAge minDays: old enough", "{ accountAge: { minDays: 30 } }", age(Duration.ofDays(30)), ANY),
        no("accountAge minDays: too young", "{ accountAge: { minDays: 30 } }", age(Duration.ofDays(29).plusHours(23)),
            ANY),
        yes("accountAge within both bounds", "{ accountAge: { minDays: 7, maxDays: 30 } }", age(Duration.ofDays(7)),
            ANY),
        no("accountAge outside both bounds", "{ accountAge: { minDays: 7, maxDays: 30 } }", age(Duration.ofDays(31)),
            ANY),

        // unhashableImage
        yes("unhashableImage alone needs no match", "{ unhashableImage: true }", unhashable(1)),
        yes("unhashableImage: several images", "{ unhashableImage: true }", unhashable(3), ANY),
        no("unhashableImage without an undecodable image", "{ unhashableImage: true }", unhashable(0), ANY),
        no("unhashableImage with a match condition needs the match", "{ unhashableImage: true, labels: [csam] }",
            unhashable(1)),
        yes("unhashableImage with a match condition and the match", "{ unhashableImage: true, labels: [csam] }",
            unhashable(1), m("md5", 0, Severity.HIGH, "csam")),
        no("unhashableImage with a match condition, no undecodable image", "{ unhashableImage: true, labels: [csam] }",
            unhashable(0), m("md5", 0, Severity.HIGH, "csam")),
        no("unhashableImage with a count needs matches", "{ unhashableImage: true, minMatches: 1 }", unhashable(1)),
        yes("unhashableImage with a submission condition still needs no match",
            "{ unhashableImage: true, uploaderCountries: [US] }", new SubmissionFacts(List.of(), false, "US", null, 1)),
        no("unhashableImage with a submission condition that fails",
            "{ unhashableImage: true, uploaderCountries: [US] }", new SubmissionFacts(List.of(), false, "CA", null, 1)));
  }

  private static Policy oneRule(String when) {
    String yaml = "pack: p\nversion: '1'\nrules:\n  - id: r\n    when: " + when + "\n    action: block\n";
    return Policy.of(RulePack.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eachConditionHoldsExactlyWhenItShould(Case c) {
    Policy policy = oneRule(c.when());
    Outcome outcome = policy.evaluate(c.matches(), c.facts());
    assertThat(outcome.action()).isEqualTo(c.fires() ? Action.BLOCK : Action.ALLOW);
    assertThat(outcome.rule().ruleId()).isEqualTo(c.fires() ? "r" : RulePack.DEFAULT_ALLOW);

    Explanation explanation = policy.explain(c.matches(), c.facts());
    assertThat(explanation.outcome()).isEqualTo(outcome);
    Explanation.RuleTrace trace = explanation.rules().get(0);
    assertThat(trace.fired()).isEqualTo(c.fires());
    if (c.fires()) {
      assertThat(trace.conditions()).allMatch(Explanation.ConditionTrace::held);
      assertThat(trace.qualifying()).isEqualTo(outcome.decidingMatches());
    } else {
      assertThat(trace.conditions()).anyMatch(condition -> !condition.held());
    }
  }
}
