package io.tripline.report.outbox;

import static io.tripline.report.outbox.OutboxSqliteTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tripline.testkit.PostgresServer;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A dispatcher that loses the database in the middle of a delivery (its process died, or was cut
 * off) on PostgreSQL: another dispatcher takes its work over once four heartbeats are missed,
 * resumes from the journal the first one kept, and the first one, when it comes back, can record
 * nothing.
 */
class OutboxPostgresTakeoverTest {
  @RegisterExtension static final PostgresServer postgres = new PostgresServer();

  private static final Duration HEARTBEAT = Duration.ofMillis(100);
  private static final Instant CREATED = Instant.parse("2026-11-28T10:00:00Z");
  private static final int ENTRIES = 50;
  /** The fifth clearinghouse entry and the third ncmec one: A delivers those before them. */
  private static final String HELD_CLEARINGHOUSE = key(8);
  private static final String HELD_NCMEC = key(5);
  private static final String A = "dispatcher-a";
  private static final String B = "dispatcher-b";

  private final List<AutoCloseable> opened = new ArrayList<>();
  /** Lets dispatcher A's sink answer for the entries it holds. */
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void closeAll() throws Exception {
    release.countDown(); // a failed test must not leave A's sink waiting
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  private static String key(int i) {
    return String.format("t-%02d", i);
  }

  private static String destination(int i) {
    return i % 2 == 0 ? "clearinghouse" : "ncmec";
  }

  private static Outbox.Builder dispatcher(String name, DataSource store) {
    return Outbox.builder()
        .dataSource(store)
        .dispatcherName(name)
        .heartbeat(HEARTBEAT)
        .pollingInterval(Duration.ofMillis(50))
        .idlePoll(Duration.ofMillis(50))
        .threads(4)
        .shutdownWait(Duration.ofSeconds(5));
  }

  private <T extends AutoCloseable> T open(T closeable) {
    opened.add(closeable);
    return closeable;
  }

  @Test
  void anotherDispatcherTakesOverFromOneThatLostTheDatabaseAndTheLoserRecordsNothing()
      throws Exception {
    SqliteFile.Pool shared = open(new SqliteFile.Pool(postgres.database(), 16));
    Severable link = new Severable(postgres.database());
    SqliteFile.Pool storeOfA = open(new SqliteFile.Pool(link, 8));

    // Every call to either sink, in call order, and what B found in the journal.
    List<String> arrivals = new CopyOnWriteArrayList<>();
    Map<String, List<JournalRecord>> journalSeenByB = new ConcurrentHashMap<>();
    CountDownLatch held = new CountDownLatch(2);
    CountDownLatch loserAnswered = new CountDownLatch(2);
    List<RuntimeException> refusedToLoser = new CopyOnWriteArrayList<>();

    DeliverySink sinkOfA = new DeliverySink() {
      @Override
      public DeliveryResult deliver(OutboxEntry entry) {
        throw new AssertionError("the outbox passes the journal");
      }

      @Override
      public DeliveryResult deliver(OutboxEntry entry, DeliveryJournal journal) {
        arrivals.add(entry.key());
        if (!entry.key().equals(HELD_CLEARINGHOUSE) && !entry.key().equals(HELD_NCMEC)) {
          return delivered(A, entry.key());
        }
        journal.append("opened by " + A);
        held.countDown();
        try {
          if (!release.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("never released");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
        // A comes back believing the attempt is still its own.
        try {
          if (entry.key().equals(HELD_CLEARINGHOUSE)) {
            journal.append("uploaded by " + A);
          }
          return delivered(A, entry.key());
        } catch (RuntimeException e) {
          refusedToLoser.add(e);
          throw e;
        } finally {
          loserAnswered.countDown();
        }
      }
    };
    DeliverySink sinkOfB = new DeliverySink() {
      @Override
      public DeliveryResult deliver(OutboxEntry entry) {
        throw new AssertionError("the outbox passes the journal");
      }

      @Override
      public DeliveryResult deliver(OutboxEntry entry, DeliveryJournal journal) {
        arrivals.add(entry.key());
        journalSeenByB.put(entry.key(), journal.records());
        return delivered(B, entry.key());
      }
    };

    Outbox enqueuer = open(Outbox.builder().dataSource(shared).build());
    List<OutboxEntry> entries = new ArrayList<>();
    for (int i = 0; i < ENTRIES; i++) {
      entries.add(OutboxEntry.ofText(key(i), destination(i), "{\"n\":" + i + "}", CREATED));
    }
    for (OutboxEntry e : entries) {
      enqueuer.enqueue(e);
    }

    Outbox a = open(dispatcher(A, storeOfA).sink(sinkOfA).build());
    assertThat(held.await(20, TimeUnit.SECONDS)).as("A holds one entry per destination").isTrue();
    link.cut();
    long cutAt = System.nanoTime();
    Map<String, Instant> lastHeartbeatOfA = heartbeats(shared, A);
    assertThat(lastHeartbeatOfA).containsOnlyKeys("clearinghouse", "ncmec");

    Outbox b = open(dispatcher(B, shared).sink(sinkOfB).build());
    await("B delivers the entries A held",
        () -> b.find(HELD_CLEARINGHOUSE).orElseThrow().state() == OutboxState.DELIVERED
            && b.find(HELD_NCMEC).orElseThrow().state() == OutboxState.DELIVERED,
        Duration.ofSeconds(20));
    long takenOverAfter = System.nanoTime() - cutAt;
    await("all delivered", () -> b.counts().get(OutboxState.DELIVERED) == ENTRIES, Duration.ofSeconds(20));
    long allDeliveredAfter = System.nanoTime() - cutAt;

    // B took over only once A had missed four heartbeats.
    for (String heldKey : List.of(HELD_CLEARINGHOUSE, HELD_NCMEC)) {
      String destination = b.find(heldKey).orElseThrow().entry().destination();
      Attempt byB = b.attempts(heldKey).get(1);
      assertThat(byB.startedAt())
          .as("B's attempt of %s", heldKey)
          .isAfterOrEqualTo(lastHeartbeatOfA.get(destination).plus(HEARTBEAT.multipliedBy(4)));
    }

    // The held entries: A's attempt interrupted, B's delivered; B resumed from A's journal.
    for (String heldKey : List.of(HELD_CLEARINGHOUSE, HELD_NCMEC)) {
      assertThat(b.attempts(heldKey))
          .extracting(Attempt::number, Attempt::dispatcher, Attempt::outcome)
          .containsExactly(
              tuple(1, A, Attempt.Outcome.INTERRUPTED),
              tuple(2, B, Attempt.Outcome.DELIVERED));
      assertThat(journalSeenByB.get(heldKey))
          .extracting(JournalRecord::attempt, JournalRecord::record)
          .containsExactly(tuple(1, "opened by " + A));
      assertThat(receiptOf(b, heldKey)).isEqualTo(receipt(B, heldKey));
    }

    // No other entry reached a sink twice, and each destination got its entries in creation order
    // (the held entry twice in a row: A's interrupted call, then B's).
    Map<String, Integer> calls = new HashMap<>();
    arrivals.forEach(k -> calls.merge(k, 1, Integer::sum));
    assertThat(calls).hasSize(ENTRIES);
    calls.forEach((k, n) -> assertThat(n).as("calls for %s", k)
        .isEqualTo(k.equals(HELD_CLEARINGHOUSE) || k.equals(HELD_NCMEC) ? 2 : 1));
    for (String destination : List.of("clearinghouse", "ncmec")) {
      List<String> expected = new ArrayList<>();
      for (OutboxEntry e : entries) {
        if (e.destination().equals(destination)) {
          expected.add(e.key());
          if (e.key().equals(HELD_CLEARINGHOUSE) || e.key().equals(HELD_NCMEC)) {
            expected.add(e.key());
          }
        }
      }
      assertThat(arrivals.stream().filter(k -> destinationOf(entries, k).equals(destination)).toList())
          .as("arrivals at %s", destination)
          .isEqualTo(expected);
    }
    for (OutboxEntry e : entries) {
      if (!e.key().equals(HELD_CLEARINGHOUSE) && !e.key().equals(HELD_NCMEC)) {
        assertThat(b.attempts(e.key())).singleElement()
            .extracting(Attempt::outcome).isEqualTo(Attempt.Outcome.DELIVERED);
      }
    }
    long deliveredByA = entries.stream()
        .filter(e -> b.attempts(e.key()).get(0).dispatcher().equals(A)
            && b.attempts(e.key()).get(0).outcome() == Attempt.Outcome.DELIVERED)
        .count();

    // A gets the database back, and its sink answers for the entries it held: the strongest
    // case, since its writes reach the store again. Nothing it sends may be kept.
    Map<String, List<Attempt>> attemptsBefore = new HashMap<>();
    Map<String, List<JournalRecord>> journalBefore = new HashMap<>();
    for (String heldKey : List.of(HELD_CLEARINGHOUSE, HELD_NCMEC)) {
      attemptsBefore.put(heldKey, b.attempts(heldKey));
      journalBefore.put(heldKey, b.journal(heldKey));
    }
    link.restore();
    release.countDown();
    assertThat(loserAnswered.await(20, TimeUnit.SECONDS)).as("A's sink answered").isTrue();
    a.close(); // waits for A's executions to finish, so whatever A would record is recorded now

    assertThat(refusedToLoser).singleElement().isInstanceOf(JournalFencedException.class);
    for (String heldKey : List.of(HELD_CLEARINGHOUSE, HELD_NCMEC)) {
      OutboxRecord r = b.find(heldKey).orElseThrow();
      assertThat(r.state()).as("state of %s", heldKey).isEqualTo(OutboxState.DELIVERED);
      assertThat(receiptOf(b, heldKey)).isEqualTo(receipt(B, heldKey));
      assertThat(r.externalId()).isEqualTo(B + ":" + heldKey);
      assertThat(b.attempts(heldKey)).as("attempts of %s", heldKey).isEqualTo(attemptsBefore.get(heldKey));
      assertThat(b.journal(heldKey)).as("journal of %s", heldKey).isEqualTo(journalBefore.get(heldKey));
    }
    assertThat(b.counts())
        .containsEntry(OutboxState.DELIVERED, (long) ENTRIES)
        .containsEntry(OutboxState.PENDING, 0L)
        .containsEntry(OutboxState.DEAD, 0L);
    assertThat(arrivals).hasSize(ENTRIES + 2);

    System.out.printf(
        "[postgres takeover] heartbeat %d ms; A delivered %d before it lost the database;"
            + " B delivered the held entries %d ms after the cut, all %d after %d ms%n",
        HEARTBEAT.toMillis(), deliveredByA, takenOverAfter / 1_000_000, ENTRIES,
        allDeliveredAfter / 1_000_000);
  }

  private static DeliveryResult delivered(String dispatcher, String key) {
    return new DeliveryResult.Delivered(
        receipt(dispatcher, key).getBytes(StandardCharsets.UTF_8), dispatcher + ":" + key);
  }

  private static String receipt(String dispatcher, String key) {
    return "receipt of " + key + " from " + dispatcher;
  }

  private static String receiptOf(Outbox outbox, String key) {
    return new String(outbox.find(key).orElseThrow().receipt(), StandardCharsets.UTF_8);
  }

  private static String destinationOf(List<OutboxEntry> entries, String key) {
    return entries.stream().filter(e -> e.key().equals(key)).findFirst().orElseThrow().destination();
  }

  /** Last heartbeat of each destination execution picked by {@code dispatcher}. */
  private static Map<String, Instant> heartbeats(DataSource store, String dispatcher) throws SQLException {
    Map<String, Instant> out = new HashMap<>();
    try (Connection c = store.getConnection();
        PreparedStatement p = c.prepareStatement(
            "select task_instance, last_heartbeat from " + Schema.TASKS_TABLE
                + " where task_name = ? and picked and picked_by = ?")) {
      p.setString(1, Outbox.DESTINATION_TASK);
      p.setString(2, dispatcher);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getTimestamp(2).toInstant());
        }
      }
    }
    return out;
  }

  /**
   * A dispatcher's way to the database, which the test can cut: afterwards every new connection
   * is refused and every open one is closed, as when the process died or lost the network.
   */
  static final class Severable implements DataSource {
    private final DataSource target;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    Severable(DataSource target) {
      this.target = target;
    }

    void cut() {
      cut = true;
      for (Connection c : open) {
        try {
          c.close();
        } catch (SQLException ignored) {
          // Closing is all that matters.
        }
      }
    }

    void restore() {
      cut = false;
    }

    @Override
    public Connection getConnection() throws SQLException {
      if (cut) {
        throw new SQLException("connection refused: the database is out of reach", "08001");
      }
      Connection real = target.getConnection();
      open.add(real);
      return (Connection) Proxy.newProxyInstance(
          Connection.class.getClassLoader(),
          new Class<?>[] {Connection.class},
          (proxy, method, args) -> {
            if (method.getName().equals("close")) {
              open.remove(real);
            } else if (cut && !method.getName().equals("isClosed")) {
              throw new SQLException("connection lost: the database is out of reach", "08006");
            }
            try {
              return method.invoke(real, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
