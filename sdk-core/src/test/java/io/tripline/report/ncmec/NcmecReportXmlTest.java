package io.tripline.report.ncmec;

import static io.tripline.report.ncmec.NcmecFixtures.FILE_A;
import static io.tripline.report.ncmec.NcmecFixtures.file;
import static io.tripline.report.ncmec.NcmecFixtures.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.rules.ReportCategory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class NcmecReportXmlTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "CSAM|Child Pornography (possession, manufacture, and distribution)",
      "CHILD_SEX_TRAFFICKING|Child Sex Trafficking",
      "ONLINE_ENTICEMENT|Online Enticement of Children for Sexual Acts",
      "CHILD_SEX_TOURISM|Child Sex Tourism",
      "UNSOLICITED_OBSCENE_TO_CHILD|Unsolicited Obscene Material Sent to a Child",
      "MISLEADING_DOMAIN|Misleading Domain Name"})
  void routedCategoriesMapToTheSchemasIncidentTypeAndValidate(ReportCategory category, String incidentType) {
    NcmecReport report = report(category, file("a.bin", FILE_A));
    assertThat(report.incidentType().xmlValue()).isEqualTo(incidentType);
    String xml = NcmecXml.report(report);
    assertThat(xml).contains("<incidentType>" + incidentType + "</incidentType>");
    NcmecClient.validate(report);
  }

  @ParameterizedTest
  @EnumSource(value = ReportCategory.class, names = {"ADULT_TRAFFICKING", "NCII", "THREAT_TO_LIFE"})
  void categoriesNotRoutedToNcmecAreRefused(ReportCategory category) {
    assertThat(NcmecIncidentType.of(category)).isEmpty();
    assertThatThrownBy(() -> report(category, file("a.bin", FILE_A)))
        .isInstanceOf(NcmecNotRoutedException.class)
        .hasMessageContaining(category.name())
        .hasMessageContaining("not routed");
  }

  @Test
  void everyCategoryIsEitherMappedOrRefused() {
    for (ReportCategory c : ReportCategory.values()) {
      boolean refused = c == ReportCategory.ADULT_TRAFFICKING || c == ReportCategory.NCII
          || c == ReportCategory.THREAT_TO_LIFE;
      assertThat(NcmecIncidentType.of(c).isEmpty()).as(c.name()).isEqualTo(refused);
    }
  }

  @Test
  void reportXmlCarriesReporterReportedPersonAndIpEventsInSchemaOrder() {
    String xml = NcmecXml.report(NcmecFixtures.twoFiles());
    NcmecXml.validate(xml, "report");
    assertThat(xml)
        .contains("<incidentDateTime>2026-11-27T21:14:05Z</incidentDateTime>")
        .contains("<phone countryCallingCode=\"+1\">5550100</phone><email>tips@platform.example</email>")
        .contains("<espIdentifier>user-48151623</espIdentifier>")
        .contains("<screenName>night_owl</screenName>")
        .contains("<ipCaptureEvent><ipAddress>198.51.100.23</ipAddress><eventName>Login</eventName>"
            + "<dateTime>2026-11-27T20:14:05Z</dateTime></ipCaptureEvent>")
        .contains("<ipCaptureEvent><ipAddress>2001:db8::1</ipAddress></ipCaptureEvent>");
    assertThat(xml.indexOf("<reporter>")).isLessThan(xml.indexOf("<personOrUserReported>"));
  }

  @Test
  void fileDetailsCarryHashesViewedFlagAndPdqAsHashDetails() {
    NcmecFile file = file("a.bin", FILE_A);
    String xml = NcmecXml.fileDetails(70_000_001L, "f1", file);
    NcmecXml.validate(xml, "fileDetails");
    assertThat(xml)
        .contains("<reportId>70000001</reportId><fileId>f1</fileId>")
        .contains("<fileViewedByEsp>true</fileViewedByEsp>")
        .contains("<originalFileHash hashType=\"MD5\">" + NcmecClient.md5(FILE_A) + "</originalFileHash>")
        .contains("<originalFileHash hashType=\"SHA-256\">9f86d0")
        .contains("<details type=\"HASH\"><nameValuePair><name>PDQ</name><value>" + "f".repeat(64) + "</value>")
        .contains("<nameValuePair><name>matchedList</name><value>clearinghouse:confirmed-hashes</value>");
  }

  @Test
  void aMinimalReportValidates() {
    NcmecReport report = new NcmecReport(ReportCategory.ONLINE_ENTICEMENT, Instant.EPOCH,
        NcmecReporter.of(NcmecContact.email(null, null, "tips@platform.example")), null, null, List.of(), null);
    NcmecClient.validate(report);
  }

  @Test
  void aReportThatFailsTheSchemaIsRefusedWithTheSchemasMessage() {
    NcmecReport report = new NcmecReport(ReportCategory.CSAM, Instant.EPOCH,
        NcmecReporter.of(new NcmecContact("A", "B", null, "5550100", "1")), null, null, List.of(), null);
    assertThatThrownBy(() -> NcmecClient.validate(report))
        .isInstanceOf(NcmecSchemaException.class)
        .hasMessageContaining("cyber_tipline.xsd")
        .hasMessageContaining("line 1")
        .hasMessageContaining("\\+[0-9]{1,3}");
  }

  @Test
  void textThatIsNotXmlIsRefusedByValidation() {
    NcmecReport report = new NcmecReport(ReportCategory.CSAM, Instant.EPOCH, NcmecFixtures.reporter(), null, null,
        List.of(), "bell \u0007 character");
    assertThatThrownBy(() -> NcmecClient.validate(report)).isInstanceOf(NcmecSchemaException.class);
  }

  @Test
  void fileDetailsThatFailTheSchemaAreRefusedToo() {
    NcmecFile bad = new NcmecFile("a.bin", FILE_A, null, null, null, false, List.of(), null,
        Map.of("k\u0000", "v"), null);
    NcmecReport report = report(ReportCategory.CSAM, bad);
    assertThatThrownBy(() -> NcmecClient.validate(report))
        .isInstanceOf(NcmecSchemaException.class)
        .hasMessageContaining("fileDetails of file 0");
  }

  @Test
  void theShippedSchemaIsTheSpecsSnapshot() throws Exception {
    Path spec = Path.of("..", "..", "shared", "specs", "ncmec", "cyber_tipline.xsd");
    try (InputStream in = NcmecXml.xsd()) {
      byte[] shipped = in.readAllBytes();
      assertThat(shipped).isNotEmpty();
      if (Files.exists(spec)) {
        assertThat(shipped).isEqualTo(Files.readAllBytes(spec));
      }
    }
  }

  @Test
  void modelChecksItsParts() {
    assertThatThrownBy(() -> NcmecHash.md5("abc")).isInstanceOf(IllegalArgumentException.class);
    assertThat(NcmecHash.sha256("A".repeat(64)).hex()).isEqualTo("a".repeat(64));
    assertThatThrownBy(() -> new NcmecContact("a", "b", null, null, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new NcmecReportedPerson(null, "chat", null, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NcmecFile.of("a", new byte[0], false, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    NcmecFile f = file("a.bin", FILE_A);
    assertThat(f.toString()).doesNotContain("test bytes");
    assertThat(f).isEqualTo(file("a.bin", FILE_A));
    byte[] copy = f.content();
    copy[0] = 'X';
    assertThat(f.content()).isEqualTo(FILE_A);
  }

  @Test
  void sendStateExpiresAfter24HoursOpenOr1HourIdle() {
    Instant t0 = Instant.parse("2026-11-28T00:00:00Z");
    NcmecSendState opened = NcmecSendState.opened(1, t0);
    assertThat(opened.expiredAt(t0.plusSeconds(3599))).isFalse();
    assertThat(opened.expiredAt(t0.plusSeconds(3600))).isTrue();
    NcmecSendState busy = opened;
    for (int i = 0; i < 29; i++) { // a change every 50 minutes
      busy = busy.withFileUploaded(i, "f" + i, "0".repeat(32), t0.plusSeconds(i * 3000L));
    }
    assertThat(busy.expiredAt(t0.plusSeconds(23 * 3600))).isFalse();
    assertThat(busy.expiredAt(t0.plusSeconds(24 * 3600))).isTrue();
    assertThat(busy.withFinished(t0).expiredAt(t0.plusSeconds(48 * 3600))).isFalse();
    assertThat(NcmecSendState.fresh().expiredAt(t0)).isFalse();
  }
}
