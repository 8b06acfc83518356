package io.tripline.clearinghouse.feed;

import io.tripline.report.outbox.JdbcStore;
import io.tripline.review.Opinion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The feeds' durable state on JDBC (SQLite or PostgreSQL, schema component
 * {@value #COMPONENT}): the feeds, their indicators, each feed's append-only change log, and the
 * indicators' provenance (which report of which platform supports each), which never leaves the
 * server.
 *
 * <p>Every change takes the next number of its feed's sequence, allocated under the feed row's
 * lock in the transaction that writes the change, so readers see the log in sequence order
 * without gaps. A cursor ({@code c-<epoch>-<seq>}) names a feed epoch and a sequence number; it is
 * refused with {@link CursorGoneException} (HTTP 410) when malformed, of an earlier epoch (the
 * feed was {@linkplain #reset reset}), beyond the log's end, or behind the retention horizon that
 * {@link #prune} advances. Pruning removes only superseded changes and old deletes, so a full
 * sync (no cursor) still receives the latest change of every live indicator.
 *
 * <p>Thread-safe; instances share nothing but the data source.
 */
public final class FeedStore {

  /** The schema component in {@code tripline_schema_version}. */
  public static final String COMPONENT = "clearinghouse-feed";

  private static final long PG_LOCK_ID = 0x7472_6970_6c66_6431L;
  private static final Pattern CURSOR = Pattern.compile("c-([0-9]{1,9})-([0-9]{1,18})");

  /** Version 1; the statements are portable, so the same text serves SQLite and PostgreSQL. */
  private static final List<String> SCHEMA_1 = List.of(
      "create table ch_feed (id varchar(128) primary key, title varchar(200) not null,"
          + " signal_types varchar(2000) not null, labels varchar(2000) not null, epoch integer not null,"
          + " last_seq bigint not null, horizon_seq bigint not null)",
      "create table ch_feed_indicator (feed_id varchar(128) not null, indicator_id varchar(128) not null,"
          + " signal_type varchar(64) not null, signal_value varchar(256) not null, labels varchar(2000) not null,"
          + " severity varchar(16) not null, added_at bigint not null, state varchar(16) not null,"
          + " note varchar(500), primary key (feed_id, indicator_id))",
      "create table ch_feed_change (feed_id varchar(128) not null, seq bigint not null,"
          + " indicator_id varchar(128) not null, op varchar(8) not null, signal_type varchar(64),"
          + " signal_value varchar(256), labels varchar(2000), severity varchar(16), added_at bigint,"
          + " reason varchar(64), created_at bigint not null, primary key (feed_id, seq))",
      "create index ch_feed_change_indicator on ch_feed_change (feed_id, indicator_id, seq)",
      "create table ch_feed_provenance (feed_id varchar(128) not null, indicator_id varchar(128) not null,"
          + " report_id varchar(128) not null, platform varchar(128) not null, added_at bigint not null,"
          + " primary key (feed_id, indicator_id, report_id))",
      "create index ch_feed_provenance_report on ch_feed_provenance (report_id)",
      "create table ch_feed_opinion (feed_id varchar(128) not null, indicator_id varchar(128) not null,"
          + " platform varchar(128) not null, opinion varchar(16) not null, note varchar(500),"
          + " voted_at bigint not null, primary key (feed_id, indicator_id, platform))");

  private static final List<String> SCHEMA_2 = List.of(
      "create table ch_feed_opinion_key (platform varchar(128) not null, idempotency_key varchar(200) not null,"
          + " body_sha256 varchar(64) not null, created_at bigint not null, primary key (platform, idempotency_key))",
      "create index ch_feed_opinion_key_created on ch_feed_opinion_key (created_at)");

  private static final List<JdbcStore.Migration> MIGRATIONS = List.of(
      new JdbcStore.Migration(1, "feeds, indicators, change log, provenance, opinions", SCHEMA_1, SCHEMA_1),
      new JdbcStore.Migration(2, "opinion requests' idempotency keys", SCHEMA_2, SCHEMA_2));

  private final DataSource dataSource;
  private final Clock clock;

  private FeedStore(DataSource dataSource, Clock clock) {
    this.dataSource = dataSource;
    this.clock = clock;
  }

  /**
   * Opens the store on {@code dataSource}, creating or migrating its schema.
   *
   * @throws NullPointerException if an argument is null
   * @throws FeedStoreException if the database cannot be opened or migrated
   */
  public static FeedStore open(DataSource dataSource, Clock clock) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(clock, "clock");
    boolean postgres;
    try {
      postgres = JdbcStore.isPostgres(dataSource);
    } catch (RuntimeException e) {
      throw new FeedStoreException("cannot open the feed store: " + e.getMessage(), e);
    }
    JdbcStore.migrate(dataSource, postgres, COMPONENT, PG_LOCK_ID, MIGRATIONS, clock.instant(),
        FeedStoreException::new);
    return new FeedStore(dataSource, clock);
  }

  // --- feeds ---------------------------------------------------------------------------------

  /**
   * Creates {@code feed}, or updates its title, signal types and labels; its log is kept.
   *
   * @throws FeedStoreException if the database fails
   */
  public void defineFeed(FeedDefinition feed) {
    Objects.requireNonNull(feed, "feed");
    inTransaction(c -> {
      try (PreparedStatement p = c.prepareStatement(
          "insert into ch_feed (id, title, signal_types, labels, epoch, last_seq, horizon_seq)"
              + " values (?, ?, ?, ?, 1, 0, 0) on conflict (id) do update set title = excluded.title,"
              + " signal_types = excluded.signal_types, labels = excluded.labels")) {
        p.setString(1, feed.id());
        p.setString(2, feed.title());
        p.setString(3, String.join(",", feed.signalTypes()));
        p.setString(4, String.join(",", feed.labels()));
        p.executeUpdate();
      }
      return null;
    });
  }

  /** The feeds, by id. */
  public List<FeedDefinition> feeds() {
    return read(c -> {
      List<FeedDefinition> out = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement("select id, title, signal_types, labels from ch_feed order by id");
          ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(new FeedDefinition(rs.getString(1), rs.getString(2), split(rs.getString(3)), split(rs.getString(4))));
        }
      }
      return List.copyOf(out);
    });
  }

  /** The feed {@code id}, if it exists. */
  public Optional<FeedDefinition> feed(String id) {
    Objects.requireNonNull(id, "id");
    return feeds().stream().filter(f -> f.id().equals(id)).findFirst();
  }

  /**
   * Starts a new epoch of feed {@code id}: every cursor given out so far is refused (410), so every
   * client resyncs in full. For a restored or rebuilt database.
   *
   * @throws UnknownFeedException if there is no such feed
   */
  public void reset(String id) {
    inTransaction(c -> {
      try (PreparedStatement p = c.prepareStatement("update ch_feed set epoch = epoch + 1 where id = ?")) {
        p.setString(1, id);
        if (p.executeUpdate() == 0) {
          throw new UnknownFeedException("no feed '" + id + "'");
        }
      }
      return null;
    });
  }

  // --- reading the log -----------------------------------------------------------------------

  /**
   * The changes of feed {@code feedId} after {@code cursor} ({@code null}: from the start), at most
   * {@code limit}.
   *
   * @throws IllegalArgumentException if {@code limit < 1}
   * @throws UnknownFeedException if there is no such feed
   * @throws CursorGoneException if the cursor cannot be resumed from
   */
  public ChangesPage changes(String feedId, @Nullable String cursor, int limit) {
    Objects.requireNonNull(feedId, "feedId");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, was " + limit);
    }
    // No transaction: a SQLite write transaction (IMMEDIATE) would serialise every poll with the
    // writers. The feed row is read first and the log only up to its last_seq, whose changes were
    // committed with it, so the page is consistent without one.
    return read(c -> {
      long epoch;
      long lastSeq;
      long horizon;
      try (PreparedStatement p = c.prepareStatement("select epoch, last_seq, horizon_seq from ch_feed where id = ?")) {
        p.setString(1, feedId);
        try (ResultSet rs = p.executeQuery()) {
          if (!rs.next()) {
            throw new UnknownFeedException("no feed '" + feedId + "'");
          }
          epoch = rs.getLong(1);
          lastSeq = rs.getLong(2);
          horizon = rs.getLong(3);
        }
      }
      long after = 0;
      if (cursor != null) {
        Matcher m = CURSOR.matcher(cursor);
        if (!m.matches()) {
          throw new CursorGoneException("not a cursor of this clearinghouse");
        }
        if (Long.parseLong(m.group(1)) != epoch) {
          throw new CursorGoneException("the feed was reset since this cursor was given");
        }
        after = Long.parseLong(m.group(2));
        if (after > lastSeq) {
          throw new CursorGoneException("the cursor is beyond the feed's end");
        }
        if (after < horizon) {
          throw new CursorGoneException("the cursor is older than the feed's retention");
        }
      }
      List<FeedChange> changes = new ArrayList<>();
      boolean more = false;
      try (PreparedStatement p = c.prepareStatement(
          "select seq, indicator_id, op, signal_type, signal_value, labels, severity, added_at, reason"
              + " from ch_feed_change where feed_id = ? and seq > ? and seq <= ? order by seq limit ?")) {
        p.setString(1, feedId);
        p.setLong(2, after);
        p.setLong(3, lastSeq);
        p.setInt(4, limit + 1);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            if (changes.size() == limit) {
              more = true;
              break;
            }
            long seq = rs.getLong(1);
            String id = rs.getString(2);
            if ("upsert".equals(rs.getString(3))) {
              changes.add(new FeedChange.Upsert(seq, id, rs.getString(4), rs.getString(5), split(rs.getString(6)),
                  rs.getString(7), Instant.ofEpochMilli(rs.getLong(8))));
            } else {
              changes.add(new FeedChange.Delete(seq, id, rs.getString(9)));
            }
          }
        }
      }
      long next = more ? changes.get(changes.size() - 1).seq() : lastSeq;
      return new ChangesPage(feedId, changes, cursor(epoch, next), more);
    });
  }

  private static String cursor(long epoch, long seq) {
    return "c-" + epoch + "-" + seq;
  }

  /**
   * Removes, from every feed's log, the changes made before {@code before} that no client needs
   * for a full sync: upserts superseded by a later change of the same indicator, and deletes.
   * Cursors behind the removed changes are refused (410) from then on.
   *
   * @return how many changes were removed
   */
  public int prune(Instant before) {
    Objects.requireNonNull(before, "before");
    return inTransaction(c -> {
      int removed = 0;
      for (FeedDefinition feed : feedsIn(c)) {
        long feedLast = lockFeed(c, feed.id());
        long maxRemoved = 0;
        List<Long> doomed = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(
            "select seq from ch_feed_change f where feed_id = ? and created_at < ? and (op = 'delete' or exists"
                + " (select 1 from ch_feed_change l where l.feed_id = f.feed_id and l.indicator_id = f.indicator_id"
                + " and l.seq > f.seq))")) {
          p.setString(1, feed.id());
          p.setLong(2, before.toEpochMilli());
          try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
              doomed.add(rs.getLong(1));
            }
          }
        }
        try (PreparedStatement d = c.prepareStatement("delete from ch_feed_change where feed_id = ? and seq = ?")) {
          for (long seq : doomed) {
            d.setString(1, feed.id());
            d.setLong(2, seq);
            d.addBatch();
            maxRemoved = Math.max(maxRemoved, seq);
          }
          if (!doomed.isEmpty()) {
            d.executeBatch();
          }
        }
        if (maxRemoved > 0) {
          try (PreparedStatement u = c.prepareStatement(
              "update ch_feed set horizon_seq = ? where id = ? and horizon_seq < ?")) {
            u.setLong(1, Math.min(maxRemoved, feedLast));
            u.setString(2, feed.id());
            u.setLong(3, maxRemoved);
            u.executeUpdate();
          }
        }
        removed += doomed.size();
      }
      return removed;
    });
  }

  private List<FeedDefinition> feedsIn(Connection c) throws SQLException {
    List<FeedDefinition> out = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement("select id, title, signal_types, labels from ch_feed order by id");
        ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        out.add(new FeedDefinition(rs.getString(1), rs.getString(2), split(rs.getString(3)), split(rs.getString(4))));
      }
    }
    return out;
  }

  // --- provenance and confirmations ----------------------------------------------------------

  /** How many distinct platforms confirmed indicator {@code indicatorId} of feed {@code feedId}. */
  public int confirmations(String feedId, String indicatorId) {
    return read(c -> {
      try (PreparedStatement p = c.prepareStatement(
          "select count(distinct platform) from ch_feed_provenance where feed_id = ? and indicator_id = ?")) {
        p.setString(1, feedId);
        p.setString(2, indicatorId);
        try (ResultSet rs = p.executeQuery()) {
          rs.next();
          return rs.getInt(1);
        }
      }
    });
  }

  /** Whether indicator {@code indicatorId} of feed {@code feedId} is published now. */
  public boolean isPublished(String feedId, String indicatorId) {
    return read(c -> "active".equals(state(c, feedId, indicatorId)));
  }

  // --- writes, for FeedPublisher -------------------------------------------------------------

  /** An indicator to publish; its values are already checked by the publisher. */
  record Candidate(String id, String signalType, String value, List<String> labels, String severity) {}

  /**
   * Records that report {@code reportId} of {@code platform} supports {@code candidate}, and
   * publishes it (an upsert change) if it is new, was withdrawn by retractions, or gains labels.
   * An indicator withdrawn by opinions stays withdrawn.
   *
   * @return whether a change was appended
   */
  boolean support(String feedId, Candidate candidate, String reportId, String platform) {
    long now = clock.millis();
    return inTransaction(c -> {
      lockFeed(c, feedId);
      try (PreparedStatement p = c.prepareStatement(
          "insert into ch_feed_provenance (feed_id, indicator_id, report_id, platform, added_at) values (?, ?, ?, ?, ?)"
              + " on conflict (feed_id, indicator_id, report_id) do nothing")) {
        p.setString(1, feedId);
        p.setString(2, candidate.id());
        p.setString(3, reportId);
        p.setString(4, platform);
        p.setLong(5, now);
        p.executeUpdate();
      }
      String state = state(c, feedId, candidate.id());
      if ("disputed".equals(state)) {
        return false;
      }
      List<String> labels = candidate.labels();
      long addedAt = now;
      if (state != null) {
        try (PreparedStatement p = c.prepareStatement(
            "select labels, added_at from ch_feed_indicator where feed_id = ? and indicator_id = ?")) {
          p.setString(1, feedId);
          p.setString(2, candidate.id());
          try (ResultSet rs = p.executeQuery()) {
            rs.next();
            Set<String> merged = new LinkedHashSet<>(split(rs.getString(1)));
            boolean grows = merged.addAll(labels);
            labels = List.copyOf(merged);
            if ("active".equals(state)) {
              if (!grows) {
                return false;
              }
              addedAt = rs.getLong(2);
            }
          }
        }
      }
      try (PreparedStatement p = c.prepareStatement(
          "insert into ch_feed_indicator (feed_id, indicator_id, signal_type, signal_value, labels, severity,"
              + " added_at, state, note) values (?, ?, ?, ?, ?, ?, ?, 'active', null)"
              + " on conflict (feed_id, indicator_id) do update set labels = excluded.labels,"
              + " severity = excluded.severity, added_at = excluded.added_at, state = 'active', note = null")) {
        p.setString(1, feedId);
        p.setString(2, candidate.id());
        p.setString(3, candidate.signalType());
        p.setString(4, candidate.value());
        p.setString(5, String.join(",", labels));
        p.setString(6, candidate.severity());
        p.setLong(7, addedAt);
        p.executeUpdate();
      }
      long seq = nextSeq(c, feedId);
      try (PreparedStatement p = c.prepareStatement(
          "insert into ch_feed_change (feed_id, seq, indicator_id, op, signal_type, signal_value, labels, severity,"
              + " added_at, reason, created_at) values (?, ?, ?, 'upsert', ?, ?, ?, ?, ?, null, ?)")) {
        p.setString(1, feedId);
        p.setLong(2, seq);
        p.setString(3, candidate.id());
        p.setString(4, candidate.signalType());
        p.setString(5, candidate.value());
        p.setString(6, String.join(",", labels));
        p.setString(7, candidate.severity());
        p.setLong(8, addedAt);
        p.setLong(9, now);
        p.executeUpdate();
      }
      return true;
    });
  }

  /** An indicator withdrawn, by feed. */
  record Withdrawn(String feedId, String indicatorId) {}

  /**
   * Forgets report {@code reportId}'s support; the indicators left without support are withdrawn
   * (a delete change with reason {@code withdrawn}). {@code note} is kept with the indicator, never
   * published: a platform's free text may name anyone.
   *
   * @return the indicators withdrawn
   */
  List<Withdrawn> dropReport(String reportId, String note) {
    long now = clock.millis();
    return inTransaction(c -> {
      List<Withdrawn> supported = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement(
          "select feed_id, indicator_id from ch_feed_provenance where report_id = ? order by feed_id, indicator_id")) {
        p.setString(1, reportId);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            supported.add(new Withdrawn(rs.getString(1), rs.getString(2)));
          }
        }
      }
      try (PreparedStatement p = c.prepareStatement("delete from ch_feed_provenance where report_id = ?")) {
        p.setString(1, reportId);
        p.executeUpdate();
      }
      List<Withdrawn> out = new ArrayList<>();
      for (Withdrawn w : supported) {
        lockFeed(c, w.feedId());
        try (PreparedStatement p = c.prepareStatement(
            "select count(*) from ch_feed_provenance where feed_id = ? and indicator_id = ?")) {
          p.setString(1, w.feedId());
          p.setString(2, w.indicatorId());
          try (ResultSet rs = p.executeQuery()) {
            rs.next();
            if (rs.getInt(1) > 0) {
              continue;
            }
          }
        }
        if (withdraw(c, w.feedId(), w.indicatorId(), "withdrawn", FeedPublisher.REASON_WITHDRAWN, note, now)) {
          out.add(w);
        }
      }
      return List.copyOf(out);
    });
  }

  /**
   * Records {@code platform}'s opinion of an indicator, replacing its earlier one, and withdraws
   * the indicator (for good: reports supporting it again do not bring it back) once
   * {@code threshold} distinct platforms hold it a false positive. One transaction under the feed's
   * lock, so two platforms voting at once are both counted.
   *
   * @throws UnknownFeedException if the feed has no such indicator
   */
  FeedPublisher.OpinionOutcome vote(String feedId, String indicatorId, String platform, Opinion.Kind kind,
      @Nullable String note, int threshold, FeedPublisher.@Nullable Request request) {
    long now = clock.millis();
    return inTransaction(c -> {
      lockFeed(c, feedId);
      if (state(c, feedId, indicatorId) == null) {
        throw new UnknownFeedException("feed '" + feedId + "' has no indicator '" + indicatorId + "'", true);
      }
      if (request != null) {
        String seen = opinionRequest(c, platform, request.idempotencyKey());
        if (seen != null) {
          if (!seen.equals(request.bodySha256())) {
            throw new IdempotencyKeyReusedException(request.idempotencyKey());
          }
          return new FeedPublisher.OpinionOutcome(falsePositives(c, feedId, indicatorId), false, true);
        }
        try (PreparedStatement p = c.prepareStatement("insert into ch_feed_opinion_key (platform, idempotency_key,"
            + " body_sha256, created_at) values (?, ?, ?, ?)")) {
          p.setString(1, platform);
          p.setString(2, request.idempotencyKey());
          p.setString(3, request.bodySha256());
          p.setLong(4, now);
          p.executeUpdate();
        }
      }
      try (PreparedStatement p = c.prepareStatement(
          "insert into ch_feed_opinion (feed_id, indicator_id, platform, opinion, note, voted_at) values (?, ?, ?, ?, ?, ?)"
              + " on conflict (feed_id, indicator_id, platform) do update set opinion = excluded.opinion,"
              + " note = excluded.note, voted_at = excluded.voted_at")) {
        p.setString(1, feedId);
        p.setString(2, indicatorId);
        p.setString(3, platform);
        p.setString(4, kind.name());
        p.setString(5, note);
        p.setLong(6, now);
        p.executeUpdate();
      }
      int falsePositives = falsePositives(c, feedId, indicatorId);
      boolean withdrawn = kind == Opinion.Kind.FALSE_POSITIVE && falsePositives >= threshold
          && withdraw(c, feedId, indicatorId, "disputed", FeedPublisher.REASON_FALSE_POSITIVE, null, now);
      return new FeedPublisher.OpinionOutcome(falsePositives, withdrawn, false);
    });
  }

  private static int falsePositives(Connection c, String feedId, String indicatorId) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(
        "select count(*) from ch_feed_opinion where feed_id = ? and indicator_id = ? and opinion = ?")) {
      p.setString(1, feedId);
      p.setString(2, indicatorId);
      p.setString(3, Opinion.Kind.FALSE_POSITIVE.name());
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** The body hash recorded for a platform's opinion request under this key, or null if none is. */
  private static @Nullable String opinionRequest(Connection c, String platform, String key) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(
        "select body_sha256 from ch_feed_opinion_key where platform = ? and idempotency_key = ?")) {
      p.setString(1, platform);
      p.setString(2, key);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /**
   * Forgets the idempotency keys of opinion requests recorded before {@code before}: a request
   * replayed after that is counted as a new vote (which, one vote per platform, changes nothing
   * unless the platform voted otherwise since).
   *
   * @return how many keys were forgotten
   */
  public int forgetOpinionKeys(Instant before) {
    Objects.requireNonNull(before, "before");
    return inTransaction(c -> {
      try (PreparedStatement p = c.prepareStatement("delete from ch_feed_opinion_key where created_at < ?")) {
        p.setLong(1, before.toEpochMilli());
        return p.executeUpdate();
      }
    });
  }

  private boolean withdraw(Connection c, String feedId, String indicatorId, String newState, String reason,
      @Nullable String note, long now) throws SQLException {
    String state = state(c, feedId, indicatorId);
    if (state == null || state.equals(newState) || "disputed".equals(state)) {
      return false;
    }
    try (PreparedStatement p = c.prepareStatement(
        "update ch_feed_indicator set state = ?, note = ? where feed_id = ? and indicator_id = ?")) {
      p.setString(1, newState);
      p.setString(2, note);
      p.setString(3, feedId);
      p.setString(4, indicatorId);
      p.executeUpdate();
    }
    if (!"active".equals(state)) {
      return false;
    }
    long seq = nextSeq(c, feedId);
    try (PreparedStatement p = c.prepareStatement(
        "insert into ch_feed_change (feed_id, seq, indicator_id, op, reason, created_at) values (?, ?, ?, 'delete', ?, ?)")) {
      p.setString(1, feedId);
      p.setLong(2, seq);
      p.setString(3, indicatorId);
      p.setString(4, reason);
      p.setLong(5, now);
      p.executeUpdate();
    }
    return true;
  }

  private static @Nullable String state(Connection c, String feedId, String indicatorId) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(
        "select state from ch_feed_indicator where feed_id = ? and indicator_id = ?")) {
      p.setString(1, feedId);
      p.setString(2, indicatorId);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** Takes the feed row's lock (serialising the feed's writers); returns its last sequence number. */
  private static long lockFeed(Connection c, String feedId) throws SQLException {
    return advanceSeq(c, feedId, 0);
  }

  /** Allocates the feed's next sequence number (under the feed row's lock, held to the commit). */
  private static long nextSeq(Connection c, String feedId) throws SQLException {
    return advanceSeq(c, feedId, 1);
  }

  private static long advanceSeq(Connection c, String feedId, int by) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("update ch_feed set last_seq = last_seq + ? where id = ?")) {
      p.setInt(1, by);
      p.setString(2, feedId);
      if (p.executeUpdate() == 0) {
        throw new UnknownFeedException("no feed '" + feedId + "'");
      }
    }
    try (PreparedStatement p = c.prepareStatement("select last_seq from ch_feed where id = ?")) {
      p.setString(1, feedId);
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static List<String> split(@Nullable String joined) {
    return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
  }

  // --- transactions --------------------------------------------------------------------------

  private <T> T read(JdbcStore.Work<T> work) {
    return JdbcStore.read(dataSource, work, FeedStore::failure);
  }

  private <T> T inTransaction(JdbcStore.Work<T> work) {
    return JdbcStore.inTransaction(dataSource, work, FeedStore::failure);
  }

  private static FeedStoreException failure(String message, Throwable cause) {
    return new FeedStoreException("feed store: " + message, cause);
  }
}
