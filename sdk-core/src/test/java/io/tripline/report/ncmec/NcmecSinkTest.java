package io.tripline.report.ncmec;

import io.tripline.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tripline.report.Report;
import io.tripline.report.ReportFixtures;
import io.tripline.report.evidence.EvidenceKeys;
import io.tripline.report.evidence.EvidenceStore;
import io.tripline.report.outbox.Attempt;
import io.tripline.report.outbox.DeliveryJournal;
import io.tripline.report.outbox.DeliveryResult;
import io.tripline.report.outbox.DeliverySink;
import io.tripline.report.outbox.JournalFencedException;
import io.tripline.report.outbox.JournalRecord;
import io.tripline.report.outbox.Outbox;
import io.tripline.report.outbox.OutboxEntry;
import io.tripline.report.outbox.OutboxRecord;
import io.tripline.report.outbox.OutboxState;
import io.tripline.rules.ReportCategory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link NcmecSink} in a real {@link Outbox} on a SQLite file, filing with {@link FakeNcmec} over
 * loopback, with preserved evidence in a real {@link EvidenceStore}.
 */
class NcmecSinkTest {

  static final String USER = "esp-test";
  static final String PASSWORD = "t3st-Pa55word-0123";
  static final Instant START = Instant.parse("2026-11-28T10:05:00Z");
  static final byte[] PHOTO = "not an image: preserved upload ev_2".getBytes(StandardCharsets.UTF_8);
  static final byte[] VIDEO = "not a video: preserved upload ev_3".getBytes(StandardCharsets.UTF_8);
  static final String BASIS = "US_18USC2258A_h";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(START);
  private final FakeNcmec fake = new FakeNcmec(clock).credentials("test", USER, PASSWORD);
  private final List<Outbox> opened = new ArrayList<>();
  private EvidenceStore store;

  @StartStop
  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void setUp() {
    server.setDispatcher(fake);
    store = evidenceStore(dir.resolve("evidence"), clock);
  }

  @AfterEach
  void closeAll() {
    opened.forEach(Outbox::close);
  }

  // --- Fixtures -----------------------------------------------------------------------------

  static EvidenceStore evidenceStore(Path directory, java.time.InstantSource clock) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) 7);
    return EvidenceStore.builder().directory(directory)
        .keys(EvidenceKeys.of("k1", Map.of("k1", Base64.getEncoder().encodeToString(key))))
        .clock(clock).build();
  }

  /** CSAM: ev_1 kept as hashes only, ev_2 and ev_3 with their content preserved. */
  static Report report() {
    return ReportFixtures.example()
        .category(ReportCategory.CSAM)
        .addEvidence(new Report.Evidence("ev_2", new Report.Digests(sha256(PHOTO), md5(PHOTO), null, null), true,
            Report.EvidenceMode.CONTENT_PRESERVED))
        .addEvidence(new Report.Evidence("ev_3", new Report.Digests(sha256(VIDEO), null, null, null), false,
            Report.EvidenceMode.CONTENT_PRESERVED))
        .build();
  }

  static void preserve(EvidenceStore store, Report report, byte[] content, Instant until) {
    store.preserve(sha256(content), report.id(), content, until, BASIS);
  }

  static NcmecClient.Builder client(String baseUrl, java.time.Clock clock) {
    return NcmecClient.builder()
        .environment(NcmecEnvironment.TEST)
        .credentials(NcmecEnvironment.TEST, USER, PASSWORD.toCharArray())
        .baseUrl(NcmecEnvironment.TEST, baseUrl)
        .clock(clock)
        .readTimeout(Duration.ofSeconds(5))
        .retries(2, 2)
        .backoff(Duration.ofMillis(1), Duration.ofMillis(2));
  }

  private NcmecClient.Builder client() {
    return client(server.url("/test/ispws/").toString(), clock);
  }

  private NcmecSink.Builder sink() {
    return NcmecSink.builder().client(client().build()).reporter(NcmecFixtures.reporter()).evidenceStore(store)
        .clock(clock);
  }

  private Outbox outbox(DeliverySink sink) {
    Outbox outbox = Outbox.builder()
        .sqlite(dir.resolve("outbox.db"))
        .idlePoll(Duration.ofMillis(50))
        .pollingInterval(Duration.ofMillis(50))
        .backoff(Duration.ofMillis(20), Duration.ofMillis(100))
        .shutdownWait(Duration.ofSeconds(2))
        .sink(NcmecSink.DESTINATION, sink)
        .build();
    opened.add(outbox);
    return outbox;
  }

  /** Enqueues the report, waits until it is settled, returns its record. */
  private OutboxRecord file(Outbox outbox, OutboxEntry entry) throws InterruptedException {
    outbox.enqueue(entry);
    await("settled", () -> outbox.find(entry.key()).map(r -> r.state() != OutboxState.PENDING).orElse(false));
    return outbox.find(entry.key()).orElseThrow();
  }

  private OutboxRecord file(Outbox outbox, Report report) throws InterruptedException {
    return file(outbox, NcmecSink.entry(report, START));
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String md5(byte[] content) {
    return NcmecClient.md5(content);
  }

  private static JsonNode json(byte[] bytes) throws IOException {
    return JSON.readTree(bytes);
  }

  private static List<String> events(Outbox outbox, String key) {
    return outbox.journal(key).stream().map(r -> r.record().replaceAll("^\\{\"event\":\"([A-Za-z]+)\".*", "$1"))
        .filter(e -> !e.equals("called")).toList();
  }

  /**
   * Wraps the sink's journal: once, when the record of {@code event} (e.g. {@code fileUploaded:0})
   * is appended, runs {@code meanwhile} and throws, before or after the record was kept, as if the
   * process had died there.
   */
  static final class CrashingSink implements DeliverySink {
    private final NcmecSink sink;
    private final String name;
    private final String fileIndex;
    private final boolean afterAppend;
    private final Runnable meanwhile;
    final AtomicBoolean crashed = new AtomicBoolean();

    CrashingSink(NcmecSink sink, String event, boolean afterAppend, Runnable meanwhile) {
      this.sink = sink;
      String[] parts = event.split(":");
      this.name = parts[0];
      this.fileIndex = parts.length > 1 ? parts[1] : null;
      this.afterAppend = afterAppend;
      this.meanwhile = meanwhile;
    }

    boolean matches(String record) {
      return record.startsWith("{\"event\":\"" + name + "\"")
          && (fileIndex == null || record.contains("\"fileIndex\":" + fileIndex + ","));
    }

    @Override
    public DeliveryResult deliver(OutboxEntry entry) {
      throw new AssertionError("the outbox passes the journal");
    }

    @Override
    public DeliveryResult deliver(OutboxEntry entry, DeliveryJournal journal) {
      return sink.deliver(entry, new DeliveryJournal() {
        @Override
        public List<JournalRecord> records() {
          return journal.records();
        }

        @Override
        public void append(String record) {
          boolean crash = matches(record) && crashed.compareAndSet(false, true);
          if (crash && !afterAppend) {
            meanwhile.run();
            throw new NcmecFixtures.Crash(record);
          }
          journal.append(record);
          if (crash) {
            meanwhile.run();
            throw new NcmecFixtures.Crash(record);
          }
        }
      });
    }
  }

  // --- Filing -------------------------------------------------------------------------------

  @Test
  void aReportIsFiledOnceAndTheEntryIsDeliveredWithTheNcmecReportIdAndTheReceipt() throws Exception {
    Report report = report();
    preserve(store, report, PHOTO, START.plus(Duration.ofDays(365)));
    preserve(store, report, VIDEO, START.plus(Duration.ofDays(365)));
    Outbox outbox = outbox(sink().build());

    OutboxRecord record = file(outbox, report);

    assertThat(record.state()).isEqualTo(OutboxState.DELIVERED);
    assertThat(record.key()).isEqualTo(report.id() + ":ncmec");
    assertThat(fake.finished()).singleElement().satisfies(r ->
        assertThat(record.externalId()).isEqualTo(Long.toString(r.id)));
    assertThat(fake.count("submit")).isOne();
    assertThat(fake.count("finish")).isOne();
    assertThat(fake.violations()).isEmpty();
    assertThat(outbox.attempts(record.key())).extracting(Attempt::outcome).containsExactly(Attempt.Outcome.DELIVERED);

    FakeNcmec.Report filed = fake.finished().get(0);
    JsonNode receipt = json(record.receipt());
    assertThat(receipt.get("reportId").asLong()).isEqualTo(filed.id);
    assertThat(receipt.get("fileIds")).extracting(JsonNode::asText).containsExactlyElementsOf(filed.files.keySet());
    assertThat(Instant.parse(receipt.get("finishedAt").asText())).isEqualTo(START);
    assertThat(receipt.get("calls")).extracting(c -> c.get("endpoint").asText())
        .containsExactly("submit", "upload", "fileinfo", "upload", "fileinfo", "finish");
    assertThat(receipt.get("calls")).extracting(c -> c.get("requestId").asText())
        .allMatch(id -> id.startsWith("req-")).doesNotHaveDuplicates();
    assertThat(events(outbox, record.key())).containsExactly("files", "opened", "uploadStarting", "fileUploaded",
        "fileDetailsSent", "uploadStarting", "fileUploaded", "fileDetailsSent", "finished");
  }

  @Test
  void preservedEvidenceIsUploadedIntactAndReadOnTheRecordWhileHashOnlyEvidenceIsOnlyDescribed()
      throws Exception {
    Report report = report();
    preserve(store, report, PHOTO, START.plus(Duration.ofDays(365)));
    preserve(store, report, VIDEO, START.plus(Duration.ofDays(365)));
    Outbox outbox = outbox(sink().build());

    assertThat(file(outbox, report).state()).isEqualTo(OutboxState.DELIVERED);

    FakeNcmec.Report filed = fake.finished().get(0);
    assertThat(filed.files.values()).extracting(f -> f.name).containsExactly("ev_2", "ev_3");
    assertThat(filed.files.values()).extracting(f -> f.content).containsExactly(PHOTO, VIDEO);
    assertThat(filed.files.values()).allSatisfy(f -> assertThat(f.damaged).isFalse());
    assertThat(filed.files.values()).extracting(f -> md5(f.content)).containsExactly(md5(PHOTO), md5(VIDEO));
    assertThat(filed.files.values().iterator().next().detailsXml).contains(md5(PHOTO)).contains(sha256(PHOTO));
    // ev_1 has no content to upload: NCMEC learns its digests from the additional information.
    String hashOnly = report.evidence().get(0).digests().sha256();
    assertThat(filed.xml).contains("evidence ev_1 (content not kept): sha256 " + hashOnly)
        .doesNotContain("evidence ev_2 (content not kept)");

    List<JsonNode> reads = new ArrayList<>();
    for (String line : Files.readAllLines(store.accessLogPath())) {
      JsonNode entry = JSON.readTree(line);
      if (entry.get("action").asText().equals("READ")) {
        reads.add(entry);
      }
    }
    assertThat(reads).extracting(e -> e.get("evidenceId").asText()).containsExactly(sha256(PHOTO), sha256(VIDEO));
    assertThat(reads).allSatisfy(e -> {
      assertThat(e.get("accessor").asText()).isEqualTo(NcmecSink.EVIDENCE_ACCESSOR);
      assertThat(e.get("purpose").asText()).contains(report.id());
      assertThat(e.get("outcome").asText()).isEqualTo("OK");
    });
    assertThat(store.verifyLog().problem()).isNull();
  }

  @Test
  void withoutAnEvidenceStoreEverythingGoesAsHashesOnly() throws Exception {
    Report report = report();
    preserve(store, report, PHOTO, START.plus(Duration.ofDays(365)));
    Outbox outbox = outbox(NcmecSink.builder().client(client().build()).reporter(NcmecFixtures.reporter()).build());

    assertThat(file(outbox, report).state()).isEqualTo(OutboxState.DELIVERED);

    FakeNcmec.Report filed = fake.finished().get(0);
    assertThat(filed.files).isEmpty();
    assertThat(filed.xml).contains("evidence ev_1 (content not kept)", "evidence ev_2 (content not kept)",
        "evidence ev_3 (content not kept)");
    assertThat(fake.calls()).containsExactly("submit", "finish");
  }

  @Test
  void evidencePurgedFromTheStoreGoesAsHashesOnlyWithAWarningThatNamesIdsOnly() throws Exception {
    Report report = report();
    preserve(store, report, PHOTO, START.plus(Duration.ofDays(365)));
    // VIDEO was never preserved, or purged since: the store has nothing under its digest.
    Outbox outbox = outbox(sink().build());
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream err = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    OutboxRecord record;
    try {
      record = file(outbox, report);
    } finally {
      System.setErr(err);
    }

    assertThat(record.state()).isEqualTo(OutboxState.DELIVERED);
    FakeNcmec.Report filed = fake.finished().get(0);
    assertThat(filed.files.values()).extracting(f -> f.name).containsExactly("ev_2");
    assertThat(filed.xml).contains("evidence ev_3 (content not kept): sha256 " + sha256(VIDEO));
    String logged = captured.toString(StandardCharsets.UTF_8);
    assertThat(logged).contains("WARN").contains("evidence ev_3 of report " + report.id())
        .doesNotContain(sha256(VIDEO)).doesNotContain("not a video").doesNotContain("not an image");
  }

  @Test
  void evidenceTheStoreCannotDecryptIsRetriedNotFiledWithoutItsFiles() throws Exception {
    Report report = report();
    preserve(store, report, PHOTO, START.plus(Duration.ofDays(365)));
    byte[] otherKey = new byte[32];
    Arrays.fill(otherKey, (byte) 9);
    EvidenceStore wrongKey = EvidenceStore.builder().directory(dir.resolve("evidence"))
        .keys(EvidenceKeys.of("k1", Map.of("k1", Base64.getEncoder().encodeToString(otherKey)))).clock(clock).build();
    NcmecSink sink = NcmecSink.builder().client(client().build()).reporter(NcmecFixtures.reporter())
        .evidenceStore(wrongKey).build();

    DeliveryResult result = sink.deliver(NcmecSink.entry(report, START));

    assertThat(result).isInstanceOfSatisfying(DeliveryResult.RetryableFailure.class, f ->
        assertThat(f.reason()).contains("evidence of report " + report.id()).doesNotContain("not an image"));
    assertThat(fake.calls()).isEmpty();
  }

  @Test
  void withoutAJournalTheSinkDeliversWithAnInMemoryOne() {
    Report report = report();
    preserve(store, report, PHOTO, START.plus(Duration.ofDays(365)));
    DeliveryResult result = sink().build().deliver(NcmecSink.entry(report, START));
    assertThat(result).isInstanceOfSatisfying(DeliveryResult.Delivered.class, d ->
        assertThat(d.externalId()).isEqualTo(Long.toString(fake.finished().get(0).id)));
  }

  // --- Crash and resume ---------------------------------------------------------------------

  @ParameterizedTest(name = "crash at {0}, kept: {1}")
  @CsvSource({
      "files, true",
      "called, true",
      "opened, false", "opened, true",
      "uploadStarting:0, false", "uploadStarting:0, true",
      "fileUploaded:0, false", "fileUploaded:0, true",
      "fileDetailsSent:0, false", "fileDetailsSent:0, true",
      "fileUploaded:1, true", "fileDetailsSent:1, true",
      "finished, false", "finished, true"})
  void aSendCutShortAtAnyStepResumesFromTheJournalAndFilesOnce(String step, boolean kept) throws Exception {
    Report report = report();
    preserve(store, report, PHOTO, START.plus(Duration.ofDays(365)));
    preserve(store, report, VIDEO, START.plus(Duration.ofDays(365)));
    CrashingSink crashing = new CrashingSink(sink().build(), step, kept, () -> {});
    Outbox outbox = outbox(crashing);

    OutboxRecord record = file(outbox, report);

    assertThat(crashing.crashed).isTrue();
    assertThat(record.state()).isEqualTo(OutboxState.DELIVERED);
    assertThat(outbox.attempts(record.key())).extracting(Attempt::outcome)
        .containsExactly(Attempt.Outcome.RETRYABLE_FAILURE, Attempt.Outcome.DELIVERED);
    assertThat(fake.finished()).singleElement().satisfies(r -> {
      assertThat(record.externalId()).isEqualTo(Long.toString(r.id));
      assertThat(r.files.values()).extracting(f -> f.content).containsExactly(PHOTO, VIDEO);
      assertThat(r.finishCalls).isEqualTo(step.equals("finished") && !kept ? 2 : 1);
    });
    assertThat(fake.violations()).isEmpty();
    // A crash after the submit's call was recorded but before its reportId was lost that id too.
    boolean reportIdLost = (step.equals("opened") && !kept) || step.equals("called");
    boolean uploadInDoubt = (step.startsWith("uploadStarting") && kept) || (step.startsWith("fileUploaded:0") && !kept);
    if (reportIdLost) {
      // NCMEC deletes the report whose id was lost; it is never finished.
      assertThat(fake.count("submit")).isEqualTo(2);
    } else if (uploadInDoubt) {
      // A copy may have arrived unrecorded: that report is retracted and the report sent anew.
      assertThat(fake.count("submit")).isEqualTo(2);
      assertThat(fake.reports()).filteredOn(r -> r.retracted).hasSize(1);
    } else {
      assertThat(fake.count("submit")).as("no second NCMEC report").isOne();
      assertThat(fake.reports()).hasSize(1);
    }
    if (step.equals("finished") && kept) {
      assertThat(fake.calls()).as("the finished report is not touched again").endsWith("fileinfo", "finish");
    }
    // The receipt has the calls of both attempts.
    JsonNode calls = json(record.receipt()).get("calls");
    assertThat(calls.size()).isEqualTo(fake.calls().size());
  }

  @Test
  void aServerFailingMidSendIsRetriedByTheOutboxWhichResumesWithoutASecondReport() throws Exception {
    Report report = report();
    preserve(store, report, PHOTO, START.plus(Duration.ofDays(365)));
    preserve(store, report, VIDEO, START.plus(Duration.ofDays(365)));
    fake.scriptHttp("fileinfo", 503, 503);
    Outbox outbox = outbox(sink().build());

    OutboxRecord record = file(outbox, report);

    assertThat(record.state()).isEqualTo(OutboxState.DELIVERED);
    assertThat(outbox.attempts(record.key())).extracting(Attempt::outcome)
        .containsExactly(Attempt.Outcome.RETRYABLE_FAILURE, Attempt.Outcome.DELIVERED);
    assertThat(outbox.attempts(record.key()).get(0).detail()).contains("fileinfo").contains("HTTP 503");
    assertThat(fake.calls()).containsExactly("submit", "upload", "fileinfo", "fileinfo",
        "fileinfo", "upload", "fileinfo", "finish");
    assertThat(fake.finished()).hasSize(1);
    assertThat(fake.reports()).hasSize(1);
  }

  @Test
  void anUnfinishedReportIdleForMoreThanAnHourIsAbandonedAndSentAnewOnce() throws Exception {
    Report report = report();
    preserve(store, report, PHOTO, START.plus(Duration.ofDays(365)));
    preserve(store, report, VIDEO, START.plus(Duration.ofDays(365)));
    CrashingSink crashing = new CrashingSink(sink().build(), "fileUploaded:0", true,
        () -> clock.advance(Duration.ofMinutes(61)));
    Outbox outbox = outbox(crashing);

    OutboxRecord record = file(outbox, report);

    assertThat(record.state()).isEqualTo(OutboxState.DELIVERED);
    assertThat(fake.count("submit")).isEqualTo(2);
    assertThat(fake.deleted()).singleElement().satisfies(stale -> {
      assertThat(stale.finished).isFalse();
      assertThat(record.externalId()).isNotEqualTo(Long.toString(stale.id));
    });
    assertThat(fake.finished()).singleElement().satisfies(r ->
        assertThat(record.externalId()).isEqualTo(Long.toString(r.id)));
    assertThat(outbox.journal(record.key())).extracting(JournalRecord::record)
        .filteredOn(r -> r.startsWith("{\"event\":\"abandoned\""))
        .singleElement().asString().contains("\"reason\":\"expired");
    assertThat(fake.violations()).isEmpty();
  }

  @Test
  void evidencePurgedBetweenAttemptsRetractsTheReportBegunWithItAndFilesAnew() throws Exception {
    Report report = report();
    preserve(store, report, PHOTO, START.plus(Duration.ofDays(365)));
    preserve(store, report, VIDEO, START.plus(Duration.ofDays(30)));
    CrashingSink crashing = new CrashingSink(sink().build(), "fileUploaded:0", true,
        () -> store.purgeExpired(START.plus(Duration.ofDays(31))));
    Outbox outbox = outbox(crashing);

    OutboxRecord record = file(outbox, report);

    assertThat(record.state()).isEqualTo(OutboxState.DELIVERED);
    assertThat(fake.count("submit")).isEqualTo(2);
    assertThat(fake.reports()).filteredOn(r -> r.retracted).hasSize(1);
    assertThat(fake.finished()).singleElement().satisfies(r -> {
      assertThat(r.files.values()).extracting(f -> f.name).containsExactly("ev_2");
      assertThat(r.xml).contains("evidence ev_3 (content not kept)");
    });
    assertThat(events(outbox, record.key())).containsSubsequence("files", "opened", "abandoned", "files", "opened",
        "finished");
  }

  @Test
  void aFinishThatWentThroughUnrecordedIsNotFiledAgainWhenTheEvidenceChangedMeanwhile() throws Exception {
    Report report = report();
    preserve(store, report, PHOTO, START.plus(Duration.ofDays(365)));
    preserve(store, report, VIDEO, START.plus(Duration.ofDays(30)));
    CrashingSink crashing = new CrashingSink(sink().build(), "finished", false,
        () -> store.purgeExpired(START.plus(Duration.ofDays(31))));
    Outbox outbox = outbox(crashing);

    OutboxRecord record = file(outbox, report);

    assertThat(record.state()).isEqualTo(OutboxState.DELIVERED);
    assertThat(fake.count("submit")).isOne();
    assertThat(fake.finished()).singleElement().satisfies(r -> {
      assertThat(record.externalId()).isEqualTo(Long.toString(r.id));
      assertThat(r.files).hasSize(2);
    });
    assertThat(fake.calls()).endsWith("finish", "retract");
    JsonNode calls = json(record.receipt()).get("calls");
    assertThat(calls.get(calls.size() - 1).get("endpoint").asText()).isEqualTo("retract");
    assertThat(calls.get(calls.size() - 1).get("responseCode").asInt()).isEqualTo(5102);
  }

  @ParameterizedTest
  @ValueSource(strings = {"files", "called", "opened", "uploadStarting", "fileUploaded", "fileDetailsSent", "finished"})
  void anAttemptThatLostItsTurnStopsAndTheFencingExceptionLeavesTheSinkUnchanged(String event) {
    Report report = report();
    preserve(store, report, PHOTO, START.plus(Duration.ofDays(365)));
    JournalFencedException fenced = new JournalFencedException("attempt 1 of x is no longer current");
    DeliveryJournal journal = new DeliveryJournal() {
      final DeliveryJournal kept = DeliveryJournal.inMemory();

      @Override
      public List<JournalRecord> records() {
        return kept.records();
      }

      @Override
      public void append(String record) {
        if (record.startsWith("{\"event\":\"" + event + "\"")) {
          throw fenced;
        }
        kept.append(record);
      }
    };

    assertThatThrownBy(() -> sink().build().deliver(NcmecSink.entry(report, START), journal)).isSameAs(fenced);
    // Only a fence on the finish's own record comes after NCMEC filed the report.
    assertThat(fake.finished()).hasSize(event.equals("finished") ? 1 : 0);
  }

  // --- Dead letters -------------------------------------------------------------------------

  @Test
  void refusedCredentialsAreADeadLetterAfterOneAttemptAndAnErrorWithoutThePassword() throws Exception {
    Report report = report();
    NcmecSink wrong = NcmecSink.builder()
        .client(client().credentials(NcmecEnvironment.TEST, USER, "wr0ng-Pa55word-9".toCharArray()).build())
        .reporter(NcmecFixtures.reporter()).build();
    Outbox outbox = outbox(wrong);
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream err = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    OutboxRecord record;
    try {
      record = file(outbox, report);
    } finally {
      System.setErr(err);
    }

    assertThat(record.state()).isEqualTo(OutboxState.DEAD);
    assertThat(outbox.attempts(record.key())).extracting(Attempt::outcome)
        .containsExactly(Attempt.Outcome.PERMANENT_FAILURE);
    assertThat(record.lastError()).contains("refused the credentials").doesNotContain("wr0ng").doesNotContain(PASSWORD);
    String logged = captured.toString(StandardCharsets.UTF_8);
    assertThat(logged).contains("ERROR").contains(record.key()).doesNotContain("wr0ng").doesNotContain(PASSWORD);
    assertThat(fake.calls()).containsExactly("submit");
  }

  @Test
  void aRejectionIsADeadLetterAndTheNcmecReportIsRetracted() throws Exception {
    Report report = report();
    preserve(store, report, PHOTO, START.plus(Duration.ofDays(365)));
    fake.script("fileinfo", 4100);
    Outbox outbox = outbox(sink().build());

    OutboxRecord record = file(outbox, report);

    assertThat(record.state()).isEqualTo(OutboxState.DEAD);
    assertThat(outbox.attempts(record.key())).hasSize(1);
    assertThat(record.lastError()).contains("rejected").contains("4100").contains("retracted");
    assertThat(fake.reports()).singleElement().satisfies(r -> {
      assertThat(r.retracted).isTrue();
      assertThat(r.finished).isFalse();
    });
    assertThat(events(outbox, record.key())).endsWith("abandoned");
  }

  @Test
  void anUnreadablePayloadIsADeadLetterWhoseReasonDoesNotQuoteIt() throws Exception {
    Outbox outbox = outbox(sink().build());

    OutboxRecord garbage = file(outbox, OutboxEntry.ofText("r_garbage:ncmec", "ncmec", "{not json", START));
    OutboxRecord wrong = file(outbox, OutboxEntry.ofText("r_wrong:ncmec", "ncmec",
        "{\"schemaVersion\":\"SECRET-MARKER\"}", START));

    assertThat(garbage.state()).isEqualTo(OutboxState.DEAD);
    assertThat(garbage.lastError()).contains("r_garbage:ncmec is not a readable report");
    assertThat(wrong.state()).isEqualTo(OutboxState.DEAD);
    assertThat(wrong.lastError()).contains("not a readable report").doesNotContain("SECRET-MARKER");
    assertThat(outbox.attempts(garbage.key())).hasSize(1);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aCategoryNcmecDoesNotTakeIsADeadLetter() throws Exception {
    Report adult = ReportFixtures.example().category(ReportCategory.ADULT_TRAFFICKING).build();
    Outbox outbox = outbox(sink().build());

    OutboxRecord record = file(outbox, adult);

    assertThat(record.state()).isEqualTo(OutboxState.DEAD);
    assertThat(record.lastError()).contains("ADULT_TRAFFICKING").contains("not routed");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void xmlThatFailsTheSchemaIsADeadLetterNamingTheRuleNotTheValues() throws Exception {
    NcmecReporter broken = NcmecReporter.of(new NcmecContact("A", "B", null, "5550100", "SECRET"));
    Outbox outbox = outbox(sink().reporter(broken).build());

    OutboxRecord record = file(outbox, report());

    assertThat(record.state()).isEqualTo(OutboxState.DEAD);
    assertThat(record.lastError()).contains("cyber_tipline.xsd").contains("cvc-").doesNotContain("SECRET");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aJournalThatCannotBeReplayedIsADeadLetterRatherThanAGuess() {
    Report report = report();
    DeliveryJournal journal = DeliveryJournal.inMemory();
    journal.append(NcmecJournal.opened(70000001, START, null));
    journal.append("{\"event\":\"fileDetailsSent\",\"reportId\":70000001,\"fileIndex\":0,\"at\":\"" + START + "\"}");

    DeliveryResult result = sink().build().deliver(NcmecSink.entry(report, START), journal);

    assertThat(result).isInstanceOfSatisfying(DeliveryResult.PermanentFailure.class, f ->
        assertThat(f.reason()).contains("cannot be replayed").contains("record 1"));
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aJournalNamingAFileTheReportLacksDoesNotReachTheClientButStartsAnew() {
    Report report = report();
    preserve(store, report, PHOTO, START.plus(Duration.ofDays(365)));
    preserve(store, report, VIDEO, START.plus(Duration.ofDays(365)));
    DeliveryJournal journal = DeliveryJournal.inMemory();
    journal.append(NcmecJournal.files(List.of("ev_2", "ev_3"), START));
    journal.append(NcmecJournal.opened(69999999, START, null));
    journal.append(NcmecJournal.uploadStarting(69999999, 5, START));

    DeliveryResult result = sink().build().deliver(NcmecSink.entry(report, START), journal);

    assertThat(result).isInstanceOf(DeliveryResult.Delivered.class);
    assertThat(fake.calls()).startsWith("retract", "submit");
    assertThat(fake.finished()).singleElement().satisfies(r -> assertThat(r.files).hasSize(2));
    assertThat(journal.records()).extracting(JournalRecord::record)
        .anyMatch(r -> r.startsWith("{\"event\":\"abandoned\",\"reportId\":69999999"));
  }

  // --- Builder ------------------------------------------------------------------------------

  @Test
  void theClientAndTheReporterAreRequired() {
    assertThatThrownBy(() -> NcmecSink.builder().reporter(NcmecFixtures.reporter()).build())
        .isInstanceOf(NullPointerException.class).hasMessageContaining("client was not set");
    assertThatThrownBy(() -> NcmecSink.builder().client(client().build()).build())
        .isInstanceOf(NullPointerException.class).hasMessageContaining("reporter was not set");
    assertThat(sink().build().toString()).doesNotContain(PASSWORD);
  }
}
