package io.tripline.review;

import io.tripline.report.outbox.JdbcStore;
import io.tripline.Priority;
import io.tripline.RuleRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** The review queue's SQL: rows in, records out. Same statements on SQLite and PostgreSQL. */
final class ReviewStore {
  static final String COLUMNS = "id, state, version, priority, escalated, submitted_at, due_at, rule_pack,"
      + " rule_version, rule_id, flagged_at, uploader_id, uploader_ip, account_created_at, country, platform_id,"
      + " evidence, claimed_by, claim_until, content_viewed, decision, reason, note, decided_by, decided_at,"
      + " report_ids";

  private final DataSource dataSource;
  private final boolean postgres;

  ReviewStore(DataSource dataSource, boolean postgres) {
    this.dataSource = dataSource;
    this.postgres = postgres;
  }

  @FunctionalInterface
  interface Tx<T> {
    T run(Connection c) throws SQLException;
  }

  /** Runs {@code work} in one transaction; commits if it returns, rolls back if it throws. */
  <T> T inTransaction(Tx<T> work) {
    return JdbcStore.inTransaction(dataSource, work::run,
        (message, cause) -> new ReviewException("the review store failed: " + message, cause));
  }

  /** A stored item row, its state as stored (a lapsed claim still reads CLAIMED here). */
  record Row(String id, ReviewState storedState, long version, Priority priority, boolean escalated,
      Instant submittedAt, Instant dueAt, RuleRef rule, Instant flaggedAt, UploaderContext uploader,
      @Nullable String platformId, StoredEvidence evidence, @Nullable String claimedBy, @Nullable Instant claimUntil,
      boolean contentViewed, @Nullable DecisionKind decision, @Nullable String reason, @Nullable String note,
      @Nullable String decidedBy, @Nullable Instant decidedAt, List<String> reportIds) {

    /** Whether a claim's lease still runs at {@code now}. */
    boolean claimLive(Instant now) {
      return storedState == ReviewState.CLAIMED && claimUntil != null && claimUntil.isAfter(now);
    }

    ReviewState state(Instant now) {
      return storedState == ReviewState.CLAIMED && !claimLive(now) ? ReviewState.PENDING : storedState;
    }

    ReviewItem item(Instant now, List<AuditEntry> audit) {
      boolean live = claimLive(now);
      Decision d = decision == null || reason == null ? null
          : new Decision(decision, ReasonCode.of(decision, reason), note, contentViewed);
      return new ReviewItem(id, state(now), version, priority, escalated, submittedAt, dueAt, rule, flaggedAt,
          evidence.matches(), evidence.excerpts(), evidence.flaggedFiles(), uploader, platformId, evidence.reports(),
          live ? claimedBy : null, live ? claimUntil : null, contentViewed, d, decidedBy, decidedAt, reportIds, audit);
    }
  }

  static Row row(ResultSet rs) throws SQLException {
    String decision = rs.getString("decision");
    String reportIds = rs.getString("report_ids");
    return new Row(rs.getString("id"), ReviewState.valueOf(rs.getString("state")), rs.getLong("version"),
        Priority.values()[rs.getInt("priority")], rs.getInt("escalated") != 0, instant(rs, "submitted_at"),
        instant(rs, "due_at"), new RuleRef(rs.getString("rule_pack"), rs.getString("rule_version"),
            rs.getString("rule_id")), instant(rs, "flagged_at"),
        new UploaderContext(rs.getString("uploader_id"), rs.getString("uploader_ip"),
            instant(rs, "account_created_at"), rs.getString("country")),
        rs.getString("platform_id"), StoredEvidence.read(rs.getString("evidence")), rs.getString("claimed_by"),
        instant(rs, "claim_until"), rs.getInt("content_viewed") != 0,
        decision == null ? null : DecisionKind.valueOf(decision), rs.getString("reason"), rs.getString("note"),
        rs.getString("decided_by"), instant(rs, "decided_at"),
        reportIds == null || reportIds.isEmpty() ? List.of() : Arrays.asList(reportIds.split(",")));
  }

  @Nullable Row find(Connection c, String id, boolean forUpdate) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("select " + COLUMNS + " from tripline_review_item where id = ?"
        + (forUpdate && postgres ? " for update" : ""))) {
      p.setString(1, id);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? row(rs) : null;
      }
    }
  }

  Row require(Connection c, String id, boolean forUpdate) throws SQLException {
    Row row = find(c, id, forUpdate);
    if (row == null) {
      throw new ReviewItemNotFoundException(id);
    }
    return row;
  }

  @Nullable String openItem(Connection c, String openKey) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("select id from tripline_review_item where open_key = ?")) {
      p.setString(1, openKey);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** Appends to the audit log; returns the entry's sequence number. */
  long audit(Connection c, String itemId, Instant at, String actor, AuditAction action,
      @Nullable ReviewState before, ReviewState after, @Nullable Decision decision, @Nullable String detail)
      throws SQLException {
    try (PreparedStatement p = c.prepareStatement("insert into tripline_review_audit (item_id, at, actor, action,"
        + " state_before, state_after, decision, reason, note, detail) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        + " returning seq")) {
      p.setString(1, itemId);
      p.setLong(2, at.toEpochMilli());
      p.setString(3, actor);
      p.setString(4, action.name());
      p.setString(5, before == null ? null : before.name());
      p.setString(6, after.name());
      p.setString(7, decision == null ? null : decision.kind().name());
      p.setString(8, decision == null ? null : decision.reasonCode().name());
      p.setString(9, decision == null ? null : decision.note());
      p.setString(10, detail);
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  List<AuditEntry> auditOf(Connection c, String itemId) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(
        "select * from tripline_review_audit where item_id = ? order by seq")) {
      p.setString(1, itemId);
      return entries(p);
    }
  }

  List<AuditEntry> auditLog(Connection c, long afterSeq, int limit) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(
        "select * from tripline_review_audit where seq > ? order by seq limit ?")) {
      p.setLong(1, afterSeq);
      p.setInt(2, limit);
      return entries(p);
    }
  }

  @Nullable AuditEntry auditEntry(Connection c, long seq) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("select * from tripline_review_audit where seq = ?")) {
      p.setLong(1, seq);
      List<AuditEntry> entries = entries(p);
      return entries.isEmpty() ? null : entries.get(0);
    }
  }

  private static List<AuditEntry> entries(PreparedStatement p) throws SQLException {
    List<AuditEntry> out = new ArrayList<>();
    try (ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        String before = rs.getString("state_before");
        String decision = rs.getString("decision");
        out.add(new AuditEntry(rs.getLong("seq"), rs.getString("item_id"), instant(rs, "at"), rs.getString("actor"),
            AuditAction.valueOf(rs.getString("action")), before == null ? null : ReviewState.valueOf(before),
            ReviewState.valueOf(rs.getString("state_after")),
            decision == null ? null : DecisionKind.valueOf(decision), rs.getString("reason"), rs.getString("note"),
            rs.getString("detail")));
      }
    }
    return out;
  }

  void addEffect(Connection c, String itemId, String effect, Instant now) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(
        "insert into tripline_review_effect (item_id, effect, created_at) values (?, ?, ?)")) {
      p.setString(1, itemId);
      p.setString(2, effect);
      p.setLong(3, now.toEpochMilli());
      p.executeUpdate();
    }
  }

  /** The effects not yet done, of one item or (null) of all, oldest first. */
  List<String[]> openEffects(Connection c, @Nullable String itemId) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("select item_id, effect from tripline_review_effect"
        + " where done_at is null" + (itemId == null ? "" : " and item_id = ?") + " order by created_at, item_id")) {
      if (itemId != null) {
        p.setString(1, itemId);
      }
      List<String[]> out = new ArrayList<>();
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(new String[] {rs.getString(1), rs.getString(2)});
        }
      }
      return out;
    }
  }

  void effectDone(Connection c, String itemId, String effect, Instant now) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("update tripline_review_effect set done_at = ?,"
        + " attempts = attempts + 1, last_error = null where item_id = ? and effect = ?")) {
      p.setLong(1, now.toEpochMilli());
      p.setString(2, itemId);
      p.setString(3, effect);
      p.executeUpdate();
    }
  }

  void effectFailed(Connection c, String itemId, String effect, String error) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("update tripline_review_effect set attempts = attempts + 1,"
        + " last_error = ? where item_id = ? and effect = ?")) {
      p.setString(1, error.length() > 500 ? error.substring(0, 500) : error);
      p.setString(2, itemId);
      p.setString(3, effect);
      p.executeUpdate();
    }
  }

  static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  static void setInstant(PreparedStatement p, int i, @Nullable Instant at) throws SQLException {
    if (at == null) {
      p.setNull(i, Types.BIGINT);
    } else {
      p.setLong(i, at.toEpochMilli());
    }
  }
}
