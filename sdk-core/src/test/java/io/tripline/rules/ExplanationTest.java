package io.tripline.rules;

import static io.tripline.rules.PolicyPrecedenceTest.pack;
import static org.assertj.core.api.Assertions.assertThat;

import io.tripline.Match;
import io.tripline.Severity;
import io.tripline.Span;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The structured explanation, and its text rendering against golden files in
 * {@code src/test/resources/rules/explain/}.
 *
 * <p>To regenerate the golden files after an intended change of the rendering, run
 * {@code mvn -o -q -pl sdk-core -am test -Dtest=ExplanationTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dtripline.golden.update=true} from the repository root, and review the diff before committing.
 */
class ExplanationTest {

  private static final Path GOLDEN = Path.of("src", "test", "resources", "rules", "explain");
  private static final boolean UPDATE = Boolean.getBoolean("tripline.golden.update");

  private static final String BASE = """
      pack: base
      version: "2026.12.0"
      rules:
        - id: block-known-image
          when:
            labels: [csam]
            signals: { pdq: { maxDistance: 31 }, md5: {} }
          action: block
          report: { category: CSAM, mode: automatic }
        - id: block-grooming-new-account
          when:
            labels: [grooming]
            minDistinct: 2
            accountAge: { maxDays: 30 }
          action: block
          status: 403
          report: { category: ONLINE_ENTICEMENT, mode: after-review }
        - id: refuse-unhashable
          when: { unhashableImage: true }
          action: block
          status: 415
        - id: flag-contact-pattern
          when:
            score: { min: 4, weights: { phone.sha256: 3, term: 1, default: 0 } }
            contentTypes: [text]
          action: flag
          priority: high
          report: { category: CHILD_SEX_TRAFFICKING, mode: after-review }
        - id: flag-any
          action: flag
      """;

  private static final String REGIONAL = """
      pack: regional
      version: "4"
      rules:
        - id: flag-grooming-in-ca
          when:
            labels: [grooming]
            uploaderCountries: [CA]
          action: flag
          priority: urgent
          report: { category: ONLINE_ENTICEMENT, mode: automatic }
        - id: allow-allowlisted
          when: { labels: [allowlisted] }
          action: allow
      """;

  private static Match match(String id, String type, int distance, Severity severity, String source, Span span,
      String... labels) {
    return new Match(id, "feed-a", type, distance, source, span, List.of(labels), severity);
  }

  record Scenario(String name, List<String> packs, List<Match> matches, SubmissionFacts facts) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Scenario> scenarios() {
    Match grooming1 = match("g-1", "term", 0, Severity.MEDIUM, "body", new Span(4, 19), "grooming");
    Match grooming2 = match("g-2", "term", 0, Severity.MEDIUM, "body", new Span(30, 41), "grooming");
    Match phone = match("p-1", "phone.sha256", 0, Severity.HIGH, "body", new Span(50, 62), "trafficking");
    Match blurry = new Match("k-9", "feed-a", "pdq", 12, "image", null, List.of("csam"), Severity.HIGH, 31, true);
    Match known = new Match("k-1", "feed-a", "pdq", 20, "image", null, List.of("csam"), Severity.HIGH, 88, false);
    SubmissionFacts textFromCanada = new SubmissionFacts(List.of(), true, "CA", Duration.ofDays(3).plusHours(5), 0);
    return Stream.of(
        new Scenario("nothing-matched", List.of(BASE, REGIONAL), List.of(), SubmissionFacts.NONE),
        new Scenario("known-image-blocked-and-reported", List.of(BASE, REGIONAL), List.of(known, blurry),
            new SubmissionFacts(List.of("image/jpeg"), false, "US", null, 0)),
        new Scenario("grooming-from-a-new-account-in-canada", List.of(BASE, REGIONAL),
            List.of(grooming1, grooming2, phone), textFromCanada),
        new Scenario("regional-pack-first", List.of(REGIONAL, BASE), List.of(grooming1), textFromCanada),
        new Scenario("unhashable-image", List.of(BASE), List.of(),
            new SubmissionFacts(List.of("image/heic"), false, null, null, 1)),
        new Scenario("shipped-default-pack", List.of(), List.of(known), SubmissionFacts.NONE));
  }

  private static Policy policy(Scenario scenario) {
    return scenario.packs().isEmpty() ? Policy.of(RulePack.fromClasspath("default"))
        : Policy.of(scenario.packs().stream().map(PolicyPrecedenceTest::pack).toList());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void theRenderingMatchesItsGoldenFile(Scenario scenario) throws IOException {
    Policy policy = policy(scenario);
    String rendered = policy.explain(scenario.matches(), scenario.facts()).render();
    Path golden = GOLDEN.resolve(scenario.name() + ".txt");
    if (UPDATE) {
      Files.createDirectories(GOLDEN);
      Files.writeString(golden, rendered, StandardCharsets.UTF_8);
    }
    assertThat(golden).as("golden file; see the class doc to create or update it").exists();
    assertThat(rendered).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    // Deterministic: the same input renders the same text.
    assertThat(policy(scenario).explain(scenario.matches(), scenario.facts()).render()).isEqualTo(rendered);
  }

  @Test
  void theStructureSaysWhichRuleDecidedAndWhyTheOthersLost() {
    Policy policy = Policy.of(pack(BASE), pack(REGIONAL));
    Match grooming1 = match("g-1", "term", 0, Severity.MEDIUM, "body", null, "grooming");
    Match grooming2 = match("g-2", "term", 0, Severity.MEDIUM, "body", null, "grooming");
    SubmissionFacts facts = new SubmissionFacts(List.of(), true, "CA", Duration.ofDays(3), 0);
    Explanation explanation = policy.explain(List.of(grooming1, grooming2), facts);

    assertThat(explanation.outcome()).isEqualTo(policy.evaluate(List.of(grooming1, grooming2), facts));
    assertThat(explanation.matches()).containsExactly(grooming1, grooming2);
    assertThat(explanation.facts()).isEqualTo(facts);
    assertThat(explanation.rules()).extracting(r -> r.ref().toString()).containsExactly(
        "base@2026.12.0#block-known-image", "base@2026.12.0#block-grooming-new-account",
        "base@2026.12.0#refuse-unhashable", "base@2026.12.0#flag-contact-pattern", "base@2026.12.0#flag-any",
        "regional@4#flag-grooming-in-ca", "regional@4#allow-allowlisted");
    assertThat(explanation.rules()).extracting(Explanation.RuleTrace::standing).containsExactly(
        Explanation.Standing.NOT_FIRED, Explanation.Standing.DECIDED, Explanation.Standing.NOT_FIRED,
        Explanation.Standing.NOT_FIRED, Explanation.Standing.OUTRANKED, Explanation.Standing.OUTRANKED,
        Explanation.Standing.NOT_FIRED);

    Explanation.RuleTrace decided = explanation.rule("base", "block-grooming-new-account").orElseThrow();
    assertThat(decided.reason()).isEqualTo("the first block rule that fired");
    assertThat(decided.qualifying()).containsExactly(grooming1, grooming2);
    assertThat(decided.conditions()).containsExactly(
        new Explanation.ConditionTrace("labels", "any of [grooming]", "#1, #2 of 2", true),
        new Explanation.ConditionTrace("minDistinct", "at least 2 distinct indicators", "2", true),
        new Explanation.ConditionTrace("accountAge", "at most 30 days", "3 days", true));

    Explanation.RuleTrace regional = explanation.rule("regional", "flag-grooming-in-ca").orElseThrow();
    assertThat(regional.fired()).isTrue();
    assertThat(regional.reason()).isEqualTo("block outranks flag; base@2026.12.0#block-grooming-new-account decides");
    // Its report counts all the same, and automatic beats the decider's after-review.
    assertThat(explanation.outcome().reports()).singleElement().satisfies(report -> {
      assertThat(report.category()).isEqualTo(ReportCategory.ONLINE_ENTICEMENT);
      assertThat(report.mode()).isEqualTo(ReportMode.AUTOMATIC);
      assertThat(report.rule()).isEqualTo(regional.ref());
    });

    Explanation.RuleTrace contact = explanation.rule("base", "flag-contact-pattern").orElseThrow();
    assertThat(contact.reason()).isEqualTo("score did not hold");
    assertThat(contact.conditions()).filteredOn(c -> c.key().equals("score")).singleElement()
        .isEqualTo(new Explanation.ConditionTrace("score",
            "at least 4 (weights {phone.sha256: 3, term: 1, default: 0})", "2", false));
    assertThat(explanation.rule("base", "no-such-rule")).isEmpty();
  }

  @Test
  void aPrecededFlagThatGaveThePriorityIsNamed() {
    Policy policy = Policy.of(pack("""
        pack: p
        version: "1"
        rules:
          - id: flag-first
            action: flag
            priority: low
          - id: flag-urgent
            action: flag
            priority: urgent
        """));
    Explanation explanation = policy.explain(List.of(PolicyPrecedenceTest.A), SubmissionFacts.NONE);
    assertThat(explanation.rules()).extracting(Explanation.RuleTrace::reason).containsExactly(
        "the first flag rule that fired; priority urgent is from p@1#flag-urgent, the highest among the flag rules"
            + " that fired",
        "p@1#flag-first is listed before it; its priority urgent is the verdict's, the highest among the flag rules"
            + " that fired");
    assertThat(explanation.rules()).extracting(Explanation.RuleTrace::standing)
        .containsExactly(Explanation.Standing.DECIDED, Explanation.Standing.PRECEDED);
  }
}
