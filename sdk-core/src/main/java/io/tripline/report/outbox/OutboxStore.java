package io.tripline.report.outbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The SQL behind the outbox; the same statements on SQLite and PostgreSQL. Times are epoch
 * milliseconds. Every write is one short transaction, committed before the method returns.
 */
final class OutboxStore {
  private static final String COLUMNS =
      "seq, idempotency_key, destination, payload, created_at, state, attempts,"
          + " next_attempt_at, last_error, receipt, external_id, delivered_at";

  private final DataSource dataSource;
  private final Dialect dialect;

  OutboxStore(DataSource dataSource, Dialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
  }

  /** An entry at the head of a destination's queue. */
  record Head(OutboxEntry entry, int attempts, int attemptsAtRevival, long nextAttemptAt) {}

  EnqueueResult enqueue(OutboxEntry e, Instant now) {
    return inTransaction(c -> enqueue(c, e, now));
  }

  /** Stores all entries in one transaction: all or, if one conflicts or the store fails, none. */
  List<EnqueueResult> enqueueAll(List<OutboxEntry> entries, Instant now) {
    return inTransaction(
        c -> {
          List<EnqueueResult> results = new ArrayList<>(entries.size());
          for (OutboxEntry e : entries) {
            results.add(enqueue(c, e, now));
          }
          return results;
        });
  }

  private static EnqueueResult enqueue(Connection c, OutboxEntry e, Instant now) throws SQLException {
    String sha = sha256(e.payloadUnsafe());
    try (PreparedStatement p =
        c.prepareStatement(
            "insert into tripline_outbox (idempotency_key, destination, payload, payload_sha256,"
                + " created_at, enqueued_at, state, attempts, next_attempt_at, updated_at)"
                + " values (?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)"
                + " on conflict (idempotency_key) do nothing")) {
      p.setString(1, e.key());
      p.setString(2, e.destination());
      p.setBytes(3, e.payloadUnsafe());
      p.setString(4, sha);
      p.setLong(5, e.createdAt().toEpochMilli());
      p.setLong(6, now.toEpochMilli());
      p.setLong(7, now.toEpochMilli());
      p.setLong(8, now.toEpochMilli());
      if (p.executeUpdate() == 1) {
        return EnqueueResult.CREATED;
      }
    }
    try (PreparedStatement p =
        c.prepareStatement(
            "select destination, payload_sha256 from tripline_outbox where idempotency_key = ?")) {
      p.setString(1, e.key());
      try (ResultSet rs = p.executeQuery()) {
        if (!rs.next()) {
          throw new OutboxException("entry " + e.key() + " neither inserted nor found");
        }
        String destination = rs.getString(1);
        String storedSha = rs.getString(2).trim();
        if (!destination.equals(e.destination())) {
          throw new IdempotencyConflictException(
              e.key(),
              "idempotency key " + e.key() + " is already stored for destination "
                  + destination + ", not " + e.destination() + "; nothing was written");
        }
        if (!storedSha.equals(sha)) {
          throw new IdempotencyConflictException(
              e.key(),
              "idempotency key " + e.key() + " is already stored with a different payload"
                  + " (sha256 " + storedSha + ", offered " + sha + "); nothing was written");
        }
        return EnqueueResult.ALREADY_PRESENT;
      }
    }
  }

  List<String> pendingDestinations() {
    return query(
        "select distinct destination from tripline_outbox where state = 'PENDING'",
        p -> {},
        rs -> rs.getString(1));
  }

  Optional<Head> head(String destination) {
    List<Head> heads =
        query(
            "select idempotency_key, destination, payload, created_at, attempts, attempts_at_revival,"
                + " next_attempt_at from tripline_outbox where destination = ? and state = 'PENDING'"
                + " order by seq limit 1",
            p -> p.setString(1, destination),
            rs ->
                new Head(
                    new OutboxEntry(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getBytes(3),
                        Instant.ofEpochMilli(rs.getLong(4))),
                    rs.getInt(5),
                    rs.getInt(6),
                    rs.getLong(7)));
    return heads.stream().findFirst();
  }

  /**
   * Appends {@code record} to the journal of {@code key}, fenced by the attempt: only while the
   * entry is pending and {@code attempt} is its latest attempt, so a dispatcher that lost its
   * execution (paused past the heartbeat limit) cannot write into the one that took over. False
   * if the fence refused.
   */
  boolean appendJournal(String key, int attempt, String record, Instant now) {
    return inTransaction(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "insert into tripline_outbox_journal (idempotency_key, n, attempt, recorded_at, record)"
                      + " select ?, coalesce((select max(n) from tripline_outbox_journal"
                      + " where idempotency_key = ?), 0) + 1, ?, ?, ?"
                      + " where exists (select 1 from tripline_outbox where idempotency_key = ?"
                      + " and state = 'PENDING' and attempts = ?)")) {
            p.setString(1, key);
            p.setString(2, key);
            p.setInt(3, attempt);
            p.setLong(4, now.toEpochMilli());
            p.setString(5, record);
            p.setString(6, key);
            p.setInt(7, attempt);
            return p.executeUpdate() == 1;
          }
        });
  }

  List<JournalRecord> journal(String key) {
    return query(
        "select attempt, recorded_at, record from tripline_outbox_journal where idempotency_key = ?"
            + " order by n",
        p -> p.setString(1, key),
        rs -> new JournalRecord(rs.getInt(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3)));
  }

  /**
   * Claims attempt {@code number} for a pending entry and records it as in flight, marking an
   * earlier in-flight attempt (cut short by a crash) as interrupted. False if the entry changed
   * meanwhile (delivered, dead, or attempted by someone else).
   */
  /** The db-scheduler execution of a destination, as it was when this dispatcher picked it. */
  record Turn(String taskName, String destination, long version) {}

  /** What came of claiming an attempt. */
  enum Start {
    STARTED,
    /** The entry was delivered, dead-lettered or attempted by someone else meanwhile. */
    ENTRY_CHANGED,
    /** The destination's execution changed hands: this dispatcher no longer holds it. */
    TURN_LOST
  }

  Start startAttempt(String key, int number, String dispatcher, Instant now, Turn turn) {
    return inTransaction(
        c -> {
          // Heartbeats leave the version alone; a pick (a takeover after missed heartbeats
          // included) or a reschedule moves it on.
          try (PreparedStatement p =
              c.prepareStatement(
                  "select version from " + Schema.TASKS_TABLE + " where task_name = ? and task_instance = ?"
                      // PostgreSQL: a takeover waits for this claim to commit (SQLite: one writer).
                      + (dialect == Dialect.POSTGRESQL ? " for share" : ""))) {
            p.setString(1, turn.taskName());
            p.setString(2, turn.destination());
            try (ResultSet rs = p.executeQuery()) {
              if (!rs.next() || rs.getLong(1) != turn.version()) {
                return Start.TURN_LOST;
              }
            }
          }
          try (PreparedStatement p =
              c.prepareStatement(
                  "update tripline_outbox set attempts = ?, updated_at = ?"
                      + " where idempotency_key = ? and state = 'PENDING' and attempts = ?")) {
            p.setInt(1, number);
            p.setLong(2, now.toEpochMilli());
            p.setString(3, key);
            p.setInt(4, number - 1);
            if (p.executeUpdate() != 1) {
              return Start.ENTRY_CHANGED;
            }
          }
          try (PreparedStatement p =
              c.prepareStatement(
                  "update tripline_outbox_attempt set outcome = 'INTERRUPTED'"
                      + " where idempotency_key = ? and outcome = 'IN_FLIGHT'")) {
            p.setString(1, key);
            p.executeUpdate();
          }
          try (PreparedStatement p =
              c.prepareStatement(
                  "insert into tripline_outbox_attempt (idempotency_key, attempt, dispatcher,"
                      + " started_at, outcome) values (?, ?, ?, ?, 'IN_FLIGHT')")) {
            p.setString(1, key);
            p.setInt(2, number);
            p.setString(3, dispatcher);
            p.setLong(4, now.toEpochMilli());
            p.executeUpdate();
          }
          return Start.STARTED;
        });
  }

  /**
   * Records that attempt {@code number} delivered {@code key}, fenced like the journal: only while
   * the entry is pending and {@code number} is its latest attempt, so a dispatcher that lost its
   * execution cannot overwrite the outcome of the one that took over. False if the fence refused;
   * nothing was written then.
   */
  boolean finishDelivered(String key, int number, byte[] receipt, @Nullable String externalId, Instant now) {
    return inTransaction(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "update tripline_outbox set state = 'DELIVERED', receipt = ?, external_id = ?,"
                      + " delivered_at = ?, next_attempt_at = null, updated_at = ?"
                      + " where idempotency_key = ? and state = 'PENDING' and attempts = ?")) {
            p.setBytes(1, receipt);
            setNullableString(p, 2, externalId);
            p.setLong(3, now.toEpochMilli());
            p.setLong(4, now.toEpochMilli());
            p.setString(5, key);
            p.setInt(6, number);
            if (p.executeUpdate() != 1) {
              return false;
            }
          }
          finishAttempt(c, key, number, Attempt.Outcome.DELIVERED, externalId, null, now);
          return true;
        });
  }

  /** Records a failed attempt, fenced as {@link #finishDelivered}. False if the fence refused. */
  boolean finishFailed(
      String key,
      int number,
      Attempt.Outcome outcome,
      String reason,
      @Nullable Instant retryAt,
      Instant now) {
    return inTransaction(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "update tripline_outbox set state = ?, last_error = ?, next_attempt_at = ?,"
                      + " updated_at = ? where idempotency_key = ? and state = 'PENDING' and attempts = ?")) {
            p.setString(1, retryAt == null ? "DEAD" : "PENDING");
            p.setString(2, reason);
            if (retryAt == null) {
              p.setNull(3, Types.BIGINT);
            } else {
              p.setLong(3, retryAt.toEpochMilli());
            }
            p.setLong(4, now.toEpochMilli());
            p.setString(5, key);
            p.setInt(6, number);
            if (p.executeUpdate() != 1) {
              return false;
            }
          }
          finishAttempt(c, key, number, outcome, reason, retryAt, now);
          return true;
        });
  }

  private static void finishAttempt(
      Connection c,
      String key,
      int number,
      Attempt.Outcome outcome,
      @Nullable String detail,
      @Nullable Instant retryAt,
      Instant now)
      throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "update tripline_outbox_attempt set outcome = ?, detail = ?, finished_at = ?, retry_at = ?"
                + " where idempotency_key = ? and attempt = ?")) {
      p.setString(1, outcome.name());
      setNullableString(p, 2, detail == null ? null : truncate(detail, 2000));
      p.setLong(3, now.toEpochMilli());
      if (retryAt == null) {
        p.setNull(4, Types.BIGINT);
      } else {
        p.setLong(4, retryAt.toEpochMilli());
      }
      p.setString(5, key);
      p.setInt(6, number);
      p.executeUpdate();
    }
  }

  /** Dead letter back to pending, with a fresh attempt budget, due now. */
  boolean revive(String key, Instant now) {
    return inTransaction(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "update tripline_outbox set state = 'PENDING', attempts_at_revival = attempts,"
                      + " next_attempt_at = ?, updated_at = ? where idempotency_key = ? and state = 'DEAD'")) {
            p.setLong(1, now.toEpochMilli());
            p.setLong(2, now.toEpochMilli());
            p.setString(3, key);
            return p.executeUpdate() == 1;
          }
        });
  }

  Optional<OutboxRecord> find(String key) {
    return query(
            "select " + COLUMNS + " from tripline_outbox where idempotency_key = ?",
            p -> p.setString(1, key),
            OutboxStore::record)
        .stream()
        .findFirst();
  }

  List<OutboxRecord> list(OutboxState state, long afterSequence, int limit) {
    return query(
        "select " + COLUMNS + " from tripline_outbox where state = ? and seq > ? order by seq limit ?",
        p -> {
          p.setString(1, state.name());
          p.setLong(2, afterSequence);
          p.setInt(3, limit);
        },
        OutboxStore::record);
  }

  Map<OutboxState, Long> counts() {
    Map<OutboxState, Long> counts = new EnumMap<>(OutboxState.class);
    for (OutboxState s : OutboxState.values()) {
      counts.put(s, 0L);
    }
    query(
            "select state, count(*) from tripline_outbox group by state",
            p -> {},
            rs -> Map.entry(OutboxState.valueOf(rs.getString(1)), rs.getLong(2)))
        .forEach(e -> counts.put(e.getKey(), e.getValue()));
    return counts;
  }

  /** Destinations with pending entries or dead letters, by name. */
  List<Backlog> backlog() {
    Map<String, Backlog> byDestination = new java.util.TreeMap<>();
    query(
            "select destination, state, count(*), min(created_at) from tripline_outbox"
                + " where state in ('PENDING', 'DEAD') group by destination, state",
            p -> {},
            rs -> {
              boolean pending = OutboxState.valueOf(rs.getString(2)) == OutboxState.PENDING;
              return new Backlog(
                  rs.getString(1),
                  pending ? rs.getLong(3) : 0,
                  pending ? 0 : rs.getLong(3),
                  pending ? Instant.ofEpochMilli(rs.getLong(4)) : null);
            })
        .forEach(
            b ->
                byDestination.merge(
                    b.destination(),
                    b,
                    (x, y) ->
                        new Backlog(
                            x.destination(),
                            x.pending() + y.pending(),
                            x.dead() + y.dead(),
                            x.oldestPendingCreatedAt() != null
                                ? x.oldestPendingCreatedAt()
                                : y.oldestPendingCreatedAt())));
    return List.copyOf(byDestination.values());
  }

  /** Attempts recorded, by outcome (every outcome present). */
  Map<Attempt.Outcome, Long> attemptCounts() {
    Map<Attempt.Outcome, Long> counts = new EnumMap<>(Attempt.Outcome.class);
    for (Attempt.Outcome o : Attempt.Outcome.values()) {
      counts.put(o, 0L);
    }
    query(
            "select outcome, count(*) from tripline_outbox_attempt group by outcome",
            p -> {},
            rs -> Map.entry(Attempt.Outcome.valueOf(rs.getString(1)), rs.getLong(2)))
        .forEach(e -> counts.put(e.getKey(), e.getValue()));
    return counts;
  }

  List<Attempt> attempts(String key) {
    return query(
        "select idempotency_key, attempt, dispatcher, started_at, finished_at, outcome, detail, retry_at"
            + " from tripline_outbox_attempt where idempotency_key = ? order by attempt",
        p -> p.setString(1, key),
        rs ->
            new Attempt(
                rs.getString(1),
                rs.getInt(2),
                rs.getString(3),
                Instant.ofEpochMilli(rs.getLong(4)),
                instantOrNull(rs, 5),
                Attempt.Outcome.valueOf(rs.getString(6)),
                rs.getString(7),
                instantOrNull(rs, 8)));
  }

  private static OutboxRecord record(ResultSet rs) throws SQLException {
    OutboxEntry entry =
        new OutboxEntry(
            rs.getString(2), rs.getString(3), rs.getBytes(4), Instant.ofEpochMilli(rs.getLong(5)));
    OutboxState state = OutboxState.valueOf(rs.getString(6));
    return new OutboxRecord(
        entry,
        rs.getLong(1),
        state,
        rs.getInt(7),
        state == OutboxState.PENDING ? instantOrNull(rs, 8) : null,
        rs.getString(9),
        rs.getBytes(10),
        rs.getString(11),
        instantOrNull(rs, 12));
  }

  private static @Nullable Instant instantOrNull(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  private static void setNullableString(PreparedStatement p, int i, @Nullable String s)
      throws SQLException {
    if (s == null) {
      p.setNull(i, Types.VARCHAR);
    } else {
      p.setString(i, s);
    }
  }

  static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256(String s) {
    return sha256(s.getBytes(StandardCharsets.UTF_8));
  }

  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement p) throws SQLException;
  }

  @FunctionalInterface
  interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  <T> T inTransaction(SqlWork<T> work) {
    if (dialect == Dialect.SQLITE) {
      return inSqliteTransaction(work);
    }
    return JdbcStore.inTransaction(dataSource, work::run,
        (message, cause) -> new OutboxException("outbox store: " + message, cause));
  }

  /**
   * sqlite-jdbc begins the next transaction as soon as one commits when auto-commit is off; with
   * IMMEDIATE that takes the write lock again for nothing, making other writers wait. Explicit
   * BEGIN IMMEDIATE / COMMIT on an auto-commit connection holds the lock only for the work.
   */
  private <T> T inSqliteTransaction(SqlWork<T> work) {
    try (Connection c = dataSource.getConnection();
        java.sql.Statement s = c.createStatement()) {
      s.execute("begin immediate");
      try {
        T result = work.run(c);
        s.execute("commit");
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          s.execute("rollback");
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    } catch (SQLException e) {
      throw new OutboxException("outbox store: " + e.getMessage(), e);
    }
  }

  <T> List<T> query(String sql, Binder binder, Row<T> row) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement p = c.prepareStatement(sql)) {
      binder.bind(p);
      List<T> out = new ArrayList<>();
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(row.map(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new OutboxException("outbox store: " + e.getMessage(), e);
    }
  }

  int update(String sql, Binder binder) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement p = c.prepareStatement(sql)) {
      binder.bind(p);
      return p.executeUpdate();
    } catch (SQLException e) {
      throw new OutboxException("outbox store: " + e.getMessage(), e);
    }
  }
}
