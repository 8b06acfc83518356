package io.tripline.report;

import static io.tripline.report.ReportFixtures.SHA256;
import static io.tripline.report.ReportFixtures.SHA256_B;
import static org.assertj.core.api.Assertions.assertThat;

import io.tripline.rules.ReportCategory;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReportIdTest {

  private static final String BASE_ID = ReportFixtures.example().build().id();

  @Test
  void theIdHasItsFormatAndIsStable() {
    assertThat(BASE_ID).matches("r_[0-9A-HJKMNP-TV-Z]{32}");
    assertThat(ReportFixtures.example().build().id()).isEqualTo(BASE_ID);
    // Pinned: ids already stored by outboxes must keep meaning the same incident; a change of the
    // derivation is a change of the key scheme (and of "tripline-report-id/1").
    assertThat(BASE_ID).isEqualTo("r_JP7MAQE4DJPBSRYYJX1GWZF3BX7B6522");
    assertThat(BASE_ID).isEqualTo(ReportJson.read(ReportJson.write(ReportFixtures.example().build())).id());
  }

  static Stream<Arguments> identifying() {
    return Stream.of(
        Arguments.of("platform", (UnaryOperator<Report.Builder>) b -> b.platform("other-platform")),
        Arguments.of("category", (UnaryOperator<Report.Builder>) b -> b.category(ReportCategory.CSAM)),
        Arguments.of("occurredAt", (UnaryOperator<Report.Builder>) b -> b.occurredAt(
            ReportFixtures.OCCURRED.minusMillis(1))),
        Arguments.of("another file", (UnaryOperator<Report.Builder>) b -> b.addEvidence(
            ReportFixtures.evidence("ev_2", SHA256_B))),
        Arguments.of("another reported user", (UnaryOperator<Report.Builder>) b -> b.addSubject(
            Subject.Involved.reportedUser("u_999", null, List.of()))),
        Arguments.of("an associated user", (UnaryOperator<Report.Builder>) b -> b.addSubject(
            new Subject.Involved(Subject.SubjectRole.ASSOCIATED_USER, "u_1000", null, List.of()))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("identifying")
  void whatIdentifiesTheIncidentChangesTheId(String name, UnaryOperator<Report.Builder> change) {
    assertThat(change.apply(ReportFixtures.example()).build().id()).as(name).isNotEqualTo(BASE_ID);
  }

  @Test
  void anotherFileInsteadOfTheFirstChangesTheId() {
    Report swapped = rebuildWithEvidence(ReportFixtures.example().build(),
        List.of(ReportFixtures.evidence("ev_1", SHA256_B)));
    assertThat(swapped.id()).isNotEqualTo(BASE_ID);
  }

  static Stream<Arguments> notIdentifying() {
    return Stream.of(
        Arguments.of("knowledgeAt (a re-inspection after a restart)", (UnaryOperator<Report.Builder>) b ->
            b.knowledgeAt(ReportFixtures.KNOWN.plus(Duration.ofHours(3)))),
        Arguments.of("occurredAt below the millisecond", (UnaryOperator<Report.Builder>) b ->
            b.occurredAt(ReportFixtures.OCCURRED.plusNanos(999))),
        Arguments.of("urgent", (UnaryOperator<Report.Builder>) b -> b.urgent(true)),
        Arguments.of("the same user named again, with another screen name", (UnaryOperator<Report.Builder>) b ->
            b.addSubject(Subject.Involved.reportedUser("u_998", "anna_k2", List.of()))),
        Arguments.of("a victim", (UnaryOperator<Report.Builder>) b -> b.addSubject(
            new Subject.Victim("v_1", "victim", List.of()))),
        Arguments.of("another match", (UnaryOperator<Report.Builder>) b -> b.addMatch(
            new Report.IndicatorMatch("other-feed", "ind-9", "md5", 0))),
        Arguments.of("subject countries", (UnaryOperator<Report.Builder>) b -> b.subjectCountries("CA")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notIdentifying")
  void whatDoesNotIdentifyTheIncidentLeavesTheId(String name, UnaryOperator<Report.Builder> change) {
    assertThat(change.apply(ReportFixtures.example()).build().id()).as(name).isEqualTo(BASE_ID);
  }

  @Test
  void theOrderOfEvidenceAndMatchesDoesNotMatter() {
    Report.Evidence a = ReportFixtures.evidence("ev_1", SHA256);
    Report.Evidence b = ReportFixtures.evidence("ev_2", SHA256_B);
    Report base = ReportFixtures.example().build();
    Report ab = rebuildWithEvidence(base, List.of(a, b));
    Report ba = rebuildWithEvidence(base, List.of(b, a));
    assertThat(ab.id()).isEqualTo(ba.id());

    Report.IndicatorMatch m1 = new Report.IndicatorMatch("terms", "t-1", "term", 0);
    Report.IndicatorMatch m2 = new Report.IndicatorMatch("terms", "t-2", "term", 0);
    Report text12 = textReport(List.of(m1, m2));
    Report text21 = textReport(List.of(m2, m1));
    assertThat(text12.id()).isEqualTo(text21.id());
    // Without evidence, the matched indicators identify what was reported.
    assertThat(textReport(List.of(m1)).id()).isNotEqualTo(text12.id());
  }

  @Test
  void manyDistinctIncidentsNeverCollide() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      ids.add(ReportFixtures.example().occurredAt(ReportFixtures.OCCURRED.plusMillis(i)).build().id());
      ids.add(rebuildWithEvidence(ReportFixtures.example().build(),
          List.of(ReportFixtures.evidence("ev_1", String.format("%064x", i)))).id());
    }
    assertThat(ids).hasSize(4000);
  }

  @Test
  void fieldBoundariesAreUnambiguous() {
    // "ab" + "c" and "a" + "bc" must not give the same canonical bytes.
    Report one = ReportFixtures.example().platform("ab").addSubject(Subject.Involved.reportedUser("c", null, List.of()))
        .build();
    Report two = ReportFixtures.example().platform("a").addSubject(Subject.Involved.reportedUser("bc", null, List.of()))
        .build();
    assertThat(one.id()).isNotEqualTo(two.id());
  }

  private static Report textReport(List<Report.IndicatorMatch> matches) {
    Report.Builder b = Report.builder().category(ReportCategory.ONLINE_ENTICEMENT).occurredAt(ReportFixtures.OCCURRED)
        .knowledgeAt(ReportFixtures.KNOWN).platform("p").method(Report.Detection.Method.TEXT_MATCH)
        .providerCountries("US");
    matches.forEach(b::addMatch);
    return b.build();
  }

  private static Report rebuildWithEvidence(Report report, List<Report.Evidence> evidence) {
    Report.Builder b = Report.builder().category(report.incident().category())
        .occurredAt(report.incident().occurredAt()).knowledgeAt(report.incident().knowledgeAt())
        .platform(report.incident().platform()).method(report.detection().method())
        .humanReviewed(report.detection().humanReviewed())
        .providerCountries(report.jurisdiction().providerCountries());
    report.detection().matches().forEach(b::addMatch);
    report.subjects().forEach(b::addSubject);
    evidence.forEach(b::addEvidence);
    return b.build();
  }
}
