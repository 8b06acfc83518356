package io.tripline.report.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class OutboxSqliteTest {
  private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

  @TempDir Path dir;
  @RegisterExtension final TestOutboxes outboxes = new TestOutboxes();

  private Outbox.Builder fast() {
    return TestOutboxes.fast(dir.resolve("outbox.db"));
  }

  private Outbox open(Outbox.Builder b) {
    return outboxes.open(b);
  }

  private static OutboxEntry entry(String key, String payload) {
    return OutboxEntry.ofText(key, "clearinghouse", payload, T0);
  }

  /** A sink answering from a function, counting calls per key. */
  static final class ScriptedSink implements DeliverySink {
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    final List<String> order = new CopyOnWriteArrayList<>();
    volatile Function<OutboxEntry, DeliveryResult> answer;

    ScriptedSink(Function<OutboxEntry, DeliveryResult> answer) {
      this.answer = answer;
    }

    @Override
    public DeliveryResult deliver(OutboxEntry entry) {
      calls.computeIfAbsent(entry.key(), k -> new AtomicInteger()).incrementAndGet();
      order.add(entry.key());
      return answer.apply(entry);
    }

    int calls(String key) {
      AtomicInteger n = calls.get(key);
      return n == null ? 0 : n.get();
    }
  }

  static void await(String what, java.util.function.BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void enqueueIsDurableAndIdempotentByKey() {
    Outbox outbox = open(fast());
    assertThat(outbox.enqueue(entry("r-1", "{\"a\":1}"))).isEqualTo(EnqueueResult.CREATED);
    assertThat(outbox.enqueue(entry("r-1", "{\"a\":1}"))).isEqualTo(EnqueueResult.ALREADY_PRESENT);
    outbox.close();

    Outbox reopened = open(Outbox.builder().sqlite(dir.resolve("outbox.db")));
    assertThat(reopened.counts()).containsEntry(OutboxState.PENDING, 1L);
    OutboxRecord r = reopened.find("r-1").orElseThrow();
    assertThat(r.entry().payloadText()).isEqualTo("{\"a\":1}");
    assertThat(r.entry().createdAt()).isEqualTo(T0);
    assertThat(r.state()).isEqualTo(OutboxState.PENDING);
  }

  @Test
  void sameKeyWithAnotherPayloadOrDestinationIsRefusedAndNothingChanges() {
    Outbox outbox = open(fast());
    outbox.enqueue(entry("r-1", "{\"a\":1}"));

    assertThatThrownBy(() -> outbox.enqueue(entry("r-1", "{\"a\":2}")))
        .isInstanceOf(IdempotencyConflictException.class)
        .hasMessageContaining("r-1")
        .hasMessageContaining("different payload");
    assertThatThrownBy(
            () -> outbox.enqueue(OutboxEntry.ofText("r-1", "ncmec", "{\"a\":1}", T0)))
        .isInstanceOf(IdempotencyConflictException.class)
        .hasMessageContaining("destination clearinghouse");

    assertThat(outbox.counts()).containsEntry(OutboxState.PENDING, 1L);
    assertThat(outbox.find("r-1").orElseThrow().entry().payloadText()).isEqualTo("{\"a\":1}");
  }

  @Test
  void badInputIsRefusedAtEnqueueWithAClearErrorAndNothingIsWritten() throws Exception {
    Outbox outbox = open(fast().maxPayloadBytes(1024));
    assertThatThrownBy(() -> OutboxEntry.ofText(null, "clearinghouse", "{}", T0))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("key");
    assertThatThrownBy(() -> OutboxEntry.ofText("", "clearinghouse", "{}", T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("idempotency key must be 1 to 200 characters");
    assertThatThrownBy(() -> OutboxEntry.ofText("a b", "clearinghouse", "{}", T0))
        .hasMessageContaining("was \"a b\"");
    assertThatThrownBy(() -> OutboxEntry.ofText("k".repeat(201), "clearinghouse", "{}", T0))
        .hasMessageContaining("(201 chars)");
    assertThatThrownBy(() -> OutboxEntry.ofText("k", "Clearing House", "{}", T0))
        .hasMessageContaining("destination must be");
    assertThatThrownBy(() -> OutboxEntry.ofText("k", "clearinghouse", "", T0))
        .hasMessageContaining("payload of k is empty");
    assertThatThrownBy(() -> OutboxEntry.ofText("k", "clearinghouse", "{}", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("createdAt");
    assertThatThrownBy(() -> outbox.enqueue(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(
            () -> outbox.enqueue(new OutboxEntry("big", "newdest", new byte[1025], T0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("payload of big is 1025 bytes, more than the outbox's limit of 1024");

    assertThat(outbox.counts().values()).allMatch(n -> n == 0L);
    try (Connection c = SqliteFile.dataSource(dir.resolve("outbox.db"), Duration.ofSeconds(5)).getConnection();
        Statement s = c.createStatement()) {
      for (String table : List.of("tripline_outbox", "tripline_outbox_attempt", Schema.TASKS_TABLE)) {
        try (ResultSet rs = s.executeQuery("select count(*) from " + table)) {
          rs.next();
          assertThat(rs.getInt(1)).as(table).isZero();
        }
      }
    }
  }

  @Test
  void deliversStoresTheReceiptAndRecordsTheAttempt() throws Exception {
    ScriptedSink sink =
        new ScriptedSink(
            e -> new DeliveryResult.Delivered(("ok:" + e.key()).getBytes(StandardCharsets.UTF_8), "X-" + e.key()));
    Outbox outbox = open(fast().sink(sink));
    outbox.enqueue(entry("r-1", "{}"));
    await("delivery", () -> outbox.counts().get(OutboxState.DELIVERED) == 1L, Duration.ofSeconds(10));

    OutboxRecord r = outbox.find("r-1").orElseThrow();
    assertThat(new String(r.receipt(), StandardCharsets.UTF_8)).isEqualTo("ok:r-1");
    assertThat(r.externalId()).isEqualTo("X-r-1");
    assertThat(r.deliveredAt()).isNotNull();
    assertThat(r.attempts()).isEqualTo(1);
    List<Attempt> attempts = outbox.attempts("r-1");
    assertThat(attempts).singleElement().satisfies(a -> {
      assertThat(a.outcome()).isEqualTo(Attempt.Outcome.DELIVERED);
      assertThat(a.number()).isEqualTo(1);
      assertThat(a.dispatcher()).isEqualTo(outbox.dispatcherName());
      assertThat(a.finishedAt()).isNotNull();
    });
    assertThat(sink.calls("r-1")).isEqualTo(1);
  }

  @Test
  void afterMaxAttemptsAnEntryIsADeadLetterThatRetryRevives() throws Exception {
    ScriptedSink sink = new ScriptedSink(e -> new DeliveryResult.RetryableFailure("HTTP 503"));
    Outbox outbox = open(fast().maxAttempts(3).sink(sink));
    outbox.enqueue(entry("r-1", "{}"));
    outbox.enqueue(entry("r-2", "{}"));
    await("dead letters", () -> outbox.counts().get(OutboxState.DEAD) == 2L, Duration.ofSeconds(10));

    assertThat(sink.calls("r-1")).isEqualTo(3);
    assertThat(outbox.list(OutboxState.DEAD, 0, 10)).extracting(OutboxRecord::key).containsExactly("r-1", "r-2");
    OutboxRecord dead = outbox.find("r-1").orElseThrow();
    assertThat(dead.lastError()).isEqualTo("HTTP 503 (gave up after 3 attempts)");
    assertThat(dead.nextAttemptAt()).isNull();
    assertThat(outbox.attempts("r-1"))
        .extracting(Attempt::outcome)
        .containsOnly(Attempt.Outcome.RETRYABLE_FAILURE);
    assertThat(outbox.attempts("r-1").get(2).retryAt()).isNull();

    sink.answer = e -> new DeliveryResult.Delivered(new byte[0], null);
    assertThat(outbox.retry("r-1")).isTrue();
    assertThat(outbox.retry("r-1")).isFalse();
    assertThat(outbox.retry("nope")).isFalse();
    await("revived delivery", () -> outbox.find("r-1").orElseThrow().state() == OutboxState.DELIVERED, Duration.ofSeconds(10));
    assertThat(outbox.attempts("r-1")).hasSize(4).last().extracting(Attempt::outcome).isEqualTo(Attempt.Outcome.DELIVERED);
    assertThat(outbox.counts()).containsEntry(OutboxState.DEAD, 1L).containsEntry(OutboxState.DELIVERED, 1L);
  }

  @Test
  void permanentFailureIsADeadLetterAtOnceAndDoesNotHoldBackTheQueue() throws Exception {
    ScriptedSink sink =
        new ScriptedSink(
            e -> e.key().equals("r-1")
                ? new DeliveryResult.PermanentFailure("HTTP 422 schema")
                : new DeliveryResult.Delivered(new byte[0], null));
    Outbox outbox = open(fast().sink(sink));
    outbox.enqueue(entry("r-1", "{}"));
    outbox.enqueue(entry("r-2", "{}"));
    await("both settled", () -> outbox.counts().get(OutboxState.PENDING) == 0L, Duration.ofSeconds(10));
    assertThat(outbox.find("r-1").orElseThrow().state()).isEqualTo(OutboxState.DEAD);
    assertThat(outbox.find("r-2").orElseThrow().state()).isEqualTo(OutboxState.DELIVERED);
    assertThat(sink.calls("r-1")).isEqualTo(1);
    assertThat(sink.order).containsExactly("r-1", "r-2");
  }

  @Test
  void aThrowingSinkCountsAsRetryable() throws Exception {
    AtomicInteger n = new AtomicInteger();
    ScriptedSink sink =
        new ScriptedSink(
            e -> {
              if (n.incrementAndGet() == 1) {
                throw new IllegalStateException("boom");
              }
              return new DeliveryResult.Delivered(new byte[0], null);
            });
    Outbox outbox = open(fast().sink(sink));
    outbox.enqueue(entry("r-1", "{}"));
    await("delivery", () -> outbox.counts().get(OutboxState.DELIVERED) == 1L, Duration.ofSeconds(10));
    assertThat(outbox.attempts("r-1")).extracting(Attempt::outcome)
        .containsExactly(Attempt.Outcome.RETRYABLE_FAILURE, Attempt.Outcome.DELIVERED);
    assertThat(outbox.attempts("r-1").get(0).detail()).contains("boom");
  }

  @Test
  void schemaMigrationIsVersionedIdempotentAndSafeWhenStartsRace() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Outbox>> starts = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        starts.add(pool.submit(() -> Outbox.builder().sqlite(dir.resolve("outbox.db")).build()));
      }
      for (Future<Outbox> f : starts) {
        outboxes.track(f.get());
      }
    } finally {
      pool.shutdown();
    }
    outboxes.track(Outbox.builder().sqlite(dir.resolve("outbox.db")).build());
    try (Connection c = SqliteFile.dataSource(dir.resolve("outbox.db"), Duration.ofSeconds(5)).getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select component, version from tripline_schema_version")) {
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(rs.getString(1) + ":" + rs.getInt(2));
      }
      assertThat(rows).containsExactlyInAnyOrder("outbox:1", "outbox:2");
      assertThat(Schema.latestVersion()).isEqualTo(2);
    }
  }

  @Test
  void aStoreOfTheFirstSchemaIsMigratedOnStartAndKeepsItsEntries() throws Exception {
    Outbox first = open(Outbox.builder().sqlite(dir.resolve("outbox.db")));
    first.enqueue(entry("r-1", "{}"));
    first.close();
    // Take the store back to version 1, as an older release left it.
    try (Connection c = SqliteFile.dataSource(dir.resolve("outbox.db"), Duration.ofSeconds(5)).getConnection();
        Statement s = c.createStatement()) {
      s.execute("drop table tripline_outbox_journal");
      s.execute("delete from tripline_schema_version where version = 2");
    }
    Outbox reopened = open(fast().sink(e -> new DeliveryResult.Delivered(new byte[] {1}, null)));
    await("delivered", () -> reopened.find("r-1").orElseThrow().state() == OutboxState.DELIVERED,
        Duration.ofSeconds(10));
    assertThat(reopened.journal("r-1")).isEmpty();
  }

  @Test
  void oneDispatcherPerSqliteFile() {
    open(fast().sink(e -> new DeliveryResult.Delivered(new byte[0], null)));
    assertThatThrownBy(() -> fast().sink(e -> new DeliveryResult.Delivered(new byte[0], null)).build())
        .isInstanceOf(OutboxException.class)
        .hasMessageContaining("already dispatching");
    // Enqueue-only instances may share the file.
    open(Outbox.builder().sqlite(dir.resolve("outbox.db"))).enqueue(entry("r-1", "{}"));
  }

  @Test
  void builderMisuseFailsFast() {
    assertThatThrownBy(() -> Outbox.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no store set");
    assertThatThrownBy(() -> Outbox.builder().sqlite(dir.resolve("a.db")).sqlite(dir.resolve("b.db")))
        .hasMessageContaining("store was already set");
    assertThatThrownBy(() -> Outbox.builder().maxAttempts(0)).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> Outbox.builder().backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("less than initial");
  }
}
