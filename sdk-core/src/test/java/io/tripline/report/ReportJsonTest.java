package io.tripline.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tripline.rules.Route;
import io.tripline.rules.RoutingDecision;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportJsonTest {

  static String resource(String name) {
    try (InputStream in = ReportJsonTest.class.getResourceAsStream("/report/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String json(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void theProtocolExampleIsWrittenExactlyAsTheGoldenFile() {
    assertThat(json(ReportJson.write(ReportFixtures.example().build())))
        .isEqualTo(resource("protocol-example.json"));
  }

  @Test
  void theGoldenFileReadsBackToTheSameReport() {
    Report read = ReportJson.read(resource("protocol-example.json").getBytes(StandardCharsets.UTF_8));
    assertThat(read).isEqualTo(ReportFixtures.example().build());
    assertThat(read.routes()).isNull();
  }

  @Test
  void theStoredFormRoundTripsWithItsRoutes() {
    RoutePlan plan = new RoutePlan(Instant.parse("2026-11-28T10:00:05Z"), List.of(
        new RoutePlan.Filing("NCMEC_CYBERTIPLINE", RoutingDecision.Status.FILE, Route.Obligation.MANDATORY,
            Instant.parse("2026-11-29T10:00:00Z"), null),
        new RoutePlan.Filing("NCA", RoutingDecision.Status.COVERED_BY, Route.Obligation.MANDATORY, null,
            "NCMEC_CYBERTIPLINE")),
        new RoutePlan.Preservation(Instant.parse("2027-11-28T10:00:05Z"), "US_18USC2258A_h"), true);
    Report report = ReportFixtures.example()
        .addSubject(new Subject.Victim("v_7", null, List.of()))
        .routes(plan).build();
    byte[] stored = ReportJson.writeStored(report);
    Report read = ReportJson.read(stored);
    assertThat(read).isEqualTo(report);
    assertThat(ReportJson.writeStored(read)).isEqualTo(stored);
    assertThat(read.id()).isEqualTo(report.id());
    assertThat(json(stored)).endsWith("\"notifySubject\":false,\"routes\":{\"reportedAt\":\"2026-11-28T10:00:05Z\","
        + "\"filings\":[{\"destination\":\"NCMEC_CYBERTIPLINE\",\"status\":\"FILE\",\"obligation\":\"MANDATORY\","
        + "\"deadline\":\"2026-11-29T10:00:00Z\"},{\"destination\":\"NCA\",\"status\":\"COVERED_BY\","
        + "\"obligation\":\"MANDATORY\",\"coveredBy\":\"NCMEC_CYBERTIPLINE\"}],\"preservation\":{\"until\":"
        + "\"2027-11-28T10:00:05Z\",\"basis\":\"US_18USC2258A_h\"},\"noTippingOff\":true}}");
    // The protocol body never carries the plan: the clearinghouse routes by its own rules.
    assertThat(json(ReportJson.write(report))).doesNotContain("\"routes\"").endsWith("\"notifySubject\":false}");
  }

  @Test
  void routesFiledDirectlyAreWrittenReadAndCheckedAndLeaveTheIdAlone() {
    Report report = ReportFixtures.example().build();
    Report direct = report.withAlreadyFiled(List.of("NCMEC_CYBERTIPLINE"));
    assertThat(direct.id()).isEqualTo(report.id());
    String body = new String(ReportJson.write(direct), StandardCharsets.UTF_8);
    assertThat(body).contains("\"alreadyFiled\":[\"NCMEC_CYBERTIPLINE\"]");
    assertThat(ReportJson.read(body.getBytes(StandardCharsets.UTF_8))).isEqualTo(direct);

    assertThatThrownBy(() -> report.withAlreadyFiled(List.of("NCMEC_CYBERTIPLINE", "NCMEC_CYBERTIPLINE")))
        .isInstanceOf(InvalidReportException.class)
        .hasMessageContaining("jurisdiction.alreadyFiled[1]").hasMessageContaining("listed twice");
    assertThatThrownBy(() -> ReportJson.read(body.replace("NCMEC_CYBERTIPLINE", "ncmec").getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidReportException.class)
        .hasMessageContaining("jurisdiction.alreadyFiled[0]");
  }

  @Test
  void absentOptionalFieldsAreLeftOutAndFractionsOfSecondsKept() {
    Report report = ReportFixtures.example().occurredAt(Instant.parse("2026-11-28T09:58:00.123Z")).build()
        .toBuilder().build();
    Report minimal = Report.builder().category(report.incident().category())
        .occurredAt(report.incident().occurredAt()).knowledgeAt(report.incident().knowledgeAt())
        .platform("p").method(Report.Detection.Method.HASH_MATCH)
        .addMatch(new Report.IndicatorMatch("f", "i", "md5", 0))
        .addEvidence(ReportFixtures.evidence("ev_1", ReportFixtures.SHA256))
        .addSubject(Subject.Involved.reportedUser("u_1", null, List.of()))
        .providerCountries("US").build();
    String written = json(ReportJson.write(minimal));
    assertThat(written).contains("\"occurredAt\":\"2026-11-28T09:58:00.123Z\"")
        .contains("\"subjects\":[{\"role\":\"REPORTED_USER\",\"platformUserId\":\"u_1\",\"ipEvents\":[]}]")
        .contains("\"digests\":{\"sha256\":\"" + ReportFixtures.SHA256 + "\"}")
        .contains("\"subjectCountries\":[]");
    assertThat(ReportJson.read(written.getBytes(StandardCharsets.UTF_8))).isEqualTo(minimal);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown field | \"notifySubject\":false} | \"notifySubject\":false,\"extra\":1} | extra | is not a field here",
      "bad category | CHILD_SEX_TRAFFICKING | CHILD_TRAFFICKING | incident.category | is not one of",
      "bad instant | \"knowledgeAt\":\"2026-11-28T10:00:00Z\" | \"knowledgeAt\":\"28.11.2026\" | incident.knowledgeAt"
          + " | ISO-8601",
      "string for boolean | \"urgent\":false | \"urgent\":\"no\" | incident.urgent | true or false",
      "bad digest | \"md5\":\"9e107d9d372bb6826bd81d3542a419d6\" | \"md5\":\"9e10\" | evidence[0].digests.md5 "
          + "| 32 lower-case hex",
      "bad ip | 203.0.113.9 | 203.0.113.999 | subjects[0].ipEvents[0].ip | address literal",
      "bad distance | \"distance\":12 | \"distance\":1.5 | detection.matches[0].distance | whole number",
      "unknown key in match | \"distance\":12 | \"distance\":12,\"labels\":[] | detection.matches[0].labels | "
          + "is not a field here",
      "missing notify | ,\"notifySubject\":false} | } | notifySubject | is required",
      "schema version | \"schemaVersion\":\"1\" | \"schemaVersion\":\"2\" | schemaVersion | must be",
      "UK country | \"providerCountries\":[\"US\"] | \"providerCountries\":[\"UK\"] | "
          + "jurisdiction.providerCountries[0] | GB",
  })
  void readingRefusesWithTheJsonPath(String name, String from, String to, String field, String reason) {
    String golden = resource("protocol-example.json");
    assertThat(golden).contains(from);
    String broken = golden.replace(from, to);
    InvalidReportException e = catchThrowableOfType(InvalidReportException.class,
        () -> ReportJson.read(broken.getBytes(StandardCharsets.UTF_8)));
    assertThat(e).as(name).isNotNull();
    assertThat(e.field()).as(name).isEqualTo(field);
    assertThat(e.reason()).as(name).contains(reason);
  }

  @Test
  void notJsonAndDuplicateKeysAreRefused() {
    assertThat(catchThrowableOfType(InvalidReportException.class,
        () -> ReportJson.read("{".getBytes(StandardCharsets.UTF_8))).reason()).contains("not valid JSON");
    assertThat(catchThrowableOfType(InvalidReportException.class,
        () -> ReportJson.read("[]".getBytes(StandardCharsets.UTF_8))).reason()).contains("not a JSON object");
    String twice = resource("protocol-example.json").replace("{\"schemaVersion\":\"1\"",
        "{\"schemaVersion\":\"1\",\"schemaVersion\":\"1\"");
    assertThat(catchThrowableOfType(InvalidReportException.class,
        () -> ReportJson.read(twice.getBytes(StandardCharsets.UTF_8)))).isNotNull();
  }
}
