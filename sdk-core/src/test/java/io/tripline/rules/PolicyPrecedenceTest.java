package io.tripline.rules;

import static io.tripline.rules.PolicyConditionsTest.m;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.Match;
import io.tripline.Severity;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Precedence (docs/rule-packs.md), by table: packs combined in order, the matches of a submission,
 * and the outcome written as {@code action status-or-priority by pack#rule; reports}. Each case
 * is checked through {@link Policy#evaluate} (which skips rules that cannot change the outcome)
 * and through {@link Policy#explain} (which evaluates all), which must agree.
 */
class PolicyPrecedenceTest {

  record Case(String name, List<String> packs, List<Match> matches, String outcome) {
    @Override
    public String toString() {
      return name;
    }
  }

  static RulePack pack(String yaml) {
    return RulePack.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
  }

  /** A pack {@code name} at version 1 with these rules (YAML list entries, indented by 2). */
  static String rules(String name, String rules) {
    return "pack: " + name + "\nversion: '1'\nrules:\n" + rules;
  }

  static final Match CSAM = m("md5", 0, Severity.HIGH, "csam");
  static final Match SPAM = m("term", 0, Severity.LOW, "spam");
  static final Match A = m("md5", 0, Severity.LOW, "a");
  static final Match B = m("md5", 1, Severity.LOW, "b");

  private static final String ALLOW_FLAG_BLOCK = rules("p", """
        - id: allow-all
          action: allow
        - id: flag-all
          action: flag
        - id: block-csam
          when: { labels: [csam] }
          action: block
          status: 403
      """);

  private static final String BLOCKS = rules("b", """
        - id: block-a
          when: { labels: [a] }
          action: block
          status: 451
        - id: block-any
          action: block
      """);

  private static final String FLAGS = rules("f", """
        - id: flag-low
          action: flag
          priority: low
        - id: flag-b-urgent
          when: { labels: [b] }
          action: flag
          priority: urgent
        - id: flag-normal
          action: flag
      """);

  private static final String REPORTS = rules("r", """
        - id: flag-csam-for-review
          when: { labels: [csam] }
          action: flag
          report: { category: CSAM, mode: after-review }
        - id: flag-spam-for-review
          when: { labels: [spam] }
          action: flag
          report: { category: NCII, mode: after-review }
        - id: block-csam
          when: { labels: [csam] }
          action: block
          report: { category: CSAM, mode: automatic }
        - id: flag-csam-again
          when: { labels: [csam] }
          action: flag
          report: { category: CSAM, mode: after-review }
      """);

  private static final String ROUTES_ONLY = """
      pack: routes
      version: '7'
      jurisdiction:
        code: US
        name: United States
        routes:
          - id: us-tips
            destination: NCMEC_CYBERTIPLINE
            appliesWhen: { providerCountries: [US] }
            categories: [MISLEADING_DOMAIN]
            obligation: voluntary
            noTippingOff: true
      """;

  private static Case c(String name, List<String> packs, String outcome, Match... matches) {
    return new Case(name, packs, List.of(matches), outcome);
  }

  static Stream<Case> cases() {
    return Stream.of(
        // 1. the strongest action decides
        c("block beats flag beats allow, whatever the order", List.of(ALLOW_FLAG_BLOCK),
            "block 403 by p#block-csam", CSAM),
        c("a flag beats an allow listed before it", List.of(ALLOW_FLAG_BLOCK), "flag normal by p#flag-all", SPAM),
        c("an allow rule that fires alone decides", List.of(rules("p", """
              - id: allow-spam
                when: { labels: [spam] }
                action: allow
              - id: flag-csam
                when: { labels: [csam] }
                action: flag
            """)), "allow by p#allow-spam", SPAM),

        // 2. among one action, the first decides
        c("the first block decides, with its status", List.of(BLOCKS), "block 451 by b#block-a", A),
        c("a later block decides when the first does not fire", List.of(BLOCKS), "block 422 by b#block-any", B),
        c("the first flag decides, with the highest priority of the flags that fired", List.of(FLAGS),
            "flag urgent by f#flag-low", B),
        c("a flag that did not fire lends no priority", List.of(FLAGS), "flag normal by f#flag-low", A),

        // across packs: packs in the order combined
        c("the first pack's block decides over the second's", List.of(BLOCKS, rules("q", """
              - id: block-first
                action: block
                status: 403
            """)), "block 451 by b#block-a", A),
        c("combined the other way, the other pack's block decides", List.of(rules("q", """
              - id: block-first
                action: block
                status: 403
            """), BLOCKS), "block 403 by q#block-first", A),
        c("a later pack's block beats an earlier pack's flag", List.of(FLAGS, BLOCKS), "block 451 by b#block-a", A),
        c("flag priority is the highest over all packs", List.of(rules("q", """
              - id: flag-first
                action: flag
                priority: low
            """), FLAGS), "flag urgent by q#flag-first", B),

        // 3. reports are not subject to precedence
        c("a report from a flag that lost to a block still counts", List.of(REPORTS),
            "block 422 by r#block-csam; CSAM automatic by r#block-csam, NCII after-review by r#flag-spam-for-review",
            CSAM, SPAM),
        c("once per category; automatic over after-review, in the order first asked", List.of(REPORTS),
            "block 422 by r#block-csam; CSAM automatic by r#block-csam", CSAM),
        c("after-review asked twice: the first rule that asked", List.of(rules("p", """
              - id: flag-one
                action: flag
                report: { category: CSAM, mode: after-review }
              - id: flag-two
                action: flag
                report: { category: CSAM, mode: after-review }
            """)), "flag normal by p#flag-one; CSAM after-review by p#flag-one", CSAM),
        c("reports from every pack", List.of(rules("p", """
              - id: block-csam
                when: { labels: [csam] }
                action: block
            """), rules("q", """
              - id: report-csam
                when: { labels: [csam] }
                action: flag
                report: { category: CSAM, mode: automatic }
            """)), "block 422 by p#block-csam; CSAM automatic by q#report-csam", CSAM),

        // 4. no rule fired
        c("nothing fired: default-allow of the first pack", List.of(BLOCKS, FLAGS), "allow by b#default-allow"),
        c("nothing fired, a pack of routes first: its default-allow", List.of(ROUTES_ONLY, BLOCKS),
            "allow by routes#default-allow"),
        c("an empty rule list allows everything", List.of("pack: e\nversion: '1'\nrules: []\n"),
            "allow by e#default-allow", CSAM));
  }

  /** The outcome in the tables' words. */
  static String describe(Outcome outcome) {
    String decided = switch (outcome.action()) {
      case ALLOW -> "allow";
      case FLAG -> "flag " + outcome.priority().name().toLowerCase(java.util.Locale.ROOT);
      case BLOCK -> "block " + outcome.status();
    };
    String text = decided + " by " + outcome.rule().pack() + "#" + outcome.rule().ruleId();
    if (!outcome.reports().isEmpty()) {
      text += "; " + String.join(", ", outcome.reports().stream().map(r -> r.category() + " " + r.mode().yamlName()
          + " by " + r.rule().pack() + "#" + r.rule().ruleId()).toList());
    }
    return text;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void precedenceDecidesAsTheSpecSays(Case c) {
    Policy policy = Policy.of(c.packs().stream().map(PolicyPrecedenceTest::pack).toList());
    Outcome outcome = policy.evaluate(c.matches(), SubmissionFacts.NONE);
    assertThat(describe(outcome)).isEqualTo(c.outcome());
    assertThat(policy.explain(c.matches(), SubmissionFacts.NONE).outcome()).isEqualTo(outcome);
  }

  @Test
  void theVerdictRecordsThePackAndVersionOfTheDecidingRule() {
    Policy policy = Policy.of(pack(rules("p", "  - id: flag-all\n    action: flag\n")),
        pack("pack: q\nversion: '2026.12.1'\nrules:\n  - id: block-a\n    when: { labels: [a] }\n    action: block\n"));
    assertThat(policy.evaluate(List.of(A), SubmissionFacts.NONE).rule().toString()).isEqualTo("q@2026.12.1#block-a");
    assertThat(policy.evaluate(List.of(B), SubmissionFacts.NONE).rule().toString()).isEqualTo("p@1#flag-all");
  }

  @Test
  void theDecidingMatchesAreTheDecidingRulesQualifyingOnes() {
    Policy policy = Policy.of(pack(REPORTS));
    assertThat(policy.evaluate(List.of(SPAM, CSAM), SubmissionFacts.NONE).decidingMatches()).containsExactly(CSAM);
  }

  @Test
  void aPolicyNeedsPacksWithDistinctNames() {
    assertThatThrownBy(Policy::of).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
    RulePack p = pack(BLOCKS);
    assertThatThrownBy(() -> Policy.of(p, pack(BLOCKS))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rule pack 'b' is given twice");
    assertThatThrownBy(() -> Policy.of(p, null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void aPolicyListsItsPacksAndTheirJurisdictions() {
    Policy policy = Policy.of(pack(BLOCKS), pack(ROUTES_ONLY));
    assertThat(policy.packs()).extracting(RulePack::name).containsExactly("b", "routes");
    assertThat(policy.jurisdictions()).extracting(Jurisdiction::code).containsExactly("US");
    assertThat(policy).hasToString("Policy[b@1, routes@7]");
  }
}
