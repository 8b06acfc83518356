package io.tripline.benchmarks;

import io.tripline.Indicator;
import io.tripline.Tripline;
import io.tripline.feed.Feed;
import io.tripline.feed.FeedPage;
import io.tripline.feed.FeedSync;
import io.tripline.index.IndicatorIndex;
import io.tripline.index.SnapshotFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * A delta of {@code changes} changes on top of {@code n} PDQ indicators (target: 10k changes on
 * 1M visible within 200 ms): the time from {@link FeedSync#syncNow()} being called, the delta
 * being ready at the clearinghouse, to {@link Tripline#inspect} showing all of it.
 *
 * <p>Setup: {@code n} indicators ({@link SyntheticPdqFeed}) are written as a snapshot file with
 * the feed's cursor, and the engine starts from it as after a restart (with {@code snapshot=false}
 * the same snapshot is put in place with {@link Tripline#replaceIndex} and the feed resumes at the
 * cursor, since a sync without a file has no cursor to restore). Each iteration, untimed,
 * publishes one delta at the {@link LoopbackClearinghouse}, its pages signed ahead: a tenth
 * updates (upserts of existing ids with a new hash and profile), and as many deletes of
 * indicators in the index as upserts of new ones (4,500 each of 10k, so the index keeps its
 * size), shuffled; its last two changes are the new probe indicator (near a fresh probe photo)
 * and the delete of the previous iteration's probe indicator. The timed part asks the sync thread
 * to {@code syncNow()} and waits with {@link Visibility} (checked every 0.1 ms) until the fresh
 * photo matches its new indicator and the previous photo no longer matches its deleted one: the
 * whole delta is visible. The client pulls it in pages of {@code pageLimit} (10 pages of 1,000 by
 * default); how many snapshots it makes of them, and when it writes the snapshot file
 * ({@code snapshot=true}), is {@link FeedSync}'s business and part of the time.
 *
 * <p>The probe photos are inspected once before the timed part, so their decoded signals are in
 * the engine's cache and the wait measures lookups, not image decoding. Deltas accumulate over the
 * iterations as in a long-running instance: every update and new indicator takes a new position
 * in the PDQ table and every update and delete leaves a hole, so the table's additions grow and,
 * after about 60 deltas of this mix at 1M, it is compacted; 5 + 60 iterations include that delta.
 * Each iteration prints the time to visibility, when the new snapshot was first seen, and when
 * {@code syncNow()} returned (after the snapshot file was written); the trial's end prints median,
 * p99 and max over the measurement iterations.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 60)
@Fork(value = 1, jvmArgsAppend = {"-Xms8g", "-Xmx8g", "-XX:+AlwaysPreTouch",
    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class FeedDeltaBenchmark {

  @Param({"1000000"})
  int n;

  /** Changes per delta. */
  @Param({"10000"})
  int changes;

  /** Changes the client asks per page. */
  @Param({"1000"})
  int pageLimit;

  /** Whether the sync keeps a snapshot file, as a deployment should. */
  @Param({"true", "false"})
  boolean snapshot;

  private Path dir;
  private Path file;
  private LoopbackClearinghouse clearinghouse;
  private Tripline tripline;
  private ScheduledExecutorService scheduler;
  private FeedSync sync;

  /** Base serials in the order deltas delete or update them; the probe's is not among them. */
  private int[] victims;
  private int nextVictim;
  private long nextSerial;
  private Random random;
  private int delta;

  private Probe previous;
  private String previousId;
  private Probe current;
  private String currentId;

  private long started;
  private Future<Long> syncing;
  private Visibility.Seen seen;
  private long visible;

  private final Timings visibleTimes = new Timings();
  private final Timings syncTimes = new Timings();

  /** Resumes a feed at a cursor when the sync has none: what a restored snapshot gives a sync. */
  private record ResumedFeed(Feed feed, String cursor) implements Feed {
    @Override
    public String id() {
      return feed.id();
    }

    @Override
    public FeedPage pull(@Nullable String after) {
      return feed.pull(after != null ? after : cursor);
    }
  }

  /** Writes the base snapshot, starts the engine from it and checks the probe matches. */
  @Setup(Level.Trial)
  public void setUp() throws IOException, InterruptedException, ExecutionException {
    long t0 = System.nanoTime();
    previous = Probe.photo(100);
    Random base = new Random(17);
    Map<String, Integer> hammingTypes = Tripline.builder().build().index().hammingTypes();
    IndicatorIndex.Builder builder = IndicatorIndex.builder();
    hammingTypes.forEach(builder::hammingType);
    for (int serial = 0; serial < n - 1; serial++) {
      builder.add(SyntheticPdqFeed.indicator(base, serial));
    }
    Indicator probeIndicator = previous.indicator(n - 1);
    previousId = probeIndicator.id();
    builder.add(probeIndicator);
    IndicatorIndex index = builder.build();
    String cursor = LoopbackClearinghouse.cursor(n);
    dir = Files.createTempDirectory("tripline-delta");
    file = dir.resolve("indicators.snap");
    SnapshotFile.write(index, Map.of("cursor." + SyntheticPdqFeed.FEED, cursor,
        "synced." + SyntheticPdqFeed.FEED, Instant.now().toString()), file);

    clearinghouse = new LoopbackClearinghouse(SyntheticPdqFeed.FEED, n);
    clearinghouse.prepare(cursor, pageLimit);
    tripline = Tripline.builder().build();
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tripline-feed-sync");
      t.setDaemon(true);
      return t;
    });
    FeedSync.Builder sb = FeedSync.builder(tripline).scheduler(scheduler);
    if (snapshot) {
      sb.feed(clearinghouse.feed(pageLimit), Duration.ofHours(1)).snapshot(file);
    } else {
      tripline.replaceIndex(SnapshotFile.read(file).index());
      sb.feed(new ResumedFeed(clearinghouse.feed(pageLimit), cursor), Duration.ofHours(1));
    }
    sync = sb.build();
    sync.start();
    // The first run (an empty page at the snapshot's cursor) was queued at start(); this runs after it.
    scheduler.submit(() -> {}).get();
    if (tripline.index().size() != n || !previous.matches(tripline, previousId)
        || sync.status().get(0).consecutiveFailures() > 0) {
      throw new IllegalStateException("base not in place: " + tripline.index().size() + " indicators, "
          + sync.status().get(0));
    }

    victims = new int[n - 1];
    for (int i = 0; i < victims.length; i++) {
      victims[i] = i;
    }
    random = new Random(19);
    for (int i = victims.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int v = victims[i];
      victims[i] = victims[j];
      victims[j] = v;
    }
    nextSerial = n;
    System.out.printf("%n%,d PDQ indicators restored from a %,.1f MB snapshot; setup %,d ms%n", n,
        Files.size(file) / 1e6, (System.nanoTime() - t0) / 1_000_000);
    System.gc();
  }

  /** Publishes the next delta, its pages signed, and checks the probes before it lands. */
  @Setup(Level.Iteration)
  public void publishDelta() {
    current = Probe.photo(101 + delta);
    // As many deletes as additions, so the index keeps its size; each count includes a probe change.
    int updates = changes / 10;
    int deletes = (changes - updates) / 2 - 1;
    int added = changes - updates - deletes - 2;
    List<byte[]> batch = new ArrayList<>(changes);
    for (int i = 0; i < deletes; i++) {
      batch.add(SyntheticPdqFeed.delete(SyntheticPdqFeed.id(victims[nextVictim++])));
    }
    for (int i = 0; i < updates; i++) {
      batch.add(SyntheticPdqFeed.upsert(SyntheticPdqFeed.indicator(random, victims[nextVictim++])));
    }
    for (int i = 0; i < added; i++) {
      batch.add(SyntheticPdqFeed.upsert(SyntheticPdqFeed.indicator(random, nextSerial++)));
    }
    Collections.shuffle(batch, random);
    Indicator probeIndicator = current.indicator(nextSerial++);
    currentId = probeIndicator.id();
    batch.add(SyntheticPdqFeed.upsert(probeIndicator));
    batch.add(SyntheticPdqFeed.delete(previousId));

    String from = clearinghouse.endCursor();
    clearinghouse.append(batch);
    clearinghouse.prepare(from, pageLimit);
    if (current.matches(tripline, currentId) || !previous.matches(tripline, previousId)) {
      throw new IllegalStateException("probes do not start as expected");
    }
  }

  /** Asks the sync thread to sync now; returns once inspect shows the whole delta. */
  @Benchmark
  public Visibility.Seen applyDelta() {
    started = System.nanoTime();
    syncing = scheduler.submit(() -> {
      sync.syncNow();
      return System.nanoTime();
    });
    seen = Visibility.await(tripline, sync,
        t -> current.matches(t, currentId) && !previous.matches(t, previousId),
        Duration.ofNanos(100_000), Duration.ofMinutes(10));
    visible = System.nanoTime();
    return seen;
  }

  /** Waits for {@code syncNow()} to return, checks the run, and reports. */
  @TearDown(Level.Iteration)
  public void report(IterationParams iteration) throws InterruptedException, ExecutionException {
    long returned = syncing.get();
    FeedSync.Status status = sync.status().get(0);
    if (status.consecutiveFailures() > 0 || status.lastApplied() != changes || tripline.index().size() != n) {
      throw new IllegalStateException("delta not applied whole: " + tripline.index().size() + " indicators, "
          + status);
    }
    System.out.printf("  delta %d: visible after %,.1f ms (its snapshot seen at %,.1f ms, %d inspect rounds);"
            + " syncNow() returned after %,.1f ms%n", delta, (visible - started) / 1e6,
        (seen.seenAt() - started) / 1e6, seen.asked(), (returned - started) / 1e6);
    if (iteration.getType() == IterationType.MEASUREMENT) {
      visibleTimes.add(visible - started);
      syncTimes.add(returned - started);
    }
    previous = current;
    previousId = currentId;
    delta++;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException, InterruptedException {
    System.out.printf("%n%,d-change deltas on %,d (pageLimit %d, snapshot %s): visible: %s; syncNow returned: %s;"
            + " pages made on demand: %d%n", changes, n, pageLimit, snapshot, visibleTimes.summary(),
        syncTimes.summary(), clearinghouse.pagesMadeOnDemand());
    sync.close();
    scheduler.shutdown();
    scheduler.awaitTermination(1, TimeUnit.MINUTES);
    clearinghouse.close();
    Files.deleteIfExists(file);
    Files.deleteIfExists(SnapshotFile.previousOf(file));
    Files.deleteIfExists(dir);
  }
}
