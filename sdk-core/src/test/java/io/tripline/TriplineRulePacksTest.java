package io.tripline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.rules.Explanation;
import io.tripline.rules.Policy;
import io.tripline.rules.ReportCategory;
import io.tripline.rules.ReportInstruction;
import io.tripline.rules.ReportMode;
import io.tripline.rules.RulePack;
import io.tripline.testkit.TestImages;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine with several rule packs: precedence across packs, the reports on verdicts, the
 * submission facts rules see (file types, text, country, account age, undecodable images), and
 * {@link Tripline#explain}.
 */
class TriplineRulePacksTest {

  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static final List<Indicator> FEED = List.of(
      Indicator.of("t-grooming", "feed-a", "term", "send me a picture", Severity.MEDIUM, "grooming"),
      Indicator.of("t-spam", "feed-a", "term", "crypto doubler", Severity.LOW, "spam"));

  private static final RulePack REGIONAL = pack("""
      pack: regional
      version: "4"
      rules:
        - id: urgent-grooming-new-account
          when:
            labels: [grooming]
            accountAge: { maxDays: 7 }
            uploaderCountries: [CA]
            contentTypes: [text]
          action: flag
          priority: urgent
          report: { category: ONLINE_ENTICEMENT, mode: automatic }
        - id: refuse-images-from-new-accounts
          when:
            unhashableImage: true
            accountAge: { maxDays: 1 }
          action: block
          status: 415
        - id: flag-pdfs
          when: { contentTypes: [application/pdf] }
          action: flag
          priority: low
      """);

  private static RulePack pack(String yaml) {
    return RulePack.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
  }

  private static Tripline engine(RulePack... packs) {
    return Tripline.builder().clock(CLOCK).indicators(FEED).rulePacks(packs).build();
  }

  private static Submission grooming(Uploader uploader, String country) {
    return Submission.builder().text("body", "hey, send me a picture").uploader(uploader)
        .context(new PlatformContext("platform-1", country)).build();
  }

  private static Uploader accountAged(Duration age) {
    return new Uploader("u-1", "203.0.113.9", NOW.minus(age));
  }

  @Test
  void packsCombineInOrderAndTheVerdictCarriesTheirReports() {
    Tripline tripline = engine(RulePack.fromClasspath("default"), REGIONAL);
    assertThat(tripline.policy().packs()).extracting(RulePack::name).containsExactly("default", "regional");
    assertThat(tripline.rulePack().name()).isEqualTo("default");

    Verdict verdict = tripline.inspect(grooming(accountAged(Duration.ofDays(2)), "CA"));
    // The default pack's flag comes first; the regional flag lends its urgency and its report.
    assertThat(verdict).isInstanceOfSatisfying(Verdict.Flag.class, flag -> {
      assertThat(flag.priority()).isEqualTo(Priority.URGENT);
      assertThat(flag.reports()).containsExactly(new ReportInstruction(ReportCategory.ONLINE_ENTICEMENT,
          ReportMode.AUTOMATIC, new RuleRef("regional", "4", "urgent-grooming-new-account")));
    });
    assertThat(verdict.rule().pack()).isEqualTo("default");
    assertThat(verdict.rule().ruleId()).isEqualTo("flag-any-indicator");
    assertThat(verdict.reports()).hasSize(1);
  }

  @Test
  void theUploadersAccountAgeIsJudgedByTheEnginesClock() {
    Tripline tripline = engine(REGIONAL);
    assertThat(tripline.inspect(grooming(accountAged(Duration.ofDays(7).plusHours(23)), "CA")))
        .isInstanceOf(Verdict.Flag.class);
    assertThat(tripline.inspect(grooming(accountAged(Duration.ofDays(8)), "CA"))).isInstanceOf(Verdict.Allow.class);
    // An account age the platform does not give does not hold; nor does an unknown country.
    assertThat(tripline.inspect(grooming(new Uploader("u-1", null), "CA"))).isInstanceOf(Verdict.Allow.class);
    assertThat(tripline.inspect(grooming(accountAged(Duration.ofDays(1)), null))).isInstanceOf(Verdict.Allow.class);
    assertThat(tripline.inspect(grooming(accountAged(Duration.ofDays(1)), "us"))).isInstanceOf(Verdict.Allow.class);
    // A creation time after the clock's now (clock skew) is an account of age 0.
    assertThat(tripline.inspect(grooming(new Uploader("u-1", null, NOW.plusSeconds(60)), "CA")))
        .isInstanceOf(Verdict.Flag.class);
  }

  @Test
  void contentTypesSeeTextFieldsAndWhatTheBytesDecodedAs() throws Exception {
    Tripline tripline = engine(pack("""
        pack: types
        version: "1"
        rules:
          - id: flag-png
            when: { contentTypes: [image/png] }
            action: flag
          - id: block-text
            when: { contentTypes: [text] }
            action: block
        """));
    Indicator spam = Indicator.of("t-spam", "feed-a", "term", "crypto doubler", Severity.LOW, "spam");
    byte[] png = TestImages.png(TestImages.scene(3, 64, 64));
    Indicator pngDigest = Indicator.of("d-png", "feed-a", "sha256", sha256(png), Severity.LOW, "spam");
    Tripline withDigest = Tripline.builder().clock(CLOCK).indicators(List.of(spam, pngDigest))
        .rulePack(tripline.rulePack()).build();

    // Declared as a JPEG, decoded as a PNG: the rules see image/png.
    Verdict image = withDigest.inspect(Submission.builder().file("image", "a.jpg", "image/jpeg", png).build());
    assertThat(image.rule().ruleId()).isEqualTo("flag-png");
    // A blank text field is no text.
    Verdict blank = withDigest.inspect(Submission.builder().text("title", "  ").file("image", "a", null, png).build());
    assertThat(blank.rule().ruleId()).isEqualTo("flag-png");
    Verdict text = withDigest.inspect(Submission.builder().text("body", "crypto doubler").build());
    assertThat(text.rule().ruleId()).isEqualTo("block-text");
  }

  @Test
  void anUndecodableImageFromANewAccountIsRefused() {
    Tripline tripline = engine(REGIONAL);
    byte[] brokenPng = {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 0};
    Submission upload = Submission.builder().file("image", "x.png", "image/png", brokenPng)
        .uploader(accountAged(Duration.ofHours(3))).build();
    assertThat(tripline.inspect(upload)).isInstanceOfSatisfying(Verdict.Block.class,
        block -> assertThat(block.status()).isEqualTo(415));
    Submission older = Submission.builder().file("image", "x.png", "image/png", brokenPng)
        .uploader(accountAged(Duration.ofDays(3))).build();
    assertThat(tripline.inspect(older)).isInstanceOf(Verdict.Allow.class);
  }

  @Test
  void explainGivesTheSameOutcomeAsInspectWithEveryRuleConsidered() {
    Tripline tripline = engine(RulePack.fromClasspath("default"), REGIONAL);
    Submission submission = grooming(accountAged(Duration.ofDays(2)), "CA");
    Verdict verdict = tripline.inspect(submission);
    Explanation explanation = tripline.explain(submission);

    assertThat(explanation.outcome().rule()).isEqualTo(verdict.rule());
    assertThat(explanation.outcome().reports()).isEqualTo(verdict.reports());
    assertThat(explanation.outcome().priority()).isEqualTo(((Verdict.Flag) verdict).priority());
    assertThat(explanation.matches()).isEqualTo(verdict.matches());
    assertThat(explanation.facts().hasText()).isTrue();
    assertThat(explanation.facts().country()).isEqualTo("CA");
    assertThat(explanation.facts().accountAge()).isEqualTo(Duration.ofDays(2));
    assertThat(explanation.rules()).hasSize(tripline.rulePack().rules().size() + REGIONAL.rules().size());
    assertThat(explanation.render()).contains("verdict: flag, priority urgent")
        .contains("decided by: default@" + tripline.rulePack().version() + "#flag-any-indicator");
  }

  @Test
  void theBuilderTakesPacksOrAPolicy() {
    Policy policy = Policy.of(REGIONAL, RulePack.fromClasspath("default"));
    Tripline tripline = Tripline.builder().clock(CLOCK).policy(policy).build();
    assertThat(tripline.policy()).isSameAs(policy);
    assertThat(tripline.rulePack()).isSameAs(REGIONAL);
    // The last call wins.
    assertThat(Tripline.builder().policy(policy).rulePack(REGIONAL).build().policy().packs()).containsExactly(REGIONAL);
    assertThat(Tripline.builder().build().policy().packs()).extracting(RulePack::name).containsExactly("default");

    assertThatThrownBy(() -> Tripline.builder().rulePacks()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Tripline.builder().rulePacks(REGIONAL, REGIONAL))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("rule pack 'regional' is given twice");
    assertThatThrownBy(() -> Tripline.builder().rulePacks(REGIONAL, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Tripline.builder().policy(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void verdictsKeepTheirOldConstructorsWithoutReports() {
    RuleRef rule = new RuleRef("p", "1", "r");
    assertThat(new Verdict.Flag(List.of(), rule, Priority.LOW, NOW, List.of()).reports()).isEmpty();
    assertThat(new Verdict.Block(List.of(), rule, 422, NOW, List.of()).reports()).isEmpty();
    assertThat(new Verdict.Allow(List.of(), rule, NOW, List.of()).reports()).isEmpty();
    assertThat(new Uploader("u", "ip").accountCreatedAt()).isNull();
    assertThat(Uploader.UNKNOWN.withAccountCreatedAt(NOW).accountCreatedAt()).isEqualTo(NOW);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
