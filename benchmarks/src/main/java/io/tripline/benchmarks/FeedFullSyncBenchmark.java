package io.tripline.benchmarks;

import io.tripline.Indicator;
import io.tripline.Tripline;
import io.tripline.feed.FeedSync;
import io.tripline.index.SnapshotFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 * A full sync of {@code n} PDQ indicators from a clearinghouse on loopback (target: 1M in at most
 * 20 s): the time from {@link FeedSync#start()} of a fresh engine to {@link Tripline#inspect}
 * matching an upload against the feed's last indicator.
 *
 * <p>The feed ({@link SyntheticPdqFeed}: realistic ids, labels, severities and times; the last
 * indicator is {@link Probe#DISTANCE} bits from the probe photo's hash) is served by a
 * {@link LoopbackClearinghouse} in pages of the size the client asks with its {@code limit}
 * ({@code pageLimit}, the client's default 1,000), each signed with Ed25519 over its body and
 * followed by {@code more}/{@code next}. All pages are assembled and signed in the setup, so the
 * time is the client's: HTTP, reading the body, verifying the signature, parsing, building the
 * new snapshot(s) from the pages (how many is {@link FeedSync}'s business) and, with
 * {@code snapshot=true}, writing the snapshot file when and as often as {@link FeedSync} does.
 * The probe waits with {@link Visibility} (a snapshot check every 10 ms, one inspect per new
 * snapshot at most), so the time is late by about 10 ms at most. The probe photo is inspected
 * once before the sync starts, so its decoded signals are cached and the wait measures lookups.
 *
 * <p>Each iteration prints when the new snapshot was first seen, when the sync run itself ended
 * (after its snapshot file write), the requests and bytes served; the trial's end prints the
 * summary of both times.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms8g", "-Xmx8g", "-XX:+AlwaysPreTouch",
    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class FeedFullSyncBenchmark {

  @Param({"1000000"})
  int n;

  /** Changes the client asks per page. */
  @Param({"1000"})
  int pageLimit;

  /** Whether the sync keeps a snapshot file, as a deployment should. */
  @Param({"true", "false"})
  boolean snapshot;

  private LoopbackClearinghouse clearinghouse;
  private Probe probe;
  private String lastId;

  private Tripline tripline;
  private ScheduledExecutorService scheduler;
  private FeedSync sync;
  private Path dir;
  private long started;
  private long visible;
  private Visibility.Seen seen;
  private long requestsBefore;
  private long bytesBefore;

  private final Timings visibleTimes = new Timings();
  private final Timings runTimes = new Timings();

  /** Builds the feed and signs its pages. */
  @Setup(Level.Trial)
  public void setUp() {
    long t0 = System.nanoTime();
    probe = Probe.photo(11);
    Random random = new Random(7);
    List<byte[]> changes = new ArrayList<>(n);
    for (int serial = 0; serial < n - 1; serial++) {
      changes.add(SyntheticPdqFeed.upsert(SyntheticPdqFeed.indicator(random, serial)));
    }
    Indicator last = probe.indicator(n - 1);
    lastId = last.id();
    changes.add(SyntheticPdqFeed.upsert(last));
    clearinghouse = new LoopbackClearinghouse(SyntheticPdqFeed.FEED, 0);
    clearinghouse.append(changes);
    clearinghouse.prepare(null, pageLimit);
    System.out.printf("%n%,d PDQ indicators in %,d pages of %,d, prepared and signed in %,d ms%n", n,
        (n + pageLimit - 1) / pageLimit, pageLimit, (System.nanoTime() - t0) / 1_000_000);
  }

  /** A fresh engine and sync, as after a first deployment: no indicators, no snapshot on disk. */
  @Setup(Level.Iteration)
  public void newEngine() throws IOException {
    tripline = Tripline.builder().build();
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tripline-feed-sync");
      t.setDaemon(true);
      return t;
    });
    FeedSync.Builder builder = FeedSync.builder(tripline)
        .feed(clearinghouse.feed(pageLimit), Duration.ofHours(1))
        .scheduler(scheduler);
    dir = Files.createTempDirectory("tripline-full-sync");
    if (snapshot) {
      builder.snapshot(dir.resolve("indicators.snap"));
    }
    sync = builder.build();
    requestsBefore = clearinghouse.requests();
    bytesBefore = clearinghouse.bytesServed();
    if (probe.matches(tripline, lastId)) {
      throw new IllegalStateException("an empty engine matches the probe");
    }
    System.gc();
  }

  /** Starts the sync; returns once an upload of the probe photo matches the feed's last indicator. */
  @Benchmark
  public Visibility.Seen fullSync() {
    started = System.nanoTime();
    sync.start();
    seen = Visibility.await(tripline, sync, t -> probe.matches(t, lastId), Duration.ofMillis(10),
        Duration.ofMinutes(60));
    visible = System.nanoTime();
    return seen;
  }

  /** Waits for the sync run to end, checks it applied the whole feed, and reports. */
  @TearDown(Level.Iteration)
  public void report(IterationParams iteration) throws InterruptedException, ExecutionException, IOException {
    // The first run was queued at start(); a task queued now runs after it.
    long runEnded = scheduler.submit(System::nanoTime).get();
    FeedSync.Status status = sync.status().get(0);
    if (status.consecutiveFailures() > 0 || tripline.index().size() != n || status.lastApplied() != n) {
      throw new IllegalStateException("sync incomplete: " + tripline.index().size() + " indicators, " + status);
    }
    System.out.printf("%n  inspect matched the last indicator after %,.0f ms (its snapshot seen at %,.0f ms,"
            + " %d inspect rounds); the run ended after %,.0f ms; %,d requests, %,.1f MB%n",
        (visible - started) / 1e6, (seen.seenAt() - started) / 1e6, seen.asked(), (runEnded - started) / 1e6,
        clearinghouse.requests() - requestsBefore, (clearinghouse.bytesServed() - bytesBefore) / 1e6);
    if (iteration.getType() == IterationType.MEASUREMENT) {
      visibleTimes.add(visible - started);
      runTimes.add(runEnded - started);
    }
    sync.close();
    scheduler.shutdown();
    scheduler.awaitTermination(1, TimeUnit.MINUTES);
    Path file = dir.resolve("indicators.snap");
    Files.deleteIfExists(file);
    Files.deleteIfExists(SnapshotFile.previousOf(file));
    Files.deleteIfExists(dir);
    tripline = null;
    sync = null;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    System.out.printf("%nfull sync of %,d (pageLimit %d, snapshot %s): inspect matched: %s; run ended: %s;"
            + " pages made on demand: %d%n", n, pageLimit, snapshot, visibleTimes.summary(), runTimes.summary(),
        clearinghouse.pagesMadeOnDemand());
    clearinghouse.close();
  }
}
