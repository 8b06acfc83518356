package io.tripline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripline.report.ClearinghouseSink;
import io.tripline.report.Receipt;
import io.tripline.report.Report;
import io.tripline.report.ReportJson;
import io.tripline.report.RoutePlan;
import io.tripline.report.Subject;
import io.tripline.report.outbox.Attempt;
import io.tripline.report.outbox.DeliveryJournal;
import io.tripline.report.outbox.DeliveryResult;
import io.tripline.report.outbox.DeliverySink;
import io.tripline.report.outbox.Outbox;
import io.tripline.report.outbox.OutboxEntry;
import io.tripline.report.outbox.OutboxRecord;
import io.tripline.report.outbox.OutboxState;
import io.tripline.rules.ReportCategory;
import io.tripline.rules.Route;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code tripline reports} against a real SQLite outbox made here: a delivered protocol
 * report with a clearinghouse receipt, a dead letter, an entry backing off after a retryable
 * failure, and a new entry never attempted.
 */
class ReportsCommandTest {
  private static final String NL = System.lineSeparator();
  /** The dispatcher's clock: every time it records is this one. */
  private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
  private static final Instant CREATED = Instant.parse("2026-11-28T09:59:00Z");
  private static final Instant LATER = Instant.parse("2026-11-28T10:05:00Z");
  private static final String USER_ID = "u_998";
  private static final String SCREEN_NAME = "anna_k";
  private static final String IP = "203.0.113.9";
  private static final String SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  private static final String SIGNATURE = "keyid=ch-2026,ed25519=" + "A".repeat(86) + "==";
  private static final String DEAD_REASON = "422 invalid report: 'evidence[0].digests.sha256' is not a SHA-256 hex digest;"
      + "\nsee the protocol for the digest forms accepted by the clearinghouse";

  @TempDir Path dir;
  private Path db;
  private Report report;
  private String reportKey;
  private String receiptBody;

  @BeforeEach
  void makeStore() throws Exception {
    db = dir.resolve("outbox.db");
    report = Report.builder()
        .category(ReportCategory.CHILD_SEX_TRAFFICKING)
        .occurredAt(Instant.parse("2026-11-28T09:58:00Z"))
        .knowledgeAt(CREATED)
        .urgent(false)
        .platform("example-classifieds")
        .method(Report.Detection.Method.HASH_MATCH)
        .humanReviewed(true)
        .addMatch(new Report.IndicatorMatch("confirmed-hashes", "ind-81f3", "pdq", 12))
        .addSubject(Subject.Involved.reportedUser(USER_ID, SCREEN_NAME,
            List.of(new Subject.IpEvent(IP, Subject.IpEventType.UPLOAD, CREATED))))
        .addEvidence(new Report.Evidence("ev_1", new Report.Digests(SHA256, null, null, null), true,
            Report.EvidenceMode.HASH_ONLY))
        .providerCountries("US")
        .subjectCountries("US")
        .notifySubject(false)
        .build();
    reportKey = report.id();
    receiptBody = "{\"reportId\":\"" + reportKey + "\",\"receivedAt\":\"2026-11-28T10:00:01Z\",\"status\":\"RECEIVED\","
        + "\"routes\":[{\"destination\":\"NCMEC\",\"obligation\":\"MANDATORY\",\"status\":\"DELIVERED\","
        + "\"externalId\":\"CT-1001\"}],\"preservation\":{\"until\":\"2027-11-28T10:00:00Z\",\"basis\":\"us-18-usc-2258a-h\"}}";
    Receipt receipt = new Receipt(reportKey, Instant.parse("2026-11-28T10:00:01Z"), "RECEIVED",
        List.of(new Receipt.RouteState("NCMEC", Route.Obligation.MANDATORY, Receipt.RouteStatus.DELIVERED, "CT-1001",
            null)),
        new RoutePlan.Preservation(Instant.parse("2027-11-28T10:00:00Z"), "us-18-usc-2258a-h"), "ch-2026", receiptBody,
        SIGNATURE);

    // Enqueued before the dispatcher starts, so that it finds them all in its first run: its clock
    // stands still, so a destination it found empty would not be looked at again.
    Clock fixed = Clock.fixed(T0, ZoneOffset.UTC);
    try (Outbox enqueueOnly = Outbox.builder().sqlite(db).clock(fixed).build()) {
      enqueueOnly.enqueue(new OutboxEntry(reportKey, ClearinghouseSink.DESTINATION, ReportJson.write(report), CREATED));
      enqueueOnly.enqueue(OutboxEntry.ofText("r-dead", "clearinghouse", "{\"x\":1}", CREATED));
      enqueueOnly.enqueue(OutboxEntry.ofText("r-backoff", "ncmec", "<report/>", CREATED));
    }
    AtomicInteger calls = new AtomicInteger();
    try (Outbox dispatching = Outbox.builder()
        .sqlite(db)
        .clock(fixed)
        .idlePoll(Duration.ofMillis(50))
        .pollingInterval(Duration.ofMillis(50))
        .dispatcherName("test-dispatcher")
        .shutdownWait(Duration.ofSeconds(2))
        .sink(new DeliverySink() {
          @Override
          public DeliveryResult deliver(OutboxEntry e) {
            throw new AssertionError("the outbox passes the journal");
          }

          @Override
          public DeliveryResult deliver(OutboxEntry e, DeliveryJournal journal) {
            calls.incrementAndGet();
            return switch (e.key()) {
              case "r-dead" -> new DeliveryResult.PermanentFailure(DEAD_REASON);
              case "r-backoff" -> {
                journal.append("{\"step\":\"reportOpened\",\"reportId\":1001}");
                yield new DeliveryResult.RetryableFailure("503 Service Unavailable", Duration.ofHours(1));
              }
              default -> new DeliveryResult.Delivered(ClearinghouseSink.receiptRecord(receipt), "CT-1001");
            };
          }
        })
        .build()) {
      long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!(state(dispatching, reportKey) == OutboxState.DELIVERED && state(dispatching, "r-dead") == OutboxState.DEAD
          && finishedAttempts(dispatching, "r-backoff") == 1)) {
        assertThat(System.nanoTime()).as("the dispatcher delivers the fixture").isLessThan(end);
        Thread.sleep(20);
      }
    }
    assertThat(calls.get()).isEqualTo(3);
    // Enqueued by an instance that only enqueues: never attempted.
    try (Outbox enqueueOnly = Outbox.builder().sqlite(db).build()) {
      enqueueOnly.enqueue(OutboxEntry.ofText("r-new", "clearinghouse", "{\"y\":2}", LATER));
    }
  }

  private static OutboxState state(Outbox outbox, String key) {
    return outbox.find(key).map(OutboxRecord::state).orElse(null);
  }

  private static long finishedAttempts(Outbox outbox, String key) {
    return outbox.attempts(key).stream().filter(a -> a.finishedAt() != null).count();
  }

  /** Reads the store back with a fresh enqueue-only outbox. */
  private OutboxRecord stored(String key) {
    try (Outbox outbox = Outbox.builder().sqlite(db).build()) {
      return outbox.find(key).orElseThrow();
    }
  }

  private List<Attempt> attempts(String key) {
    try (Outbox outbox = Outbox.builder().sqlite(db).build()) {
      return outbox.attempts(key);
    }
  }

  /** As {@code main} runs it: failures are one line on standard error. */
  private CliRun tripline(String... args) {
    return CliRun.of(Main.commandLine(), args);
  }

  private String deliveredLine() {
    return reportKey + "  clearinghouse  delivered  1 attempt  created 2026-11-28T09:59:00Z  delivered 2026-11-28T10:00:00Z";
  }

  private static final String DEAD_LINE = "r-dead  clearinghouse  dead  1 attempt  created 2026-11-28T09:59:00Z  -"
      + "  last error: 422 invalid report: 'evidence[0].digests.sha256' is not a SHA-256 hex digest; se...";
  private static final String BACKOFF_LINE = "r-backoff  ncmec  pending  1 attempt  created 2026-11-28T09:59:00Z"
      + "  next 2026-11-28T11:00:00Z  last error: 503 Service Unavailable";
  private static final String NEW_LINE = "r-new  clearinghouse  pending  0 attempts  created 2026-11-28T10:05:00Z  next ";

  @Test
  void listShowsEveryEntryOldestFirstThenTheCountsOfEveryState() {
    CliRun run = tripline("reports", "--store", db.toString(), "list");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(5);
    assertThat(lines.subList(0, 3)).containsExactly(deliveredLine(), DEAD_LINE, BACKOFF_LINE);
    // Enqueued without a dispatcher: due when enqueued, by the real clock.
    assertThat(lines.get(3)).startsWith(NEW_LINE).matches(".*  next \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z");
    assertThat(lines.get(4)).isEqualTo("shown 4 of 4  pending 2, delivered 1, dead 1");
  }

  @Test
  void listOneStateAndALimit() {
    CliRun dead = tripline("reports", "--store", db.toString(), "list", "--state", "dead");
    CliRun pending = tripline("reports", "--store", db.toString(), "list", "--state", "PENDING", "--limit", "1");
    CliRun limited = tripline("reports", "--store", db.toString(), "list", "--limit", "2");

    assertThat(dead.exitCode()).as(dead.err()).isZero();
    assertThat(dead.out()).isEqualTo(DEAD_LINE + NL + "shown 1 of 1  pending 2, delivered 1, dead 1" + NL);
    assertThat(pending.exitCode()).as(pending.err()).isZero();
    assertThat(pending.out()).isEqualTo(BACKOFF_LINE + NL + "shown 1 of 2  pending 2, delivered 1, dead 1" + NL);
    assertThat(limited.exitCode()).as(limited.err()).isZero();
    assertThat(limited.out()).isEqualTo(deliveredLine() + NL + DEAD_LINE + NL
        + "shown 2 of 4  pending 2, delivered 1, dead 1" + NL);
  }

  @Test
  void listRefusesAnUnknownStateOrLimitAsUsageErrors() {
    CliRun state = tripline("reports", "--store", db.toString(), "list", "--state", "stuck");
    CliRun limit = tripline("reports", "--store", db.toString(), "list", "--limit", "0");

    assertThat(state.exitCode()).isEqualTo(2);
    assertThat(state.out()).isEmpty();
    assertThat(state.err()).contains("unknown --state 'stuck' (expected one of [pending, delivered, dead])")
        .contains("Usage: tripline reports list");
    assertThat(limit.exitCode()).isEqualTo(2);
    assertThat(limit.err()).contains("--limit must be 1..10000, was 0");
  }

  @Test
  void showADeliveredReport() {
    CliRun run = tripline("reports", "--store", db.toString(), "show", reportKey);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    int bytes = ReportJson.write(report).length;
    int receiptBytes = (SIGNATURE + "\n" + receiptBody).getBytes(StandardCharsets.UTF_8).length;
    assertThat(run.out().lines()).containsExactly(
        "key: " + reportKey,
        "destination: clearinghouse",
        "state: delivered",
        "created: 2026-11-28T09:59:00Z",
        "delivered: 2026-11-28T10:00:00Z",
        "external id: CT-1001",
        "payload: protocol report, category CHILD_SEX_TRAFFICKING, report id " + reportKey + ", 1 evidence item, "
            + bytes + " bytes",
        "attempts: 1",
        "  attempt 1  2026-11-28T10:00:00Z  delivered  finished 2026-11-28T10:00:00Z  detail: CT-1001  by test-dispatcher",
        "receipt: clearinghouse receipt, " + receiptBytes + " bytes",
        "  signature: header present (keyid ch-2026), not verified here",
        "  reportId: " + reportKey,
        "  receivedAt: 2026-11-28T10:00:01Z",
        "  status: RECEIVED",
        "  route: NCMEC  DELIVERED  obligation MANDATORY  externalId CT-1001",
        "  preservation: until 2027-11-28T10:00:00Z, basis us-18-usc-2258a-h");
  }

  @Test
  void showPrintsNoPersonalDataOfThePayload() {
    CliRun run = tripline("reports", "--store", db.toString(), "show", reportKey);

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).doesNotContain(USER_ID, SCREEN_NAME, IP, SHA256, "example-classifieds", "ind-81f3");
  }

  @Test
  void showADeadLetterWithItsFailedAttempt() {
    CliRun run = tripline("reports", "--store", db.toString(), "show", "r-dead");

    assertThat(run.exitCode()).as(run.err()).isZero();
    String oneLineReason = DEAD_REASON.replace('\n', ' ');
    assertThat(run.out().lines()).containsExactly(
        "key: r-dead",
        "destination: clearinghouse",
        "state: dead",
        "created: 2026-11-28T09:59:00Z",
        "last error: " + oneLineReason,
        "external id: -",
        "payload: not a protocol report, 7 bytes (not shown)",
        "attempts: 1",
        "  attempt 1  2026-11-28T10:00:00Z  permanent failure  finished 2026-11-28T10:00:00Z  error: " + oneLineReason
            + "  by test-dispatcher",
        "receipt: -");
    assertThat(run.out()).doesNotContain("{\"x\":1}");
  }

  @Test
  void showAnEntryBackingOff() {
    CliRun run = tripline("reports", "--store", db.toString(), "show", "r-backoff");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines()).contains(
        "state: pending",
        "next attempt: 2026-11-28T11:00:00Z",
        "last error: 503 Service Unavailable",
        "payload: not a protocol report, 9 bytes (not shown)",
        "  attempt 1  2026-11-28T10:00:00Z  retryable failure  finished 2026-11-28T10:00:00Z"
            + "  error: 503 Service Unavailable  retry at 2026-11-28T11:00:00Z  by test-dispatcher",
        "journal: 1 step",
        "  attempt 1  2026-11-28T10:00:00Z  {\"step\":\"reportOpened\",\"reportId\":1001}");
  }

  @Test
  void showAnUnknownKeyFailsInOneLine() {
    CliRun run = tripline("reports", "--store", db.toString(), "show", "r-nope");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("reports show: no entry with key r-nope" + NL);
  }

  @Test
  void retryMakesADeadLetterPendingAndDeliversNothingItself() {
    CliRun run = tripline("reports", "--store", db.toString(), "retry", "r-dead");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).isEqualTo("retried  r-dead  clearinghouse  now pending" + NL);
    OutboxRecord revived = stored("r-dead");
    assertThat(revived.state()).isEqualTo(OutboxState.PENDING);
    assertThat(revived.nextAttemptAt()).isNotNull();
    // No dispatcher was started: the only attempt is still the dispatcher's first.
    assertThat(revived.attempts()).isEqualTo(1);
    assertThat(attempts("r-dead")).hasSize(1);
    assertThat(tripline("reports", "--store", db.toString(), "list", "--state", "dead").out())
        .isEqualTo("shown 0 of 0  pending 3, delivered 1, dead 0" + NL);
  }

  @Test
  void retryRefusesAnEntryThatIsNotADeadLetter() {
    CliRun delivered = tripline("reports", "--store", db.toString(), "retry", reportKey);
    CliRun pending = tripline("reports", "--store", db.toString(), "retry", "r-new");

    assertThat(delivered.exitCode()).isEqualTo(1);
    assertThat(delivered.out()).isEmpty();
    assertThat(delivered.err()).isEqualTo(
        "reports retry: " + reportKey + " is delivered, not a dead letter: only dead letters are retried" + NL);
    assertThat(pending.exitCode()).isEqualTo(1);
    assertThat(pending.err()).isEqualTo(
        "reports retry: r-new is pending, not a dead letter: only dead letters are retried" + NL);
    assertThat(stored(reportKey).state()).isEqualTo(OutboxState.DELIVERED);
    assertThat(stored("r-new").state()).isEqualTo(OutboxState.PENDING);
  }

  @Test
  void retryTwiceRefusesTheSecondTime() {
    assertThat(tripline("reports", "--store", db.toString(), "retry", "r-dead").exitCode()).isZero();

    CliRun again = tripline("reports", "--store", db.toString(), "retry", "r-dead");

    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).isEqualTo(
        "reports retry: r-dead is pending, not a dead letter: only dead letters are retried" + NL);
  }

  @Test
  void retryAnUnknownKeyFails() {
    CliRun run = tripline("reports", "--store", db.toString(), "retry", "r-nope");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("reports retry: no entry with key r-nope" + NL);
  }

  @Test
  void storeIsRequired() {
    CliRun run = tripline("reports", "list");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required option: '--store=FILE.db'");
  }

  @Test
  void aMissingStoreIsAUsageErrorAndIsNotCreated() {
    Path missing = dir.resolve("nope/outbox.db");

    CliRun run = tripline("reports", "--store", missing.toString(), "list");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("no such file: " + missing).contains("Usage: tripline reports list");
    assertThat(dir.resolve("nope")).doesNotExist();
  }

  @Test
  void aFileThatIsNotAnOutboxIsRefusedAndLeftAlone() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.db"), "not a database");
    Path other = dir.resolve("other.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other);
        Statement s = c.createStatement()) {
      s.execute("create table t (x integer)");
    }

    CliRun notSqlite = tripline("reports", "--store", text.toString(), "show", "r-1");
    CliRun notOutbox = tripline("reports", "--store", other.toString(), "list");
    CliRun directory = tripline("reports", "--store", dir.toString(), "list");

    assertThat(notSqlite.exitCode()).isEqualTo(2);
    assertThat(notSqlite.err()).contains("not an outbox store: " + text + " is not a SQLite database");
    assertThat(Files.readString(text)).isEqualTo("not a database");
    assertThat(notOutbox.exitCode()).isEqualTo(2);
    assertThat(notOutbox.err()).contains("not an outbox store: " + other + " has no outbox tables");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select count(*) from sqlite_master where type = 'table'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).as("no outbox tables were created").isEqualTo(1);
    }
    assertThat(directory.exitCode()).isEqualTo(2);
    assertThat(directory.err()).contains("not a file: " + dir);
  }

  @Test
  void noSubcommandIsAUsageError() {
    CliRun run = tripline("reports", "--store", db.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required command (list, show or retry)");
  }

  @Test
  void topLevelHelpListsTheReportsCommand() {
    CliRun run = tripline("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("reports");
  }

  @Test
  void oneLineCutsLongTextAndControlCharacters() {
    assertThat(ReportsCommand.oneLine("a\nb\tc", 80)).isEqualTo("a b c");
    assertThat(ReportsCommand.oneLine("abcdef", 3)).isEqualTo("abc...");
    assertThat(ReportsCommand.oneLine("abc", 3)).isEqualTo("abc");
  }
}
