package io.tripline.report.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Outbox#backlog()} and {@link Outbox#attemptCounts()}: what health and metrics read. */
class OutboxBacklogTest {
  private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

  @TempDir Path dir;

  @Test
  void anEmptyOutboxHasNoBacklogAndNoAttempts() {
    try (Outbox outbox = Outbox.builder().sqlite(dir.resolve("outbox.db")).build()) {
      assertThat(outbox.backlog()).isEmpty();
      assertThat(outbox.attemptCounts()).hasSize(Attempt.Outcome.values().length).allSatisfy((o, n) -> assertThat(n).isZero());
    }
  }

  @Test
  void pendingEntriesAndDeadLettersAreCountedPerDestinationWithTheOldestPendingCreationTime()
      throws Exception {
    Path db = dir.resolve("outbox.db");
    try (Outbox outbox =
        Outbox.builder()
            .sqlite(db)
            .idlePoll(Duration.ofMillis(50))
            .pollingInterval(Duration.ofMillis(50))
            .shutdownWait(Duration.ofSeconds(2))
            .sink(e -> new DeliveryResult.PermanentFailure("refused"))
            .build()) {
      outbox.enqueue(OutboxEntry.ofText("d-1", "ncmec", "{}", T0));
      OutboxSqliteTest.await(
          "a dead letter", () -> outbox.counts().get(OutboxState.DEAD) == 1L, Duration.ofSeconds(10));
      assertThat(outbox.attemptCounts())
          .containsEntry(Attempt.Outcome.PERMANENT_FAILURE, 1L)
          .containsEntry(Attempt.Outcome.DELIVERED, 0L);
    }
    // Enqueued without a dispatcher, so they stay pending.
    try (Outbox outbox = Outbox.builder().sqlite(db).build()) {
      outbox.enqueue(OutboxEntry.ofText("c-2", "clearinghouse", "{}", T0.plusSeconds(60)));
      outbox.enqueue(OutboxEntry.ofText("c-1", "clearinghouse", "{}", T0));
      outbox.enqueue(OutboxEntry.ofText("n-1", "ncmec", "{}", T0.plusSeconds(5)));

      assertThat(outbox.backlog())
          .containsExactly(
              new Backlog("clearinghouse", 2, 0, T0),
              new Backlog("ncmec", 1, 1, T0.plusSeconds(5)));
      assertThat(outbox.counts()).isEqualTo(Map.of(
          OutboxState.PENDING, 3L, OutboxState.DELIVERED, 0L, OutboxState.DEAD, 1L));
    }
  }
}
