package io.tripline.report.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.report.Report;
import io.tripline.report.RoutePlan;
import io.tripline.rules.Jurisdiction;
import io.tripline.rules.ReportCategory;
import io.tripline.rules.Router;
import io.tripline.rules.RoutingDecision;
import io.tripline.rules.RoutingFacts;
import io.tripline.rules.RulePack;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class EvidencePolicyTest {

  private static final Instant KNOWN = Instant.parse("2026-11-28T10:00:00Z");
  private static final Instant REPORTED = Instant.parse("2026-11-28T16:00:00Z");

  private static RoutingDecision route(ReportCategory category, String provider, String... packs) {
    List<Jurisdiction> jurisdictions = Stream.of(packs)
        .map(p -> RulePack.fromClasspath(p).jurisdiction().orElseThrow()).toList();
    return Router.of(jurisdictions).route(RoutingFacts.builder(category, KNOWN).providerCountries(provider).build(),
        REPORTED);
  }

  @Test
  void aUsCsamReportPreservesTheContentForAYearFromTheReport() {
    EvidencePolicy.Decision decision = EvidencePolicy.decide(route(ReportCategory.CSAM, "US", "us"));

    assertThat(decision.preserve()).isTrue();
    assertThat(decision.mode()).isEqualTo(Report.EvidenceMode.CONTENT_PRESERVED);
    assertThat(decision.until()).isEqualTo(Instant.parse("2027-11-28T16:00:00Z"));
    assertThat(decision.basis()).isEqualTo("US_18USC2258A_h");
  }

  @Test
  void theRoutePlanGivesTheSameDecision() {
    RoutingDecision routing = route(ReportCategory.CSAM, "US", "us");

    assertThat(EvidencePolicy.decide(RoutePlan.of(routing))).isEqualTo(EvidencePolicy.decide(routing));
  }

  @Test
  void aRouteWithoutAPreservationPeriodKeepsHashesOnly() {
    // The EU pack's routes fix no preservation period.
    RoutingDecision eu = route(ReportCategory.THREAT_TO_LIFE, "DE", "eu");
    assertThat(eu.filings()).isNotEmpty();

    assertThat(EvidencePolicy.decide(eu)).isEqualTo(EvidencePolicy.Decision.HASH_ONLY);
    assertThat(EvidencePolicy.decide(RoutePlan.of(eu)).mode()).isEqualTo(Report.EvidenceMode.HASH_ONLY);
  }

  @Test
  void aReportRoutedNowhereOrWithoutAPlanKeepsHashesOnly() {
    RoutingDecision nowhere = route(ReportCategory.CSAM, "FR", "us");
    assertThat(nowhere.filings()).isEmpty();

    assertThat(EvidencePolicy.decide(nowhere).preserve()).isFalse();
    assertThat(EvidencePolicy.decide((RoutePlan) null)).isEqualTo(EvidencePolicy.Decision.HASH_ONLY);
  }

  @Test
  void aRouteCoveredByAnotherDoesNotSetThePreservation() {
    RoutingDecision ukCovered = route(ReportCategory.CSAM, "US", "us", "uk");

    assertThat(EvidencePolicy.decide(ukCovered).basis()).isEqualTo("US_18USC2258A_h");
  }

  @Test
  void theDecisionSetsTheEvidenceMode() {
    Report.Evidence hashOnly = new Report.Evidence("ev_1", new Report.Digests("0".repeat(64), null, null, null), false,
        Report.EvidenceMode.HASH_ONLY);

    Report.Evidence preserved = EvidencePolicy.Decision.preserveUntil(REPORTED, "X").apply(hashOnly);
    assertThat(preserved.mode()).isEqualTo(Report.EvidenceMode.CONTENT_PRESERVED);
    assertThat(preserved.digests()).isEqualTo(hashOnly.digests());
    assertThat(EvidencePolicy.Decision.HASH_ONLY.apply(preserved).mode()).isEqualTo(Report.EvidenceMode.HASH_ONLY);
  }

  @Test
  void aDecisionIsConsistent() {
    assertThatThrownBy(() -> new EvidencePolicy.Decision(Report.EvidenceMode.CONTENT_PRESERVED, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EvidencePolicy.Decision(Report.EvidenceMode.HASH_ONLY, REPORTED, "X"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
