package io.tripline.report.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripline.testkit.PostgresServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two dispatchers on one PostgreSQL (real binaries from Maven Central, no Docker): every entry
 * delivered, none twice. Under {@code CI=true} a PostgreSQL that cannot start fails the test.
 */
class OutboxPostgresTest {
  @RegisterExtension static final PostgresServer postgres = new PostgresServer();

  @Test
  void twoDispatchersDeliverAThousandEntriesNoneLostNoneTwice() throws Exception {
    DataSource ds = new SqliteFile.Pool(postgres.database(), 16);
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> byDispatcher = new ConcurrentHashMap<>();
    int n = 1000;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Outbox> outboxes = new ArrayList<>();
    long t0 = System.nanoTime();
    try {
      // Both start at once: the schema migration must serialise.
      List<Future<Outbox>> starts = new ArrayList<>();
      for (String name : List.of("dispatcher-a", "dispatcher-b")) {
        starts.add(
            pool.submit(
                () ->
                    Outbox.builder()
                        .dataSource(ds)
                        .dispatcherName(name)
                        .threads(4)
                        .idlePoll(Duration.ofMillis(50))
                        .pollingInterval(Duration.ofMillis(50))
                        .backoff(Duration.ofMillis(20), Duration.ofMillis(200))
                        .sink(
                            e -> {
                              calls.computeIfAbsent(e.key(), k -> new AtomicInteger()).incrementAndGet();
                              byDispatcher.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                              return new DeliveryResult.Delivered(e.key().getBytes(), "ext-" + e.key());
                            })
                        .build()));
      }
      for (Future<Outbox> f : starts) {
        outboxes.add(f.get());
      }
      Instant created = Instant.parse("2026-11-28T10:00:00Z");
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int writer = w;
        writers.add(
            pool.submit(
                () -> {
                  for (int i = writer; i < n; i += 4) {
                    Outbox via = outboxes.get(i % 2);
                    via.enqueue(OutboxEntry.ofText(
                        String.format("pg-%04d", i), "dest-" + (i % 8), "{\"n\":" + i + "}", created));
                  }
                }));
      }
      for (Future<?> f : writers) {
        f.get();
      }
      OutboxSqliteTest.await(
          "1000 delivered",
          () -> outboxes.get(0).counts().get(OutboxState.DELIVERED) == n,
          Duration.ofSeconds(90));

      assertThat(calls).hasSize(n);
      assertThat(calls.values()).allSatisfy(c -> assertThat(c.get()).isEqualTo(1));
      assertThat(outboxes.get(1).counts())
          .containsEntry(OutboxState.DELIVERED, (long) n)
          .containsEntry(OutboxState.PENDING, 0L)
          .containsEntry(OutboxState.DEAD, 0L);
      assertThat(outboxes.get(0).find("pg-0999").orElseThrow().externalId()).isEqualTo("ext-pg-0999");
      System.out.printf("[postgres] %d entries, 8 destinations, deliveries per dispatcher %s, %.1f s%n",
          n, byDispatcher, (System.nanoTime() - t0) / 1e9);
    } finally {
      outboxes.forEach(Outbox::close);
      pool.shutdownNow();
    }
  }
}
