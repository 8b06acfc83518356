package io.tripline.rules;

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
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RulePackTest {

  private static RulePack parse(String yaml) {
    return RulePack.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
  }

  private static Match match(String signalType, int distance, Severity severity, String... labels) {
    return new Match("ind-" + signalType + "-" + distance, "feed-a", signalType, distance, "image", null,
        List.of(labels), severity);
  }

  private static final String HEADER = "pack: custom\nversion: \"3\"\nrules:\n";

  @Nested
  class ShippedDefaultPack {
    private final RulePack pack = RulePack.fromClasspath("default");

    @Test
    void loadsFromTheClassPath() {
      assertThat(pack.name()).isEqualTo("default");
      assertThat(pack.version()).matches("\\d{4}\\.\\d+\\.\\d+");
      assertThat(pack.rules()).extracting(Rule::id).containsExactly(
          "block-known-abuse-image", "block-high-severity-trafficking", "refuse-unhashable-image",
          "flag-trafficking-lead", "flag-any-indicator");
      assertThat(pack.toString()).contains("default").contains(pack.version());
    }

    private RuleRef ref(String ruleId) {
      return new RuleRef("default", pack.version(), ruleId);
    }

    @Test
    void knownAbuseImageryIsBlockedWith422() {
      RulePack.Outcome outcome = pack.evaluate(List.of(match("phash64", 6, Severity.LOW, "csam")), 0);
      assertThat(outcome.action()).isEqualTo(Action.BLOCK);
      assertThat(outcome.status()).isEqualTo(422);
      assertThat(outcome.rule()).isEqualTo(ref("block-known-abuse-image"));
    }

    @Test
    void highSeverityTraffickingIsBlockedAndOtherSeveritiesAreFlaggedHigh() {
      for (String label : List.of("trafficking", "sexual-exploitation", "ncii")) {
        RulePack.Outcome high = pack.evaluate(List.of(match("term", 0, Severity.HIGH, label)), 0);
        assertThat(high.action()).isEqualTo(Action.BLOCK);
        assertThat(high.status()).isEqualTo(422);
        assertThat(high.rule()).isEqualTo(ref("block-high-severity-trafficking"));

        RulePack.Outcome medium = pack.evaluate(List.of(match("term", 0, Severity.MEDIUM, label)), 0);
        assertThat(medium.action()).isEqualTo(Action.FLAG);
        assertThat(medium.priority()).isEqualTo(Priority.HIGH);
        assertThat(medium.rule()).isEqualTo(ref("flag-trafficking-lead"));
      }
    }

    @Test
    void anyOtherIndicatorIsFlaggedNormal() {
      RulePack.Outcome outcome = pack.evaluate(List.of(match("md5", 0, Severity.HIGH, "spam")), 0);
      assertThat(outcome.action()).isEqualTo(Action.FLAG);
      assertThat(outcome.priority()).isEqualTo(Priority.NORMAL);
      assertThat(outcome.rule()).isEqualTo(ref("flag-any-indicator"));
    }

    @Test
    void anUnhashableImageIsRefusedWith415() {
      RulePack.Outcome outcome = pack.evaluate(List.of(), 1);
      assertThat(outcome.action()).isEqualTo(Action.BLOCK);
      assertThat(outcome.status()).isEqualTo(415);
      assertThat(outcome.rule()).isEqualTo(ref("refuse-unhashable-image"));
      assertThat(outcome.decidingMatches()).isEmpty();
    }

    @Test
    void anEarlierBlockRuleDecidesOverTheUnhashableRule() {
      RulePack.Outcome outcome = pack.evaluate(List.of(match("md5", 0, Severity.HIGH, "csam")), 2);
      assertThat(outcome.rule()).isEqualTo(ref("block-known-abuse-image"));
      assertThat(outcome.status()).isEqualTo(422);
    }

    @Test
    void nothingMatchedIsAllowedByTheDefaultRule() {
      RulePack.Outcome outcome = pack.evaluate(List.of(), 0);
      assertThat(outcome.action()).isEqualTo(Action.ALLOW);
      assertThat(outcome.rule()).isEqualTo(ref(RulePack.DEFAULT_ALLOW));
    }
  }

  @Test
  void anUnknownClassPathPackIsAConfigurationError() {
    assertThatThrownBy(() -> RulePack.fromClasspath("no-such-pack"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("no-such-pack");
  }

  @Test
  void parsesACustomPackWithDefaults() {
    RulePack pack = parse("""
        pack: custom
        version: "3"
        description: A test pack.
        rules:
          - id: block-it
            description: Blocks.
            when:
              signalTypes: [md5, sha256]
              labels: [csam]
              severity: [high, MEDIUM]
              maxDistance: 4
              minMatches: 2
            action: block
          - id: flag-it
            action: flag
          - id: refuse
            when: { unhashableImage: true }
            action: block
            status: 451
          - id: allow-it
            action: allow
        """);
    assertThat(pack.name()).isEqualTo("custom");
    assertThat(pack.version()).isEqualTo("3");
    Rule block = pack.rules().get(0);
    assertThat(block.description()).isEqualTo("Blocks.");
    assertThat(block.action()).isEqualTo(Action.BLOCK);
    assertThat(block.status()).isEqualTo(422);
    assertThat(block.when()).isEqualTo(new Rule.Condition(Set.of("md5", "sha256"), Set.of("csam"),
        Set.of(Severity.HIGH, Severity.MEDIUM), 4, 2, false));
    Rule flag = pack.rules().get(1);
    assertThat(flag.priority()).isEqualTo(Priority.NORMAL);
    assertThat(flag.description()).isEmpty();
    assertThat(flag.when()).isEqualTo(new Rule.Condition(Set.of(), Set.of(), Set.of(), null, 1, false));
    assertThat(pack.rules().get(2).status()).isEqualTo(451);
    assertThat(pack.rules().get(2).when().unhashableImage()).isTrue();
    assertThat(pack.rules().get(3).action()).isEqualTo(Action.ALLOW);
  }

  @Test
  void loadsAPackFromAFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("mine.yaml");
    Files.writeString(file, HEADER + "  - id: a\n    action: flag\n");
    assertThat(RulePack.load(file).rules()).extracting(Rule::id).containsExactly("a");
    assertThatThrownBy(() -> RulePack.load(dir.resolve("missing.yaml")))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("missing.yaml");
  }

  // --- precedence ---

  @Test
  void blockBeatsFlagBeatsAllowWhateverTheOrder() {
    RulePack pack = parse(HEADER + """
          - id: allow-all
            action: allow
          - id: flag-all
            action: flag
          - id: block-csam
            when: { labels: [csam] }
            action: block
            status: 403
        """);
    RulePack.Outcome csam = pack.evaluate(List.of(match("md5", 0, Severity.LOW, "csam")), 0);
    assertThat(csam.action()).isEqualTo(Action.BLOCK);
    assertThat(csam.status()).isEqualTo(403);
    assertThat(csam.rule().ruleId()).isEqualTo("block-csam");

    RulePack.Outcome spam = pack.evaluate(List.of(match("md5", 0, Severity.LOW, "spam")), 0);
    assertThat(spam.action()).isEqualTo(Action.FLAG);
    assertThat(spam.rule().ruleId()).isEqualTo("flag-all");
  }

  @Test
  void anAllowRuleThatFiresIsNamedInTheOutcome() {
    RulePack pack = parse(HEADER + "  - id: allow-spam\n    when: {labels: [spam]}\n    action: allow\n");
    RulePack.Outcome outcome = pack.evaluate(List.of(match("md5", 0, Severity.LOW, "spam")), 0);
    assertThat(outcome.action()).isEqualTo(Action.ALLOW);
    assertThat(outcome.rule()).isEqualTo(new RuleRef("custom", "3", "allow-spam"));
  }

  @Test
  void withinAnActionTheFirstListedRuleWins() {
    RulePack pack = parse(HEADER + """
          - id: flag-low
            action: flag
            priority: low
          - id: flag-urgent
            action: flag
            priority: urgent
          - id: block-a
            when: { labels: [a] }
            action: block
            status: 451
          - id: block-any
            action: block
        """);
    RulePack.Outcome a = pack.evaluate(List.of(match("md5", 0, Severity.LOW, "a")), 0);
    assertThat(a.rule().ruleId()).isEqualTo("block-a");
    assertThat(a.status()).isEqualTo(451);
    RulePack.Outcome b = pack.evaluate(List.of(match("md5", 0, Severity.LOW, "b")), 0);
    assertThat(b.rule().ruleId()).isEqualTo("block-any");
    assertThat(b.status()).isEqualTo(422);

    RulePack flags = parse(HEADER + "  - id: flag-low\n    action: flag\n    priority: low\n"
        + "  - id: flag-urgent\n    action: flag\n    priority: urgent\n");
    RulePack.Outcome flagged = flags.evaluate(List.of(match("md5", 0, Severity.LOW, "b")), 0);
    assertThat(flagged.rule().ruleId()).isEqualTo("flag-low");
    assertThat(flagged.priority()).isEqualTo(Priority.LOW);
  }

  // --- conditions ---

  private static RulePack oneRule(String when) {
    return parse(HEADER + "  - id: r\n    when: " + when + "\n    action: block\n");
  }

  private static boolean fires(RulePack pack, int unhashable, Match... matches) {
    return pack.evaluate(List.of(matches), unhashable).action() == Action.BLOCK;
  }

  @Test
  void maxDistanceIsInclusive() {
    RulePack pack = oneRule("{ maxDistance: 4 }");
    assertThat(fires(pack, 0, match("phash64", 4, Severity.LOW))).isTrue();
    assertThat(fires(pack, 0, match("phash64", 5, Severity.LOW))).isFalse();
    assertThat(fires(pack, 0, match("md5", 0, Severity.LOW))).isTrue();
  }

  @Test
  void severityLabelsAndSignalTypesMustAllHoldForOneMatch() {
    RulePack pack = oneRule("{ severity: [high], labels: [csam, ncii], signalTypes: [pdq] }");
    assertThat(fires(pack, 0, match("pdq", 0, Severity.HIGH, "other", "ncii"))).isTrue();
    assertThat(fires(pack, 0, match("pdq", 0, Severity.MEDIUM, "csam"))).isFalse();
    assertThat(fires(pack, 0, match("pdq", 0, Severity.HIGH, "spam"))).isFalse();
    assertThat(fires(pack, 0, match("md5", 0, Severity.HIGH, "csam"))).isFalse();
    // Two matches that each satisfy part of the conditions do not add up to one that satisfies all.
    assertThat(fires(pack, 0, match("md5", 0, Severity.HIGH, "csam"), match("pdq", 0, Severity.LOW, "csam")))
        .isFalse();
  }

  @Test
  void minMatchesCountsOnlyQualifyingMatches() {
    RulePack pack = oneRule("{ labels: [spam], minMatches: 2 }");
    assertThat(fires(pack, 0, match("md5", 0, Severity.LOW, "spam"))).isFalse();
    assertThat(fires(pack, 0, match("md5", 0, Severity.LOW, "spam"), match("term", 0, Severity.LOW, "other")))
        .isFalse();
    assertThat(fires(pack, 0, match("md5", 0, Severity.LOW, "spam"), match("term", 0, Severity.LOW, "spam")))
        .isTrue();
  }

  @Test
  void theDecidingMatchesAreTheQualifyingOnes() {
    RulePack pack = oneRule("{ labels: [csam] }");
    Match csam = match("md5", 0, Severity.LOW, "csam");
    Match other = match("term", 0, Severity.LOW, "spam");
    assertThat(pack.evaluate(List.of(other, csam), 0).decidingMatches()).containsExactly(csam);
  }

  @Test
  void anUnhashableImageRuleFiresOnlyWithAnUnhashableImage() {
    RulePack pack = oneRule("{ unhashableImage: true }");
    assertThat(fires(pack, 0, match("md5", 0, Severity.HIGH, "csam"))).isFalse();
    assertThat(fires(pack, 1)).isTrue();
    assertThat(fires(pack, 3)).isTrue();
  }

  @Test
  void anUnhashableImageRuleWithMatchConditionsNeedsBoth() {
    RulePack pack = oneRule("{ unhashableImage: true, labels: [csam] }");
    assertThat(fires(pack, 1)).isFalse();
    assertThat(fires(pack, 0, match("md5", 0, Severity.HIGH, "csam"))).isFalse();
    assertThat(fires(pack, 1, match("md5", 0, Severity.HIGH, "csam"))).isTrue();
  }

  @Test
  void aRuleWithoutConditionsFiresOnAnyMatchButNotOnNone() {
    RulePack pack = parse(HEADER + "  - id: r\n    action: block\n");
    assertThat(fires(pack, 0, match("md5", 0, Severity.LOW))).isTrue();
    assertThat(fires(pack, 0)).isFalse();
  }

  // --- validation: every error names the source and the line ---

  private static void assertRefused(String yaml, String expectedMessagePart, int line) {
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("test.yaml")
        .hasMessageContaining("line " + line + ",")
        .hasMessageContaining(expectedMessagePart);
  }

  @Test
  void anUnknownKeyIsNamedWithItsLineAndColumn() {
    String yaml = HEADER + """
          - id: a
            action: block
            stauts: 451
          - id: b
            action: flag
        """;
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("test.yaml")
        .hasMessageContaining("line 6, column 5")
        .hasMessageContaining("unknown key 'stauts'")
        .hasMessageContaining("status");
  }

  @Test
  void anUnknownKeyBeforeTheRequiredOnesIsNamedWithItsLineAndColumn() {
    // Jackson buffers keys it meets before a record's required ones, and reports them late.
    String yaml = HEADER + """
          - id: a
            bogus: [1, 2]
            action: block
          - id: b
            action: flag
        """;
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("line 5, column 5")
        .hasMessageContaining("unknown key 'bogus'");
  }

  @Test
  void unknownKeysAtTheTopAndInWhenAreNamed() {
    assertRefused("pack: p\nversion: '1'\nauthor: me\nrules: []\n", "unknown key 'author'", 3);
    assertRefused(HEADER + "  - id: a\n    when:\n      label: [csam]\n    action: block\n", "unknown key 'label'", 6);
  }

  @Test
  void aDuplicateKeyIsRefusedNotLastOneWins() {
    assertThatThrownBy(() -> parse(HEADER + "  - id: a\n    action: block\n    action: allow\n"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("rule pack test.yaml, line 6, column 5: key 'action' is given twice");
    assertRefused("pack: p\npack: q\nversion: '1'\nrules: []\n", "key 'pack' is given twice", 2);
    assertRefused(HEADER + "  - id: a\n    when: {labels: [a], labels: [b]}\n    action: block\n",
        "key 'labels' is given twice", 5);
  }

  @Test
  void missingTopLevelKeysAreNamed() {
    assertRefused("version: '1'\nrules: []\n", "missing required key 'pack'", 1);
    assertRefused("pack: p\nrules: []\n", "missing required key 'version'", 1);
    assertRefused("pack: p\nversion: '1'\n", "missing required key 'rules'", 1);
  }

  @Test
  void missingRuleKeysNameTheRulesLine() {
    String yaml = HEADER + """
          - id: ok
            action: flag
          - description: no id here
            action: block
          - id: last
            action: flag
        """;
    assertRefused(yaml, "missing required key 'id'", 6);
    assertRefused(HEADER + "  - id: ok\n    action: flag\n  - id: no-action\n\n\n  - id: c\n    action: flag\n",
        "missing required key 'action'", 6);
  }

  @Test
  void anEmptyRuleEntryIsRefused() {
    assertRefused(HEADER + "  - id: ok\n    action: flag\n  -\n", "rule", 6);
    assertRefused(HEADER + "  - just-a-string\n", "rule", 4);
  }

  @Test
  void badValuesAreNamedWithTheRulesLine() {
    assertRefused(HEADER + "  - id: a\n    action: nuke\n", "'action' must be one of [allow, flag, block]", 4);
    assertRefused(HEADER + "  - id: a\n    action: flag\n    status: 422\n", "'status' applies only to action block", 4);
    assertRefused(HEADER + "  - id: a\n    action: block\n    status: 500\n", "status 500 is not one of", 4);
    assertRefused(HEADER + "  - id: a\n    action: block\n    status: 200\n", "status 200 is not one of", 4);
    assertRefused(HEADER + "  - id: a\n    action: block\n    priority: high\n",
        "'priority' applies only to action flag", 4);
    assertRefused(HEADER + "  - id: a\n    action: flag\n    priority: asap\n",
        "'priority' must be one of [low, normal, high, urgent]", 4);
    assertRefused(HEADER + "  - id: Not_Valid\n    action: flag\n", "must be lower-case", 4);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{ severity: [extreme] }", "{ minMatches: 0 }", "{ maxDistance: -1 }", "{ minQuality: 101 }"})
  void badConditionsAreNamedWithTheRulesLine(String when) {
    String yaml = HEADER + "  - id: ok\n    action: flag\n  - id: bad\n    when: " + when + "\n    action: block\n"
        + "  - id: later\n    action: flag\n";
    assertRefused(yaml, "", 6);
  }

  @Test
  void badConditionMessagesSayWhatWasWrong() {
    assertRefused(HEADER + "  - id: a\n    when: { severity: [extreme] }\n    action: block\n", "unknown severity 'extreme'", 4);
    assertRefused(HEADER + "  - id: a\n    when: { minMatches: 0 }\n    action: block\n", "minMatches must be at least 1", 4);
    assertRefused(HEADER + "  - id: a\n    when: { maxDistance: -1 }\n    action: block\n", "maxDistance must be >= 0", 4);
    assertRefused(HEADER + "  - id: a\n    when: { minQuality: -1 }\n    action: block\n", "minQuality must be 0..100", 4);
  }

  @Test
  void lowQualityMatchesCountOnlyWhereARuleSetsMinQuality() {
    Match blurry = new Match("ind-pdq", "feed-a", "pdq", 3, "image", null, List.of("csam"), Severity.HIGH, 30, true);
    Match sharp = new Match("ind-pdq", "feed-a", "pdq", 3, "image", null, List.of("csam"), Severity.HIGH, 90, false);

    RulePack byFloor = oneRule("{ labels: [csam] }");
    assertThat(fires(byFloor, 0, blurry)).isFalse();
    assertThat(fires(byFloor, 0, sharp)).isTrue();

    RulePack asksForLow = oneRule("{ labels: [csam], minQuality: 20 }");
    assertThat(fires(asksForLow, 0, blurry)).isTrue();
    RulePack asksForHigh = oneRule("{ labels: [csam], minQuality: 95 }");
    assertThat(fires(asksForHigh, 0, sharp)).isFalse();
  }

  @Test
  void aDuplicateRuleIdNamesTheSecondRulesLine() {
    String yaml = HEADER + """
          - id: a
            action: block
          - id: b
            action: flag
          - id: a
            action: flag
        """;
    assertRefused(yaml, "rule id 'a' is used twice", 8);
  }

  @Test
  void wrongValueTypesAreNamed() {
    assertRefused(HEADER + "  - id: a\n    action: block\n    status: forbidden\n", "", 6);
    assertRefused(HEADER + "  - id: a\n    action: [block]\n", "", 5);
  }

  @Test
  void malformedYamlIsNamedWithItsLine() {
    assertThatThrownBy(() -> parse(HEADER + "  - id: a\n\taction: flag\n"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("rule pack test.yaml, line 5, column 1: ")
        .hasMessageContaining("TAB");
    assertThatThrownBy(() -> parse(HEADER + "  - id: a\n    action: [block\n"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("rule pack test.yaml, line 6, column 1: ")
        .hasMessageContaining("flow sequence started at line 5, column 13");
    assertRefused("pack: p\nversion: '1\nrules: []\n", "quoted scalar", 4);
  }

  @Test
  void aDocumentThatIsNotAMappingIsRefused() {
    assertRefused("- a\n- b\n", "", 1);
    assertThatThrownBy(() -> parse("")).isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("test.yaml");
    assertThatThrownBy(() -> parse("# only a comment\n")).isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("test.yaml");
  }

  @Test
  void anEmptyRuleListIsAPackThatAllowsEverything() {
    RulePack pack = parse("pack: p\nversion: '1'\nrules: []\n");
    assertThat(pack.rules()).isEmpty();
    assertThat(pack.evaluate(List.of(match("md5", 0, Severity.HIGH, "csam")), 1).action()).isEqualTo(Action.ALLOW);
  }
}
