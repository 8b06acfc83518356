package io.tripline.report.ncmec;

import io.tripline.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.tripline.Indicator;
import io.tripline.PlatformContext;
import io.tripline.Severity;
import io.tripline.Submission;
import io.tripline.SubmittedFile;
import io.tripline.Tripline;
import io.tripline.Uploader;
import io.tripline.Verdict;
import io.tripline.report.ClearinghouseSink;
import io.tripline.report.Report;
import io.tripline.report.ReportFiler;
import io.tripline.report.ReportJson;
import io.tripline.report.Reports;
import io.tripline.report.evidence.EvidenceStore;
import io.tripline.report.outbox.DeliveryResult;
import io.tripline.report.outbox.Outbox;
import io.tripline.report.outbox.OutboxState;
import io.tripline.rules.RulePack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * From an upload to a filed CyberTipline report, for a platform that files NCMEC itself: the
 * blocked upload's file is preserved at filing, the report goes to NCMEC through the outbox with
 * that file uploaded, and the clearinghouse's copy says NCMEC is already filed.
 */
class NcmecPipelineTest {
  private static final byte[] UPLOAD = "an upload's bytes, preserved for NCMEC".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(NcmecSinkTest.START);
  private final FakeNcmec fake = new FakeNcmec(clock).credentials("test", NcmecSinkTest.USER, NcmecSinkTest.PASSWORD);

  @StartStop
  private final MockWebServer server = new MockWebServer();

  @Test
  void aBlockedUploadIsFiledWithNcmecWithItsFileAndTheClearinghouseIsToldItIsFiled() throws Exception {
    server.setDispatcher(fake);
    Tripline tripline = Tripline.builder()
        .rulePacks(RulePack.fromClasspath("default"), RulePack.fromClasspath("us"))
        .indicators(List.of(Indicator.of("ind-7", "confirmed-hashes", "sha256", NcmecSinkTest.sha256(UPLOAD),
            Severity.HIGH, "csam")))
        .build();
    PlatformContext context = new PlatformContext("example-classifieds", "US");
    Uploader uploader = new Uploader("u_998", "203.0.113.9");
    SubmittedFile file = new SubmittedFile("photo", "a.jpg", "image/jpeg", UPLOAD);
    Verdict verdict = tripline.inspect(Submission.builder().file(file.field(), file.fileName(), file.contentType(),
        UPLOAD).uploader(uploader).context(context).build());
    assertThat(verdict).isInstanceOf(Verdict.Block.class);

    EvidenceStore store = NcmecSinkTest.evidenceStore(dir.resolve("evidence"), java.time.InstantSource.system());
    List<byte[]> toClearinghouse = new CopyOnWriteArrayList<>();
    try (Outbox outbox = Outbox.builder().sqlite(dir.resolve("outbox.db"))
        .idlePoll(Duration.ofMillis(50)).pollingInterval(Duration.ofMillis(50))
        .sink(NcmecSink.DESTINATION, NcmecSink.builder()
            .client(NcmecSinkTest.client(server.url("/test/ispws/").toString(), clock).build())
            .reporter(NcmecFixtures.reporter()).evidenceStore(store).clock(clock).build())
        .sink(ClearinghouseSink.DESTINATION, e -> {
          toClearinghouse.add(e.payload());
          return new DeliveryResult.Delivered(new byte[] {1}, e.key());
        })
        .build()) {
      Reports reports = Reports.builder().policy(tripline.policy()).providerCountries("US").build();
      ReportFiler filer = ReportFiler.builder(reports, outbox).evidence(store)
          .fileDirectly("NCMEC_CYBERTIPLINE", NcmecSink.DESTINATION).build();

      List<String> ids = filer.fileAutomatic(verdict,
          new Reports.Upload(uploader, null, Instant.parse("2026-11-28T09:59:58Z")), context, List.of(file));

      String id = ids.get(0);
      long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!(outbox.counts().get(OutboxState.DELIVERED) == 2)) {
        assertThat(System.nanoTime()).as("both destinations delivered").isLessThan(end);
        Thread.sleep(20);
      }
      assertThat(outbox.find(id + ":ncmec").orElseThrow().externalId())
          .isEqualTo(Long.toString(fake.finished().get(0).id));
    }
    assertThat(fake.violations()).isEmpty();
    assertThat(fake.finished()).singleElement().satisfies(filed -> {
      assertThat(filed.files.values()).singleElement().satisfies(f -> assertThat(f.content).isEqualTo(UPLOAD));
      assertThat(filed.xml).contains("Child Pornography");
    });
    Report sent = ReportJson.read(toClearinghouse.get(0));
    assertThat(sent.jurisdiction().alreadyFiled()).containsExactly("NCMEC_CYBERTIPLINE");
    assertThat(sent.evidence()).singleElement().extracting(Report.Evidence::mode)
        .isEqualTo(Report.EvidenceMode.CONTENT_PRESERVED);
    assertThat(new String(toClearinghouse.get(0), StandardCharsets.UTF_8)).doesNotContain("preserved for NCMEC");
    assertThat(Files.readString(store.accessLogPath())).contains(NcmecSink.EVIDENCE_ACCESSOR);
  }
}
