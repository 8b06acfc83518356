package io.tripline.report;

import static io.tripline.report.ReportFixtures.KNOWN;
import static io.tripline.report.ReportFixtures.OCCURRED;
import static io.tripline.report.ReportFixtures.SHA256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tripline.rules.Route;
import io.tripline.rules.RoutingDecision;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ReportValidationTest {

  private static Arguments invalid(String name, Supplier<?> make, String field, String reason) {
    return Arguments.of(name, make, field, reason);
  }

  private static Report.Builder example() {
    return ReportFixtures.example();
  }

  private static Report.Builder withoutEvidence() {
    Report r = example().build();
    return Report.builder().category(r.incident().category()).occurredAt(OCCURRED).knowledgeAt(KNOWN)
        .platform("p").method(Report.Detection.Method.TEXT_MATCH)
        .addMatch(new Report.IndicatorMatch("terms", "t-1", "term", 0)).providerCountries("US");
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        invalid("no category", () -> Report.builder().occurredAt(OCCURRED).knowledgeAt(KNOWN).platform("p")
            .method(Report.Detection.Method.HUMAN_REVIEW).humanReviewed(true).providerCountries("US").build(),
            "incident.category", "is required"),
        invalid("no occurredAt", () -> Report.builder().category(io.tripline.rules.ReportCategory.CSAM)
            .knowledgeAt(KNOWN).platform("p").method(Report.Detection.Method.HUMAN_REVIEW).humanReviewed(true)
            .providerCountries("US").build(), "incident.occurredAt", "is required"),
        invalid("knowledge before occurrence", () -> example().knowledgeAt(OCCURRED.minusSeconds(1)).build(),
            "incident.knowledgeAt", "must not be before occurredAt"),
        invalid("blank platform", () -> example().platform(" ").build(), "incident.platform", "must be a platform id"),
        invalid("platform with a slash", () -> example().platform("a/b").build(), "incident.platform",
            "must be a platform id"),
        invalid("no method", () -> {
          Report.Builder b = Report.builder().category(io.tripline.rules.ReportCategory.CSAM).occurredAt(OCCURRED)
              .knowledgeAt(KNOWN).platform("p").providerCountries("US");
          return b.build();
        }, "detection.method", "is required"),
        invalid("hash match without matches", () -> Report.builder().category(io.tripline.rules.ReportCategory.CSAM)
            .occurredAt(OCCURRED).knowledgeAt(KNOWN).platform("p").method(Report.Detection.Method.HASH_MATCH)
            .addEvidence(ReportFixtures.evidence("ev_1", SHA256)).providerCountries("US").build(),
            "detection.matches", "at least one"),
        invalid("human review not reviewed", () -> Report.builder().category(io.tripline.rules.ReportCategory.CSAM)
            .occurredAt(OCCURRED).knowledgeAt(KNOWN).platform("p").method(Report.Detection.Method.HUMAN_REVIEW)
            .addEvidence(ReportFixtures.evidence("ev_1", SHA256)).providerCountries("US").build(),
            "detection.humanReviewed", "must be true"),
        invalid("hash match without evidence", () -> Report.builder().category(io.tripline.rules.ReportCategory.CSAM)
            .occurredAt(OCCURRED).knowledgeAt(KNOWN).platform("p").method(Report.Detection.Method.HASH_MATCH)
            .addMatch(new Report.IndicatorMatch("f", "i", "pdq", 3)).providerCountries("US").build(),
            "evidence", "must cite the matched file"),
        invalid("nothing at all", () -> Report.builder().category(io.tripline.rules.ReportCategory.CSAM)
            .occurredAt(OCCURRED).knowledgeAt(KNOWN).platform("p").method(Report.Detection.Method.HUMAN_REVIEW)
            .humanReviewed(true).providerCountries("US").build(), "evidence", "needs evidence, matches or subjects"),
        invalid("too many matches", () -> {
          Report.Builder b = withoutEvidence();
          for (int i = 0; i < Report.MAX_MATCHES; i++) {
            b.addMatch(new Report.IndicatorMatch("terms", "t-" + (i + 2), "term", 0));
          }
          return b.build();
        }, "detection.matches", "at most 1000"),
        invalid("match distance", () -> new Report.IndicatorMatch("f", "i", "pdq", 257), "distance", "0..256"),
        invalid("match signal type", () -> new Report.IndicatorMatch("f", "i", "PDQ", 1), "signalType",
            "signal type"),
        invalid("match feed", () -> new Report.IndicatorMatch("", "i", "pdq", 1), "feed", "feed id"),
        invalid("sha256 short", () -> new Report.Digests(SHA256.substring(1), null, null, null), "sha256",
            "64 lower-case hex"),
        invalid("sha256 upper case", () -> new Report.Digests(SHA256.toUpperCase(), null, null, null), "sha256",
            "64 lower-case hex"),
        invalid("sha256 missing", () -> new Report.Digests(null, null, null, null), "sha256", "is required"),
        invalid("md5 not hex", () -> new Report.Digests(SHA256, "z".repeat(32), null, null), "md5",
            "32 lower-case hex"),
        invalid("pdq too long", () -> new Report.Digests(SHA256, null, "a".repeat(65), 50), "pdq",
            "64 lower-case hex"),
        invalid("pdq without quality", () -> new Report.Digests(SHA256, null, "a".repeat(64), null), "pdqQuality",
            "required with pdq"),
        invalid("quality without pdq", () -> new Report.Digests(SHA256, null, null, 50), "pdqQuality",
            "only given with pdq"),
        invalid("quality out of range", () -> new Report.Digests(SHA256, null, "a".repeat(64), 101), "pdqQuality",
            "0..100"),
        invalid("evidence id", () -> ReportFixtures.evidence("ev 1", SHA256), "evidenceId", "letters, digits"),
        invalid("evidence id twice", () -> example().addEvidence(ReportFixtures.evidence("ev_1",
            ReportFixtures.SHA256_B)).build(), "evidence[1].evidenceId", "used twice"),
        invalid("same file twice", () -> example().addEvidence(ReportFixtures.evidence("ev_2", SHA256)).build(),
            "evidence[1].digests.sha256", "listed before"),
        invalid("viewed but not reviewed", () -> example().humanReviewed(false).build(), "evidence[0].humanViewed",
            "humanReviewed is false"),
        invalid("too much evidence", () -> {
          Report.Builder b = example();
          for (int i = 0; i < Report.MAX_EVIDENCE; i++) {
            b.addEvidence(ReportFixtures.evidence("e" + i, String.format("%064x", i + 1)));
          }
          return b.build();
        }, "evidence", "at most 100"),
        invalid("no provider country", () -> example().providerCountries(List.of()).build(),
            "jurisdiction.providerCountries", "at least one"),
        invalid("UK is not ISO", () -> example().providerCountries("UK").build(),
            "jurisdiction.providerCountries[0]", "the United Kingdom is GB"),
        invalid("lower-case country", () -> example().subjectCountries("us").build(),
            "jurisdiction.subjectCountries[0]", "upper case"),
        invalid("country twice", () -> example().subjectCountries("US", "US").build(),
            "jurisdiction.subjectCountries[1]", "listed twice"),
        invalid("victim as involved", () -> new Subject.Involved(Subject.SubjectRole.VICTIM, "u", null, List.of()),
            "role", "only for Subject.Victim"),
        invalid("subject without identity", () -> Subject.Involved.reportedUser(null, null, List.of()),
            "platformUserId", "nothing would identify"),
        invalid("victim without identity", () -> new Subject.Victim(null, null, List.of()), "platformUserId",
            "nothing would identify"),
        invalid("user id with space", () -> Subject.Involved.reportedUser("u 1", null, List.of()), "platformUserId",
            "printable ASCII"),
        invalid("screen name too long", () -> Subject.Involved.reportedUser("u", "x".repeat(257), List.of()),
            "screenName", "at most 256"),
        invalid("ip is a host name", () -> new Subject.IpEvent("example.com", Subject.IpEventType.UPLOAD, KNOWN),
            "ip", "address literal"),
        invalid("ip out of range", () -> new Subject.IpEvent("203.0.113.256", Subject.IpEventType.UPLOAD, KNOWN),
            "ip", "address literal"),
        invalid("ip event without time", () -> new Subject.IpEvent("203.0.113.9", Subject.IpEventType.UPLOAD, null),
            "at", "is required"),
        invalid("too many subjects", () -> {
          Report.Builder b = example();
          for (int i = 0; i < Report.MAX_SUBJECTS; i++) {
            b.addSubject(Subject.Involved.reportedUser("u" + i, null, List.of()));
          }
          return b.build();
        }, "subjects", "at most 100"),
        invalid("routes before knowledge", () -> example().routes(new RoutePlan(KNOWN.minusSeconds(1), List.of(),
            null, false)).build(), "routes.reportedAt", "must not be before incident.knowledgeAt"),
        invalid("notify despite no tipping off", () -> example().notifySubject(true)
            .routes(new RoutePlan(KNOWN, List.of(), null, true)).build(), "notifySubject", "forbids"),
        invalid("filing covered without coverer", () -> new RoutePlan.Filing("NCA", RoutingDecision.Status.COVERED_BY,
            Route.Obligation.MANDATORY, null, null), "coveredBy", "exactly when"),
        invalid("schema version", () -> new Report("2", example().build().incident(), example().build().detection(),
            List.of(), example().build().evidence(), example().build().jurisdiction(), false, null),
            "schemaVersion", "must be \"1\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eachInvalidFieldIsNamedWithTheReason(String name, Supplier<?> make, String field, String reason) {
    InvalidReportException e = catchThrowableOfType(InvalidReportException.class, make::get);
    assertThat(e).as(name).isNotNull();
    assertThat(e.field()).as(name).isEqualTo(field);
    assertThat(e.reason()).as(name).contains(reason);
    assertThat(e.getMessage()).contains("'" + field + "'");
  }

  @Test
  void theExampleIsValidAndIPv6Works() {
    assertThatCode(() -> example().build()).doesNotThrowAnyException();
    assertThat(new Subject.IpEvent("2001:db8::1", Subject.IpEventType.LOGIN, KNOWN).ip()).isEqualTo("2001:db8::1");
  }

  @Test
  void knowledgeAtTheMomentOfOccurrenceIsFine() {
    assertThat(example().knowledgeAt(OCCURRED).build().incident().knowledgeAt()).isEqualTo(OCCURRED);
  }

  @Test
  void aFailedBuildLeavesTheBuilderUsableAndMakesNothing() {
    Report.Builder b = example().providerCountries("UK");
    assertThat(catchThrowableOfType(InvalidReportException.class, b::build)).isNotNull();
    Report fixed = b.providerCountries("GB").build();
    assertThat(fixed.jurisdiction().providerCountries()).containsExactly("GB");
  }

  @Test
  void aBuiltReportIsNotChangedByReusingItsBuilder() {
    Report.Builder b = example();
    Report first = b.build();
    b.addEvidence(ReportFixtures.evidence("ev_2", ReportFixtures.SHA256_B)).platform("other");
    assertThat(first.evidence()).hasSize(1);
    assertThat(first.incident().platform()).isEqualTo("example-classifieds");
    assertThat(first.subjects()).isUnmodifiable();
  }
}
