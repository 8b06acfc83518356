package io.tripline.feed;

import io.tripline.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.Indicator;
import io.tripline.Severity;
import io.tripline.Tripline;
import io.tripline.index.IndicatorChanges;
import io.tripline.index.IndicatorIndex;
import io.tripline.index.SnapshotFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedSyncTest {

  private static final String FEED = "hashes";
  private static final String MD5_A = "9e107d9d372bb6826bd81d3542a419d6";
  private static final String MD5_B = "e4d909c290d0fb1ca068ffaddf22cbd0";
  private static final String MD5_C = "d41d8cd98f00b204e9800998ecf8427e";

  @TempDir
  Path dir;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  private final ManualScheduler scheduler = new ManualScheduler();

  private static Indicator md5(String id, String md5) {
    return Indicator.of(id, FEED, "md5", md5, Severity.HIGH, "csam");
  }

  private static FeedPage page(@Nullable String cursor, boolean more, Indicator... upserts) {
    return new FeedPage(FEED, IndicatorChanges.builder().upsertAll(List.of(upserts)).build(), cursor, more, false, 0);
  }

  private Path snapshotPath() {
    return dir.resolve("indicators.snap");
  }

  private FeedSync.Builder sync(Tripline tripline, Feed feed) {
    return FeedSync.builder(tripline).feed(feed, Duration.ofMinutes(5)).scheduler(scheduler).clock(clock)
        .snapshot(snapshotPath());
  }

  @Test
  void aSnapshotOnDiskIsServedBeforeAnyPullAndItsCursorIsSentFirst() {
    IndicatorIndex saved = Tripline.builder().build().index()
        .withChanges(IndicatorChanges.builder().upsert(md5("a", MD5_A)).build());
    SnapshotFile.write(saved, Map.of("cursor." + FEED, "c-7", "cursor.gone", "x"), snapshotPath());
    ScriptedFeed feed = new ScriptedFeed(FEED);
    feed.fail(new FeedException("feed hashes unreachable", true, null));
    Tripline tripline = Tripline.builder().build();

    try (FeedSync sync = sync(tripline, feed).build()) {
      sync.start();
      assertThat(feed.cursors).isEmpty();
      assertThat(tripline.index().find(FEED, "a")).isPresent();
      assertThat(sync.mustFailClosed()).isFalse();

      scheduler.runAll();

      assertThat(feed.cursors).containsExactly("c-7");
      assertThat(tripline.index().find(FEED, "a")).isPresent();
      assertThat(scheduler.delays).containsExactly(Duration.ZERO);
      assertThat(scheduler.periods).containsExactly(Duration.ofMinutes(5));
    }
  }

  @Test
  void pagesAreAppliedInOrderMoreIsFollowedAndTheSnapshotIsWrittenWhenTheRunEnds() {
    ScriptedFeed feed = new ScriptedFeed(FEED);
    List<Integer> sizesOnDisk = new ArrayList<>();
    List<Integer> sizesServed = new ArrayList<>();
    feed.onPull = () -> {
      SnapshotFile.readNewest(snapshotPath()).ifPresent(s -> sizesOnDisk.add(s.index().size()));
      sizesServed.add(0);
    };
    feed.page(page("c-1", true, md5("a", MD5_A)));
    feed.page(new FeedPage(FEED, IndicatorChanges.builder().upsert(md5("b", MD5_B)).delete(FEED, "a").build(),
        "c-2", false, false, 2));
    Tripline tripline = Tripline.builder().build();

    try (FeedSync sync = sync(tripline, feed).build()) {
      sync.start();
      feed.onPull = () -> {
        SnapshotFile.readNewest(snapshotPath()).ifPresent(s -> sizesOnDisk.add(s.index().size()));
        sizesServed.add(tripline.index().size());
      };
      scheduler.runAll();

      assertThat(feed.cursors).containsExactly(null, "c-1");
      // Pulled quickly, the two pages are applied together: one new snapshot, one file written.
      assertThat(sizesServed).containsExactly(0, 0);
      assertThat(sizesOnDisk).isEmpty();
      assertThat(tripline.index().find(FEED, "a")).isEmpty();
      assertThat(tripline.index().find(FEED, "b")).isPresent();
      SnapshotFile.Snapshot onDisk = SnapshotFile.read(snapshotPath());
      assertThat(onDisk.index().size()).isEqualTo(tripline.index().size()).isEqualTo(1);
      assertThat(onDisk.index().find(FEED, "b")).isEqualTo(tripline.index().find(FEED, "b"));
      assertThat(onDisk.metadata()).containsEntry("cursor." + FEED, "c-2")
          .containsEntry("synced." + FEED, clock.instant().toString());

      clock.advance(Duration.ofMinutes(1));
      FeedSync.Status status = sync.status().get(0);
      assertThat(status).isEqualTo(new FeedSync.Status(FEED, Instant.parse("2026-12-01T10:00:00Z"),
          Duration.ofMinutes(1), 3, 2, null, 0, false));
    }
  }

  @Test
  void aLongRunServesWhatArrivedEveryApplyIntervalAndWritesTheSnapshotEverySnapshotInterval() {
    ScriptedFeed feed = new ScriptedFeed(FEED);
    String[] md5s = {MD5_A, MD5_B, MD5_C};
    for (int i = 0; i < 3; i++) {
      feed.page(page("c-" + (i + 1), i < 2, md5("i" + i, md5s[i])));
    }
    Tripline tripline = Tripline.builder().build();
    List<Integer> served = new ArrayList<>();
    List<String> cursorsOnDisk = new ArrayList<>();

    try (FeedSync sync = sync(tripline, feed).build()) {
      sync.start();
      feed.onPull = () -> {
        served.add(tripline.index().size());
        cursorsOnDisk.add(SnapshotFile.readNewest(snapshotPath())
            .map(s -> s.metadata().get("cursor." + FEED)).orElse("none"));
        // Each page takes longer than the apply interval; the second one passes the snapshot interval.
        clock.advance(served.size() == 2 ? FeedSync.SNAPSHOT_INTERVAL : FeedSync.APPLY_INTERVAL);
      };
      scheduler.runAll();

      assertThat(served).containsExactly(0, 1, 2);
      assertThat(cursorsOnDisk).containsExactly("none", "none", "c-2");
      assertThat(SnapshotFile.read(snapshotPath()).metadata()).containsEntry("cursor." + FEED, "c-3");
      // Only the run's end is a complete sync.
      assertThat(sync.status().get(0).lastSuccess()).isEqualTo(clock.instant());
    }
  }

  @Test
  void aRunWithNothingNewKeepsTheIndexAndDoesNotRewriteTheSnapshotFile() throws Exception {
    ScriptedFeed feed = new ScriptedFeed(FEED);
    feed.page(page("c-1", false, md5("a", MD5_A)));
    feed.page(page("c-2", false));
    Tripline tripline = Tripline.builder().build();

    try (FeedSync sync = sync(tripline, feed).build()) {
      sync.start();
      scheduler.runAll();
      IndicatorIndex synced = tripline.index();
      Files.setLastModifiedTime(snapshotPath(), java.nio.file.attribute.FileTime.fromMillis(0));
      clock.advance(Duration.ofMinutes(5));

      scheduler.runAll();

      assertThat(tripline.index()).isSameAs(synced);
      assertThat(Files.getLastModifiedTime(snapshotPath()).toMillis()).isZero();
      assertThat(sync.status().get(0).lastSuccess()).isEqualTo(clock.instant());
      assertThat(sync.status().get(0).lastApplied()).isZero();
      // The cursor moved on in memory: the next run asks for what follows.
      scheduler.runAll();
      assertThat(feed.cursors).containsExactly(null, "c-1", "c-2");
    }
  }

  @Test
  void aFullResyncIsHeldUntilItsLastPageHoweverLongItTakes() {
    ScriptedFeed feed = new ScriptedFeed(FEED);
    feed.page(page("c-1", false, md5("a", MD5_A), md5("b", MD5_B)));
    feed.page(new FeedPage(FEED, IndicatorChanges.builder().upsert(md5("a", MD5_A)).build(), "r-1", true, true, 0));
    // As the clearinghouse sends a resync: its first page replaces all, the next ones add to it.
    feed.page(new FeedPage(FEED, IndicatorChanges.builder().upsert(md5("c", MD5_C)).build(), "r-2", true, false, 0));
    feed.page(new FeedPage(FEED, IndicatorChanges.builder().upsert(md5("b", MD5_B)).build(), "r-3", false, false, 0));
    Tripline tripline = Tripline.builder().build();
    List<Boolean> bServed = new ArrayList<>();

    try (FeedSync sync = sync(tripline, feed).build()) {
      sync.start();
      scheduler.runAll();
      feed.onPull = () -> {
        bServed.add(tripline.index().find(FEED, "b").isPresent());
        clock.advance(FeedSync.APPLY_INTERVAL.multipliedBy(2));
      };
      scheduler.runAll();

      // b is served throughout: the resync's first pages never replaced the feed on their own.
      assertThat(bServed).containsExactly(true, true, true);
      assertThat(tripline.index().size()).isEqualTo(3);
      assertThat(SnapshotFile.read(snapshotPath()).metadata()).containsEntry("cursor." + FEED, "r-3");
    }
  }

  @Test
  void aFullResyncCutShortAppliesNoneOfItAndKeepsTheCursor() {
    ScriptedFeed feed = new ScriptedFeed(FEED);
    feed.page(page("c-1", false, md5("a", MD5_A), md5("b", MD5_B)));
    feed.page(page("c-2", true, md5("c", MD5_C)));
    feed.page(new FeedPage(FEED, IndicatorChanges.builder().upsert(md5("a", MD5_A)).build(), "r-1", true, true, 0));
    feed.fail(new FeedException("feed hashes unreachable", true, null));
    Tripline tripline = Tripline.builder().build();

    try (FeedSync sync = sync(tripline, feed).build()) {
      sync.start();
      scheduler.runAll();
      scheduler.runAll();

      // The delta page before the resync stands; the resync's first page withdrew nothing.
      assertThat(tripline.index().find(FEED, "b")).isPresent();
      assertThat(tripline.index().find(FEED, "c")).isPresent();
      assertThat(SnapshotFile.read(snapshotPath()).metadata()).containsEntry("cursor." + FEED, "c-2");
      assertThat(SnapshotFile.read(snapshotPath()).index().find(FEED, "b")).isPresent();
      scheduler.runAll();
      assertThat(feed.cursors).containsExactly(null, "c-1", "c-2", "r-1", "c-2");
    }
  }

  @Test
  void aFailureMidRunKeepsThePagesBeforeItAndTheNextRunResumesAfterThem() {
    ScriptedFeed feed = new ScriptedFeed(FEED);
    feed.page(page("c-1", true, md5("a", MD5_A)));
    feed.page(page("c-2", true, md5("b", MD5_B)));
    feed.fail(new FeedException("feed hashes page refused: signature does not match", false, null));
    feed.page(page("c-3", false, md5("c", MD5_C)));
    Tripline tripline = Tripline.builder().build();

    try (FeedSync sync = sync(tripline, feed).build()) {
      sync.start();
      scheduler.runAll();

      assertThat(tripline.index().size()).isEqualTo(2);
      assertThat(SnapshotFile.read(snapshotPath()).metadata()).containsEntry("cursor." + FEED, "c-2")
          .doesNotContainKey("synced." + FEED);
      FeedSync.Status failed = sync.status().get(0);
      assertThat(failed.lastSuccess()).isNull();
      assertThat(failed.consecutiveFailures()).isEqualTo(1);

      scheduler.runAll();

      assertThat(feed.cursors).containsExactly(null, "c-1", "c-2", "c-2");
      assertThat(tripline.index().size()).isEqualTo(3);
      assertThat(sync.status().get(0).consecutiveFailures()).isZero();
    }
  }

  @Test
  void aPageReplacingAllDeletesWhatItDoesNotHold() {
    ScriptedFeed feed = new ScriptedFeed(FEED);
    feed.page(page("c-1", false, md5("a", MD5_A), md5("b", MD5_B)));
    feed.page(new FeedPage(FEED, IndicatorChanges.builder().upsert(md5("c", MD5_C)).build(), "c-9", false, true, 0));
    Tripline tripline = Tripline.builder().build();

    try (FeedSync sync = sync(tripline, feed).build()) {
      sync.start();
      sync.syncNow();
      assertThat(tripline.index().size()).isEqualTo(2);
      sync.syncNow();
      assertThat(tripline.index().size()).isEqualTo(1);
      assertThat(tripline.index().find(FEED, "c")).isPresent();
    }
  }

  @Test
  void aFeedErrorKeepsTheIndexAndSnapshotAndIsRecoveredOnTheNextRun() throws Exception {
    ScriptedFeed feed = new ScriptedFeed(FEED);
    feed.page(page("c-1", false, md5("a", MD5_A)));
    feed.fail(new FeedException("feed hashes unreachable: connect timed out", true, null));
    feed.fail(new FeedException("feed hashes page refused: signature does not match", false, null));
    feed.page(page("c-2", false, md5("b", MD5_B)));
    Tripline tripline = Tripline.builder().build();

    try (FeedSync sync = sync(tripline, feed).build()) {
      sync.start();
      scheduler.runAll();
      IndicatorIndex good = tripline.index();
      byte[] goodFile = Files.readAllBytes(snapshotPath());

      scheduler.runAll();
      scheduler.runAll();

      assertThat(tripline.index()).isSameAs(good);
      assertThat(Files.readAllBytes(snapshotPath())).isEqualTo(goodFile);
      FeedSync.Status failed = sync.status().get(0);
      assertThat(failed.consecutiveFailures()).isEqualTo(2);
      assertThat(failed.lastError()).contains("signature does not match");
      assertThat(failed.lastApplied()).isEqualTo(1);

      scheduler.runAll();

      assertThat(feed.cursors).containsExactly(null, "c-1", "c-1", "c-1");
      assertThat(tripline.index().find(FEED, "b")).isPresent();
      FeedSync.Status recovered = sync.status().get(0);
      assertThat(recovered.consecutiveFailures()).isZero();
      assertThat(SnapshotFile.read(snapshotPath()).metadata()).containsEntry("cursor." + FEED, "c-2");
    }
  }

  @Test
  void aFeedThatThrowsSomethingElseIsRecordedWithoutItsMessageAndStaysScheduled() {
    ScriptedFeed feed = new ScriptedFeed(FEED);
    feed.fail(new IllegalStateException("secret=hunter2"));
    feed.page(page("c-1", false, md5("a", MD5_A)));
    Tripline tripline = Tripline.builder().build();
    try (FeedSync sync = sync(tripline, feed).build()) {
      sync.start();
      scheduler.runAll();
      assertThat(sync.status().get(0).lastError()).contains("IllegalStateException").doesNotContain("hunter2");
      scheduler.runAll();
      assertThat(tripline.index().find(FEED, "a")).isPresent();
    }
  }

  @Test
  void aPageOfAnotherFeedIsRefused() {
    ScriptedFeed feed = new ScriptedFeed(FEED);
    feed.page(new FeedPage("other", IndicatorChanges.builder().upsert(md5("a", MD5_A)).build(), "c", false, false, 0));
    Tripline tripline = Tripline.builder().build();
    try (FeedSync sync = sync(tripline, feed).build()) {
      sync.start();
      scheduler.runAll();
      assertThat(tripline.index().size()).isZero();
      assertThat(sync.status().get(0).lastError()).contains("another feed");
    }
  }

  @Test
  void aFlappingFeedCountsConsecutiveFailuresAndKeepsTheLastSuccess() {
    ScriptedFeed feed = new ScriptedFeed(FEED);
    FeedException down = new FeedException("feed hashes unreachable", true, null);
    feed.page(page("c-1", false));
    feed.fail(down);
    feed.fail(down);
    feed.page(page("c-2", false));
    feed.fail(down);
    Tripline tripline = Tripline.builder().build();
    try (FeedSync sync = sync(tripline, feed).build()) {
      sync.start();
      List<String> seen = new ArrayList<>();
      for (int run = 0; run < 5; run++) {
        scheduler.runAll();
        FeedSync.Status s = sync.status().get(0);
        seen.add(s.consecutiveFailures() + "@" + s.lastSuccess());
        clock.advance(Duration.ofMinutes(5));
      }
      assertThat(seen).containsExactly(
          "0@2026-12-01T10:00:00Z",
          "1@2026-12-01T10:00:00Z",
          "2@2026-12-01T10:00:00Z",
          "0@2026-12-01T10:15:00Z",
          "1@2026-12-01T10:15:00Z");
      assertThat(sync.status().get(0).age()).isEqualTo(Duration.ofMinutes(10));
    }
  }

  @Test
  void aFailClosedFeedOlderThanItsMaxAgeMustFailClosedAKeepServingOneNeverDoes() {
    ScriptedFeed strict = new ScriptedFeed(FEED);
    ScriptedFeed lenient = new ScriptedFeed("terms");
    strict.page(page("c-1", false));
    lenient.page(new FeedPage("terms", IndicatorChanges.builder().build(), null, false, true, 0));
    Tripline tripline = Tripline.builder().build();
    try (FeedSync sync = FeedSync.builder(tripline)
        .feed(strict, Duration.ofMinutes(5), Duration.ofHours(1), FeedSync.StalePolicy.FAIL_CLOSED)
        .feed(lenient, Duration.ofMinutes(5), Duration.ofHours(1), FeedSync.StalePolicy.KEEP_SERVING)
        .scheduler(scheduler).clock(clock).build()) {
      sync.start();
      assertThat(sync.mustFailClosed()).as("never synced, no snapshot").isTrue();

      scheduler.runAll();
      assertThat(sync.mustFailClosed()).isFalse();

      clock.advance(Duration.ofMinutes(61));
      assertThat(sync.mustFailClosed()).isTrue();
      assertThat(sync.status()).extracting(FeedSync.Status::stale).containsExactly(true, true);
    }
  }

  @Test
  void onlyKeepServingFeedsNeverFailClosed() {
    ScriptedFeed lenient = new ScriptedFeed(FEED);
    Tripline tripline = Tripline.builder().build();
    try (FeedSync sync = FeedSync.builder(tripline)
        .feed(lenient, Duration.ofMinutes(5), Duration.ofHours(1), FeedSync.StalePolicy.KEEP_SERVING)
        .scheduler(scheduler).clock(clock).build()) {
      sync.start();
      clock.advance(Duration.ofDays(3));
      assertThat(sync.mustFailClosed()).isFalse();
      assertThat(sync.status().get(0).stale()).isTrue();
    }
  }

  @Test
  void aRestoredSnapshotKeepsItsSyncTimeForTheMaxAge() {
    SnapshotFile.write(Tripline.builder().build().index(), Map.of("synced." + FEED, "2026-12-01T08:00:00Z"), snapshotPath());
    Tripline tripline = Tripline.builder().build();
    try (FeedSync sync = FeedSync.builder(tripline)
        .feed(new ScriptedFeed(FEED), Duration.ofMinutes(5), Duration.ofHours(1), FeedSync.StalePolicy.FAIL_CLOSED)
        .scheduler(scheduler).clock(clock).snapshot(snapshotPath()).build()) {
      sync.start();
      assertThat(sync.mustFailClosed()).isTrue();
      assertThat(sync.status().get(0).age()).isEqualTo(Duration.ofHours(2));
    }
  }

  @Test
  void closeCancelsTheScheduleAndLaterRunsDoNothing() {
    ScriptedFeed feed = new ScriptedFeed(FEED);
    feed.page(page("c-1", false, md5("a", MD5_A)));
    Tripline tripline = Tripline.builder().build();
    FeedSync sync = sync(tripline, feed).build();
    sync.start();
    sync.close();
    sync.close();
    assertThat(scheduler.futures).allMatch(ScheduledFuture::isCancelled);
    assertThat(scheduler.isShutdown()).isFalse();
    sync.runOnce(FEED);
    assertThat(feed.cursors).isEmpty();
    assertThatThrownBy(sync::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theDefaultSchedulerIsADaemonThreadShutDownOnClose() throws Exception {
    ScriptedFeed feed = new ScriptedFeed(FEED);
    feed.page(page("c-1", false, md5("a", MD5_A)));
    Tripline tripline = Tripline.builder().build();
    FeedSync sync = FeedSync.builder(tripline).feed(feed, Duration.ofHours(1)).build();
    sync.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (tripline.index().size() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    sync.close();
    assertThat(tripline.index().find(FEED, "a")).isPresent();
    assertThat(feed.threads).allMatch(Thread::isDaemon);
  }

  @Test
  void builderMisuseFailsFast() {
    Tripline tripline = Tripline.builder().build();
    ScriptedFeed feed = new ScriptedFeed(FEED);
    assertThatThrownBy(() -> FeedSync.builder(tripline).build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no feed");
    assertThatThrownBy(() -> FeedSync.builder(tripline).feed(feed, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval");
    assertThatThrownBy(() -> FeedSync.builder(tripline).feed(feed, Duration.ofMinutes(1)).feed(feed, Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already added");
    assertThatThrownBy(() -> FeedSync.builder(tripline)
        .feed(feed, Duration.ofMinutes(1), Duration.ofSeconds(-1), FeedSync.StalePolicy.FAIL_CLOSED))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAge");
    assertThatThrownBy(() -> FeedSync.builder(tripline).feed(feed, Duration.ofMinutes(1)).scheduler(scheduler)
        .build().syncNow()).isInstanceOf(IllegalStateException.class);
  }

  /** A feed answering from a script of pages and failures; an empty script is an empty page. */
  static final class ScriptedFeed implements Feed {
    private final String id;
    private final Deque<Object> script = new ArrayDeque<>();
    final List<@Nullable String> cursors = new ArrayList<>();
    final List<Thread> threads = new ArrayList<>();
    Runnable onPull = () -> { };

    ScriptedFeed(String id) {
      this.id = id;
    }

    void page(FeedPage page) {
      script.add(page);
    }

    void fail(RuntimeException e) {
      script.add(e);
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public synchronized FeedPage pull(@Nullable String cursor) {
      cursors.add(cursor);
      threads.add(Thread.currentThread());
      onPull.run();
      Object next = script.poll();
      if (next instanceof RuntimeException e) {
        throw e;
      }
      return next != null ? (FeedPage) next : new FeedPage(id, IndicatorChanges.builder().build(), cursor, false, false, 0);
    }
  }


  /** Records periodic tasks; {@link #runAll()} runs each not cancelled one once, on the test thread. */
  static final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    final List<ManualFuture> futures = new ArrayList<>();
    final List<Duration> delays = new ArrayList<>();
    final List<Duration> periods = new ArrayList<>();
    private boolean shutdown;

    void runAll() {
      for (ManualFuture f : List.copyOf(futures)) {
        if (!f.isCancelled()) {
          f.task.run();
        }
      }
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, long initialDelay, long delay, TimeUnit unit) {
      delays.add(Duration.ofNanos(unit.toNanos(initialDelay)));
      periods.add(Duration.ofNanos(unit.toNanos(delay)));
      ManualFuture f = new ManualFuture(task);
      futures.add(f);
      return f;
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, long initialDelay, long period, TimeUnit unit) {
      return scheduleWithFixedDelay(task, initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
      shutdown = true;
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return shutdown;
    }

    @Override
    public boolean isTerminated() {
      return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return shutdown;
    }

    @Override
    public void execute(Runnable command) {
      command.run();
    }
  }

  static final class ManualFuture implements ScheduledFuture<Object> {
    final Runnable task;
    private boolean cancelled;

    ManualFuture(Runnable task) {
      this.task = task;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return 0;
    }

    @Override
    public int compareTo(Delayed o) {
      return 0;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      cancelled = true;
      return true;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public boolean isDone() {
      return cancelled;
    }

    @Override
    public Object get() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      throw new UnsupportedOperationException();
    }
  }
}
