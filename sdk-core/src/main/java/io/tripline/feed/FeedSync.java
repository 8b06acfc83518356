package io.tripline.feed;

import io.tripline.Tripline;
import io.tripline.TriplineException;
import io.tripline.index.IndicatorChanges;
import io.tripline.index.IndicatorIndex;
import io.tripline.index.SnapshotFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link Tripline}'s indicators current from several {@link Feed}s, each pulled on its own
 * interval, beside the upload path (never on it): inspections keep reading whole snapshots while
 * pages land.
 *
 * <pre>{@code
 * FeedSync sync = FeedSync.builder(tripline)
 *     .feed(clearinghouseFeed, Duration.ofMinutes(5), Duration.ofHours(6), FeedSync.StalePolicy.FAIL_CLOSED)
 *     .feed(termListFeed, Duration.ofMinutes(1))
 *     .snapshot(Path.of("/var/lib/tripline/indicators.snap"))
 *     .build();
 * sync.start();
 * }</pre>
 *
 * <p>{@link #start()} first restores the snapshot file, if there is one, so the instance serves the
 * last good indicators at once, with no network, and resumes every feed at the cursor saved with
 * them. Each run of a feed then pulls from its cursor and applies page after page while the feed
 * says {@linkplain FeedPage#more() more}; a page that {@linkplain FeedPage#replacesAll() replaces
 * all} is applied as the feed's whole content. Pages are applied in batches (when the feed has
 * no more, or enough changes or time have gathered), and the snapshot file is written with the
 * cursors of what it holds when a run ends (and now and then during a long one), so a restart
 * never pulls a page twice nor skips one. A
 * {@link FeedException} (an outage, or a page refused for its signature or its content) applies
 * nothing of that page: the pages before it in the run are kept, the snapshot in use stays in use, the error is recorded in {@link #status()}, and the
 * feed is pulled again on its next interval.
 *
 * <p>The snapshot file holds, beside the index, the metadata keys {@code cursor.<feedId>} and
 * {@code synced.<feedId>} (the ISO-8601 time of the feed's last complete sync).
 *
 * <p>Thread-safe. Runs are serialised: pages of different feeds are applied one at a time.
 */
public final class FeedSync implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FeedSync.class);

  static final String CURSOR_KEY = "cursor.";
  static final String SYNCED_KEY = "synced.";

  /**
   * A guard against a feed that says {@code more} for ever: the rest of a delta waits for the next
   * run; a full resync that long is refused.
   */
  static final int MAX_PAGES_PER_RUN = 100_000;

  /** Pulled changes applied together at the most, so a full sync builds few snapshots. */
  static final int APPLY_BATCH = 200_000;

  /** Pages pulled in a run are applied at least this often, so what arrived serves soon. */
  static final Duration APPLY_INTERVAL = Duration.ofSeconds(2);

  /** During a long run the snapshot file is written at least this often. */
  static final Duration SNAPSHOT_INTERVAL = Duration.ofSeconds(60);

  /** What a feed older than its max age means for inspections. */
  public enum StalePolicy {
    /** Keep matching against the indicators held; only {@link Status#stale()} tells. */
    KEEP_SERVING,
    /** {@link #mustFailClosed()} turns true: the engine is to refuse rather than pass unchecked. */
    FAIL_CLOSED
  }

  /**
   * The state of one feed.
   *
   * @param feedId the feed's id
   * @param lastSuccess when the feed was last pulled to its end, restored from the snapshot
   *     after a restart; {@code null} if never
   * @param age the time since {@code lastSuccess}; {@code null} if never
   * @param lastApplied the changes applied by the last successful run (0 if it found nothing new)
   * @param totalSkipped malformed entries left out of otherwise valid pages since {@link #start()}
   * @param lastError the message of the most recent failure, kept after recovery
   *     ({@code consecutiveFailures} says whether it is current); {@code null} if none
   * @param consecutiveFailures the failed runs since the last successful one
   * @param stale whether the feed has a max age and is older than it (or has no data at all)
   */
  public record Status(String feedId, @Nullable Instant lastSuccess, @Nullable Duration age, int lastApplied,
      long totalSkipped, @Nullable String lastError, int consecutiveFailures, boolean stale) {

    public Status {
      Objects.requireNonNull(feedId, "feedId");
    }
  }

  private final Tripline tripline;
  private final List<FeedSyncState> feeds;
  private final Map<String, FeedSyncState> byId;
  private final ScheduledExecutorService scheduler;
  private final boolean ownsScheduler;
  private final Clock clock;
  private final @Nullable Path snapshot;
  /** Serialises runs, so pages are applied and snapshots written one at a time. */
  private final Object runLock = new Object();
  private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();
  private final boolean watchFiles;
  private @Nullable FileWatcher watcher;
  private @Nullable Instant startedAt;
  private boolean closed;

  private FeedSync(Builder b) {
    this.tripline = b.tripline;
    List<FeedSyncState> states = new ArrayList<>();
    Map<String, FeedSyncState> ids = new LinkedHashMap<>();
    for (FeedSyncState.Config config : b.feeds.values()) {
      FeedSyncState state = new FeedSyncState(config);
      states.add(state);
      ids.put(config.feed().id(), state);
    }
    this.feeds = List.copyOf(states);
    this.byId = Map.copyOf(ids);
    this.ownsScheduler = b.scheduler == null;
    this.scheduler = b.scheduler != null ? b.scheduler : Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tripline-feed-sync");
      t.setDaemon(true);
      return t;
    });
    this.clock = b.clock != null ? b.clock : tripline.clock();
    this.snapshot = b.snapshot;
    this.watchFiles = b.watchFiles;
  }

  /**
   * A builder for a sync of {@code tripline}'s indicators.
   *
   * @throws NullPointerException if {@code tripline} is null
   */
  public static Builder builder(Tripline tripline) {
    return new Builder(Objects.requireNonNull(tripline, "tripline"));
  }

  /**
   * Restores the snapshot file, if one is set and can be read, into the {@link Tripline} at once,
   * with the feeds' cursors, then schedules every feed: the first pull at once, the next ones
   * each its interval after the previous run ended.
   *
   * @throws IllegalStateException if already started or closed
   */
  public void start() {
    synchronized (runLock) {
      synchronized (this) {
        if (closed || startedAt != null) {
          throw new IllegalStateException(closed ? "feed sync was closed" : "feed sync was already started");
        }
        startedAt = clock.instant();
      }
      restore();
    }
    synchronized (this) {
      for (FeedSyncState state : feeds) {
        String id = state.config.feed().id();
        long interval = state.config.interval().toNanos();
        scheduled.add(scheduler.scheduleWithFixedDelay(() -> runOnce(id), 0, interval, TimeUnit.NANOSECONDS));
      }
      if (watchFiles) {
        watcher = watch();
      }
    }
  }

  /** Watches the files of the local feeds, if any; a failure leaves them to their intervals. */
  private @Nullable FileWatcher watch() {
    Map<Path, String> files = new LinkedHashMap<>();
    for (FeedSyncState state : feeds) {
      if (state.config.feed() instanceof LocalFileFeed local) {
        files.put(local.path(), local.id());
      }
    }
    if (files.isEmpty()) {
      return null;
    }
    try {
      return FileWatcher.start(files, scheduler, this::runOnce);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Feed files cannot be watched ({}); they are read on their intervals", e.getClass().getName());
      return null;
    }
  }

  private void restore() {
    if (snapshot == null) {
      return;
    }
    Optional<SnapshotFile.Snapshot> read = SnapshotFile.readNewest(snapshot);
    if (read.isEmpty()) {
      LOG.info("No indicator snapshot to restore; feeds start with a full sync");
      return;
    }
    try {
      tripline.replaceIndex(read.get().index());
    } catch (IllegalArgumentException e) {
      // Made for other image hashers: serving it would never match those hashes; resync instead.
      LOG.warn("Indicator snapshot not restored: {}", e.getMessage());
      return;
    }
    Map<String, String> metadata = read.get().metadata();
    int cursors = 0;
    synchronized (this) {
      for (FeedSyncState state : feeds) {
        String id = state.config.feed().id();
        state.restored = true;
        state.cursor = metadata.get(CURSOR_KEY + id);
        cursors += state.cursor != null ? 1 : 0;
        state.lastSuccess = parseInstant(metadata.get(SYNCED_KEY + id));
      }
    }
    LOG.info("Restored indicator snapshot: {} indicators, cursors of {} of {} feeds",
        read.get().index().size(), cursors, feeds.size());
  }

  private static @Nullable Instant parseInstant(@Nullable String value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * Pulls every feed once now, on the calling thread, one after another (e.g. from a command line
   * tool, or to refresh on demand). Failures are recorded in {@link #status()}, not thrown.
   *
   * @throws IllegalStateException if not started, or closed
   */
  public void syncNow() {
    synchronized (this) {
      if (startedAt == null || closed) {
        throw new IllegalStateException("feed sync is " + (closed ? "closed" : "not started"));
      }
    }
    for (FeedSyncState state : feeds) {
      runOnce(state.config.feed().id());
    }
  }

  /**
   * One run of feed {@code feedId}: pulls pages until the feed has no more, or fails, and applies
   * them (see the class comment). Never throws: a scheduled task that threw would never run again.
   */
  void runOnce(String feedId) {
    FeedSyncState state = byId.get(feedId);
    if (state == null) {
      throw new IllegalArgumentException("no feed " + feedId);
    }
    synchronized (runLock) {
      synchronized (this) {
        if (closed) {
          return;
        }
      }
      Run run = new Run(state);
      try {
        run.pullToTheEnd();
        synchronized (this) {
          state.lastApplied = run.applied;
          state.consecutiveFailures = 0;
        }
        LOG.info("Feed {} synced: {} changes applied in {} pages, {} skipped in all", feedId, run.applied, run.pages,
            state.totalSkipped);
      } catch (FeedException e) {
        run.keepWhatArrived();
        fail(state, e.getMessage(), e.retryable());
      } catch (RuntimeException e) {
        // Not a FeedException: its message may carry anything, so only its type is kept.
        fail(state, "unexpected " + e.getClass().getName() + " while syncing feed " + feedId, true);
      }
    }
  }

  /**
   * One run of a feed. Pages are applied in batches: when the feed has no more, or
   * {@link #APPLY_BATCH} changes or {@link #APPLY_INTERVAL} have gathered, so a delta of millions
   * of changes builds a few snapshots rather than one per page, and serves what arrived while it
   * goes on. A full resync (pages that {@linkplain FeedPage#replacesAll() replace all}) is the
   * exception: it is held until its last page, since applying part of it would withdraw every
   * indicator not re-delivered yet; if it fails before its end, none of it is applied. The
   * snapshot file is written when a run ends, and every {@link #SNAPSHOT_INTERVAL} during a long
   * one; the cursors written are those of the pages applied, so a restart resumes exactly where
   * the file's index ends.
   */
  private final class Run {
    private final FeedSyncState state;
    private final String feedId;
    private @Nullable String cursor;
    /** Pulled, not yet applied: changes, the cursor after them, and their skipped entries. */
    private final List<IndicatorChanges> pending = new ArrayList<>();
    private int pendingSize;
    private boolean pendingResync;
    private @Nullable String pendingCursor;
    private long pendingSkipped;
    /** The index applied last and not yet written to the snapshot file. */
    private @Nullable IndicatorIndex unwritten;
    private Instant lastApply;
    private Instant lastWrite;
    int applied;
    int pages;

    Run(FeedSyncState state) {
      this.state = state;
      this.feedId = state.config.feed().id();
      synchronized (FeedSync.this) {
        this.cursor = state.cursor;
      }
      this.lastApply = clock.instant();
      this.lastWrite = lastApply;
    }

    void pullToTheEnd() {
      FeedPage page;
      do {
        page = state.config.feed().pull(cursor);
        if (!page.feed().equals(feedId)) {
          throw new FeedException("feed " + feedId + " returned a page of another feed, " + page.feed()
              + "; refused", false, null);
        }
        if (page.replacesAll()) {
          // The deltas before a resync stand on their own; the resync (its first page replaces
          // all, the pages after it add to it) is a batch of its own. A resync started over
          // within one supersedes it (see IndicatorChanges.concat).
          if (!pendingResync) {
            applyPending(false);
          }
          pendingResync = true;
        }
        IndicatorChanges changes = page.replacesAll() ? page.changes().replacingFeed(feedId) : page.changes();
        pending.add(changes);
        pendingSize += changes.size();
        pendingCursor = page.cursor();
        pendingSkipped += page.skipped();
        cursor = page.cursor();
        pages++;
        if (page.more() && pages >= MAX_PAGES_PER_RUN && pendingResync) {
          throw new FeedException("feed " + feedId + ": a full resync longer than " + MAX_PAGES_PER_RUN
              + " pages; refused", true, null);
        }
        boolean last = !page.more() || pages >= MAX_PAGES_PER_RUN;
        Instant now = clock.instant();
        if (last || (!pendingResync
            && (pendingSize >= APPLY_BATCH || !now.isBefore(lastApply.plus(APPLY_INTERVAL))))) {
          // Stopped by MAX_PAGES_PER_RUN, not at its end: the next run continues; that counts as
          // a success all the same.
          applyPending(last);
          lastApply = now;
          if (last || !now.isBefore(lastWrite.plus(SNAPSHOT_INTERVAL))) {
            writeUnwritten();
            lastWrite = now;
          }
        }
      } while (page.more() && pages < MAX_PAGES_PER_RUN);
    }

    /**
     * After a failed pull: the delta pages that arrived before it were whole and accepted, so they
     * are applied and written, and the next run resumes after them. An unfinished resync is
     * dropped: the indicators in use stay, and the next run resyncs again.
     */
    void keepWhatArrived() {
      try {
        if (pendingResync) {
          LOG.warn("Feed {}: full resync interrupted after {} pages; none of it applied", feedId, pending.size());
          pending.clear();
        }
        applyPending(false);
        writeUnwritten();
      } catch (RuntimeException e) {
        LOG.warn("Feed {}: pages pulled before the failure not applied ({}); the next run pulls them again",
            feedId, e.getClass().getName());
      }
    }

    private void applyPending(boolean synced) {
      if (pending.isEmpty()) {
        return;
      }
      IndicatorChanges changes = IndicatorChanges.concat(pending);
      // Nothing new (the common run): no new snapshot, and no rewrite of the file for a cursor.
      boolean empty = changes.size() == 0 && changes.replacedFeeds().isEmpty();
      @Nullable IndicatorIndex next = empty ? null : tripline.applyChanges(changes);
      applied += changes.size();
      synchronized (FeedSync.this) {
        state.cursor = pendingCursor;
        state.totalSkipped += pendingSkipped;
        if (synced) {
          state.lastSuccess = clock.instant();
        }
      }
      pending.clear();
      pendingSize = 0;
      pendingSkipped = 0;
      pendingResync = false;
      if (next != null) {
        unwritten = next;
      }
    }

    private void writeUnwritten() {
      if (unwritten != null) {
        writeSnapshot(unwritten);
        unwritten = null;
      }
    }
  }

  private void fail(FeedSyncState state, @Nullable String message, boolean retryable) {
    int failures;
    synchronized (this) {
      state.lastError = message != null ? message : "feed " + state.config.feed().id() + " failed";
      failures = ++state.consecutiveFailures;
    }
    LOG.warn("Feed {} not synced ({}, {} consecutive failures); the indicators in use stay in use: {}",
        state.config.feed().id(), retryable ? "retryable" : "refused", failures, state.lastError);
  }

  /** Writes the index in use with every cursor; a failed write is recorded, the index stays applied. */
  private void writeSnapshot(IndicatorIndex index) {
    if (snapshot == null) {
      return;
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    synchronized (this) {
      for (FeedSyncState state : feeds) {
        String id = state.config.feed().id();
        if (state.cursor != null) {
          metadata.put(CURSOR_KEY + id, state.cursor);
        }
        if (state.lastSuccess != null) {
          metadata.put(SYNCED_KEY + id, state.lastSuccess.toString());
        }
      }
    }
    try {
      SnapshotFile.write(index, metadata, snapshot);
    } catch (TriplineException e) {
      LOG.warn("Indicator snapshot not written; a restart would resync: {}", e.getMessage());
    }
  }

  /** The state of every feed, in the order they were added. */
  public synchronized List<Status> status() {
    Instant now = clock.instant();
    List<Status> out = new ArrayList<>(feeds.size());
    for (FeedSyncState state : feeds) {
      Duration age = state.lastSuccess != null ? Duration.between(state.lastSuccess, now) : null;
      out.add(new Status(state.config.feed().id(), state.lastSuccess, age, state.lastApplied,
          state.totalSkipped, state.lastError, state.consecutiveFailures, isStale(state, now)));
    }
    return List.copyOf(out);
  }

  /**
   * Whether inspections must fail closed: a feed with {@link StalePolicy#FAIL_CLOSED} is older
   * than its max age, or has no data at all (never synced since {@link #start()}, and no snapshot
   * restored). Before {@code start()}, true if any feed fails closed.
   */
  public synchronized boolean mustFailClosed() {
    Instant now = clock.instant();
    for (FeedSyncState state : feeds) {
      if (state.config.policy() == StalePolicy.FAIL_CLOSED && isStale(state, now)) {
        return true;
      }
    }
    return false;
  }

  private boolean isStale(FeedSyncState state, Instant now) {
    Duration maxAge = state.config.maxAge();
    if (maxAge == null) {
      return false;
    }
    // A snapshot restored without a sync time is as old as this start, at the least.
    Instant since = state.lastSuccess != null ? state.lastSuccess : state.restored ? startedAt : null;
    return since == null || Duration.between(since, now).compareTo(maxAge) > 0;
  }

  /**
   * Stops scheduling pulls; a run under way finishes its page. Shuts down the scheduler only if
   * this sync created it. Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      scheduled.forEach(f -> f.cancel(false));
      scheduled.clear();
      if (watcher != null) {
        watcher.close();
        watcher = null;
      }
    }
    if (ownsScheduler) {
      scheduler.shutdown();
    }
  }

  @Override
  public String toString() {
    return "FeedSync" + byId.keySet();
  }

  /** Configures a {@link FeedSync}. Not thread-safe; {@link #build()} copies the configuration. */
  public static final class Builder {
    private final Tripline tripline;
    private final Map<String, FeedSyncState.Config> feeds = new LinkedHashMap<>();
    private @Nullable ScheduledExecutorService scheduler;
    private @Nullable Clock clock;
    private @Nullable Path snapshot;
    private boolean watchFiles = true;

    Builder(Tripline tripline) {
      this.tripline = tripline;
    }

    /**
     * Adds {@code feed}, pulled every {@code interval}, never stale.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code interval} is not positive, or a feed of the same
     *     id was added
     */
    public Builder feed(Feed feed, Duration interval) {
      return add(feed, interval, null, StalePolicy.KEEP_SERVING);
    }

    /**
     * Adds {@code feed}, pulled every {@code interval}, stale when its last complete sync is older
     * than {@code maxAge}, which then means {@code policy}.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if a duration is not positive, or a feed of the same id
     *     was added
     */
    public Builder feed(Feed feed, Duration interval, Duration maxAge, StalePolicy policy) {
      return add(feed, interval, Objects.requireNonNull(maxAge, "maxAge"), policy);
    }

    private Builder add(Feed feed, Duration interval, @Nullable Duration maxAge, StalePolicy policy) {
      Objects.requireNonNull(feed, "feed");
      Objects.requireNonNull(interval, "interval");
      Objects.requireNonNull(policy, "policy");
      String id = Objects.requireNonNull(feed.id(), "feed.id()");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("interval of feed " + id + " must be positive, was " + interval);
      }
      if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
        throw new IllegalArgumentException("maxAge of feed " + id + " must be positive, was " + maxAge);
      }
      if (feeds.containsKey(id)) {
        throw new IllegalArgumentException("feed " + id + " was already added");
      }
      feeds.put(id, new FeedSyncState.Config(feed, interval, maxAge, policy));
      return this;
    }

    /**
     * The scheduler feeds are pulled on; it is not shut down by {@link FeedSync#close()}. By
     * default the sync creates one daemon thread, and shuts it down on close.
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** The clock of sync times and ages; by default the {@link Tripline}'s. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The snapshot file restored on start and written after every applied page; none by default. */
    public Builder snapshot(Path path) {
      this.snapshot = Objects.requireNonNull(path, "path");
      return this;
    }

    /**
     * Whether the files of local feeds ({@link CsvFeed}, {@link NdjsonFeed}, {@link TermListFeed})
     * are watched, so a changed file is read within a fraction of a second rather than at its
     * feed's next interval; on by default. The intervals run either way.
     */
    public Builder watchFiles(boolean watchFiles) {
      this.watchFiles = watchFiles;
      return this;
    }

    /**
     * A new, not yet started sync.
     *
     * @throws IllegalStateException if no feed was added
     */
    public FeedSync build() {
      if (feeds.isEmpty()) {
        throw new IllegalStateException("no feed was added");
      }
      return new FeedSync(this);
    }
  }
}
