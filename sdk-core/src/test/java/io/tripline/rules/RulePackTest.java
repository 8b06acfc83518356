package io.tripline.rules;

import static io.tripline.rules.PolicyConditionsTest.m;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.InvalidConfigurationException;
import io.tripline.Match;
import io.tripline.Priority;
import io.tripline.RuleRef;
import io.tripline.Severity;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading packs into the model, and the shipped default pack's behaviour. */
class RulePackTest {

  private static RulePack parse(String yaml) {
    return RulePack.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
  }

  @Nested
  class ShippedDefaultPack {
    private final RulePack pack = RulePack.fromClasspath("default");

    private RuleRef ref(String ruleId) {
      return new RuleRef("default", pack.version(), ruleId);
    }

    private ReportInstruction report(ReportCategory category, ReportMode mode, String ruleId) {
      return new ReportInstruction(category, mode, ref(ruleId));
    }

    @Test
    void loadsFromTheClassPath() {
      assertThat(pack.name()).isEqualTo("default");
      assertThat(pack.version()).matches("\\d{4}\\.\\d+\\.\\d+");
      assertThat(pack.description()).startsWith("Blocks known abuse imagery");
      assertThat(pack.rules()).extracting(Rule::id).containsExactly(
          "block-known-abuse-image", "block-high-severity-trafficking", "refuse-unhashable-image",
          "flag-trafficking-lead", "report-trafficking-lead", "flag-any-indicator");
      // The routes for anywhere; each jurisdiction's pack adds its own.
      assertThat(pack.jurisdiction()).hasValueSatisfying(any -> {
        assertThat(any.code()).isEqualTo("ANY");
        assertThat(any.routes()).extracting(Route::id).containsExactly("any-adult-trafficking-tip-line");
      });
      assertThat(pack.toString()).isEqualTo("RulePack[default@" + pack.version() + ", 6 rules, jurisdiction ANY]");
    }

    @Test
    void knownAbuseImageryIsBlockedWith422AndReportedAtOnce() {
      Outcome outcome = pack.evaluate(List.of(m("phash64", 6, Severity.LOW, "csam")), 0);
      assertThat(outcome.action()).isEqualTo(Action.BLOCK);
      assertThat(outcome.status()).isEqualTo(422);
      assertThat(outcome.rule()).isEqualTo(ref("block-known-abuse-image"));
      assertThat(outcome.reports()).containsExactly(
          report(ReportCategory.CSAM, ReportMode.AUTOMATIC, "block-known-abuse-image"));
    }

    @Test
    void highSeverityTraffickingIsBlockedAndOtherSeveritiesAreFlaggedHigh() {
      for (String label : List.of("trafficking", "sexual-exploitation", "ncii")) {
        Outcome high = pack.evaluate(List.of(m("term", 0, Severity.HIGH, label)), 0);
        assertThat(high.action()).isEqualTo(Action.BLOCK);
        assertThat(high.status()).isEqualTo(422);
        assertThat(high.rule()).isEqualTo(ref("block-high-severity-trafficking"));

        Outcome medium = pack.evaluate(List.of(m("term", 0, Severity.MEDIUM, label)), 0);
        assertThat(medium.action()).isEqualTo(Action.FLAG);
        assertThat(medium.priority()).isEqualTo(Priority.HIGH);
        assertThat(medium.rule()).isEqualTo(ref("flag-trafficking-lead"));
      }
    }

    @Test
    void traffickingLeadsAreReportedAfterReviewWhateverTheVerdict() {
      ReportInstruction afterReview =
          report(ReportCategory.CHILD_SEX_TRAFFICKING, ReportMode.AFTER_REVIEW, "report-trafficking-lead");
      assertThat(pack.evaluate(List.of(m("term", 0, Severity.HIGH, "trafficking")), 0).reports())
          .containsExactly(afterReview);
      assertThat(pack.evaluate(List.of(m("term", 0, Severity.LOW, "trafficking")), 0).reports())
          .containsExactly(afterReview);
      // Other exploitation labels are not child sex trafficking: no report category fits them all.
      assertThat(pack.evaluate(List.of(m("term", 0, Severity.HIGH, "ncii")), 0).reports()).isEmpty();
      assertThat(pack.evaluate(List.of(m("term", 0, Severity.LOW, "sexual-exploitation")), 0).reports()).isEmpty();
    }

    @Test
    void anyOtherIndicatorIsFlaggedNormalWithoutReport() {
      Outcome outcome = pack.evaluate(List.of(m("md5", 0, Severity.HIGH, "spam")), 0);
      assertThat(outcome.action()).isEqualTo(Action.FLAG);
      assertThat(outcome.priority()).isEqualTo(Priority.NORMAL);
      assertThat(outcome.rule()).isEqualTo(ref("flag-any-indicator"));
      assertThat(outcome.reports()).isEmpty();
    }

    @Test
    void anUnhashableImageIsRefusedWith415() {
      Outcome outcome = pack.evaluate(List.of(), 1);
      assertThat(outcome.action()).isEqualTo(Action.BLOCK);
      assertThat(outcome.status()).isEqualTo(415);
      assertThat(outcome.rule()).isEqualTo(ref("refuse-unhashable-image"));
      assertThat(outcome.decidingMatches()).isEmpty();
    }

    @Test
    void anEarlierBlockRuleDecidesOverTheUnhashableRule() {
      Outcome outcome = pack.evaluate(List.of(m("md5", 0, Severity.HIGH, "csam")), 2);
      assertThat(outcome.rule()).isEqualTo(ref("block-known-abuse-image"));
      assertThat(outcome.status()).isEqualTo(422);
    }

    @Test
    void nothingMatchedIsAllowedByTheDefaultRule() {
      Outcome outcome = pack.evaluate(List.of(), 0);
      assertThat(outcome.action()).isEqualTo(Action.ALLOW);
      assertThat(outcome.rule()).isEqualTo(ref(RulePack.DEFAULT_ALLOW));
      assertThat(outcome.reports()).isEmpty();
    }
  }

  @Test
  void anUnknownClassPathPackIsAConfigurationError() {
    assertThatThrownBy(() -> RulePack.fromClasspath("no-such-pack"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("no rule pack 'no-such-pack' on the class path (io/tripline/rules/packs/no-such-pack.yaml)");
  }

  @Test
  void everyKeyOfTheFormatReachesTheModel() {
    RulePack pack = parse("""
        pack: custom
        version: "3"
        description: >
          A test pack.
        rules:
          - id: block-it
            description: Blocks.
            when:
              signals:
                pdq: { maxDistance: 31, minQuality: 50 }
                md5: {}
              labels: [csam, ncii]
              severity: [high, medium]
              maxDistance: 40
              minQuality: 20
              minMatches: 2
              minDistinct: 2
              score: { min: 5, weights: { term: 1, phone.sha256: 3, default: 0 } }
              contentTypes: [image/*, text]
              uploaderCountries: [US, CA]
              accountAge: { minDays: 1, maxDays: 7 }
            action: block
            status: 451
            report: { category: CSAM, mode: automatic }
          - id: flag-it
            when: { signalTypes: [term] }
            action: flag
            priority: urgent
            report: { category: ONLINE_ENTICEMENT, mode: after-review }
          - id: refuse
            when: { unhashableImage: true }
            action: block
            status: 415
          - id: allow-it
            action: allow
        """);
    assertThat(pack.name()).isEqualTo("custom");
    assertThat(pack.version()).isEqualTo("3");
    assertThat(pack.description()).isEqualTo("A test pack.");

    Rule block = pack.rules().get(0);
    assertThat(block.description()).isEqualTo("Blocks.");
    assertThat(block.action()).isEqualTo(Action.BLOCK);
    assertThat(block.status()).isEqualTo(451);
    assertThat(block.report()).isEqualTo(new Rule.Report(ReportCategory.CSAM, ReportMode.AUTOMATIC));
    assertThat(block.when()).isEqualTo(new Condition(
        List.of(),
        Map.of("pdq", new Condition.SignalBounds(31, 50), "md5", Condition.SignalBounds.ANY),
        List.of("csam", "ncii"),
        List.of(Severity.HIGH, Severity.MEDIUM),
        40, 20, 2, 2,
        new Condition.Score(5, Map.of("term", 1, "phone.sha256", 3, "default", 0)),
        List.of("image/*", "text"),
        List.of("US", "CA"),
        new Condition.AccountAge(1, 7),
        false));
    // Order as written, for explanations that read like the pack.
    assertThat(block.when().signals().keySet()).containsExactly("pdq", "md5");
    assertThat(block.when().score().weights().keySet()).containsExactly("term", "phone.sha256", "default");
    assertThat(block.when().score().weight("md5")).isZero();

    Rule flag = pack.rules().get(1);
    assertThat(flag.priority()).isEqualTo(Priority.URGENT);
    assertThat(flag.status()).isZero();
    assertThat(flag.description()).isEmpty();
    assertThat(flag.when().signalTypes()).containsExactly("term");
    assertThat(flag.report()).isEqualTo(new Rule.Report(ReportCategory.ONLINE_ENTICEMENT, ReportMode.AFTER_REVIEW));

    Rule refuse = pack.rules().get(2);
    assertThat(refuse.status()).isEqualTo(415);
    assertThat(refuse.when().unhashableImage()).isTrue();
    assertThat(refuse.when().needsMatch()).isFalse();

    Rule allow = pack.rules().get(3);
    assertThat(allow.action()).isEqualTo(Action.ALLOW);
    assertThat(allow.when()).isEqualTo(Condition.ANY);
    assertThat(allow.priority()).isEqualTo(Priority.NORMAL);
    assertThat(allow.report()).isNull();
  }

  @Test
  void aBlockWithoutStatusAnswers422AndAFlagWithoutPriorityIsNormal() {
    RulePack pack = parse("pack: p\nversion: '1'\nrules:\n  - id: b\n    action: block\n  - id: f\n    action: flag\n");
    assertThat(pack.rules().get(0).status()).isEqualTo(Rule.DEFAULT_BLOCK_STATUS).isEqualTo(422);
    assertThat(pack.rules().get(1).priority()).isEqualTo(Priority.NORMAL);
  }

  @Test
  void aJurisdictionPackNeedsNoRules() {
    RulePack pack = parse("""
        pack: us-routes
        version: "2026.12.0"
        jurisdiction:
          code: US
          name: United States
          routes:
            - id: us-ncmec
              destination: NCMEC_CYBERTIPLINE
              appliesWhen: { providerCountries: [US] }
              categories: [CSAM]
              obligation: mandatory
              deadline: { within: PT24H, text: "as soon as reasonably possible" }
              legalBasis: "18 USC 2258A"
              noTippingOff: true
        """);
    assertThat(pack.rules()).isEmpty();
    assertThat(pack.jurisdiction()).hasValueSatisfying(jurisdiction -> {
      assertThat(jurisdiction.code()).isEqualTo("US");
      assertThat(jurisdiction.routes()).extracting(Route::id).containsExactly("us-ncmec");
    });
    assertThat(pack.toString()).isEqualTo("RulePack[us-routes@2026.12.0, 0 rules, jurisdiction US]");
    assertThat(pack.evaluate(List.<Match>of(m("md5", 0, Severity.HIGH, "csam")), 0).rule())
        .isEqualTo(new RuleRef("us-routes", "2026.12.0", RulePack.DEFAULT_ALLOW));
  }

  @Test
  void everyShippedPackLoads() {
    for (String name : List.of("default", "us", "eu", "uk", "ca", "au")) {
      RulePack pack = RulePack.fromClasspath(name);
      assertThat(pack.name()).isEqualTo(name);
      assertThat(!pack.rules().isEmpty() || pack.jurisdiction().isPresent()).as(name + " has rules or routes").isTrue();
    }
  }

  @Test
  void loadsAPackFromAFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("mine.yaml");
    Files.writeString(file, "pack: mine\nversion: '1'\nrules:\n  - id: a\n    action: flag\n");
    assertThat(RulePack.load(file).rules()).extracting(Rule::id).containsExactly("a");

    Files.writeString(file, "pack: mine\nversion: '1'\nrules:\n  - id: a\n    actoin: flag\n");
    assertThatThrownBy(() -> RulePack.load(file))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("rule pack " + file + ", line 5, column 5: unknown key 'actoin' (did you mean 'action'?)");
    assertThatThrownBy(() -> RulePack.load(dir.resolve("missing.yaml")))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("cannot read rule pack " + dir.resolve("missing.yaml"));
  }
}
