package io.tripline.clearinghouse;

import io.tripline.clearinghouse.routing.PendingRoute;
import io.tripline.clearinghouse.routing.RouteKey;
import io.tripline.clearinghouse.routing.RouteLedger;
import io.tripline.clearinghouse.routing.RouteStatus;
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
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The clearinghouse's tables (component {@code clearinghouse} of {@link JdbcStore}'s migrations):
 * platforms, credentials (hashes only), reports with their idempotency key, body hash and signed
 * receipt, one row per route, retractions; since migration 2 the routes' hand-over to their
 * adapters (with attempts) and every change of a route's state as an append-only event. Every write commits before the caller answers; on
 * SQLite the file runs WAL with synchronous=FULL, so an answered report survives a crash.
 * Thread-safe (a connection per call).
 */
final class Store implements AutoCloseable, RouteLedger {

  static final String COMPONENT = "clearinghouse";
  /** The advisory lock id serialising migrations on PostgreSQL ("clrh" in ASCII). */
  private static final long PG_LOCK = 0x636c7268L;
  static final String SQLITE_FILE = "clearinghouse.db";

  private static final List<JdbcStore.Migration> MIGRATIONS = List.of(
      new JdbcStore.Migration(1, "platforms, credentials, reports, routes, retractions",
          schema("blob"), schema("bytea")),
      new JdbcStore.Migration(2, "route hand-over to adapters, attempts, append-only route events",
          routeDeliverySchema(false), routeDeliverySchema(true)));

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

  /**
   * Migration 2: which routes are in an adapter's outbox (and its attempts), and every change of a
   * route's state (adapter or operator) as an append-only event.
   */
  private static List<String> routeDeliverySchema(boolean postgres) {
    List<String> sql = new ArrayList<>(List.of(
        "create table ch_route_delivery (platform_id varchar(64) not null, report_id varchar(40) not null,"
            + " destination varchar(64) not null, outbox_key varchar(200) not null, handed_over_at bigint not null,"
            + " attempts integer not null default 0, last_error varchar(1000), last_attempt_at bigint,"
            + " primary key (platform_id, report_id, destination))",
        "create table ch_route_event (id " + (postgres ? "bigint generated always as identity primary key"
            : "integer primary key autoincrement") + ", platform_id varchar(64) not null,"
            + " report_id varchar(40) not null, destination varchar(64) not null, at bigint not null,"
            + " actor varchar(100) not null, from_status varchar(32) not null, to_status varchar(32) not null,"
            + " external_id varchar(128), note varchar(1000))",
        "create index ch_route_by_status on ch_route (status, destination)",
        "create index ch_route_event_by_route on ch_route_event (platform_id, report_id, destination)"));
    if (postgres) {
      sql.add("create function ch_route_event_append_only() returns trigger language plpgsql as"
          + " $$ begin raise exception 'ch_route_event is append-only'; end $$");
      sql.add("create trigger ch_route_event_no_change before update or delete on ch_route_event"
          + " for each statement execute function ch_route_event_append_only()");
    } else {
      sql.add("create trigger ch_route_event_no_update before update on ch_route_event"
          + " begin select raise(abort, 'ch_route_event is append-only'); end");
      sql.add("create trigger ch_route_event_no_delete before delete on ch_route_event"
          + " begin select raise(abort, 'ch_route_event is append-only'); end");
    }
    return sql;
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
    return read(c -> exists(c, "select 1 from ch_platform where id = ?", id));
  }

  List<String> platforms() {
    return read(c -> {
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
    return read(c -> {
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
    return read(c -> {
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
    return read(c -> findReport(c, "idempotency_key", platform, key));
  }

  Optional<StoredReport> report(String platform, String reportId) {
    return read(c -> findReport(c, "report_id", platform, reportId));
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
      if (isIntegrityViolation(e)) {
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
      for (RouteRow route : found.get().routes()) {
        RouteStatus from = RouteStatus.valueOf(route.status());
        if (from.deliverable()) {
          // The reason stays in ch_retraction only: it is the platform's free text.
          event(c, new RouteKey(platform, reportId, route.destination()), Instant.ofEpochMilli(now),
              "platform:" + platform, from, RouteStatus.RETRACTED, null, "retracted by the platform");
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
    return read(c -> {
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
    return read(c -> {
      try (PreparedStatement p = c.prepareStatement("select count(*) from ch_report");
          ResultSet rs = p.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  // --- routes: hand-over to adapters, outcomes, operator actions --------------------------------

  /** Longest note or failure reason kept with a route event. */
  static final int MAX_NOTE = 1000;
  /** Longest external id (e.g. NCMEC's report id). */
  static final int MAX_EXTERNAL_ID = 128;

  /** Binds the destinations to the first placeholders, then the limit. */
  private static void bindDestinations(PreparedStatement p, Set<String> destinations, int limit) throws SQLException {
    int i = 1;
    for (String d : destinations) {
      p.setString(i++, d);
    }
    p.setInt(i, limit);
  }

  @Override
  public List<PendingRoute> awaitingHandOver(Set<String> destinations, int limit) {
    if (destinations.isEmpty() || limit < 1) {
      return List.of();
    }
    return read(c -> {
      List<PendingRoute> out = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement("select r.platform_id, r.report_id, r.destination,"
          + " rep.received_at, rep.body from ch_route r"
          + " join ch_report rep on rep.platform_id = r.platform_id and rep.report_id = r.report_id"
          + " left join ch_route_delivery d on d.platform_id = r.platform_id and d.report_id = r.report_id"
          + " and d.destination = r.destination"
          + " where r.status in ('PENDING', 'FAILED_RETRYABLE') and r.destination in ("
          + placeholders(destinations.size()) + ")"
          + " and d.outbox_key is null order by rep.received_at, r.report_id limit ?")) {
        bindDestinations(p, destinations, limit);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            out.add(new PendingRoute(new RouteKey(rs.getString(1), rs.getString(2), rs.getString(3)),
                Instant.ofEpochMilli(rs.getLong(4)), rs.getBytes(5)));
          }
        }
      }
      return out;
    });
  }

  @Override
  public void handedOver(RouteKey route, String outboxKey, Instant at) {
    try {
      insertHandOver(route, outboxKey, at);
    } catch (ClearinghouseException e) {
      // Two instances sweeping one PostgreSQL store: the other recorded the same hand-over first.
      if (!isIntegrityViolation(e) || read(c -> delivery(c, route)).isEmpty()) {
        throw e;
      }
    }
  }

  private void insertHandOver(RouteKey route, String outboxKey, Instant at) {
    tx(c -> {
      if (delivery(c, route).isPresent()) {
        return null;
      }
      try (PreparedStatement p = c.prepareStatement("insert into ch_route_delivery (platform_id, report_id,"
          + " destination, outbox_key, handed_over_at, attempts) values (?, ?, ?, ?, ?, 0)")) {
        bind(p, route);
        p.setString(4, outboxKey);
        p.setLong(5, at.toEpochMilli());
        p.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public List<HandedOver> inDelivery(Set<String> destinations, int limit) {
    if (destinations.isEmpty() || limit < 1) {
      return List.of();
    }
    return read(c -> {
      List<HandedOver> out = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement("select d.platform_id, d.report_id, d.destination, d.outbox_key"
          + " from ch_route_delivery d join ch_route r on r.platform_id = d.platform_id"
          + " and r.report_id = d.report_id and r.destination = d.destination"
          + " where r.status in ('PENDING', 'FAILED_RETRYABLE') and d.destination in ("
          + placeholders(destinations.size()) + ") order by d.handed_over_at limit ?")) {
        bindDestinations(p, destinations, limit);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            out.add(new HandedOver(new RouteKey(rs.getString(1), rs.getString(2), rs.getString(3)), rs.getString(4)));
          }
        }
      }
      return out;
    });
  }

  @Override
  public Optional<RouteStatus> status(RouteKey route) {
    return read(c -> routeStatus(c, route));
  }

  @Override
  public void attemptFailed(RouteKey route, String reason, String actor, Instant at) {
    tx(c -> {
      Optional<RouteStatus> before = routeStatus(c, route);
      if (before.isEmpty() || !before.get().deliverable()) {
        return null;
      }
      countAttempt(c, route, truncate(reason), at);
      if (before.get() == RouteStatus.PENDING) {
        setStatus(c, route, RouteStatus.FAILED_RETRYABLE, null, at);
        event(c, route, at, actor, RouteStatus.PENDING, RouteStatus.FAILED_RETRYABLE, null, truncate(reason));
      }
      return null;
    });
  }

  @Override
  public Settlement delivered(RouteKey route, String externalId, String actor, @Nullable String note, boolean attempt,
      Instant at) {
    return tx(c -> {
      Optional<RouteStatus> found = routeStatus(c, route);
      if (found.isEmpty()) {
        return new Settlement(null, null);
      }
      RouteStatus before = found.get();
      if (before == RouteStatus.DELIVERED || before == RouteStatus.COVERED_BY || before == RouteStatus.ALREADY_FILED
          || (!attempt && before == RouteStatus.RETRACTED)) {
        return new Settlement(before, before);
      }
      if (attempt) {
        countAttempt(c, route, null, at);
      }
      setStatus(c, route, RouteStatus.DELIVERED, externalId, at);
      String text = note;
      if (before == RouteStatus.RETRACTED) {
        // Filed while the retraction was being stored: the filing stands and needs a correction.
        addCorrection(c, route);
        text = "delivered after the report was retracted: a correction to " + route.destination() + " is needed";
      }
      event(c, route, at, actor, before, RouteStatus.DELIVERED, externalId, text == null ? null : truncate(text));
      return new Settlement(before, RouteStatus.DELIVERED);
    });
  }

  @Override
  public Settlement failed(RouteKey route, String reason, String actor, boolean attempt, Instant at) {
    return tx(c -> {
      Optional<RouteStatus> found = routeStatus(c, route);
      if (found.isEmpty()) {
        return new Settlement(null, null);
      }
      RouteStatus before = found.get();
      if (!before.deliverable()) {
        return new Settlement(before, before);
      }
      if (attempt) {
        countAttempt(c, route, truncate(reason), at);
      }
      setStatus(c, route, RouteStatus.FAILED_PERMANENT, null, at);
      event(c, route, at, actor, before, RouteStatus.FAILED_PERMANENT, null, truncate(reason));
      return new Settlement(before, RouteStatus.FAILED_PERMANENT);
    });
  }

  /**
   * An operator sends a route given up ({@code FAILED_PERMANENT}) back to its adapter: it becomes
   * {@code PENDING}, recorded with {@code note}.
   *
   * @return what changed; nothing unless the route was {@code FAILED_PERMANENT}
   */
  Settlement reopen(RouteKey route, String actor, String note, Instant at) {
    return tx(c -> {
      Optional<RouteStatus> found = routeStatus(c, route);
      if (found.isEmpty()) {
        return new Settlement(null, null);
      }
      if (found.get() != RouteStatus.FAILED_PERMANENT) {
        return new Settlement(found.get(), found.get());
      }
      setStatus(c, route, RouteStatus.PENDING, null, at);
      event(c, route, at, actor, RouteStatus.FAILED_PERMANENT, RouteStatus.PENDING, null, truncate(note));
      return new Settlement(RouteStatus.FAILED_PERMANENT, RouteStatus.PENDING);
    });
  }

  /** A route as the operator's list shows it. */
  record RouteListing(RouteKey key, String obligation, RouteStatus status, @Nullable Instant deadline,
      Instant receivedAt, @Nullable String externalId, int attempts, @Nullable String lastError,
      boolean handedOver) {}

  /**
   * Routes, oldest report first, filtered by whichever of status, destination and platform is given.
   *
   * @param limit at most this many
   */
  List<RouteListing> routes(@Nullable RouteStatus status, @Nullable String destination, @Nullable String platform,
      int limit) {
    StringBuilder sql = new StringBuilder("select r.platform_id, r.report_id, r.destination, r.obligation, r.status,"
        + " r.deadline, rep.received_at, r.external_id, d.attempts, d.last_error, d.outbox_key from ch_route r"
        + " join ch_report rep on rep.platform_id = r.platform_id and rep.report_id = r.report_id"
        + " left join ch_route_delivery d on d.platform_id = r.platform_id and d.report_id = r.report_id"
        + " and d.destination = r.destination where 1 = 1");
    List<String> args = new ArrayList<>();
    if (status != null) {
      sql.append(" and r.status = ?");
      args.add(status.name());
    }
    if (destination != null) {
      sql.append(" and r.destination = ?");
      args.add(destination);
    }
    if (platform != null) {
      sql.append(" and r.platform_id = ?");
      args.add(platform);
    }
    sql.append(" order by rep.received_at, r.report_id, r.position limit ?");
    return read(c -> {
      List<RouteListing> out = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement(sql.toString())) {
        int i = 1;
        for (String a : args) {
          p.setString(i++, a);
        }
        p.setInt(i, limit);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            long deadline = rs.getLong(6);
            Instant d = rs.wasNull() ? null : Instant.ofEpochMilli(deadline);
            out.add(new RouteListing(new RouteKey(rs.getString(1), rs.getString(2), rs.getString(3)), rs.getString(4),
                RouteStatus.valueOf(rs.getString(5)), d, Instant.ofEpochMilli(rs.getLong(7)), rs.getString(8),
                rs.getInt(9), rs.getString(10), rs.getString(11) != null));
          }
        }
      }
      return out;
    });
  }

  /** One recorded change of a route's state. */
  record RouteEvent(RouteKey key, Instant at, String actor, RouteStatus from, RouteStatus to,
      @Nullable String externalId, @Nullable String note) {}

  /** The recorded changes of a report's routes (of one destination if given), oldest first. */
  List<RouteEvent> routeEvents(String platform, String reportId, @Nullable String destination) {
    return read(c -> {
      List<RouteEvent> out = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement("select destination, at, actor, from_status, to_status,"
          + " external_id, note from ch_route_event where platform_id = ? and report_id = ?"
          + (destination != null ? " and destination = ?" : "") + " order by id")) {
        p.setString(1, platform);
        p.setString(2, reportId);
        if (destination != null) {
          p.setString(3, destination);
        }
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            out.add(new RouteEvent(new RouteKey(platform, reportId, rs.getString(1)), Instant.ofEpochMilli(rs.getLong(2)),
                rs.getString(3), RouteStatus.valueOf(rs.getString(4)), RouteStatus.valueOf(rs.getString(5)),
                rs.getString(6), rs.getString(7)));
          }
        }
      }
      return out;
    });
  }

  private static Optional<RouteStatus> routeStatus(Connection c, RouteKey route) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(
        "select status from ch_route where platform_id = ? and report_id = ? and destination = ?")) {
      bind(p, route);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? Optional.of(RouteStatus.valueOf(rs.getString(1))) : Optional.<RouteStatus>empty();
      }
    }
  }

  private static Optional<String> delivery(Connection c, RouteKey route) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("select outbox_key from ch_route_delivery"
        + " where platform_id = ? and report_id = ? and destination = ?")) {
      bind(p, route);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
      }
    }
  }

  private static void countAttempt(Connection c, RouteKey route, @Nullable String error, Instant at)
      throws SQLException {
    try (PreparedStatement p = c.prepareStatement("update ch_route_delivery set attempts = attempts + 1,"
        + " last_attempt_at = ?, last_error = ? where platform_id = ? and report_id = ? and destination = ?")) {
      p.setLong(1, at.toEpochMilli());
      p.setString(2, error);
      p.setString(3, route.platform());
      p.setString(4, route.reportId());
      p.setString(5, route.destination());
      p.executeUpdate();
    }
  }

  private static void setStatus(Connection c, RouteKey route, RouteStatus status, @Nullable String externalId,
      Instant at) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("update ch_route set status = ?, updated_at = ?"
        + (externalId != null ? ", external_id = ?" : "")
        + " where platform_id = ? and report_id = ? and destination = ?")) {
      int i = 1;
      p.setString(i++, status.name());
      p.setLong(i++, at.toEpochMilli());
      if (externalId != null) {
        p.setString(i++, externalId);
      }
      p.setString(i++, route.platform());
      p.setString(i++, route.reportId());
      p.setString(i, route.destination());
      p.executeUpdate();
    }
  }

  private static void addCorrection(Connection c, RouteKey route) throws SQLException {
    String corrections;
    try (PreparedStatement p = c.prepareStatement(
        "select corrections from ch_retraction where platform_id = ? and report_id = ?")) {
      p.setString(1, route.platform());
      p.setString(2, route.reportId());
      try (ResultSet rs = p.executeQuery()) {
        if (!rs.next()) {
          return;
        }
        corrections = rs.getString(1);
      }
    }
    if (List.of(corrections.split(",")).contains(route.destination())) {
      return;
    }
    try (PreparedStatement p = c.prepareStatement(
        "update ch_retraction set corrections = ? where platform_id = ? and report_id = ?")) {
      p.setString(1, corrections.isEmpty() ? route.destination() : corrections + "," + route.destination());
      p.setString(2, route.platform());
      p.setString(3, route.reportId());
      p.executeUpdate();
    }
  }

  private static void event(Connection c, RouteKey route, Instant at, String actor, RouteStatus from, RouteStatus to,
      @Nullable String externalId, @Nullable String note) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("insert into ch_route_event (platform_id, report_id, destination,"
        + " at, actor, from_status, to_status, external_id, note) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      bind(p, route);
      p.setLong(4, at.toEpochMilli());
      p.setString(5, actor);
      p.setString(6, from.name());
      p.setString(7, to.name());
      p.setString(8, externalId);
      p.setString(9, note);
      p.executeUpdate();
    }
  }

  private static void bind(PreparedStatement p, RouteKey route) throws SQLException {
    p.setString(1, route.platform());
    p.setString(2, route.reportId());
    p.setString(3, route.destination());
  }

  private static String placeholders(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
  }

  private static String truncate(String s) {
    return s.length() <= MAX_NOTE ? s : s.substring(0, MAX_NOTE - 3) + "...";
  }

  // --- plumbing ---------------------------------------------------------------------------------

  /** Reads outside a transaction: on SQLite a transaction would take the write lock. */
  private <T> T read(JdbcStore.Work<T> work) {
    return JdbcStore.read(dataSource, work, Store::failure);
  }

  private <T> T tx(JdbcStore.Work<T> work) {
    return JdbcStore.inTransaction(dataSource, work, Store::failure);
  }

  private static ClearinghouseException failure(String message, Throwable cause) {
    return new ClearinghouseException("clearinghouse store failed: " + message, cause);
  }

  /** Whether the store refused a write for a constraint (SQLSTATE class 23), e.g. a unique key. */
  private static boolean isIntegrityViolation(ClearinghouseException e) {
    return e.getCause() instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23");
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
