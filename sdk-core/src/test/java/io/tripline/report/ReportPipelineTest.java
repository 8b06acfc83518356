package io.tripline.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripline.Indicator;
import io.tripline.PlatformContext;
import io.tripline.Severity;
import io.tripline.Submission;
import io.tripline.Tripline;
import io.tripline.Uploader;
import io.tripline.Verdict;
import io.tripline.feed.SignatureVerifier;
import io.tripline.report.outbox.Outbox;
import io.tripline.report.outbox.OutboxRecord;
import io.tripline.report.outbox.OutboxState;
import io.tripline.rules.RulePack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * From an upload to a receipt: an inspection blocks a known image, its automatic CSAM report is
 * committed to the SQLite outbox before the upload would be answered, and the dispatcher
 * delivers it to the clearinghouse through a 503, keeping the signed receipt.
 */
class ReportPipelineTest {

  /** MD5 of {@link #FILE}. */
  private static final byte[] FILE = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.US_ASCII);
  private static final String FILE_MD5 = "9e107d9d372bb6826bd81d3542a419d6";
  private static final KeyPair KEYS = keys();

  @StartStop
  private final MockWebServer clearinghouse = new MockWebServer();

  @TempDir Path dir;

  private static KeyPair keys() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String sign(String body) throws Exception {
    Signature signature = Signature.getInstance("Ed25519");
    signature.initSign(KEYS.getPrivate());
    signature.update(body.getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder().encodeToString(signature.sign());
  }

  private static MockResponse receipt(int code, String reportId) throws Exception {
    String body = "{\"reportId\":\"" + reportId + "\",\"receivedAt\":\"2026-11-28T10:00:04Z\",\"status\":\"RECEIVED\","
        + "\"routes\":[{\"destination\":\"NCMEC_CYBERTIPLINE\",\"obligation\":\"MANDATORY\",\"status\":\"PENDING\"}],"
        + "\"preservation\":{\"until\":\"2027-11-28T10:00:00Z\",\"basis\":\"US_18USC2258A_h\"}}";
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json")
        .setHeader(SignatureVerifier.HEADER, "keyid=k1, ed25519=" + sign(body)).body(body).build();
  }

  @Test
  void aBlockedUploadsAutomaticReportIsCommittedThenDeliveredThroughAnOutageWithItsReceipt() throws Exception {
    Tripline tripline = Tripline.builder()
        .rulePacks(RulePack.fromClasspath("default"), RulePack.fromClasspath("us"))
        .indicators(List.of(Indicator.of("ind-7", "confirmed-hashes", "md5", FILE_MD5, Severity.HIGH, "csam")))
        .build();
    PlatformContext context = new PlatformContext("example-classifieds", "US");
    Uploader uploader = new Uploader("u_998", "203.0.113.9");
    Verdict verdict = tripline.inspect(Submission.builder().file("doc", "a.txt", "text/plain", FILE)
        .uploader(uploader).context(context).build());
    assertThat(verdict).isInstanceOf(Verdict.Block.class);

    Reports reports = Reports.builder().policy(tripline.policy()).providerCountries("US").build();
    Reports.Upload upload = new Reports.Upload(uploader, null, Instant.parse("2026-11-28T09:59:58Z"));
    Path db = dir.resolve("outbox.db");
    List<String> ids;
    try (Outbox enqueueOnly = Outbox.builder().sqlite(db).build()) {
      ReportFiler filer = new ReportFiler(reports, enqueueOnly, Clock.systemUTC());
      ids = filer.fileAutomatic(verdict, upload, context);
      // The same upload filed again (a retried request) is the same report: one entry.
      assertThat(filer.fileAutomatic(verdict, upload, context)).isEqualTo(ids);
      assertThat(ids).hasSize(1);
      assertThat(enqueueOnly.counts()).containsEntry(OutboxState.PENDING, 1L);
    }
    String id = ids.get(0);

    clearinghouse.enqueue(new MockResponse.Builder().code(503).build());
    clearinghouse.enqueue(receipt(201, id));
    ClearinghouseReportClient client = ClearinghouseReportClient.builder()
        .baseUrl(clearinghouse.url("/").toString()).credential("tl_live_pipeline-credential-0123")
        .publicKeys(Map.of("k1", KEYS.getPublic())).build();
    try (Outbox dispatcher = Outbox.builder().sqlite(db).sink(new ClearinghouseSink(client))
        .backoff(Duration.ofMillis(20), Duration.ofMillis(100))
        .idlePoll(Duration.ofMillis(20)).pollingInterval(Duration.ofMillis(20)).build()) {
      await(() -> dispatcher.find(id).map(r -> r.state() == OutboxState.DELIVERED).orElse(false));

      OutboxRecord delivered = dispatcher.find(id).orElseThrow();
      assertThat(delivered.attempts()).isEqualTo(2);
      assertThat(delivered.externalId()).isEqualTo(id);
      String receipt = new String(delivered.receipt(), StandardCharsets.UTF_8);
      assertThat(receipt).startsWith("keyid=k1, ed25519=").contains("\"reportId\":\"" + id + "\"");
    }
    RecordedRequest failed = clearinghouse.takeRequest(1, TimeUnit.SECONDS);
    RecordedRequest accepted = clearinghouse.takeRequest(1, TimeUnit.SECONDS);
    assertThat(failed.getHeaders().get("Idempotency-Key")).isEqualTo(id);
    assertThat(accepted.getHeaders().get("Idempotency-Key")).isEqualTo(id);
    String body = accepted.getBody().utf8();
    Report sent = ReportJson.read(body.getBytes(StandardCharsets.UTF_8));
    assertThat(sent.id()).isEqualTo(id);
    assertThat(sent.incident().category().name()).isEqualTo("CSAM");
    assertThat(body).contains(FILE_MD5).doesNotContain("quick brown fox");
  }

  @Test
  void aReportTheClearinghouseRefusesIsADeadLetterNotRetried() throws Exception {
    Tripline tripline = Tripline.builder()
        .indicators(List.of(Indicator.of("ind-7", "confirmed-hashes", "md5", FILE_MD5, Severity.HIGH, "csam")))
        .build();
    PlatformContext context = new PlatformContext("example-classifieds", "US");
    Verdict verdict = tripline.inspect(Submission.builder().file("doc", "a.txt", "text/plain", FILE).build());
    Reports reports = Reports.builder().policy(tripline.policy()).providerCountries("US").build();
    Path db = dir.resolve("outbox.db");
    clearinghouse.enqueue(new MockResponse.Builder().code(422).setHeader("Content-Type", "application/problem+json")
        .body("{\"type\":\"https://tripline.example/problems/validation\",\"title\":\"invalid\",\"status\":422}")
        .build());
    ClearinghouseReportClient client = ClearinghouseReportClient.builder()
        .baseUrl(clearinghouse.url("/").toString()).credential("tl_live_pipeline-credential-0123")
        .publicKeys(Map.of("k1", KEYS.getPublic())).build();
    try (Outbox outbox = Outbox.builder().sqlite(db).sink(new ClearinghouseSink(client))
        .idlePoll(Duration.ofMillis(20)).pollingInterval(Duration.ofMillis(20)).build()) {
      String id = new ReportFiler(reports, outbox, Clock.systemUTC())
          .fileAutomatic(verdict, new Reports.Upload(new Uploader("u_1", null), null,
              Instant.parse("2026-11-28T09:59:58Z")), context).get(0);
      await(() -> outbox.find(id).map(r -> r.state() == OutboxState.DEAD).orElse(false));
      assertThat(outbox.find(id).orElseThrow().attempts()).isEqualTo(1);
      assertThat(outbox.find(id).orElseThrow().lastError()).contains("422");
    }
    assertThat(clearinghouse.getRequestCount()).isEqualTo(1);
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 20 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
