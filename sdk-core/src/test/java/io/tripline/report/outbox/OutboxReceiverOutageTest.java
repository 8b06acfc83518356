package io.tripline.report.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Receiver down for a while, then up: everything arrives, in creation order, after growing waits. */
class OutboxReceiverOutageTest {
  @TempDir Path dir;

  @Test
  void deliversEverythingInCreationOrderWithGrowingBackoffOnceTheReceiverIsBack() throws Exception {
    try (TestReceiver receiver = new TestReceiver();
        Outbox outbox =
            Outbox.builder()
                .sqlite(dir.resolve("outbox.db"))
                .sink(new HttpSink(receiver.uri()))
                .maxAttempts(50)
                .backoff(Duration.ofMillis(25), Duration.ofMillis(400))
                .idlePoll(Duration.ofMillis(50))
                .pollingInterval(Duration.ofMillis(50))
                .shutdownWait(Duration.ofSeconds(2))
                .build()) {
      receiver.down(true);
      List<String> clearinghouse = new ArrayList<>();
      List<String> ncmec = new ArrayList<>();
      Instant created = Instant.parse("2026-11-28T10:00:00Z");
      for (int i = 0; i < 40; i++) {
        String destination = i % 4 == 3 ? "ncmec" : "clearinghouse";
        String key = String.format("report-%03d", i);
        (destination.equals("ncmec") ? ncmec : clearinghouse).add(key);
        outbox.enqueue(OutboxEntry.ofText(key, destination, "{\"n\":" + i + "}", created.plusMillis(i)));
      }

      OutboxSqliteTest.await(
          "five failed attempts at the head", () -> outbox.attempts("report-000").size() >= 6, Duration.ofSeconds(20));
      receiver.down(false);
      OutboxSqliteTest.await(
          "all delivered", () -> outbox.counts().get(OutboxState.DELIVERED) == 40L, Duration.ofSeconds(20));

      List<String> accepted = receiver.acceptedOrder();
      assertThat(accepted.stream().filter(clearinghouse::contains)).containsExactlyElementsOf(clearinghouse);
      assertThat(accepted.stream().filter(ncmec::contains)).containsExactlyElementsOf(ncmec);
      assertThat(receiver.requestsPerKey().values()).containsOnly(1);
      assertThat(receiver.payloadMismatches()).isEmpty();

      // The head of each queue took the failures; the entries behind it waited (head-of-line).
      List<Attempt> head = outbox.attempts("report-000");
      List<Attempt> failures =
          head.stream().filter(a -> a.outcome() == Attempt.Outcome.RETRYABLE_FAILURE).toList();
      assertThat(head.get(head.size() - 1).outcome()).isEqualTo(Attempt.Outcome.DELIVERED);
      assertThat(failures).hasSizeGreaterThanOrEqualTo(5).allSatisfy(a -> assertThat(a.detail()).isEqualTo("HTTP 503"));
      List<Long> waits =
          failures.stream()
              .map(a -> Duration.between(a.finishedAt(), a.retryAt()).toMillis())
              .toList();
      System.out.println("[outage] backoff after each failed attempt at the head (ms): " + waits
          + "; refused requests while down: " + receiver.refused());
      for (int i = 1; i < Math.min(waits.size(), 5); i++) {
        assertThat(waits.get(i)).as("wait %d grows: %s", i, waits).isGreaterThanOrEqualTo(waits.get(i - 1));
      }
      assertThat(waits.get(4)).isGreaterThan(waits.get(0) * 4);
      assertThat(waits).allSatisfy(w -> assertThat(w).isBetween(12L, 400L));
      // Attempts are really spaced by the backoff.
      for (int i = 1; i < head.size(); i++) {
        assertThat(head.get(i).startedAt()).isAfterOrEqualTo(head.get(i - 1).retryAt());
      }
      assertThat(outbox.attempts("report-001")).singleElement()
          .extracting(Attempt::outcome).isEqualTo(Attempt.Outcome.DELIVERED);
      assertThat(new String(outbox.find("report-039").orElseThrow().receipt(), StandardCharsets.UTF_8))
          .isEqualTo("receipt:report-039");
      assertThat(outbox.find("report-039").orElseThrow().externalId()).isEqualTo("ext-report-039");
    }
  }
}
