package io.tripline.report.outbox;

import static io.tripline.report.outbox.OutboxSqliteTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The delivery journal of multi-step sinks, sinks per destination, and the wake-up on enqueue. */
class OutboxJournalTest {
  private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

  @TempDir Path dir;
  @RegisterExtension final TestOutboxes outboxes = new TestOutboxes();

  private Outbox.Builder fast() {
    return TestOutboxes.fast(dir.resolve("outbox.db"));
  }

  private Outbox open(Outbox.Builder b) {
    return outboxes.open(b);
  }

  /** A sink that needs three steps; it fails after the second step the first time. */
  static final class ThreeSteps implements DeliverySink {
    final List<List<String>> seenAtStart = new CopyOnWriteArrayList<>();
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public DeliveryResult deliver(OutboxEntry entry) {
      throw new AssertionError("the outbox passes the journal");
    }

    @Override
    public DeliveryResult deliver(OutboxEntry entry, DeliveryJournal journal) {
      int call = calls.incrementAndGet();
      List<String> done = journal.records().stream().map(JournalRecord::record).toList();
      seenAtStart.add(done);
      for (String step : List.of("open", "upload", "finish")) {
        if (done.contains(step)) {
          continue;
        }
        journal.append(step);
        if (call == 1 && step.equals("upload")) {
          return new DeliveryResult.RetryableFailure("connection reset after upload", null);
        }
      }
      return new DeliveryResult.Delivered(new byte[] {1}, "ext-1");
    }
  }

  @Test
  void aRetriedDeliveryReadsTheStepsOfTheEarlierAttemptAndResumes() throws Exception {
    ThreeSteps sink = new ThreeSteps();
    Outbox outbox = open(fast().sink(sink));
    outbox.enqueue(OutboxEntry.ofText("r-1", "ncmec", "{}", T0));

    await("delivered", () -> outbox.find("r-1").orElseThrow().state() == OutboxState.DELIVERED,
        Duration.ofSeconds(10));
    assertThat(sink.seenAtStart).containsExactly(List.of(), List.of("open", "upload"));
    List<JournalRecord> journal = outbox.journal("r-1");
    assertThat(journal).extracting(JournalRecord::record).containsExactly("open", "upload", "finish");
    assertThat(journal).extracting(JournalRecord::attempt).containsExactly(1, 1, 2);
  }

  @Test
  void theJournalSurvivesAReopenedStore() throws Exception {
    ThreeSteps sink = new ThreeSteps();
    Outbox outbox = open(fast().sink(sink).maxAttempts(1));
    outbox.enqueue(OutboxEntry.ofText("r-1", "ncmec", "{}", T0));
    await("dead", () -> outbox.find("r-1").orElseThrow().state() == OutboxState.DEAD, Duration.ofSeconds(10));
    outbox.close();

    ThreeSteps again = new ThreeSteps();
    again.calls.set(1); // no failure this time
    Outbox reopened = open(fast().sink(again));
    assertThat(reopened.journal("r-1")).extracting(JournalRecord::record).containsExactly("open", "upload");
    assertThat(reopened.retry("r-1")).isTrue();
    await("delivered", () -> reopened.find("r-1").orElseThrow().state() == OutboxState.DELIVERED,
        Duration.ofSeconds(10));
    assertThat(again.seenAtStart).containsExactly(List.of("open", "upload"));
  }

  @Test
  void anAttemptThatLostItsTurnCannotWriteAndRecordsNoOutcome() throws Exception {
    AtomicInteger fencedCalls = new AtomicInteger();
    List<Throwable> thrown = new CopyOnWriteArrayList<>();
    Path db = dir.resolve("outbox.db");
    DeliverySink sink = new DeliverySink() {
      @Override
      public DeliveryResult deliver(OutboxEntry entry) {
        throw new AssertionError();
      }

      @Override
      public DeliveryResult deliver(OutboxEntry entry, DeliveryJournal journal) {
        journal.append("opened");
        if (fencedCalls.incrementAndGet() == 1) {
          // Another dispatcher takes the entry over meanwhile: it claims the next attempt.
          try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
              PreparedStatement p = c.prepareStatement(
                  "update tripline_outbox set attempts = attempts + 1 where idempotency_key = ?")) {
            p.setString(1, entry.key());
            p.executeUpdate();
          } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
          }
          try {
            journal.append("uploaded");
          } catch (JournalFencedException e) {
            thrown.add(e);
            throw e;
          }
        }
        return new DeliveryResult.Delivered(new byte[] {1}, null);
      }
    };
    Outbox outbox = open(fast().sink(sink));
    outbox.enqueue(OutboxEntry.ofText("r-1", "ncmec", "{}", T0));

    await("delivered", () -> outbox.find("r-1").orElseThrow().state() == OutboxState.DELIVERED,
        Duration.ofSeconds(10));
    assertThat(thrown).singleElement().isInstanceOf(JournalFencedException.class)
        .extracting(Throwable::getMessage).asString().contains("attempt 1 of r-1 is no longer current");
    assertThat(outbox.journal("r-1")).extracting(JournalRecord::record).containsExactly("opened", "opened");
    assertThat(outbox.attempts("r-1")).extracting(Attempt::outcome).last().isEqualTo(Attempt.Outcome.DELIVERED);
  }

  /**
   * Regression: the outcome of an attempt was stored unfenced, so a dispatcher that lost its turn
   * (paused past the heartbeat limit, then back) overwrote the receipt of the dispatcher that took
   * over, or put its delivered entry back to pending or dead.
   */
  @Test
  void anAttemptThatLostItsTurnCannotOverwriteTheOutcomeOfTheOneThatTookOver() throws Exception {
    Path db = dir.resolve("outbox.db");
    List<String> calls = new CopyOnWriteArrayList<>();
    DeliverySink sink = entry -> {
      boolean again = calls.contains(entry.key());
      calls.add(entry.key());
      if (again || entry.key().equals("next")) {
        return new DeliveryResult.Delivered(new byte[] {1}, "ext-next");
      }
      // Meanwhile another dispatcher takes the entry over and delivers it.
      try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db)) {
        try (PreparedStatement p = c.prepareStatement(
            "update tripline_outbox set attempts = 2, state = 'DELIVERED', receipt = ?,"
                + " external_id = 'ext-b' where idempotency_key = ?")) {
          p.setBytes(1, "from b".getBytes(StandardCharsets.UTF_8));
          p.setString(2, entry.key());
          p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement(
            "update tripline_outbox_attempt set outcome = 'INTERRUPTED' where idempotency_key = ?")) {
          p.setString(1, entry.key());
          p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement(
            "insert into tripline_outbox_attempt (idempotency_key, attempt, dispatcher, started_at,"
                + " finished_at, outcome, detail) values (?, 2, 'dispatcher-b', 0, 0, 'DELIVERED', 'ext-b')")) {
          p.setString(1, entry.key());
          p.executeUpdate();
        }
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e);
      }
      return switch (entry.key()) {
        case "delivered" -> new DeliveryResult.Delivered(new byte[] {9}, "ext-a");
        case "retryable" -> new DeliveryResult.RetryableFailure("timed out", null);
        default -> new DeliveryResult.PermanentFailure("refused");
      };
    };
    Outbox outbox = open(fast().sink(sink).dispatcherName("dispatcher-a"));
    for (String key : List.of("delivered", "retryable", "permanent", "next")) {
      outbox.enqueue(OutboxEntry.ofText(key, "ncmec", "{}", T0));
    }

    await("next delivered", () -> outbox.find("next").orElseThrow().state() == OutboxState.DELIVERED,
        Duration.ofSeconds(10));
    // In order: "next" goes after the others are settled, so a reopened entry would show here.
    assertThat(calls).containsExactly("delivered", "retryable", "permanent", "next");
    for (String key : List.of("delivered", "retryable", "permanent")) {
      OutboxRecord r = outbox.find(key).orElseThrow();
      assertThat(r.state()).as(key).isEqualTo(OutboxState.DELIVERED);
      assertThat(r.receipt()).as(key).isEqualTo("from b".getBytes(StandardCharsets.UTF_8));
      assertThat(r.externalId()).as(key).isEqualTo("ext-b");
      assertThat(outbox.attempts(key)).as(key)
          .extracting(Attempt::number, Attempt::dispatcher, Attempt::outcome)
          .containsExactly(
              tuple(1, "dispatcher-a", Attempt.Outcome.INTERRUPTED),
              tuple(2, "dispatcher-b", Attempt.Outcome.DELIVERED));
    }
  }

  @Test
  void aDispatcherWhoseTurnChangedHandsStartsNoFurtherEntry() throws Exception {
    Path db = dir.resolve("outbox.db");
    List<String> order = new CopyOnWriteArrayList<>();
    java.util.Map<String, Instant> handedAt = new java.util.concurrent.ConcurrentHashMap<>();
    Duration heartbeat = Duration.ofMillis(200);
    Outbox outbox = open(fast().heartbeat(heartbeat).sink(e -> {
      order.add(e.key());
      handedAt.put(e.key(), Instant.now());
      if (e.key().equals("first")) {
        // Meanwhile another instance took the destination over (after missed heartbeats): the
        // execution's version moved on and it is picked by someone else.
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
            PreparedStatement p = c.prepareStatement("update tripline_scheduled_tasks set version = version + 1,"
                + " picked_by = 'another-instance' where task_instance = ?")) {
          p.setString(1, e.destination());
          p.executeUpdate();
        } catch (java.sql.SQLException ex) {
          throw new IllegalStateException(ex);
        }
      }
      return new DeliveryResult.Delivered(new byte[] {1}, null);
    }));
    outbox.enqueueAll(List.of(OutboxEntry.ofText("first", "ncmec", "{}", T0),
        OutboxEntry.ofText("second", "ncmec", "{}", T0)));

    await("both delivered", () -> outbox.counts().get(OutboxState.DELIVERED) == 2, Duration.ofSeconds(20));
    assertThat(order).containsExactly("first", "second");
    // "second" was not started in the lost turn: only once the execution was found dead (no
    // heartbeat for 4 intervals) and picked again.
    assertThat(Duration.between(handedAt.get("first"), handedAt.get("second")))
        .isGreaterThanOrEqualTo(heartbeat.multipliedBy(3));
    assertThat(outbox.attempts("second")).singleElement().extracting(Attempt::outcome)
        .isEqualTo(Attempt.Outcome.DELIVERED);
  }

  @Test
  void journalRecordsAreBounded() throws Exception {
    List<Throwable> thrown = new CopyOnWriteArrayList<>();
    Outbox outbox = open(fast().sink(new DeliverySink() {
      @Override
      public DeliveryResult deliver(OutboxEntry entry) {
        throw new AssertionError();
      }

      @Override
      public DeliveryResult deliver(OutboxEntry entry, DeliveryJournal journal) {
        try {
          journal.append("x".repeat(DeliveryJournal.MAX_RECORD_CHARS + 1));
        } catch (IllegalArgumentException e) {
          thrown.add(e);
        }
        return new DeliveryResult.Delivered(new byte[] {1}, null);
      }
    }));
    outbox.enqueue(OutboxEntry.ofText("r-1", "ncmec", "{}", T0));
    await("delivered", () -> outbox.find("r-1").orElseThrow().state() == OutboxState.DELIVERED,
        Duration.ofSeconds(10));
    assertThat(thrown).singleElement().extracting(Throwable::getMessage).asString()
        .contains("more than " + DeliveryJournal.MAX_RECORD_CHARS);
    assertThat(outbox.journal("r-1")).isEmpty();
  }

  @Test
  void eachDestinationGoesToItsOwnSinkAndTheDefaultTakesTheRest() throws Exception {
    List<String> ncmec = new CopyOnWriteArrayList<>();
    List<String> other = new CopyOnWriteArrayList<>();
    Outbox outbox = open(fast()
        .sink("ncmec", e -> {
          ncmec.add(e.key());
          return new DeliveryResult.Delivered(new byte[] {1}, null);
        })
        .sink(e -> {
          other.add(e.destination() + ":" + e.key());
          return new DeliveryResult.Delivered(new byte[] {1}, null);
        }));
    outbox.enqueue(OutboxEntry.ofText("a", "ncmec", "{}", T0));
    outbox.enqueue(OutboxEntry.ofText("b", "clearinghouse", "{}", T0));
    outbox.enqueue(OutboxEntry.ofText("c", "ncmec", "{}", T0));

    await("all delivered", () -> outbox.counts().get(OutboxState.DELIVERED) == 3, Duration.ofSeconds(10));
    assertThat(ncmec).containsExactly("a", "c");
    assertThat(other).containsExactly("clearinghouse:b");
  }

  @Test
  void aDestinationWithoutASinkWaitsPendingAndIsNotDeadLettered() throws Exception {
    List<String> delivered = new CopyOnWriteArrayList<>();
    Outbox outbox = open(fast().sink("clearinghouse", e -> {
      delivered.add(e.key());
      return new DeliveryResult.Delivered(new byte[] {1}, null);
    }));
    outbox.enqueue(OutboxEntry.ofText("n", "ncmec", "{}", T0));
    outbox.enqueue(OutboxEntry.ofText("c", "clearinghouse", "{}", T0));

    await("clearinghouse delivered", () -> delivered.contains("c"), Duration.ofSeconds(10));
    Thread.sleep(300); // several idle polls of the ncmec destination
    assertThat(outbox.find("n").orElseThrow().state()).isEqualTo(OutboxState.PENDING);
    assertThat(outbox.attempts("n")).isEmpty();
    outbox.close();

    // An instance with the sink delivers it.
    Outbox withSink = open(fast().sink("ncmec", e -> new DeliveryResult.Delivered(new byte[] {1}, null)));
    await("ncmec delivered", () -> withSink.find("n").orElseThrow().state() == OutboxState.DELIVERED,
        Duration.ofSeconds(10));
  }

  @Test
  void anEntryLeavesAtOnceAlthoughTheIdlePollIsLong() throws Exception {
    List<String> delivered = new CopyOnWriteArrayList<>();
    // With a one-minute idle poll and polling interval, only the wake-up on enqueue can deliver
    // within the wait below.
    Outbox outbox = open(Outbox.builder()
        .sqlite(dir.resolve("outbox.db"))
        .idlePoll(Duration.ofMinutes(1))
        .pollingInterval(Duration.ofMinutes(1))
        .shutdownWait(Duration.ofSeconds(2))
        .sink(e -> {
          delivered.add(e.key());
          return new DeliveryResult.Delivered(new byte[] {1}, null);
        }));
    outbox.enqueue(OutboxEntry.ofText("first", "clearinghouse", "{}", T0));
    await("first delivered", () -> delivered.contains("first"), Duration.ofSeconds(20));
    // The destination's drain has gone idle for a minute now; the next entry wakes it.
    Thread.sleep(200);
    outbox.enqueue(OutboxEntry.ofText("second", "clearinghouse", "{}", T0));
    await("second delivered", () -> delivered.contains("second"), Duration.ofSeconds(20));
    for (int i = 0; i < 20; i++) {
      outbox.enqueue(OutboxEntry.ofText("burst-" + i, "clearinghouse", "{}", T0));
    }
    await("burst delivered", () -> delivered.size() == 22, Duration.ofSeconds(20));
    assertThat(delivered).startsWith("first", "second", "burst-0");
  }

  @Test
  void theEntriesOfOneReportAreStoredTogetherOrNotAtAll() {
    Outbox outbox = open(Outbox.builder().sqlite(dir.resolve("outbox.db")));
    outbox.enqueue(OutboxEntry.ofText("r-1:ncmec", "ncmec", "{\"v\":1}", T0));

    // The second entry conflicts with the stored one: the first is not stored either.
    assertThatThrownBy(() -> outbox.enqueueAll(List.of(
        OutboxEntry.ofText("r-1", "clearinghouse", "{}", T0),
        OutboxEntry.ofText("r-1:ncmec", "ncmec", "{\"v\":2}", T0))))
        .isInstanceOf(IdempotencyConflictException.class);
    assertThat(outbox.find("r-1")).isEmpty();
    assertThatThrownBy(() -> outbox.enqueueAll(List.of(
        OutboxEntry.ofText("r-2", "clearinghouse", "{}", T0),
        OutboxEntry.ofText("r-2", "clearinghouse", "{}", T0))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("share the key r-2");

    assertThat(outbox.enqueueAll(List.of(
        OutboxEntry.ofText("r-1", "clearinghouse", "{}", T0),
        OutboxEntry.ofText("r-1:ncmec", "ncmec", "{\"v\":1}", T0))))
        .containsExactly(EnqueueResult.CREATED, EnqueueResult.ALREADY_PRESENT);
    assertThat(outbox.counts()).containsEntry(OutboxState.PENDING, 2L);
  }

  @Test
  void inMemoryJournalKeepsRecordsInOrderAndChecksThem() {
    DeliveryJournal journal = DeliveryJournal.inMemory();
    journal.append("a");
    journal.append("b");
    assertThat(journal.records()).extracting(JournalRecord::record).containsExactly("a", "b");
    assertThatThrownBy(() -> journal.append(null)).isInstanceOf(NullPointerException.class);
  }
}
