package io.tripline.report.ncmec;

import io.tripline.testkit.MutableClock;
import static io.tripline.report.ncmec.NcmecSinkTest.PHOTO;
import static io.tripline.report.ncmec.NcmecSinkTest.VIDEO;
import static io.tripline.report.ncmec.NcmecSinkTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tripline.report.Report;
import io.tripline.report.evidence.EvidenceStore;
import io.tripline.report.outbox.Attempt;
import io.tripline.report.outbox.Outbox;
import io.tripline.report.outbox.OutboxEntry;
import io.tripline.report.outbox.OutboxRecord;
import io.tripline.report.outbox.OutboxState;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kills a dispatching JVM with SIGKILL in the middle of a CyberTipline send, right after a step
 * was journaled, then delivers the same entry from a new {@link Outbox} on the same SQLite file:
 * the send resumes with the journaled NCMEC ids, and NCMEC holds exactly one report, finished.
 */
class NcmecSinkCrashTest {

  @TempDir Path dir;
  // The child sends with the system clock; the fake must not expire what it opened.
  private final MutableClock clock = new MutableClock(Instant.now());
  private final FakeNcmec fake = new FakeNcmec(clock).credentials("test", NcmecSinkTest.USER, NcmecSinkTest.PASSWORD);

  @StartStop
  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void setUp() {
    server.setDispatcher(fake);
  }

  @ParameterizedTest(name = "SIGKILL after {0}")
  @ValueSource(strings = {"opened", "fileUploaded:1", "finished"})
  void aSendKilledMidwayResumesInANewOutboxAndFilesOnce(String step) throws Exception {
    Path db = dir.resolve("outbox.db");
    Path evidence = dir.resolve("evidence");
    String baseUrl = server.url("/test/ispws/").toString();
    Report report = NcmecSinkTest.report();
    Instant until = Instant.now().plus(Duration.ofDays(365));
    // One store instance per process at a time: this one is done before the child starts.
    EvidenceStore before = NcmecSinkTest.evidenceStore(evidence, Clock.systemUTC());
    NcmecSinkTest.preserve(before, report, PHOTO, until);
    NcmecSinkTest.preserve(before, report, VIDEO, until);
    OutboxEntry entry = NcmecSink.entry(report, Instant.now());
    try (Outbox enqueueOnly = Outbox.builder().sqlite(db).build()) {
      enqueueOnly.enqueue(entry);
    }

    Path childErr = dir.resolve("child.err");
    Process child = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m", "-XX:TieredStopAtLevel=1",
        "-Djava.awt.headless=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", System.getProperty("java.class.path"),
        NcmecSinkCrashChild.class.getName(), db.toString(), evidence.toString(), baseUrl, step)
        .redirectError(childErr.toFile())
        .start();
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line);
        }
      } catch (java.io.IOException ignored) {
        // killed
      }
    });
    reader.setDaemon(true);
    reader.start();
    try {
      await("the child to halt after " + step, () -> {
        if (!child.isAlive()) {
          throw new AssertionError("the child exited: " + readQuietly(childErr));
        }
        return lines.contains("HALTED");
      });
    } finally {
      child.destroyForcibly(); // SIGKILL on Unix
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(fake.finished()).as("killed before the outcome was stored")
        .hasSize(step.equals("finished") ? 1 : 0);
    int callsBefore = fake.calls().size();

    NcmecSink sink = NcmecSink.builder()
        .client(NcmecSinkTest.client(baseUrl, Clock.systemUTC()).build())
        .reporter(NcmecFixtures.reporter())
        .evidenceStore(NcmecSinkTest.evidenceStore(evidence, Clock.systemUTC()))
        .build();
    try (Outbox outbox = Outbox.builder().sqlite(db).sink(NcmecSink.DESTINATION, sink)
        .idlePoll(Duration.ofMillis(50)).pollingInterval(Duration.ofMillis(50)).build()) {
      await("delivered", () -> outbox.find(entry.key()).map(r -> r.state() == OutboxState.DELIVERED).orElse(false));
      OutboxRecord record = outbox.find(entry.key()).orElseThrow();
      assertThat(outbox.attempts(entry.key())).extracting(Attempt::outcome)
          .containsExactly(Attempt.Outcome.INTERRUPTED, Attempt.Outcome.DELIVERED);
      assertThat(fake.count("submit")).as("no second NCMEC report").isOne();
      assertThat(fake.finished()).singleElement().satisfies(r -> {
        assertThat(record.externalId()).isEqualTo(Long.toString(r.id));
        assertThat(r.files.values()).extracting(f -> f.content).containsExactly(PHOTO, VIDEO);
        assertThat(r.finishCalls).isOne();
      });
      assertThat(fake.violations()).isEmpty();
      if (step.equals("finished")) {
        assertThat(fake.calls()).as("nothing sent after the finish").hasSize(callsBefore);
      } else {
        assertThat(fake.count("upload")).as("no file uploaded twice").isEqualTo(2);
      }
    }
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return "(no stderr)";
    }
  }
}
