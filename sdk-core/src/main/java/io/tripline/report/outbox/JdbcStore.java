package io.tripline.report.outbox;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import javax.sql.DataSource;

/**
 * The JDBC store that the outbox shares with the other durable parts of Tripline (the review
 * queue): the embedded SQLite file (WAL, synchronous=FULL, busy timeout, IMMEDIATE transactions,
 * a small connection pool) and versioned schema migrations per component, recorded in
 * {@code tripline_schema_version}. Infrastructure for Tripline's own components; platforms use
 * {@link Outbox.Builder#sqlite} or {@link Outbox.Builder#dataSource} instead.
 */
public final class JdbcStore {
  private JdbcStore() {}

  /** A pooled data source that closes its idle connections on {@link #close()}. */
  public interface PooledDataSource extends DataSource, AutoCloseable {
    @Override
    void close();
  }

  /**
   * One schema change of a component: the statements for each store, run in one transaction.
   *
   * @param version 1, 2, ... in order
   * @param description what it adds, recorded with it
   */
  public record Migration(int version, String description, List<String> sqlite, List<String> postgres) {
    public Migration {
      Objects.requireNonNull(description, "description");
      sqlite = List.copyOf(sqlite);
      postgres = List.copyOf(postgres);
    }
  }

  /**
   * The SQLite file {@code file} (created with its directory if missing), set up as the outbox
   * uses it.
   *
   * @throws OutboxException if the directory cannot be created
   */
  public static PooledDataSource sqlite(Path file, Duration busyTimeout) {
    return SqliteFile.dataSource(Objects.requireNonNull(file, "file"), Objects.requireNonNull(busyTimeout, "busyTimeout"));
  }

  /** Work on one connection, inside a transaction or not. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction on a connection of {@code dataSource}: commits if it
   * returns, rolls back if it throws (a failed rollback is added as suppressed), and hands the
   * connection back in auto-commit mode. A {@link SQLException} becomes {@code failure(its
   * message, it)}; anything else is rethrown as it is.
   */
  public static <T> T inTransaction(DataSource dataSource, Work<T> work,
      BiFunction<String, Throwable, ? extends RuntimeException> failure) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        try {
          c.rollback();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failure.apply(e.getMessage(), e);
    }
  }

  /**
   * Runs {@code work} on a connection of {@code dataSource} in auto-commit mode, each statement on
   * its own: for lookups, which on SQLite would otherwise take the write lock (connections begin
   * transactions IMMEDIATE) and queue behind writers. A {@link SQLException} becomes
   * {@code failure(its message, it)}; anything else is rethrown as it is.
   */
  public static <T> T read(DataSource dataSource, Work<T> work,
      BiFunction<String, Throwable, ? extends RuntimeException> failure) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      return work.run(c);
    } catch (SQLException e) {
      throw failure.apply(e.getMessage(), e);
    }
  }

  /**
   * Whether {@code dataSource} is PostgreSQL (else SQLite).
   *
   * @throws OutboxException if it is neither, or cannot be opened
   */
  public static boolean isPostgres(DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      return Dialect.of(c) == Dialect.POSTGRESQL;
    } catch (SQLException e) {
      throw new OutboxException("cannot open the store: " + e.getMessage(), e);
    }
  }

  /**
   * Applies the migrations of {@code component} not yet recorded, all in one transaction, so a
   * failed start leaves the schema as it was. Concurrent starts are serialised: PostgreSQL by a
   * transaction advisory lock ({@code pgLockId}), SQLite by its single writer.
   *
   * @return the versions applied by this call (empty if none)
   * @throws RuntimeException made by {@code failure} if the store is newer than the code or a
   *     statement fails
   */
  public static List<Integer> migrate(DataSource dataSource, boolean postgres, String component, long pgLockId,
      List<Migration> migrations, Instant now, BiFunction<String, Throwable, ? extends RuntimeException> failure) {
    int latest = migrations.get(migrations.size() - 1).version();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (Statement s = c.createStatement()) {
          if (postgres) {
            s.execute("select pg_advisory_xact_lock(" + pgLockId + ")");
          }
          s.execute(
              "create table if not exists tripline_schema_version ("
                  + " component varchar(50) not null, version integer not null,"
                  + " description varchar(200) not null, applied_at bigint not null,"
                  + " primary key (component, version))");
        }
        Set<Integer> applied = new HashSet<>();
        try (PreparedStatement p =
            c.prepareStatement("select version from tripline_schema_version where component = ?")) {
          p.setString(1, component);
          try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
              applied.add(rs.getInt(1));
            }
          }
        }
        for (int v : applied) {
          if (v > latest) {
            throw failure.apply("the " + component + " store has schema version " + v
                + ", newer than this code knows (" + latest + "); upgrade Tripline", null);
          }
        }
        List<Integer> done = new ArrayList<>();
        for (Migration m : migrations) {
          if (applied.contains(m.version())) {
            continue;
          }
          try (Statement s = c.createStatement()) {
            for (String sql : postgres ? m.postgres() : m.sqlite()) {
              s.execute(sql);
            }
          }
          try (PreparedStatement p =
              c.prepareStatement(
                  "insert into tripline_schema_version (component, version, description, applied_at)"
                      + " values (?, ?, ?, ?)")) {
            p.setString(1, component);
            p.setInt(2, m.version());
            p.setString(3, m.description());
            p.setLong(4, now.toEpochMilli());
            p.executeUpdate();
          }
          done.add(m.version());
        }
        c.commit();
        return List.copyOf(done);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw failure.apply("could not create or migrate the " + component + " schema: " + e.getMessage(), e);
    }
  }

}
