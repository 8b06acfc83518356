package io.tripline.report.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Informal rates on SQLite with durability on; printed, with floors far below the targets. */
class OutboxThroughputTest {
  @TempDir Path dir;

  @Test
  void enqueueAndDeliveryRatesOnSqlite() throws Exception {
    int n = 1000;
    Path db = dir.resolve("outbox.db");
    Instant created = Instant.parse("2026-11-28T10:00:00Z");
    long t0 = System.nanoTime();
    try (Outbox outbox = Outbox.builder().sqlite(db).build()) {
      for (int i = 0; i < n; i++) {
        outbox.enqueue(OutboxEntry.ofText("t-" + i, "clearinghouse", "{\"n\":" + i + "}", created));
      }
    }
    double enqueueSeconds = (System.nanoTime() - t0) / 1e9;
    AtomicInteger delivered = new AtomicInteger();
    long t1 = System.nanoTime();
    try (Outbox outbox =
        Outbox.builder()
            .sqlite(db)
            .idlePoll(Duration.ofMillis(20))
            .pollingInterval(Duration.ofMillis(20))
            .sink(e -> {
              delivered.incrementAndGet();
              return new DeliveryResult.Delivered(new byte[] {1}, null);
            })
            .build()) {
      OutboxSqliteTest.await("all delivered", () -> delivered.get() >= n, Duration.ofSeconds(60));
      double deliverSeconds = (System.nanoTime() - t1) / 1e9;
      System.out.printf("[rates] SQLite, synchronous=FULL: enqueue %.0f/s, delivery to a local sink %.0f/s (%d entries)%n",
          n / enqueueSeconds, n / deliverSeconds, n);
      assertThat(outbox.counts()).containsEntry(OutboxState.DELIVERED, (long) n);
    }
  }
}
