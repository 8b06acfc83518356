package io.tripline.report.ncmec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.report.Report;
import io.tripline.report.ReportFixtures;
import io.tripline.report.Subject;
import io.tripline.rules.ReportCategory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link NcmecReports}: a Tripline report as the CyberTipline takes it. */
class NcmecReportsTest {

  private static final byte[] CONTENT = "preserved upload bytes".getBytes(StandardCharsets.UTF_8);

  @Test
  void preservedEvidenceBecomesAFileWithTheOriginalDigestsPdqAndMatches() {
    Report report = ReportFixtures.example().build();

    NcmecReport ncmec = NcmecReports.from(report, NcmecFixtures.reporter(), id -> Optional.of(CONTENT));

    assertThat(ncmec.incidentType()).isEqualTo(NcmecIncidentType.forCategory(ReportCategory.CHILD_SEX_TRAFFICKING));
    assertThat(ncmec.incidentDateTime()).isEqualTo(ReportFixtures.OCCURRED);
    assertThat(ncmec.platform()).isEqualTo("example-classifieds");
    assertThat(ncmec.reportedPerson()).isNotNull();
    assertThat(ncmec.reportedPerson().userId()).isEqualTo("u_998");
    assertThat(ncmec.reportedPerson().ipEvents()).extracting(NcmecIpEvent::ipAddress, NcmecIpEvent::event)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("203.0.113.9", NcmecIpEvent.Kind.UPLOAD));
    NcmecFile file = ncmec.files().get(0);
    assertThat(file.content()).isEqualTo(CONTENT);
    assertThat(file.viewedByEsp()).isTrue();
    assertThat(file.originalHashes()).extracting(NcmecHash::type)
        .containsExactly(NcmecHash.Type.MD5, NcmecHash.Type.SHA256);
    assertThat(file.pdq()).isEqualTo(report.evidence().get(0).digests().pdq());
    assertThat(file.matchDetails()).containsEntry("pdqQuality", "87")
        .containsEntry("match1", "confirmed-hashes/ind-81f3 pdq distance 12");
    assertThat(ncmec.additionalInfo()).contains(report.id()).doesNotContain("content not kept");
    // What is sent is valid under the CyberTipline schema.
    NcmecClient.validate(ncmec);
  }

  @Test
  void hashOnlyEvidenceGoesIntoTheAdditionalInformationAndTheXmlIsStillValid() {
    Report report = ReportFixtures.example().build();

    NcmecReport ncmec = NcmecReports.from(report, NcmecFixtures.reporter(), id -> Optional.empty());

    assertThat(ncmec.files()).isEmpty();
    assertThat(ncmec.additionalInfo()).contains("evidence ev_1 (content not kept)")
        .contains(report.evidence().get(0).digests().sha256());
    NcmecClient.validate(ncmec);
  }

  @Test
  void victimsAreNeverSentAsTheReportedPerson() {
    Report report = ReportFixtures.example().build();
    Report withVictimOnly = Report.builder()
        .category(ReportCategory.CSAM).occurredAt(ReportFixtures.OCCURRED)
        .knowledgeAt(report.incident().knowledgeAt()).platform("example-classifieds")
        .method(Report.Detection.Method.HASH_MATCH).humanReviewed(true)
        .addMatch(report.detection().matches().get(0))
        .addSubject(new Subject.Victim("u_child", null, List.of()))
        .addEvidence(report.evidence().get(0)).providerCountries("US").build();

    NcmecReport ncmec = NcmecReports.from(withVictimOnly, NcmecFixtures.reporter(), id -> Optional.empty());

    assertThat(ncmec.reportedPerson()).isNull();
    assertThat(ncmec.toString()).doesNotContain("u_child");
  }

  @Test
  void categoriesNcmecDoesNotTakeAreRefused() {
    Report adult = ReportFixtures.example().category(ReportCategory.ADULT_TRAFFICKING).build();
    assertThatThrownBy(() -> NcmecReports.from(adult, NcmecFixtures.reporter(), id -> Optional.empty()))
        .isInstanceOf(NcmecNotRoutedException.class);
  }
}
