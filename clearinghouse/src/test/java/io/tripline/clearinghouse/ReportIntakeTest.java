package io.tripline.clearinghouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tripline.feed.SignatureVerifier;
import io.tripline.report.ClearinghouseReportClient;
import io.tripline.report.ClearinghouseReportException;
import io.tripline.report.ClearinghouseSink;
import io.tripline.report.Receipt;
import io.tripline.report.Report;
import io.tripline.report.ReportJson;
import io.tripline.report.ReportStatus;
import io.tripline.report.outbox.Outbox;
import io.tripline.report.outbox.OutboxEntry;
import io.tripline.report.outbox.OutboxRecord;
import io.tripline.report.outbox.OutboxState;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Report intake over real HTTP on loopback, with the SDK's own client where it can speak. */
class ReportIntakeTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LEGACY_ID = "r_" + "0".repeat(28) + "ABCD";

  @TempDir Path dir;
  private Fixture ch;
  private String secret;

  @BeforeEach
  void start() {
    ch = Fixture.start(dir.resolve("data"));
    secret = ch.credential("example-classifieds", Scope.REPORTS_WRITE);
  }

  @AfterEach
  void stop() {
    ch.close();
  }

  @Test
  void theSdkClientGetsAVerifiedReceiptRoutedToNcmecAndTheSameReceiptOnAReplay() {
    ClearinghouseReportClient client = ch.client(secret);
    Report report = Fixture.report("u_998");

    Receipt receipt = client.submit(report);
    assertThat(receipt.reportId()).isEqualTo(report.id());
    assertThat(receipt.status()).isEqualTo("RECEIVED");
    assertThat(receipt.keyId()).isEqualTo(ch.server.signingKey().keyId());
    assertThat(receipt.routes()).anySatisfy(r -> {
      assertThat(r.destination()).isEqualTo("NCMEC_CYBERTIPLINE");
      assertThat(r.status()).isEqualTo(Receipt.RouteStatus.PENDING);
      assertThat(r.obligation()).hasToString("MANDATORY");
    });
    assertThat(receipt.preservation()).isNotNull();
    assertThat(receipt.preservation().basis()).isEqualTo("US_18USC2258A_h");

    Receipt again = client.submit(report);
    assertThat(again.body()).isEqualTo(receipt.body());
    assertThat(again.signature()).isEqualTo(receipt.signature());

    ReportStatus status = client.status(report.id());
    assertThat(status.status()).isEqualTo("RECEIVED");
    assertThat(status.routes()).extracting(Receipt.RouteState::destination).contains("NCMEC_CYBERTIPLINE");
  }

  @Test
  void anOutboxDeliversThroughTheClearinghouseSinkAndKeepsTheSignedReceipt() throws Exception {
    Report report = Fixture.report("u_1");
    try (Outbox outbox = Outbox.builder().sqlite(dir.resolve("outbox.db"))
        .sink(new ClearinghouseSink(ch.client(secret)))
        .backoff(Duration.ofMillis(20), Duration.ofMillis(100))
        .idlePoll(Duration.ofMillis(20)).pollingInterval(Duration.ofMillis(20)).build()) {
      outbox.enqueue(new OutboxEntry(report.id(), ClearinghouseSink.DESTINATION, ReportJson.write(report),
          Instant.now()));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (outbox.find(report.id()).map(r -> r.state() != OutboxState.DELIVERED).orElse(true)
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      OutboxRecord delivered = outbox.find(report.id()).orElseThrow();
      assertThat(delivered.state()).isEqualTo(OutboxState.DELIVERED);
      assertThat(delivered.externalId()).isEqualTo(report.id());
      String record = new String(delivered.receipt(), StandardCharsets.UTF_8);
      assertThat(record).startsWith("keyid=" + ch.server.signingKey().keyId() + ", ed25519=")
          .contains("\"reportId\":\"" + report.id() + "\"");
    }
  }

  @Test
  void aReplayAnswers200WithTheStoredReceiptAndAnotherBodyUnderTheSameKeyIs422() throws Exception {
    Report report = Fixture.report("u_2");
    String body = new String(ReportJson.write(report), StandardCharsets.UTF_8);
    HttpResponse<String> first = ch.post("/v1/reports", secret, report.id(), body);
    assertThat(first.statusCode()).isEqualTo(201);
    String signature = first.headers().firstValue(SignatureVerifier.HEADER).orElseThrow();

    HttpResponse<String> replay = ch.post("/v1/reports", secret, report.id(), body);
    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(replay.body()).isEqualTo(first.body());
    assertThat(replay.headers().firstValue(SignatureVerifier.HEADER)).contains(signature);

    String other = new String(ReportJson.write(Fixture.report("u_3")), StandardCharsets.UTF_8);
    HttpResponse<String> reused = ch.post("/v1/reports", secret, report.id(), other);
    assertProblem(reused, 422, "idempotency-key-reused");

    ClearinghouseReportClient client = ch.client(secret);
    assertThatThrownBy(() -> client.submit(report.id(), other.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(ClearinghouseReportException.class,
            e -> assertThat(e.kind()).isEqualTo(ClearinghouseReportException.Kind.KEY_REUSED));
  }

  /**
   * Same key, same body: the same answer, even when the body would no longer pass validation
   * (stored by an earlier version whose rules were laxer; here written to the store directly).
   */
  @Test
  void aReplayOfABodyAcceptedBeforeGetsItsReceiptEvenIfItNoLongerValidates() throws Exception {
    String body = "{\"schemaVersion\":\"1\",\"accepted\":\"by an earlier version\"}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String hash = HexFormat.of().formatHex(SigningKey.sha256(bytes));
    java.time.Instant at = Fixture.KNOWN;
    byte[] receipt = ReportsServlet.receipt(LEGACY_ID, at, "RECEIVED",
        List.of(), null);
    String signature = ch.server.signingKey().signatureHeader(receipt);
    String credentialId = ch.server.accounts().credentials().get(0).id();
    try (Store store = Store.sqlite(dir.resolve("data"), java.time.Clock.systemUTC())) {
      assertThat(store.insertReport(new Store.NewReport(new Store.StoredReport("example-classifieds",
          LEGACY_ID, "legacy-key", hash, at, "RECEIVED", receipt,
          signature, List.of()), bytes, credentialId, null))).isInstanceOf(Store.Insert.Created.class);
    }

    HttpResponse<String> replay = ch.post("/v1/reports", secret, "legacy-key", body);
    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(replay.body().getBytes(StandardCharsets.UTF_8)).isEqualTo(receipt);
    assertThat(replay.headers().firstValue(SignatureVerifier.HEADER)).contains(signature);

    // The same broken body under a fresh key is refused as invalid; another under the old key as reused.
    assertProblem(ch.post("/v1/reports", secret, "fresh-key", body), 422, "invalid-report");
    assertProblem(ch.post("/v1/reports", secret, "legacy-key", "{\"schemaVersion\":\"1\"}"), 422,
        "idempotency-key-reused");
  }

  /** Reads take no write lock: status is answered while another writer holds the SQLite store. */
  @Test
  void statusIsAnsweredWhileAWriterHoldsTheStore() throws Exception {
    Report report = Fixture.report("u_9");
    ch.client(secret).submit(report);
    String url = "jdbc:sqlite:" + dir.resolve("data").resolve(Store.SQLITE_FILE);
    try (Connection writer = DriverManager.getConnection(url); Statement s = writer.createStatement()) {
      s.execute("begin immediate");
      // Within the HTTP timeout (10 s) and before the store's busy timeout (10 s) would give up.
      HttpResponse<String> status = ch.send("GET", "/v1/reports/" + report.id(), secret);
      assertThat(status.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(status.body()).get("reportId").asText()).isEqualTo(report.id());
      s.execute("rollback");
    }
  }

  @Test
  void retractingCancelsThePendingRoutesAndRecordsTheReason() {
    ClearinghouseReportClient client = ch.client(secret);
    Report report = Fixture.report("u_4");
    client.submit(report);

    client.retract(report.id(), "filed in error");
    client.retract(report.id(), "filed in error");

    ReportStatus status = client.status(report.id());
    assertThat(status.status()).isEqualTo("RETRACTED");
    assertThat(status.routes()).filteredOn(r -> r.destination().equals("NCMEC_CYBERTIPLINE"))
        .singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(Receipt.RouteStatus.RETRACTED));
    assertThat(ch.server.accounts()).isNotNull();
  }

  @Test
  void aRetractionWithoutAReasonIs422NamingTheField() throws Exception {
    Report report = Fixture.report("u_5");
    ch.client(secret).submit(report);
    assertProblem(ch.post("/v1/reports/" + report.id() + "/retract", secret, null, "{\"reason\":\"\"}"), 422,
        "invalid-retraction");
    assertThat(field(ch.post("/v1/reports/" + report.id() + "/retract", secret, null, "{}"))).isEqualTo("reason");
  }

  @Test
  void theKeysEndpointServesThePublicKeyThatVerifiesReceipts() throws Exception {
    HttpResponse<String> keys = ch.send("GET", "/v1/keys", null);
    assertThat(keys.statusCode()).isEqualTo(200);
    JsonNode key = JSON.readTree(keys.body()).get("keys").get(0);
    assertThat(key.get("keyid").asText()).isEqualTo(ch.server.signingKey().keyId());
    assertThat(SignatureVerifier.parseRawKey(key.get("publicKey").asText()))
        .isEqualTo(ch.server.signingKey().publicKey());
  }

  @Test
  void theLogsNameTheCredentialIdNeverTheSecret() throws Exception {
    java.io.PrintStream err = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      Report report = Fixture.report("u_log");
      ch.client(secret).submit(report);
      ch.client(secret).retract(report.id(), "log check");
      ch.post("/v1/reports", secret + "x", report.id(), "{}");
      ch.post("/v1/reports", secret, report.id(), "{not json");
    } finally {
      System.setErr(err);
    }
    String logs = captured.toString(StandardCharsets.UTF_8);
    String id = ch.server.accounts().credentials().get(0).id();
    assertThat(logs).contains(id).doesNotContain(secret).doesNotContain(secret.substring(3, 20));
  }

  static void assertProblem(HttpResponse<String> response, int status, String type) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("type").asText()).isEqualTo(Problem.TYPE_BASE + type);
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("title").asText()).isNotBlank();
    assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("io.tripline.");
  }

  static String field(HttpResponse<String> response) throws Exception {
    JsonNode f = JSON.readTree(response.body()).get("field");
    return f == null ? null : f.asText();
  }

  static Map<String, String> none() {
    return Map.of();
  }
}
