package io.tripline.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.FileEvidence;
import io.tripline.Match;
import io.tripline.PlatformContext;
import io.tripline.Severity;
import io.tripline.Uploader;
import io.tripline.Verdict;
import io.tripline.rules.Outcome;
import io.tripline.rules.Policy;
import io.tripline.rules.ReportCategory;
import io.tripline.rules.ReportInstruction;
import io.tripline.rules.ReportMode;
import io.tripline.rules.Route;
import io.tripline.rules.RoutingDecision;
import io.tripline.rules.RulePack;
import io.tripline.rules.SubmissionFacts;
import io.tripline.spi.ImageHash;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reports made from verdicts of the shipped default and us packs. */
class ReportsTest {

  private static final Policy POLICY = Policy.of(RulePack.fromClasspath("default"), RulePack.fromClasspath("us"));
  private static final Instant UPLOADED = Instant.parse("2026-11-28T09:59:58Z");
  private static final Instant DECIDED = Instant.parse("2026-11-28T10:00:00Z");
  private static final Instant NOW = Instant.parse("2026-11-28T10:00:03Z");
  private static final PlatformContext CONTEXT = new PlatformContext("example-classifieds", "US");
  private static final Reports.Upload UPLOAD = new Reports.Upload(new Uploader("u_998", "203.0.113.9"), "anna_k",
      UPLOADED);

  private final Reports reports = Reports.builder().policy(POLICY).providerCountries("US")
      .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();

  private static FileEvidence image() {
    ImageHash pdq = new ImageHash("pdq", ImageHash.parseHex(ReportFixtures.PDQ, 256), 256, 88);
    return new FileEvidence("image", 1234, ReportFixtures.MD5, ReportFixtures.SHA256, "jpeg", 1, List.of(pdq), null);
  }

  private static Verdict verdict(List<Match> matches, List<FileEvidence> files) {
    Outcome outcome = POLICY.evaluate(matches, new SubmissionFacts(List.of("image/jpeg"), false, "US", null, 0));
    return switch (outcome.action()) {
      case BLOCK -> new Verdict.Block(matches, outcome.rule(), outcome.status(), DECIDED, files, outcome.reports());
      case FLAG -> new Verdict.Flag(matches, outcome.rule(), outcome.priority(), DECIDED, files, outcome.reports());
      case ALLOW -> new Verdict.Allow(matches, outcome.rule(), DECIDED, files);
    };
  }

  private static Verdict csamBlock() {
    Match match = new Match("ind-81f3", "confirmed-hashes", "pdq", 12, "image", null, List.of("csam"), Severity.HIGH,
        88, false);
    return verdict(List.of(match), List.of(image()));
  }

  @Test
  void anAutomaticCsamReportGoesToNcmecWithAYearOfPreservation() {
    Verdict verdict = csamBlock();
    assertThat(verdict).isInstanceOf(Verdict.Block.class);
    ReportInstruction csam = verdict.reports().get(0);
    assertThat(csam.category()).isEqualTo(ReportCategory.CSAM);
    assertThat(csam.mode()).isEqualTo(ReportMode.AUTOMATIC);

    Report report = reports.fromVerdict(verdict, UPLOAD, CONTEXT, csam);

    assertThat(report.incident()).isEqualTo(new Report.Incident(ReportCategory.CSAM, UPLOADED, DECIDED, false,
        "example-classifieds"));
    assertThat(report.detection().method()).isEqualTo(Report.Detection.Method.HASH_MATCH);
    assertThat(report.detection().humanReviewed()).isFalse();
    assertThat(report.detection().matches()).containsExactly(
        new Report.IndicatorMatch("confirmed-hashes", "ind-81f3", "pdq", 12));
    assertThat(report.evidence()).containsExactly(new Report.Evidence("ev_1",
        new Report.Digests(ReportFixtures.SHA256, ReportFixtures.MD5, ReportFixtures.PDQ, 88), false,
        Report.EvidenceMode.HASH_ONLY));
    assertThat(report.subjects()).containsExactly(Subject.Involved.reportedUser("u_998", "anna_k",
        List.of(new Subject.IpEvent("203.0.113.9", Subject.IpEventType.UPLOAD, UPLOADED))));
    assertThat(report.jurisdiction()).isEqualTo(new Report.Jurisdiction(List.of("US"), List.of("US")));
    assertThat(report.notifySubject()).isFalse();

    RoutePlan routes = report.routes();
    assertThat(routes).isNotNull();
    assertThat(routes.reportedAt()).isEqualTo(NOW);
    assertThat(routes.filings()).containsExactly(new RoutePlan.Filing("NCMEC_CYBERTIPLINE",
        RoutingDecision.Status.FILE, Route.Obligation.MANDATORY, DECIDED.plusSeconds(24 * 3600), null));
    assertThat(routes.preservation()).isEqualTo(new RoutePlan.Preservation(Instant.parse("2027-11-28T10:00:03Z"),
        "US_18USC2258A_h"));
    assertThat(routes.noTippingOff()).isTrue();
    assertThat(report.feedShare()).isEmpty();
  }

  @Test
  void theSameUploadReportedAgainAfterARestartHasTheSameId() {
    Verdict first = csamBlock();
    Report before = reports.fromVerdict(first, UPLOAD, CONTEXT, first.reports().get(0));
    // After a crash the upload is inspected again: a later verdict, a later clock.
    Verdict again = new Verdict.Block(first.matches(), first.rule(), 422, DECIDED.plusSeconds(600), first.files(),
        first.reports());
    Reports later = Reports.builder().policy(POLICY).providerCountries("US")
        .clock(Clock.fixed(NOW.plusSeconds(600), ZoneOffset.UTC)).build();
    Report after = later.fromVerdict(again, UPLOAD, CONTEXT, again.reports().get(0));
    assertThat(after.id()).isEqualTo(before.id());
    // Another upload of the same file is another incident.
    Report another = later.fromVerdict(again, new Reports.Upload(UPLOAD.uploader(), "anna_k",
        UPLOADED.plusSeconds(60)), CONTEXT, again.reports().get(0));
    assertThat(another.id()).isNotEqualTo(before.id());
  }

  @Test
  void aTraffickingLeadIsReportedAfterReviewAsHumanReviewed() {
    Match lead = new Match("ind-77", "trafficking-leads", "phone.sha256", 0, "body", new io.tripline.Span(0, 10),
        List.of("trafficking"), Severity.MEDIUM);
    Verdict verdict = verdict(List.of(lead), List.of());
    assertThat(verdict).isInstanceOf(Verdict.Flag.class);
    ReportInstruction trafficking = verdict.reports().get(0);
    assertThat(trafficking.mode()).isEqualTo(ReportMode.AFTER_REVIEW);

    assertThatThrownBy(() -> reports.fromVerdict(verdict, UPLOAD, CONTEXT, trafficking))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fromReview");

    Instant confirmed = DECIDED.plusSeconds(2);
    Report report = reports.fromReview(verdict, UPLOAD, CONTEXT, trafficking,
        new Reports.Confirmation(confirmed, true));
    assertThat(report.incident().category()).isEqualTo(ReportCategory.CHILD_SEX_TRAFFICKING);
    assertThat(report.incident().knowledgeAt()).isEqualTo(confirmed);
    assertThat(report.detection().method()).isEqualTo(Report.Detection.Method.TEXT_MATCH);
    assertThat(report.detection().humanReviewed()).isTrue();
    assertThat(report.evidence()).isEmpty();
    assertThat(report.routes().toFile()).extracting(RoutePlan.Filing::destination)
        .containsExactly("NCMEC_CYBERTIPLINE");
    assertThat(report.routes().toFile().get(0).deadline()).isEqualTo(confirmed.plusSeconds(24 * 3600));
  }

  @Test
  void aReviewedImageReportIsViewedAndShareable() {
    Verdict verdict = csamBlock();
    Report report = reports.fromReview(verdict, UPLOAD, CONTEXT, verdict.reports().get(0),
        new Reports.Confirmation(DECIDED.plusSeconds(1), true));
    assertThat(report.incident().knowledgeAt()).as("automatic: known at the verdict").isEqualTo(DECIDED);
    assertThat(report.evidence().get(0).humanViewed()).isTrue();
    assertThat(report.feedShare()).isPresent();
    assertThat(report.id()).isEqualTo(reports.fromVerdict(verdict, UPLOAD, CONTEXT, verdict.reports().get(0)).id());
  }

  @Test
  void misuseIsRefused() {
    Verdict verdict = csamBlock();
    ReportInstruction other = new ReportInstruction(ReportCategory.NCII, ReportMode.AUTOMATIC, verdict.rule());
    assertThatThrownBy(() -> reports.fromVerdict(verdict, UPLOAD, CONTEXT, other))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("did not ask");
    assertThatThrownBy(() -> reports.fromVerdict(verdict, UPLOAD, new PlatformContext(null, "US"),
        verdict.reports().get(0)))
        .isInstanceOf(InvalidReportException.class).hasMessageContaining("incident.platform");
    assertThatThrownBy(() -> reports.fromReview(verdict, UPLOAD, CONTEXT, verdict.reports().get(0),
        new Reports.Confirmation(DECIDED.minusSeconds(1), false)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before the verdict");
    assertThatThrownBy(() -> Reports.builder().policy(POLICY).build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Reports.builder().policy(POLICY).providerCountries("UK").build())
        .isInstanceOf(InvalidReportException.class).hasMessageContaining("GB");
  }

  @Test
  void aClockBehindTheEngineDoesNotDateTheReportBeforeItsKnowledge() {
    Reports behind = Reports.builder().policy(POLICY).providerCountries("US")
        .clock(Clock.fixed(DECIDED.minusSeconds(5), ZoneOffset.UTC)).build();
    Verdict verdict = csamBlock();
    Report report = behind.fromVerdict(verdict, UPLOAD, CONTEXT, verdict.reports().get(0));
    assertThat(report.routes().reportedAt()).isEqualTo(DECIDED);
  }

  @Test
  void anAnonymousUploaderGivesNoSubjectAndAnUnknownCountryNoSubjectCountry() {
    Verdict verdict = csamBlock();
    Report report = reports.fromVerdict(verdict, new Reports.Upload(Uploader.UNKNOWN, null, UPLOADED),
        new PlatformContext("example-classifieds", null), verdict.reports().get(0));
    assertThat(report.subjects()).isEmpty();
    assertThat(report.jurisdiction().subjectCountries()).isEmpty();
    assertThat(report.routes().toFile()).hasSize(1);
  }
}
