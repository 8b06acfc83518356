package io.tripline.review;

import io.tripline.FileEvidence;
import io.tripline.Match;
import io.tripline.PlatformContext;
import io.tripline.Priority;
import io.tripline.Span;
import io.tripline.Submission;
import io.tripline.SubmittedFile;
import io.tripline.Uploader;
import io.tripline.Verdict;
import io.tripline.report.Report;
import io.tripline.report.ReportFiler;
import io.tripline.report.Reports;
import io.tripline.report.evidence.EvidenceException;
import io.tripline.report.evidence.EvidenceStore;
import io.tripline.report.evidence.PreservedEvidence;
import io.tripline.report.outbox.JdbcStore;
import io.tripline.report.outbox.Outbox;
import io.tripline.report.outbox.OutboxEntry;
import io.tripline.rules.Condition;
import io.tripline.rules.Policy;
import io.tripline.rules.ReportInstruction;
import io.tripline.rules.Rule;
import io.tripline.rules.RulePack;
import io.tripline.spi.ImageHash;
import io.tripline.spi.ImageHasher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The review queue: flagged submissions wait here, with their evidence, for a reviewer to
 * decide them; each decision becomes the right action and a record in the append-only audit log.
 *
 * <pre>{@code
 * ReviewQueue queue = ReviewQueue.builder()
 *     .sqlite(Path.of("tripline.db"))              // may be the outbox's file
 *     .evidence(evidenceStore)                      // image content for previews, encrypted
 *     .reporting(reports, reportFiler)              // REPORT decisions
 *     .opinions(outbox, Set.of("confirmed-hashes")) // APPROVE: FALSE_POSITIVE to the clearinghouse
 *     .policy(tripline.policy())                    // thresholds of the matches
 *     .listener(platformActions)                    // take down, restore, alert
 *     .build();
 * if (verdict instanceof Verdict.Flag flag) queue.submit(flag, submission);
 * }</pre>
 *
 * <h2>Workflow</h2>
 * {@link ReviewState#PENDING} -> {@link #claim} -> {@link ReviewState#CLAIMED} (for the claim
 * lease; a lapsed claim is pending again) -> {@link #decide} -> {@link ReviewState#DECIDED}. An
 * {@link DecisionKind#ESCALATE} goes back to pending, marked escalated, one priority higher, for a
 * senior reviewer. Every change bumps the item's version; {@code decide} takes the version the
 * reviewer saw, so of two reviewers deciding at once exactly one wins and the other gets a
 * {@link VersionConflictException}.
 *
 * <h2>Effects</h2>
 * A decision, its audit entry and the effects it must have are committed in one transaction;
 * the effects then run at once, in order: file the reports ({@code REPORT}), enqueue the
 * {@code FALSE_POSITIVE} opinions ({@code APPROVE}), keep the content for the grace period, tell
 * the {@link ReviewListener}. Each is idempotent and marked done when it succeeded; one that
 * fails (the outbox down, a listener throwing) stays pending and is run again by
 * {@link #resumeEffects()}, which a platform calls on start and from time to time.
 *
 * <h2>Content</h2>
 * With an {@link EvidenceStore}, the content of each flagged image is kept encrypted under its
 * SHA-256 (basis {@value #EVIDENCE_BASIS}) for {@link Builder#contentHold} after submission and
 * at least {@link Builder#decidedGrace} after the decision; {@link #content} returns it, each read
 * recorded in the store's access log. Without a store items carry digests only.
 *
 * <p>Logs name item ids, states and decisions, never text, notes (their length only), reviewers
 * or digests. Thread-safe; one queue per store and process is enough, several may share a
 * PostgreSQL store.
 */
public final class ReviewQueue implements AutoCloseable {
  /** The longest excerpt of one text field. */
  public static final int MAX_EXCERPT_CHARS = 280;
  /** The preservation basis of content kept for review. */
  public static final String EVIDENCE_BASIS = "TRIPLINE_REVIEW";
  /** The outbox destination of opinions; give the outbox an {@link OpinionSink} for it. */
  public static final String OPINIONS_DESTINATION = OpinionSink.DESTINATION;

  private static final Logger LOG = LoggerFactory.getLogger(ReviewQueue.class);
  private static final String SYSTEM = EvidenceStore.SYSTEM;
  private static final int MAX_ACTOR = 200;

  private final ReviewStore store;
  private final JdbcStore.@Nullable PooledDataSource ownedPool;
  private final Clock clock;
  private final Duration lease;
  private final Map<Priority, Duration> sla;
  private final @Nullable EvidenceStore evidence;
  private final Duration contentHold;
  private final Duration decidedGrace;
  private final @Nullable Reports reports;
  private final @Nullable ReportFiler filer;
  private final @Nullable Outbox outbox;
  private final Predicate<String> clearinghouseFeeds;
  private final ReviewListener listener;
  private final @Nullable Policy policy;
  private final Map<String, Integer> radii;
  private final int maxMatches;
  private final int maxFiles;
  private final int maxTextFields;

  private ReviewQueue(Builder b, DataSource dataSource, JdbcStore.@Nullable PooledDataSource ownedPool) {
    this.ownedPool = ownedPool;
    this.clock = b.clock;
    this.lease = b.lease;
    this.sla = new EnumMap<>(b.sla);
    this.evidence = b.evidence;
    this.contentHold = b.contentHold;
    this.decidedGrace = b.decidedGrace;
    this.reports = b.reports;
    this.filer = b.filer;
    this.outbox = b.outbox;
    this.clearinghouseFeeds = b.clearinghouseFeeds;
    this.listener = b.listener;
    this.policy = b.policy;
    this.radii = Map.copyOf(b.radii);
    this.maxMatches = b.maxMatches;
    this.maxFiles = b.maxFiles;
    this.maxTextFields = b.maxTextFields;
    boolean postgres = JdbcStore.isPostgres(dataSource);
    ReviewSchema.migrate(dataSource, postgres, clock.instant());
    this.store = new ReviewStore(dataSource, postgres);
  }

  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  /** A builder with the defaults: 15 min lease; SLA URGENT 1 h, HIGH 4 h, NORMAL 24 h, LOW 72 h. */
  public static Builder builder() {
    return new Builder();
  }

  // --- Submit ---------------------------------------------------------------------------------

  /**
   * Queues {@code flag} about {@code submission} for review; returns the item's id. The same
   * submission flagged again while its item is open (a retried upload: same platform, uploader,
   * text and files) is the same item, and nothing new is stored.
   *
   * @throws NullPointerException if an argument is null
   * @throws ReviewItemTooLargeException if the flag has more matches or the submission more
   *     files or matched text fields than the queue's limits
   * @throws ReviewException if the store fails
   */
  public String submit(Verdict.Flag flag, Submission submission) {
    checkOpen();
    Objects.requireNonNull(flag, "flag");
    Objects.requireNonNull(submission, "submission");
    if (flag.matches().size() > maxMatches) {
      throw new ReviewItemTooLargeException("matches", flag.matches().size(), maxMatches);
    }
    if (submission.files().size() > maxFiles || flag.files().size() > maxFiles) {
      throw new ReviewItemTooLargeException("files", Math.max(submission.files().size(), flag.files().size()),
          maxFiles);
    }
    if (submission.textFields().size() > maxTextFields) {
      throw new ReviewItemTooLargeException("text fields", submission.textFields().size(), maxTextFields);
    }
    Instant now = clock.instant();
    String openKey = openKey(flag, submission);
    String id = "rv_" + UUID.randomUUID().toString().replace("-", "");

    List<MatchEvidence> matches = new ArrayList<>();
    Map<String, List<Span>> spans = new LinkedHashMap<>();
    Set<String> labels = new LinkedHashSet<>();
    Set<String> signalTypes = new LinkedHashSet<>();
    for (Match m : flag.matches()) {
      matches.add(new MatchEvidence(m.indicatorId(), m.feed(), m.signalType(), m.distance(), threshold(flag, m),
          m.source(), m.span(), m.labels(), m.severity(), m.quality()));
      if (m.span() != null && submission.textFields().containsKey(m.source())) {
        spans.computeIfAbsent(m.source(), k -> new ArrayList<>()).add(m.span());
      }
      labels.addAll(m.labels());
      signalTypes.add(m.signalType());
    }
    List<TextExcerpt> excerpts = new ArrayList<>();
    spans.forEach((field, s) -> excerpts.add(Excerpts.of(field, submission.textFields().get(field), s,
        MAX_EXCERPT_CHARS)));
    Map<String, byte[]> bySha = new HashMap<>();
    for (SubmittedFile f : submission.files()) {
      bySha.putIfAbsent(sha256(f.bytes()), f.bytes());
    }

    Uploader u = submission.uploader();
    PlatformContext ctx = submission.context();
    String existing = store.inTransaction(c -> {
      String open = store.openItem(c, openKey);
      if (open != null) {
        return open;
      }
      List<StoredEvidence.StoredFile> files = new ArrayList<>();
      int index = 0;
      for (FileEvidence f : flag.files()) {
        boolean kept = keepContent(id, f, bySha.get(f.sha256()), now);
        Map<String, String> hashes = new TreeMap<>();
        Map<String, Integer> quality = new TreeMap<>();
        for (ImageHash h : f.hashes()) {
          hashes.put(h.signalType(), h.toHex());
          quality.put(h.signalType(), h.quality());
        }
        files.add(new StoredEvidence.StoredFile(new FlaggedFile(index++, f.field(), f.size(), f.md5(), f.sha256(),
            f.imageFormat(), hashes, kept), quality, f.exifOrientation(), f.unhashableReason()));
      }
      StoredEvidence ev = new StoredEvidence(matches, excerpts, files, flag.reports(), flag.priority());
      try (PreparedStatement p = c.prepareStatement("insert into tripline_review_item (id, open_key, state, version,"
          + " priority, escalated, submitted_at, due_at, rule_pack, rule_version, rule_id, flagged_at, uploader_id,"
          + " uploader_ip, account_created_at, country, platform_id, evidence, content_viewed, updated_at)"
          + " values (?, ?, ?, 1, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?) on conflict do nothing")) {
        p.setString(1, id);
        p.setString(2, openKey);
        p.setString(3, ReviewState.PENDING.name());
        p.setInt(4, flag.priority().ordinal());
        p.setLong(5, now.toEpochMilli());
        p.setLong(6, now.plus(sla.get(flag.priority())).toEpochMilli());
        p.setString(7, flag.rule().pack());
        p.setString(8, flag.rule().packVersion());
        p.setString(9, flag.rule().ruleId());
        p.setLong(10, flag.decidedAt().toEpochMilli());
        p.setString(11, u.platformUserId());
        p.setString(12, u.ip());
        ReviewStore.setInstant(p, 13, u.accountCreatedAt());
        p.setString(14, ctx.country());
        p.setString(15, ctx.platformId());
        p.setString(16, ev.write());
        p.setLong(17, now.toEpochMilli());
        if (p.executeUpdate() == 0) {
          // Another thread queued the same submission a moment ago.
          return store.openItem(c, openKey);
        }
      }
      try (PreparedStatement p = c.prepareStatement(
          "insert into tripline_review_tag (item_id, kind, value) values (?, ?, ?)")) {
        for (String label : labels) {
          p.setString(1, id);
          p.setString(2, "l");
          p.setString(3, bounded(label));
          p.addBatch();
        }
        for (String type : signalTypes) {
          p.setString(1, id);
          p.setString(2, "s");
          p.setString(3, bounded(type));
          p.addBatch();
        }
        p.executeBatch();
      }
      store.audit(c, id, now, SYSTEM, AuditAction.SUBMIT, null, ReviewState.PENDING, null,
          "priority " + flag.priority() + ", rule " + flag.rule());
      return null;
    });
    if (existing != null) {
      LOG.debug("review item {}: the same submission again, not queued twice", existing);
      return existing;
    }
    LOG.info("review item {} queued: priority {}, {} matches, {} files, rule {}", id, flag.priority(),
        matches.size(), flag.files().size(), flag.rule());
    return id;
  }

  /** Keeps an image's content for reviewers; false if there is no store, no content or it is refused. */
  private boolean keepContent(String id, FileEvidence f, byte @Nullable [] content, Instant now) {
    EvidenceStore store = evidence;
    if (store == null || content == null || f.imageFormat() == null) {
      return false;
    }
    try {
      store.preserve(f.sha256(), id, content, now.plus(contentHold), EVIDENCE_BASIS);
      return true;
    } catch (EvidenceException | IllegalArgumentException e) {
      LOG.warn("review item {}: the content of file field '{}' is not kept ({}); reviewers see its digests only",
          id, f.field(), e.getClass().getSimpleName());
      return false;
    }
  }

  private static String bounded(String s) {
    return s.length() > 200 ? s.substring(0, 200) : s;
  }

  /**
   * The largest distance that counted for {@code m}: the deciding rule's bound for its signal
   * type (or for any type), else the engine's radius, else 0 for an exact signal type.
   */
  private @Nullable Integer threshold(Verdict.Flag flag, Match m) {
    Policy p = policy;
    if (p != null) {
      for (RulePack pack : p.packs()) {
        if (!pack.name().equals(flag.rule().pack()) || !pack.version().equals(flag.rule().packVersion())) {
          continue;
        }
        for (Rule rule : pack.rules()) {
          if (rule.id().equals(flag.rule().ruleId())) {
            Condition when = rule.when();
            Condition.SignalBounds bounds = when.signals().get(m.signalType());
            if (bounds != null && bounds.maxDistance() != null) {
              return bounds.maxDistance();
            }
            if (when.maxDistance() != null) {
              return when.maxDistance();
            }
          }
        }
      }
    }
    Integer radius = radii.get(m.signalType());
    if (radius != null) {
      return radius;
    }
    String type = m.signalType();
    boolean exact = type.equals("md5") || type.equals("sha256") || type.equals("term") || type.endsWith(".sha256")
        || type.endsWith(".hmac-sha256");
    return exact ? 0 : null;
  }

  /** The same open item for the same upload: platform, uploader, text, files, deciding rule. */
  private static String openKey(Verdict.Flag flag, Submission s) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      Uploader u = s.uploader();
      for (String part : new String[] {"tripline-review/1", s.context().platformId(), u.platformUserId(),
          flag.rule().pack(), flag.rule().ruleId()}) {
        field(d, part);
      }
      new TreeMap<>(s.textFields()).forEach((name, text) -> {
        field(d, name);
        field(d, text);
      });
      for (FileEvidence f : flag.files()) {
        field(d, f.field() + "=" + f.sha256());
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static void field(MessageDigest d, @Nullable String s) {
    byte[] bytes = s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
    d.update((byte) (s == null ? 0 : 1));
    d.update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
    d.update(bytes);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  // --- Read -----------------------------------------------------------------------------------

  /**
   * The item with its evidence and audit trail.
   *
   * @throws ReviewItemNotFoundException if there is no such item
   */
  public ReviewItem get(String id) {
    checkOpen();
    Objects.requireNonNull(id, "id");
    Instant now = clock.instant();
    return store.inTransaction(c -> store.require(c, id, false).item(now, store.auditOf(c, id)));
  }

  /**
   * One page of the items {@code filter} selects, highest priority first, then oldest first.
   *
   * @throws NullPointerException if {@code filter} is null
   */
  public List<ReviewSummary> list(ReviewFilter filter) {
    checkOpen();
    Objects.requireNonNull(filter, "filter");
    Instant now = clock.instant();
    long nowMs = now.toEpochMilli();
    StringBuilder sql = new StringBuilder("select " + ReviewStore.COLUMNS + " from tripline_review_item i where 1 = 1");
    List<Object> args = new ArrayList<>();
    if (!filter.states().isEmpty()) {
      List<String> any = new ArrayList<>();
      for (ReviewState s : filter.states()) {
        switch (s) {
          case PENDING -> {
            any.add("state = 'PENDING' or (state = 'CLAIMED' and claim_until <= ?)");
            args.add(nowMs);
          }
          case CLAIMED -> {
            any.add("(state = 'CLAIMED' and claim_until > ?)");
            args.add(nowMs);
          }
          case DECIDED -> any.add("state = 'DECIDED'");
        }
      }
      sql.append(" and (").append(String.join(" or ", any)).append(')');
    }
    if (filter.label() != null) {
      sql.append(" and exists (select 1 from tripline_review_tag t where t.item_id = i.id and t.kind = 'l'"
          + " and t.value = ?)");
      args.add(filter.label());
    }
    if (filter.signalType() != null) {
      sql.append(" and exists (select 1 from tripline_review_tag t where t.item_id = i.id and t.kind = 's'"
          + " and t.value = ?)");
      args.add(filter.signalType());
    }
    if (filter.overdueOnly()) {
      sql.append(" and state <> 'DECIDED' and due_at < ?");
      args.add(nowMs);
    }
    if (filter.escalated() != null) {
      sql.append(" and escalated = ?");
      args.add(filter.escalated() ? 1 : 0);
    }
    sql.append(" order by priority desc, submitted_at, id limit ? offset ?");
    args.add(filter.limit());
    args.add(filter.offset());
    return store.inTransaction(c -> {
      List<ReviewSummary> out = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement(sql.toString())) {
        for (int i = 0; i < args.size(); i++) {
          Object a = args.get(i);
          if (a instanceof Long l) {
            p.setLong(i + 1, l);
          } else if (a instanceof Integer n) {
            p.setInt(i + 1, n);
          } else {
            p.setString(i + 1, (String) a);
          }
        }
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            ReviewItem item = ReviewStore.row(rs).item(now, List.of());
            Set<String> labels = new LinkedHashSet<>();
            Set<String> types = new LinkedHashSet<>();
            item.matches().forEach(m -> {
              labels.addAll(m.labels());
              types.add(m.signalType());
            });
            out.add(new ReviewSummary(item.id(), item.state(), item.version(), item.priority(), item.escalated(),
                item.submittedAt(), item.dueAt(), item.overdue(now), item.rule(), List.copyOf(labels),
                List.copyOf(types), item.claimedBy(), item.claimExpiresAt(),
                item.decision() == null ? null : item.decision().kind()));
          }
        }
      }
      return out;
    });
  }

  /** How many items are in each state now (every state present, zero if none). */
  public Map<ReviewState, Long> counts() {
    checkOpen();
    long nowMs = clock.instant().toEpochMilli();
    return store.inTransaction(c -> {
      Map<ReviewState, Long> counts = new EnumMap<>(ReviewState.class);
      for (ReviewState s : ReviewState.values()) {
        counts.put(s, 0L);
      }
      try (PreparedStatement p = c.prepareStatement("select case when state = 'CLAIMED' and claim_until <= ?"
          + " then 'PENDING' else state end as s, count(*) from tripline_review_item group by 1")) {
        p.setLong(1, nowMs);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            counts.merge(ReviewState.valueOf(rs.getString(1)), rs.getLong(2), Long::sum);
          }
        }
      }
      return counts;
    });
  }

  /** The item's audit trail, oldest first. */
  public List<AuditEntry> audit(String id) {
    checkOpen();
    Objects.requireNonNull(id, "id");
    return store.inTransaction(c -> store.auditOf(c, id));
  }

  /**
   * The whole audit log from after {@code afterSeq} (0 for the start), in order, at most
   * {@code limit} entries: page on with the last entry's {@link AuditEntry#seq()}.
   *
   * @throws IllegalArgumentException if {@code limit} is not 1..10000
   */
  public List<AuditEntry> auditLog(long afterSeq, int limit) {
    checkOpen();
    if (limit < 1 || limit > 10_000) {
      throw new IllegalArgumentException("limit must be 1..10000, was " + limit);
    }
    return store.inTransaction(c -> store.auditLog(c, afterSeq, limit));
  }

  /**
   * The original bytes of the item's file {@code fileIndex}, for {@code reviewer} and
   * {@code purpose} (e.g. {@code preview}); the evidence store records the access. A UI shows it
   * blurred and greyscale until the reviewer {@linkplain #reveal reveals} it.
   *
   * @throws ReviewItemNotFoundException if there is no such item
   * @throws IllegalArgumentException if there is no such file, or the reviewer or purpose is malformed
   * @throws ReviewException if the file's content is not kept (no store, not an image, purged)
   */
  public byte[] content(String id, int fileIndex, String reviewer, String purpose) {
    checkOpen();
    checkActor(reviewer);
    Objects.requireNonNull(purpose, "purpose");
    ReviewItem item = get(id);
    if (fileIndex < 0 || fileIndex >= item.files().size()) {
      throw new IllegalArgumentException("review item " + id + " has no file " + fileIndex + " (it has "
          + item.files().size() + ")");
    }
    FlaggedFile file = item.files().get(fileIndex);
    EvidenceStore store = evidence;
    if (store == null || !file.contentKept()) {
      throw new ReviewException("the content of file " + fileIndex + " of review item " + id + " is not kept");
    }
    try {
      return store.read(file.sha256(), reviewer, purpose);
    } catch (EvidenceException e) {
      throw new ReviewException("the content of file " + fileIndex + " of review item " + id
          + " cannot be read: " + e.getClass().getSimpleName(), e);
    }
  }

  // --- Workflow -------------------------------------------------------------------------------

  /**
   * Claims the item for {@code reviewer} for the claim lease (again: the lease starts anew).
   *
   * @return the item as claimed
   * @throws ReviewItemNotFoundException if there is no such item
   * @throws ClaimedByAnotherException if another reviewer's claim is still running
   * @throws ReviewException if the item is decided
   */
  public ReviewItem claim(String id, String reviewer) {
    checkOpen();
    checkActor(reviewer);
    Instant now = clock.instant();
    Instant until = now.plus(lease);
    ReviewItem item = store.inTransaction(c -> {
      ReviewStore.Row row = store.require(c, id, true);
      ReviewState before = row.state(now);
      if (before == ReviewState.DECIDED) {
        throw new ReviewException("review item " + id + " is decided; it cannot be claimed");
      }
      if (row.claimLive(now) && !reviewer.equals(row.claimedBy())) {
        throw new ClaimedByAnotherException(id, Objects.requireNonNull(row.claimedBy()), row.claimUntil());
      }
      update(c, row, "state = 'CLAIMED', claimed_by = ?, claim_until = ?", reviewer, until.toEpochMilli());
      store.audit(c, id, now, reviewer, AuditAction.CLAIM, before, ReviewState.CLAIMED, null, "until " + until);
      return store.require(c, id, false).item(now, List.of());
    });
    LOG.info("review item {} claimed until {}", id, until);
    return item;
  }

  /**
   * Gives the item back to the queue unclaimed.
   *
   * @throws ReviewException if {@code reviewer} does not hold its claim
   */
  public ReviewItem release(String id, String reviewer) {
    checkOpen();
    checkActor(reviewer);
    Instant now = clock.instant();
    ReviewItem item = store.inTransaction(c -> {
      ReviewStore.Row row = store.require(c, id, true);
      if (!row.claimLive(now) || !reviewer.equals(row.claimedBy())) {
        throw new ReviewException("review item " + id + " is not claimed by this reviewer");
      }
      update(c, row, "state = 'PENDING', claimed_by = null, claim_until = null");
      store.audit(c, id, now, reviewer, AuditAction.RELEASE, ReviewState.CLAIMED, ReviewState.PENDING, null, null);
      return store.require(c, id, false).item(now, List.of());
    });
    LOG.info("review item {} released", id);
    return item;
  }

  /**
   * Records that {@code reviewer} viewed the item's clear content (the UI un-blurs it after this
   * returns). A report filed for the item then says its files were viewed. Does not change the
   * item's version.
   *
   * @throws ReviewItemNotFoundException if there is no such item
   */
  public ReviewItem reveal(String id, String reviewer) {
    checkOpen();
    checkActor(reviewer);
    Instant now = clock.instant();
    return store.inTransaction(c -> {
      ReviewStore.Row row = store.require(c, id, true);
      try (PreparedStatement p = c.prepareStatement(
          "update tripline_review_item set content_viewed = 1 where id = ?")) {
        p.setString(1, id);
        p.executeUpdate();
      }
      ReviewState state = row.state(now);
      store.audit(c, id, now, reviewer, AuditAction.REVEAL, state, state, null, null);
      return store.require(c, id, false).item(now, List.of());
    });
  }

  /**
   * Decides the item, as {@code reviewer} saw it at {@code expectedVersion}. The decision, its
   * audit entry and its effects are committed together; the effects then run (see the class
   * documentation). {@link DecisionKind#ESCALATE} puts it back in the queue, escalated, one
   * priority higher; the others are final.
   *
   * @return the item after the decision and its effects
   * @throws NullPointerException if an argument is null
   * @throws ReviewItemNotFoundException if there is no such item
   * @throws VersionConflictException if the item is no longer at {@code expectedVersion}: someone
   *     else decided, claimed or escalated it meanwhile
   * @throws ClaimedByAnotherException if another reviewer's claim is still running
   * @throws ReviewException if the item is decided, or a report is asked for that cannot be made
   *     (no reporting configured, or the rules asked for no report)
   */
  public ReviewItem decide(String id, long expectedVersion, String reviewer, Decision decision) {
    checkOpen();
    checkActor(reviewer);
    Objects.requireNonNull(decision, "decision");
    Instant now = clock.instant();
    DecisionKind kind = decision.kind();
    store.inTransaction(c -> {
      ReviewStore.Row row = store.require(c, id, true);
      ReviewState before = row.state(now);
      if (row.version() != expectedVersion) {
        throw new VersionConflictException(id, expectedVersion, row.version(), before);
      }
      if (before == ReviewState.DECIDED) {
        throw new ReviewException("review item " + id + " is already decided");
      }
      if (row.claimLive(now) && !reviewer.equals(row.claimedBy())) {
        throw new ClaimedByAnotherException(id, Objects.requireNonNull(row.claimedBy()), row.claimUntil());
      }
      if (kind == DecisionKind.REPORT) {
        if (reports == null || filer == null) {
          throw new ReviewException("REPORT needs reporting: configure the queue with reporting(reports, filer)");
        }
        if (row.evidence().reports().isEmpty()) {
          throw new ReviewException("review item " + id + ": its rules asked for no report, so there is no"
              + " category to report under; REMOVE or ESCALATE it");
        }
      }
      boolean viewed = row.contentViewed() || decision.contentViewed();
      ReviewState after;
      if (kind == DecisionKind.ESCALATE) {
        after = ReviewState.PENDING;
        Priority raised = Priority.values()[Math.min(Priority.URGENT.ordinal(), row.priority().ordinal() + 1)];
        Instant due = now.plus(sla.get(raised));
        if (due.isAfter(row.dueAt())) {
          due = row.dueAt();
        }
        update(c, row, "state = 'PENDING', escalated = 1, priority = ?, due_at = ?, claimed_by = null,"
            + " claim_until = null, content_viewed = ?, decision = ?, reason = ?, note = ?, decided_by = ?,"
            + " decided_at = ?", raised.ordinal(), due.toEpochMilli(), viewed ? 1 : 0, kind.name(),
            decision.reasonCode().name(), decision.note(), reviewer, now.toEpochMilli());
      } else {
        after = ReviewState.DECIDED;
        update(c, row, "state = 'DECIDED', open_key = null, claimed_by = null, claim_until = null,"
            + " content_viewed = ?, decision = ?, reason = ?, note = ?, decided_by = ?, decided_at = ?",
            viewed ? 1 : 0, kind.name(), decision.reasonCode().name(), decision.note(), reviewer,
            now.toEpochMilli());
      }
      long seq = store.audit(c, id, now, reviewer, AuditAction.DECIDE, before, after, decision,
          "version " + (row.version() + 1) + (viewed ? ", content viewed" : ""));
      if (kind == DecisionKind.REPORT) {
        store.addEffect(c, id, Effect.REPORT.key(seq), now);
      }
      if (kind == DecisionKind.APPROVE && outbox != null) {
        store.addEffect(c, id, Effect.OPINIONS.key(seq), now);
      }
      if (kind != DecisionKind.ESCALATE && evidence != null) {
        store.addEffect(c, id, Effect.RETENTION.key(seq), now);
      }
      store.addEffect(c, id, Effect.LISTENER.key(seq), now);
      return null;
    });
    LOG.info("review item {} decided: {} {} (note {} chars)", id, kind, decision.reasonCode().name(),
        decision.note() == null ? 0 : decision.note().length());
    runEffects(id);
    return get(id);
  }

  /** Sets {@code assignments} and bumps the version, if the row is still at its version. */
  private void update(java.sql.Connection c, ReviewStore.Row row, String assignments, @Nullable Object... args)
      throws SQLException {
    try (PreparedStatement p = c.prepareStatement("update tripline_review_item set " + assignments
        + ", version = version + 1, updated_at = ? where id = ? and version = ?")) {
      int i = 1;
      for (Object a : args) {
        if (a == null) {
          p.setNull(i++, java.sql.Types.VARCHAR);
        } else if (a instanceof Long l) {
          p.setLong(i++, l);
        } else if (a instanceof Integer n) {
          p.setInt(i++, n);
        } else {
          p.setString(i++, (String) a);
        }
      }
      p.setLong(i++, clock.instant().toEpochMilli());
      p.setString(i++, row.id());
      p.setLong(i, row.version());
      if (p.executeUpdate() != 1) {
        // Only where the store does not lock the row: another writer got there first.
        throw new VersionConflictException(row.id(), row.version(), row.version() + 1, row.storedState());
      }
    }
  }

  private static void checkActor(String reviewer) {
    Objects.requireNonNull(reviewer, "reviewer");
    if (reviewer.isBlank() || reviewer.length() > MAX_ACTOR || reviewer.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("a reviewer id must be 1.." + MAX_ACTOR
          + " characters, not blank, without control characters");
    }
  }

  // --- Effects --------------------------------------------------------------------------------

  /** What a decision must still do; run in this order, each marked done when it succeeded. */
  private enum Effect {
    REPORT, OPINIONS, RETENTION, LISTENER;

    String key(long seq) {
      return name().toLowerCase(java.util.Locale.ROOT) + ":" + seq;
    }

    static Effect of(String key) {
      return valueOf(key.substring(0, key.indexOf(':')).toUpperCase(java.util.Locale.ROOT));
    }

    static long seq(String key) {
      return Long.parseLong(key.substring(key.indexOf(':') + 1));
    }
  }

  /**
   * Runs the decision effects still pending, of every item: those a failure (or a crash) left
   * behind. Safe to call at any time and from several instances: each effect is idempotent.
   *
   * @return how many effects are still pending afterwards
   */
  public int resumeEffects() {
    checkOpen();
    List<String[]> open = store.inTransaction(c -> store.openEffects(c, null));
    Set<String> items = new LinkedHashSet<>();
    open.forEach(e -> items.add(e[0]));
    int left = 0;
    for (String id : items) {
      left += runEffects(id);
    }
    return left;
  }

  /** Runs the item's pending effects in order, stopping at the first that fails; returns how many are left. */
  private int runEffects(String id) {
    List<String[]> open = store.inTransaction(c -> store.openEffects(c, id));
    open.sort(java.util.Comparator.<String[]>comparingLong(e -> Effect.seq(e[1]))
        .thenComparing(e -> Effect.of(e[1])));
    for (int i = 0; i < open.size(); i++) {
      String key = open.get(i)[1];
      try {
        run(id, Effect.of(key), Effect.seq(key));
        store.inTransaction(c -> {
          store.effectDone(c, id, key, clock.instant());
          return null;
        });
      } catch (RuntimeException e) {
        LOG.error("review item {}: effect {} failed ({}); resumeEffects() runs it again", id, key,
            e.getClass().getSimpleName());
        LOG.debug("review item {}: effect {} failed", id, key, e);
        store.inTransaction(c -> {
          store.effectFailed(c, id, key, e.getClass().getName() + ": " + e.getMessage());
          return null;
        });
        return open.size() - i;
      }
    }
    return 0;
  }

  private void run(String id, Effect effect, long seq) {
    Instant now = clock.instant();
    ReviewStore.Row row = store.inTransaction(c -> store.require(c, id, false));
    AuditEntry decided = store.inTransaction(c -> store.auditEntry(c, seq));
    if (decided == null || decided.decision() == null || decided.reasonCode() == null) {
      throw new ReviewException("review item " + id + ": the audit entry " + seq + " of its decision is missing");
    }
    switch (effect) {
      case REPORT -> fileReports(row, decided, now);
      case OPINIONS -> sendOpinions(row, decided, now);
      case RETENTION -> extendRetention(row, decided);
      case LISTENER -> tellListener(id, decided, now);
    }
  }

  private void fileReports(ReviewStore.Row row, AuditEntry decided, Instant now) {
    Reports reports = Objects.requireNonNull(this.reports, "reports");
    ReportFiler filer = Objects.requireNonNull(this.filer, "filer");
    Verdict.Flag flag = row.evidence().verdict(row.rule(), row.flaggedAt());
    UploaderContext u = row.uploader();
    Reports.Upload upload = new Reports.Upload(new Uploader(u.platformUserId(), u.ip(), u.accountCreatedAt()), null,
        row.flaggedAt());
    PlatformContext context = new PlatformContext(row.platformId(), u.country());
    Instant confirmedAt = decided.at().isBefore(row.flaggedAt()) ? row.flaggedAt() : decided.at();
    Reports.Confirmation confirmation = new Reports.Confirmation(confirmedAt, row.contentViewed());
    Map<String, FlaggedFile> kept = new HashMap<>();
    row.evidence().flaggedFiles().forEach(f -> {
      if (f.contentKept()) {
        kept.put(f.sha256(), f);
      }
    });
    EvidenceStore store = evidence;
    ReportFiler.FileContents contents = sha256 -> store == null || !kept.containsKey(sha256) ? Optional.empty()
        : Optional.of(store.read(sha256, SYSTEM, "report of review item " + row.id()));
    List<String> ids = new ArrayList<>();
    for (ReportInstruction instruction : row.evidence().reports()) {
      Report report = reports.fromReview(flag, upload, context, instruction, confirmation);
      ids.add(filer.file(report, contents).reportId());
    }
    this.store.inTransaction(c -> {
      try (PreparedStatement p = c.prepareStatement("update tripline_review_item set report_ids = ? where id = ?")) {
        p.setString(1, String.join(",", ids));
        p.setString(2, row.id());
        p.executeUpdate();
      }
      this.store.audit(c, row.id(), now, SYSTEM, AuditAction.REPORT_FILED, ReviewState.DECIDED, ReviewState.DECIDED,
          null, String.join(",", ids));
      return null;
    });
    LOG.info("review item {}: reports filed: {}", row.id(), ids);
  }

  private void sendOpinions(ReviewStore.Row row, AuditEntry decided, Instant now) {
    Outbox outbox = Objects.requireNonNull(this.outbox, "outbox");
    Set<List<String>> indicators = new LinkedHashSet<>();
    for (MatchEvidence m : row.evidence().matches()) {
      if (clearinghouseFeeds.test(m.feed())) {
        indicators.add(List.of(m.feed(), m.indicatorId()));
      }
    }
    List<OutboxEntry> entries = new ArrayList<>();
    int n = 0;
    for (List<String> fi : indicators) {
      Opinion opinion = new Opinion(fi.get(0), fi.get(1), Opinion.Kind.FALSE_POSITIVE,
          "reviewer dismissed the flag: " + decided.reasonCode());
      entries.add(new OutboxEntry("op:" + row.id() + ":" + n++, OPINIONS_DESTINATION, opinion.toJson(), now));
    }
    if (!entries.isEmpty()) {
      outbox.enqueueAll(entries);
    }
    store.inTransaction(c -> store.audit(c, row.id(), now, SYSTEM, AuditAction.OPINIONS_SENT, ReviewState.DECIDED,
        ReviewState.DECIDED, null, entries.size() + " FALSE_POSITIVE opinions"));
    LOG.info("review item {}: {} FALSE_POSITIVE opinions enqueued", row.id(), entries.size());
  }

  /** Keeps the content at least until the decision's grace period ends. */
  private void extendRetention(ReviewStore.Row row, AuditEntry decided) {
    EvidenceStore store = Objects.requireNonNull(evidence, "evidence");
    Instant until = decided.at().plus(decidedGrace);
    for (FlaggedFile f : row.evidence().flaggedFiles()) {
      if (!f.contentKept()) {
        continue;
      }
      Optional<PreservedEvidence> kept = store.describe(f.sha256());
      if (kept.isEmpty() || !kept.get().until().isBefore(until) || !until.isAfter(clock.instant())) {
        continue; // purged already, or kept long enough (a report may keep it for a year)
      }
      byte[] content = store.read(f.sha256(), SYSTEM, "retention of review item " + row.id());
      store.preserve(f.sha256(), row.id(), content, until, EVIDENCE_BASIS);
    }
  }

  private void tellListener(String id, AuditEntry decided, Instant now) {
    ReviewStore.Row row = store.inTransaction(c -> store.require(c, id, false));
    DecisionKind kind = Objects.requireNonNull(decided.decision());
    Decision decision = new Decision(kind, ReasonCode.of(kind, Objects.requireNonNull(decided.reasonCode())),
        decided.note(), row.contentViewed());
    ReviewEvent event = new ReviewEvent(row.item(now, List.of()), decided.actor(), decision, decided.at(),
        kind == DecisionKind.REPORT ? row.reportIds() : List.of());
    listener.decided(event);
    switch (kind) {
      case APPROVE -> listener.approved(event);
      case REMOVE -> listener.removed(event);
      case ESCALATE -> listener.escalated(event);
      case REPORT -> listener.reported(event);
    }
  }

  /** Closes the SQLite pool the queue opened; a data source given to it stays open. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && ownedPool != null) {
      ownedPool.close();
    }
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the review queue is closed");
    }
  }

  // --- Builder --------------------------------------------------------------------------------

  /**
   * Configures a {@link ReviewQueue}. Set exactly one store. Not thread-safe; {@link #build()}
   * copies the configuration.
   */
  public static final class Builder {
    private @Nullable Path sqliteFile;
    private @Nullable DataSource dataSource;
    private Clock clock = Clock.systemUTC();
    private Duration lease = Duration.ofMinutes(15);
    private final Map<Priority, Duration> sla = new EnumMap<>(Map.of(Priority.URGENT, Duration.ofHours(1),
        Priority.HIGH, Duration.ofHours(4), Priority.NORMAL, Duration.ofHours(24), Priority.LOW, Duration.ofHours(72)));
    private @Nullable EvidenceStore evidence;
    private Duration contentHold = Duration.ofDays(30);
    private Duration decidedGrace = Duration.ofDays(7);
    private @Nullable Reports reports;
    private @Nullable ReportFiler filer;
    private @Nullable Outbox outbox;
    private Predicate<String> clearinghouseFeeds = feed -> false;
    private ReviewListener listener = ReviewListener.NONE;
    private @Nullable Policy policy;
    private final Map<String, Integer> radii = new HashMap<>();
    private int maxMatches = 500;
    private int maxFiles = 32;
    private int maxTextFields = 64;
    private Duration busyTimeout = Duration.ofSeconds(30);

    Builder() {}

    /**
     * Use (and create if needed) the SQLite file {@code file}; may be the outbox's.
     *
     * @throws IllegalStateException if a store was already set
     */
    public Builder sqlite(Path file) {
      Objects.requireNonNull(file, "file");
      checkNoStore();
      this.sqliteFile = file;
      return this;
    }

    /**
     * Use this data source: PostgreSQL when several instances share the queue (SQLite works too).
     *
     * @throws IllegalStateException if a store was already set
     */
    public Builder dataSource(DataSource dataSource) {
      Objects.requireNonNull(dataSource, "dataSource");
      checkNoStore();
      this.dataSource = dataSource;
      return this;
    }

    /** The clock of submissions, leases, SLAs and the audit log (default: system UTC). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How long a claim holds an item (default 15 min). */
    public Builder claimLease(Duration lease) {
      this.lease = positive(lease, "claimLease");
      return this;
    }

    /** How soon an item of {@code priority} must be reviewed, from submission. */
    public Builder sla(Priority priority, Duration within) {
      Objects.requireNonNull(priority, "priority");
      sla.put(priority, positive(within, "sla"));
      return this;
    }

    /** Keep the content of flagged images here, encrypted, for reviewers; without it, digests only. */
    public Builder evidence(EvidenceStore evidence) {
      this.evidence = Objects.requireNonNull(evidence, "evidence");
      return this;
    }

    /** How long content is kept after submission, decided or not (default 30 days). */
    public Builder contentHold(Duration hold) {
      this.contentHold = positive(hold, "contentHold");
      return this;
    }

    /** How long content is kept at least after the decision (default 7 days). */
    public Builder decidedGrace(Duration grace) {
      this.decidedGrace = positive(grace, "decidedGrace");
      return this;
    }

    /** Make and file reports for {@link DecisionKind#REPORT} decisions. */
    public Builder reporting(Reports reports, ReportFiler filer) {
      this.reports = Objects.requireNonNull(reports, "reports");
      this.filer = Objects.requireNonNull(filer, "filer");
      return this;
    }

    /**
     * Send a {@code FALSE_POSITIVE} opinion for each matched indicator of the feeds that
     * {@code clearinghouseFeeds} accepts when a flag is dismissed, through {@code outbox}
     * (destination {@value OpinionSink#DESTINATION}).
     */
    public Builder opinions(Outbox outbox, Predicate<String> clearinghouseFeeds) {
      this.outbox = Objects.requireNonNull(outbox, "outbox");
      this.clearinghouseFeeds = Objects.requireNonNull(clearinghouseFeeds, "clearinghouseFeeds");
      return this;
    }

    /** As {@link #opinions(Outbox, Predicate)}, for the feeds named. */
    public Builder opinions(Outbox outbox, Collection<String> clearinghouseFeeds) {
      Set<String> feeds = Set.copyOf(clearinghouseFeeds);
      return opinions(outbox, feeds::contains);
    }

    /** What the platform does about decisions (default: nothing). */
    public Builder listener(ReviewListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** The policy in force, to record each match's threshold from the deciding rule's bounds. */
    public Builder policy(Policy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** The engine's radius for a perceptual signal type: a match's threshold where no rule bounds it. */
    public Builder radius(String signalType, int radius) {
      Objects.requireNonNull(signalType, "signalType");
      if (radius < 0) {
        throw new IllegalArgumentException("radius must be >= 0, was " + radius);
      }
      radii.put(signalType, radius);
      return this;
    }

    /** The default radii of these hashers (e.g. {@code tripline.imageHashers()}), unless set by {@link #radius}. */
    public Builder radii(Collection<? extends ImageHasher> hashers) {
      for (ImageHasher h : hashers) {
        radii.putIfAbsent(h.signalType(), h.defaultRadius());
      }
      return this;
    }

    /** Most matches per item (default 500); a flag with more is refused. */
    public Builder maxMatches(int max) {
      this.maxMatches = atLeastOne(max, "maxMatches");
      return this;
    }

    /** Most files per item (default 32). */
    public Builder maxFiles(int max) {
      this.maxFiles = atLeastOne(max, "maxFiles");
      return this;
    }

    /** Most text fields per submission (default 64). */
    public Builder maxTextFields(int max) {
      this.maxTextFields = atLeastOne(max, "maxTextFields");
      return this;
    }

    /** SQLite: how long a writer waits for the lock (default 30 s). */
    public Builder busyTimeout(Duration busyTimeout) {
      this.busyTimeout = positive(busyTimeout, "busyTimeout");
      return this;
    }

    /**
     * Opens the store and creates or migrates the queue's tables.
     *
     * @throws IllegalStateException if no store was set
     * @throws ReviewException if the store cannot be opened or migrated
     */
    public ReviewQueue build() {
      if (sqliteFile == null && dataSource == null) {
        throw new IllegalStateException("no store set: call sqlite(path) or dataSource(ds)");
      }
      JdbcStore.PooledDataSource pool = dataSource == null ? JdbcStore.sqlite(sqliteFile, busyTimeout) : null;
      try {
        return new ReviewQueue(this, dataSource != null ? dataSource : pool, pool);
      } catch (RuntimeException e) {
        if (pool != null) {
          pool.close();
        }
        throw e;
      }
    }

    private void checkNoStore() {
      if (sqliteFile != null || dataSource != null) {
        throw new IllegalStateException("store was already set to " + (sqliteFile != null ? sqliteFile : dataSource));
      }
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, was " + d);
      }
      return d;
    }

    private static int atLeastOne(int n, String what) {
      if (n < 1) {
        throw new IllegalArgumentException(what + " must be at least 1, was " + n);
      }
      return n;
    }
  }
}
