package io.tripline.clearinghouse;

import io.tripline.report.outbox.JdbcStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The clearinghouse's tables (component {@code clearinghouse} of {@link JdbcStore}'s migrations):
 * platforms, credentials (hashes only), reports with their idempotency key, body hash and signed
 * receipt, one row per route, retractions. Every write commits before the caller answers; on
 * SQLite the file runs WAL with synchronous=FULL, so an answered report survives a crash.
 * Thread-safe (a connection per call).
 */
final class Store implements AutoCloseable {

  static final String COMPONENT = "clearinghouse";
  /** The advisory lock id serialising migrations on PostgreSQL ("clrh" in ASCII). */
  private static final long PG_LOCK = 0x636c7268L;
  static final String SQLITE_FILE = "clearinghouse.db";

  private static final List<JdbcStore.Migration> MIGRATIONS = List.of(new JdbcStore.Migration(1,
      "platforms, credentials, reports, routes, retractions",
      schema("blob"), schema("bytea")));

  private final DataSource dataSource;
  private final @Nullable AutoCloseable owned;
  private final Clock clock;

  private Store(DataSource dataSource, @Nullable AutoCloseable owned, Clock clock) {
    this.dataSource = dataSource;
    this.owned = owned;
    this.clock = clock;
    boolean postgres = JdbcStore.isPostgres(dataSource);
    JdbcStore.migrate(dataSource, postgres, COMPONENT, PG_LOCK, MIGRATIONS, clock.instant(),
        (message, cause) -> new ClearinghouseException(message, cause));
  }

  static Store sqlite(Path dataDir, Clock clock) {
    JdbcStore.PooledDataSource ds = JdbcStore.sqlite(dataDir.resolve(SQLITE_FILE), Duration.ofSeconds(10));
    try {
      return new Store(ds, ds, clock);
    } catch (RuntimeException e) {
      closeQuietly(ds);
      throw e;
    }
  }

  /** The database, shared with the feed store (its own migration component). */
  DataSource dataSource() {
    return dataSource;
  }

  static Store of(DataSource dataSource, Clock clock) {
    return new Store(dataSource, null, clock);
  }

  private static List<String> schema(String bytes) {
    return List.of(
        "create table ch_platform (id varchar(64) primary key, created_at bigint not null)",
        "create table ch_credential (id varchar(40) primary key,"
            + " platform_id varchar(64) not null references ch_platform(id),"
            + " secret_sha256 varchar(64) not null unique, scopes varchar(200) not null,"
            + " created_at bigint not null, revoked_at bigint)",
        "create table ch_report (platform_id varchar(64) not null, report_id varchar(40) not null,"
            + " idempotency_key varchar(200) not null, body_sha256 varchar(64) not null, body " + bytes + " not null,"
            + " received_at bigint not null, status varchar(32) not null,"
            + " receipt " + bytes + " not null, receipt_signature varchar(200) not null,"
            + " primary key (platform_id, report_id), unique (platform_id, idempotency_key))",
        "create table ch_route (platform_id varchar(64) not null, report_id varchar(40) not null,"
            + " position integer not null, destination varchar(64) not null, obligation varchar(16) not null,"
            + " status varchar(32) not null, deadline bigint, covered_by varchar(64), external_id varchar(128),"
            + " updated_at bigint not null, primary key (platform_id, report_id, destination))",
        "create table ch_retraction (platform_id varchar(64) not null, report_id varchar(40) not null,"
            + " reason varchar(1000) not null, retracted_at bigint not null, corrections varchar(2000) not null,"
            + " primary key (platform_id, report_id))");
  }

  // --- platforms and credentials ---------------------------------------------------------------

  /** @return false if it existed already */
  boolean addPlatform(String id) {
    return tx(c -> {
      if (exists(c, "select 1 from ch_platform where id = ?", id)) {
        return false;
      }
      try (PreparedStatement p = c.prepareStatement("insert into ch_platform (id, created_at) values (?, ?)")) {
        p.setString(1, id);
        p.setLong(2, clock.millis());
        p.executeUpdate();
      }
      return true;
    });
  }

  boolean platformExists(String id) {
    return tx(c -> exists(c, "select 1 from ch_platform where id = ?", id));
  }

  List<String> platforms() {
    return tx(c -> {
      List<String> out = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement("select id from ch_platform order by id");
          ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    });
  }

  void insertCredential(String id, String platform, String secretSha256, String scopes) {
    tx(c -> {
      try (PreparedStatement p = c.prepareStatement("insert into ch_credential (id, platform_id, secret_sha256,"
          + " scopes, created_at) values (?, ?, ?, ?, ?)")) {
        p.setString(1, id);
        p.setString(2, platform);
        p.setString(3, secretSha256);
        p.setString(4, scopes);
        p.setLong(5, clock.millis());
        p.executeUpdate();
      }
      return null;
    });
  }

  /** @return false if no such credential, or already revoked */
  boolean revokeCredential(String id) {
    return tx(c -> {
      try (PreparedStatement p = c.prepareStatement(
          "update ch_credential set revoked_at = ? where id = ? and revoked_at is null")) {
        p.setLong(1, clock.millis());
        p.setString(2, id);
        return p.executeUpdate() == 1;
      }
    });
  }

  record CredentialRow(String id, String platform, String secretSha256, String scopes, Instant createdAt,
      @Nullable Instant revokedAt) {}

  List<CredentialRow> credentials() {
    return tx(c -> {
      List<CredentialRow> out = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement("select id, platform_id, secret_sha256, scopes, created_at,"
          + " revoked_at from ch_credential order by platform_id, created_at, id");
          ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(credential(rs));
        }
      }
      return out;
    });
  }

  Optional<CredentialRow> credentialByHash(String secretSha256) {
    return tx(c -> {
      try (PreparedStatement p = c.prepareStatement("select id, platform_id, secret_sha256, scopes, created_at,"
          + " revoked_at from ch_credential where secret_sha256 = ?")) {
        p.setString(1, secretSha256);
        try (ResultSet rs = p.executeQuery()) {
          return rs.next() ? Optional.of(credential(rs)) : Optional.<CredentialRow>empty();
        }
      }
    });
  }

  private static CredentialRow credential(ResultSet rs) throws SQLException {
    long revoked = rs.getLong(6);
    Instant revokedAt = rs.wasNull() ? null : Instant.ofEpochMilli(revoked);
    return new CredentialRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
        Instant.ofEpochMilli(rs.getLong(5)), revokedAt);
  }

  // --- reports ----------------------------------------------------------------------------------

  record RouteRow(String destination, String obligation, String status, @Nullable Instant deadline,
      @Nullable String coveredBy, @Nullable String externalId) {}

  record StoredReport(String platform, String reportId, String idempotencyKey, String bodySha256,
      Instant receivedAt, String status, byte[] receipt, String receiptSignature, List<RouteRow> routes) {}

  Optional<StoredReport> reportByKey(String platform, String key) {
    return tx(c -> findReport(c, "idempotency_key", platform, key));
  }

  Optional<StoredReport> report(String platform, String reportId) {
    return tx(c -> findReport(c, "report_id", platform, reportId));
  }

  private static Optional<StoredReport> findReport(Connection c, String column, String platform, String value)
      throws SQLException {
    try (PreparedStatement p = c.prepareStatement("select report_id, idempotency_key, body_sha256, received_at,"
        + " status, receipt, receipt_signature from ch_report where platform_id = ? and " + column + " = ?")) {
      p.setString(1, platform);
      p.setString(2, value);
      try (ResultSet rs = p.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        String reportId = rs.getString(1);
        return Optional.of(new StoredReport(platform, reportId, rs.getString(2), rs.getString(3),
            Instant.ofEpochMilli(rs.getLong(4)), rs.getString(5), rs.getBytes(6), rs.getString(7),
            routes(c, platform, reportId)));
      }
    }
  }

  private static List<RouteRow> routes(Connection c, String platform, String reportId) throws SQLException {
    List<RouteRow> out = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement("select destination, obligation, status, deadline, covered_by,"
        + " external_id from ch_route where platform_id = ? and report_id = ? order by position")) {
      p.setString(1, platform);
      p.setString(2, reportId);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          long deadline = rs.getLong(4);
          Instant d = rs.wasNull() ? null : Instant.ofEpochMilli(deadline);
          out.add(new RouteRow(rs.getString(1), rs.getString(2), rs.getString(3), d, rs.getString(5),
              rs.getString(6)));
        }
      }
    }
    return out;
  }

  /** What {@link #insertReport} found: the new report, or what was there under the key or the id. */
  sealed interface Insert {
    record Created(StoredReport report) implements Insert {}

    record Existing(StoredReport report) implements Insert {}

    /** The credential that sent it was revoked after the caller authenticated it: nothing written. */
    record Revoked(String credentialId) implements Insert {}
  }

  /**
   * A report to store, with the id of the credential that sent it: intake checks in the writing
   * transaction that the credential is not revoked, so a credential that the caller authenticated
   * from a cache cannot write once it is revoked.
   *
   * @param alsoInTransaction run with the transaction's connection right after the report is
   *     written (not when it existed already), e.g. to publish it in the same commit; null: nothing
   */
  record NewReport(StoredReport report, byte[] body, String credentialId,
      @Nullable Consumer<Connection> alsoInTransaction) {}

  /**
   * Stores a report with its routes and receipt in one transaction, unless the platform already
   * has one under the same key or the same report id (a race lost to a concurrent request): then
   * that one is returned and nothing is written. Nothing is written either if the credential was
   * revoked meanwhile.
   */
  Insert insertReport(NewReport r) {
    try {
      return insertReports(List.of(r)).get(0);
    } catch (ClearinghouseException e) {
      // PostgreSQL (read committed) lets two twins both miss the lookup; the loser hits the
      // unique key (SQLSTATE class 23) and answers with what the winner stored.
      if (e.getCause() instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
        StoredReport mine = r.report();
        Optional<StoredReport> winner = reportByKey(mine.platform(), mine.idempotencyKey())
            .or(() -> report(mine.platform(), mine.reportId()));
        if (winner.isPresent()) {
          return new Insert.Existing(winner.get());
        }
      }
      throw e;
    }
  }

  /**
   * Stores several reports in one transaction (one commit, so one sync of the SQLite file for all
   * of them): each as {@link #insertReport} would, in order, so a later twin of an earlier one in
   * the same list finds it. All or nothing: if any statement fails, nothing of any is stored.
   *
   * @return what happened to each, in the order given
   * @throws ClearinghouseException if the transaction fails
   */
  List<Insert> insertReports(List<NewReport> reports) {
    return tx(c -> {
      List<Insert> out = new ArrayList<>(reports.size());
      Map<String, Boolean> revoked = new HashMap<>();
      try (PreparedStatement known = c.prepareStatement("select idempotency_key = ? from ch_report"
          + " where platform_id = ? and (idempotency_key = ? or report_id = ?) order by 1 desc limit 1");
          PreparedStatement report = c.prepareStatement("insert into ch_report (platform_id, report_id,"
          + " idempotency_key, body_sha256, body, received_at, status, receipt, receipt_signature)"
          + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement route = c.prepareStatement("insert into ch_route (platform_id, report_id, position,"
              + " destination, obligation, status, deadline, covered_by, external_id, updated_at)"
              + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (NewReport n : reports) {
          Boolean credentialRevoked = revoked.get(n.credentialId());
          if (credentialRevoked == null) {
            credentialRevoked = isRevoked(c, n.credentialId());
            revoked.put(n.credentialId(), credentialRevoked);
          }
          if (credentialRevoked) {
            out.add(new Insert.Revoked(n.credentialId()));
            continue;
          }
          StoredReport r = n.report();
          // One look for both: a new report (the common case) costs one query, not two.
          known.setString(1, r.idempotencyKey());
          known.setString(2, r.platform());
          known.setString(3, r.idempotencyKey());
          known.setString(4, r.reportId());
          Boolean sameKey = null;
          try (ResultSet rs = known.executeQuery()) {
            if (rs.next()) {
              sameKey = rs.getBoolean(1);
            }
          }
          if (sameKey != null) {
            // The key's own report first; else the one with this id under another key.
            out.add(new Insert.Existing(sameKey
                ? findReport(c, "idempotency_key", r.platform(), r.idempotencyKey()).orElseThrow()
                : findReport(c, "report_id", r.platform(), r.reportId()).orElseThrow()));
            continue;
          }
          report.setString(1, r.platform());
          report.setString(2, r.reportId());
          report.setString(3, r.idempotencyKey());
          report.setString(4, r.bodySha256());
          report.setBytes(5, n.body());
          report.setLong(6, r.receivedAt().toEpochMilli());
          report.setString(7, r.status());
          report.setBytes(8, r.receipt());
          report.setString(9, r.receiptSignature());
          report.executeUpdate();
          int position = 0;
          for (RouteRow row : r.routes()) {
            route.setString(1, r.platform());
            route.setString(2, r.reportId());
            route.setInt(3, position++);
            route.setString(4, row.destination());
            route.setString(5, row.obligation());
            route.setString(6, row.status());
            if (row.deadline() == null) {
              route.setNull(7, Types.BIGINT);
            } else {
              route.setLong(7, row.deadline().toEpochMilli());
            }
            route.setString(8, row.coveredBy());
            route.setString(9, row.externalId());
            route.setLong(10, r.receivedAt().toEpochMilli());
            route.executeUpdate();
          }
          if (n.alsoInTransaction() != null) {
            n.alsoInTransaction().accept(c);
          }
          out.add(new Insert.Created(r));
        }
      }
      return out;
    });
  }

  /** Whether credential {@code id} is revoked, or gone. */
  private static boolean isRevoked(Connection c, String id) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("select revoked_at from ch_credential where id = ?")) {
      p.setString(1, id);
      try (ResultSet rs = p.executeQuery()) {
        if (!rs.next()) {
          return true;
        }
        rs.getLong(1);
        return !rs.wasNull();
      }
    }
  }

  /**
   * Retracts a report: routes not delivered become {@code RETRACTED}; delivered ones stay and are
   * listed as needing a correction. A second retraction changes nothing.
   *
   * @return the report after it, or empty if the platform has no such report
   */
  Optional<StoredReport> retract(String platform, String reportId, String reason) {
    return tx(c -> {
      Optional<StoredReport> found = findReport(c, "report_id", platform, reportId);
      if (found.isEmpty() || found.get().status().equals("RETRACTED")) {
        return found;
      }
      long now = clock.millis();
      List<String> corrections = new ArrayList<>();
      for (RouteRow route : found.get().routes()) {
        if (route.status().equals("DELIVERED")) {
          corrections.add(route.destination());
        }
      }
      try (PreparedStatement p = c.prepareStatement("update ch_route set status = 'RETRACTED', updated_at = ?"
          + " where platform_id = ? and report_id = ? and status in ('PENDING', 'FAILED_RETRYABLE')")) {
        p.setLong(1, now);
        p.setString(2, platform);
        p.setString(3, reportId);
        p.executeUpdate();
      }
      try (PreparedStatement p = c.prepareStatement(
          "update ch_report set status = 'RETRACTED' where platform_id = ? and report_id = ?")) {
        p.setString(1, platform);
        p.setString(2, reportId);
        p.executeUpdate();
      }
      try (PreparedStatement p = c.prepareStatement("insert into ch_retraction (platform_id, report_id, reason,"
          + " retracted_at, corrections) values (?, ?, ?, ?, ?)")) {
        p.setString(1, platform);
        p.setString(2, reportId);
        p.setString(3, reason);
        p.setLong(4, now);
        p.setString(5, String.join(",", corrections));
        p.executeUpdate();
      }
      return findReport(c, "report_id", platform, reportId);
    });
  }

  /** The retraction reason recorded for a report, if retracted. */
  Optional<String> retractionReason(String platform, String reportId) {
    return tx(c -> {
      try (PreparedStatement p = c.prepareStatement(
          "select reason from ch_retraction where platform_id = ? and report_id = ?")) {
        p.setString(1, platform);
        p.setString(2, reportId);
        try (ResultSet rs = p.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
        }
      }
    });
  }

  long reportCount() {
    return tx(c -> {
      try (PreparedStatement p = c.prepareStatement("select count(*) from ch_report");
          ResultSet rs = p.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  // --- plumbing ---------------------------------------------------------------------------------

  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T tx(Work<T> work) {
    return JdbcStore.inTransaction(dataSource, work::run,
        (message, cause) -> new ClearinghouseException("clearinghouse store failed: " + message, cause));
  }

  private static boolean exists(Connection c, String sql, String value) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setString(1, value);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next();
      }
    }
  }

  @Override
  public void close() {
    if (owned != null) {
      closeQuietly(owned);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // closing on the way out; nothing to do
    }
  }
}
