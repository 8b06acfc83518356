package io.tripline.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripline.Indicator;
import io.tripline.PlatformContext;
import io.tripline.Severity;
import io.tripline.Tripline;
import io.tripline.report.ClearinghouseSink;
import io.tripline.report.Report;
import io.tripline.report.ReportFiler;
import io.tripline.report.ReportJson;
import io.tripline.report.Reports;
import io.tripline.report.outbox.Outbox;
import io.tripline.report.outbox.OutboxRecord;
import io.tripline.report.outbox.OutboxState;
import io.tripline.rules.ReportCategory;
import io.tripline.rules.RulePack;
import io.tripline.testkit.MultipartBody;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TriplineFilter.Builder#reportFiler}: an upload whose verdict asks for an automatic
 * report is answered only once the report is committed to the outbox; if it cannot be, 503.
 */
class TriplineFilterReportingTest {

  private static final byte[] KNOWN = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.US_ASCII);
  private static final String KNOWN_MD5 = "9e107d9d372bb6826bd81d3542a419d6";

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> upload(URI base, byte[] file) throws Exception {
    return upload(base, file, "2026-11-28T09:59:58Z");
  }

  /** Posts {@code file}, with the time the platform's front end stamped on the upload. */
  private HttpResponse<String> upload(URI base, byte[] file, String uploadTime) throws Exception {
    MultipartBody body = new MultipartBody().field("title", "Print").file("doc", "a.txt", "text/plain", file);
    return http.send(HttpRequest.newBuilder(base.resolve("/upload")).timeout(Duration.ofSeconds(20))
        .header("Content-Type", body.contentType()).header("X-Upload-Time", uploadTime)
        .POST(body.publisher()).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Tripline tripline() {
    return Tripline.builder()
        .rulePacks(RulePack.fromClasspath("default"), RulePack.fromClasspath("us"))
        .indicators(List.of(Indicator.of("ind-7", "confirmed-hashes", "md5", KNOWN_MD5, Severity.HIGH, "csam")))
        .build();
  }

  private static TriplineFilter filter(Tripline tripline, Outbox outbox) {
    Reports reports = Reports.builder().policy(tripline.policy()).providerCountries("US").build();
    return TriplineFilter.builder(tripline)
        .reportFiler(new ReportFiler(reports, outbox, Clock.systemUTC()))
        .uploadTime(request -> java.time.Instant.parse(request.getHeader("X-Upload-Time")))
        .submissionCustomizer((request, submission) ->
            submission.context(new PlatformContext("example-classifieds", "US")))
        .build();
  }

  @Test
  void aBlockedUploadIsAnsweredAfterItsReportIsInTheOutbox() throws Exception {
    Tripline tripline = tripline();
    try (Outbox outbox = Outbox.builder().sqlite(dir.resolve("outbox.db")).build();
        JettyContainer container = new JettyContainer()) {
      URI base = container.start(filter(tripline, outbox), dir);

      HttpResponse<String> blocked = upload(base, KNOWN);

      assertThat(blocked.statusCode()).isEqualTo(422);
      assertThat(blocked.body()).doesNotContain("report").doesNotContain("csam");
      List<OutboxRecord> pending = outbox.list(OutboxState.PENDING, 0, 10);
      assertThat(pending).hasSize(1);
      assertThat(pending.get(0).entry().destination()).isEqualTo(ClearinghouseSink.DESTINATION);
      Report report = ReportJson.read(pending.get(0).entry().payload());
      assertThat(report.incident().category()).isEqualTo(ReportCategory.CSAM);
      assertThat(report.id()).isEqualTo(pending.get(0).key());

      // The client retries the same upload: the same report, not a second one; another upload
      // of the same file (another time) is another report.
      assertThat(upload(base, KNOWN).statusCode()).isEqualTo(422);
      assertThat(outbox.counts()).containsEntry(OutboxState.PENDING, 1L);
      assertThat(upload(base, KNOWN, "2026-11-28T11:00:00Z").statusCode()).isEqualTo(422);
      assertThat(outbox.counts()).containsEntry(OutboxState.PENDING, 2L);

      // A clean upload files nothing.
      assertThat(upload(base, "a garden bench".getBytes(StandardCharsets.US_ASCII)).statusCode()).isEqualTo(200);
      assertThat(outbox.counts().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(2);
    }
  }

  @Test
  void theUploadedFileIsPreservedEncryptedWhenTheRouteRequiresIt() throws Exception {
    Tripline tripline = tripline();
    byte[] key = new byte[32];
    java.util.Arrays.fill(key, (byte) 3);
    io.tripline.report.evidence.EvidenceStore store = io.tripline.report.evidence.EvidenceStore.builder()
        .directory(dir.resolve("evidence"))
        .keys(io.tripline.report.evidence.EvidenceKeys.of("k1",
            java.util.Map.of("k1", java.util.Base64.getEncoder().encodeToString(key))))
        .build();
    try (Outbox outbox = Outbox.builder().sqlite(dir.resolve("outbox.db")).build();
        JettyContainer container = new JettyContainer()) {
      Reports reports = Reports.builder().policy(tripline.policy()).providerCountries("US").build();
      TriplineFilter filter = TriplineFilter.builder(tripline)
          .reportFiler(ReportFiler.builder(reports, outbox).evidence(store).build())
          .submissionCustomizer((request, submission) ->
              submission.context(new PlatformContext("example-classifieds", "US")))
          .build();
      URI base = container.start(filter, dir);

      assertThat(upload(base, KNOWN).statusCode()).isEqualTo(422);

      OutboxRecord pending = outbox.list(OutboxState.PENDING, 0, 10).get(0);
      Report report = ReportJson.read(pending.entry().payload());
      assertThat(report.evidence()).singleElement().extracting(Report.Evidence::mode)
          .isEqualTo(Report.EvidenceMode.CONTENT_PRESERVED);
      String sha256 = report.evidence().get(0).digests().sha256();
      assertThat(store.read(sha256, "auditor", "test")).isEqualTo(KNOWN);
      assertThat(store.describe(sha256).orElseThrow().reportIds()).containsExactly(report.id());
    }
  }

  @Test
  void anUploadWhoseReportCannotBeCommittedIsRefusedWith503() throws Exception {
    Tripline tripline = tripline();
    Outbox outbox = Outbox.builder().sqlite(dir.resolve("outbox.db")).build();
    outbox.close(); // the store is gone: nothing can be committed
    try (JettyContainer container = new JettyContainer()) {
      URI base = container.start(filter(tripline, outbox), dir);

      HttpResponse<String> refused = upload(base, KNOWN);

      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.body()).doesNotContain("verdict=");
    }
  }
}
