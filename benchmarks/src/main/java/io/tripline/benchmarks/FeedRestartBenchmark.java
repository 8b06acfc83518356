package io.tripline.benchmarks;

import io.tripline.Indicator;
import io.tripline.Tripline;
import io.tripline.feed.FeedSync;
import io.tripline.index.IndicatorIndex;
import io.tripline.index.SnapshotFile;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
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
 * A restart with {@code n} PDQ indicators on disk (target: 10M in at most 10 s): the time from
 * building a fresh {@link Tripline} and {@link FeedSync} with the snapshot file to
 * {@link Tripline#inspect} of an upload matching one of the indicators. It covers the engine's
 * build (hashers, rule pack), {@link FeedSync#start()} (reading the file, checking its CRC32C,
 * rebuilding the Hamming index and the id map) and the first inspect (decoding and hashing the
 * photo, the lookups).
 *
 * <p>The snapshot ({@link SyntheticPdqFeed} indicators, one of them near the probe photo, and the
 * feed's cursor) is a fixture kept in {@code java.io.tmpdir/tripline-benchmarks/}: the first fork
 * that finds none makes it (about a minute, untimed, and that fork's JVM is then less fresh than a
 * restarted one), later forks and runs reuse it. Each fork is a new JVM, so its first iteration is
 * a restart with a cold JIT, the way a real restart is; later iterations of the fork run warmer
 * code. The heap is fixed but not pre-touched: a restarted JVM touches its heap for the first time
 * too. The file is read from the OS page cache when it was written or read lately; a restart after
 * a reboot reads it from the disk.
 *
 * <p>The sync's first run, started by {@code start()}, pulls the feed from the snapshot's cursor
 * (an empty page here) beside the timed inspect; whatever it does after that (the {@link FeedSync}
 * measured on 2026-11-28 wrote the whole snapshot file again) is waited for, untimed, after each
 * iteration, whose report prints when it ended.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 3)
@Fork(value = 3, jvmArgsAppend = {"-Xms16g", "-Xmx16g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class FeedRestartBenchmark {

  @Param({"10000000"})
  int n;

  private static final long PROBE_SEED = 31;
  private static final int PAGE_LIMIT = 1000;
  /** Changes whenever the fixture's content would; an old fixture is then made again. */
  private static final String FIXTURE_VERSION = "1";

  private Path file;
  private Probe probe;
  private String probeId;
  private LoopbackClearinghouse clearinghouse;

  private ScheduledExecutorService scheduler;
  private Tripline tripline;
  private FeedSync sync;
  private long started;
  private long built;
  private long restored;
  private long matched;

  private final Timings total = new Timings();

  /** Finds or makes the snapshot fixture. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "tripline-benchmarks");
    Files.createDirectories(dir);
    file = dir.resolve("restart-" + n + ".snap");
    Path about = dir.resolve("restart-" + n + ".properties");
    Properties fixture = new Properties();
    if (Files.exists(about) && Files.exists(file)) {
      try (Reader in = Files.newBufferedReader(about)) {
        fixture.load(in);
      }
    }
    if (!FIXTURE_VERSION.equals(fixture.getProperty("version"))) {
      fixture = makeFixture(about);
    }
    probe = Probe.photo(PROBE_SEED, fixture.getProperty("probe.hash"));
    probeId = fixture.getProperty("probe.id");
    // Nothing after the snapshot's cursor: the first pull after the restart gets an empty page.
    clearinghouse = new LoopbackClearinghouse(SyntheticPdqFeed.FEED, n);
    clearinghouse.prepare(LoopbackClearinghouse.cursor(n), PAGE_LIMIT);
    System.out.printf("%nsnapshot of %,d PDQ indicators: %s, %,.1f MB%n", n, file, Files.size(file) / 1e6);
  }

  private Properties makeFixture(Path about) throws IOException {
    long t0 = System.nanoTime();
    Probe photo = Probe.photo(PROBE_SEED);
    IndicatorIndex.Builder builder = IndicatorIndex.builder();
    Tripline.builder().build().index().hammingTypes().forEach(builder::hammingType);
    Random random = new Random(23);
    for (int serial = 0; serial < n; serial++) {
      builder.add(serial == n / 2 ? photo.indicator(serial) : SyntheticPdqFeed.indicator(random, serial));
    }
    Indicator probeIndicator = photo.indicator(n / 2);
    SnapshotFile.write(builder.build(), Map.of(
        "cursor." + SyntheticPdqFeed.FEED, LoopbackClearinghouse.cursor(n),
        "synced." + SyntheticPdqFeed.FEED, Instant.now().toString()), file);
    Properties fixture = new Properties();
    fixture.setProperty("version", FIXTURE_VERSION);
    fixture.setProperty("probe.hash", photo.imageHash());
    fixture.setProperty("probe.id", probeIndicator.id());
    try (Writer out = Files.newBufferedWriter(about)) {
      fixture.store(out, "FeedRestartBenchmark fixture: " + file.getFileName());
    }
    System.out.printf("%nmade the fixture in %,d ms; this fork's JVM is not fresh%n",
        (System.nanoTime() - t0) / 1_000_000);
    System.gc();
    return fixture;
  }

  @Setup(Level.Iteration)
  public void newScheduler() {
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tripline-feed-sync");
      t.setDaemon(true);
      return t;
    });
  }

  /** Builds the engine and the sync, starts it from the snapshot, inspects the probe photo. */
  @Benchmark
  public boolean restart() {
    started = System.nanoTime();
    tripline = Tripline.builder().build();
    built = System.nanoTime();
    sync = FeedSync.builder(tripline)
        .feed(clearinghouse.feed(PAGE_LIMIT), Duration.ofHours(1))
        .scheduler(scheduler)
        .snapshot(file)
        .build();
    sync.start();
    restored = System.nanoTime();
    boolean found = probe.matches(tripline, probeId);
    matched = System.nanoTime();
    if (!found) {
      throw new IllegalStateException("the restarted engine does not match the probe ("
          + tripline.index().size() + " indicators)");
    }
    return found;
  }

  /** Waits for the sync's first run, reports the phases, and drops the engine. */
  @TearDown(Level.Iteration)
  public void report(IterationParams iteration) throws InterruptedException, ExecutionException {
    long firstRunEnded = scheduler.submit(System::nanoTime).get();
    FeedSync.Status status = sync.status().get(0);
    if (status.consecutiveFailures() > 0 || tripline.index().size() != n) {
      throw new IllegalStateException("restart incomplete: " + tripline.index().size() + " indicators, " + status);
    }
    System.out.printf("%n  engine built %,.0f ms, start() (snapshot read, index rebuilt) %,.0f ms, first inspect"
            + " %,.0f ms: match after %,.0f ms; the first run (empty page, snapshot rewritten) ended after %,.0f ms%n",
        (built - started) / 1e6, (restored - built) / 1e6, (matched - restored) / 1e6, (matched - started) / 1e6,
        (firstRunEnded - started) / 1e6);
    if (iteration.getType() == IterationType.MEASUREMENT) {
      total.add(matched - started);
    }
    sync.close();
    scheduler.shutdown();
    scheduler.awaitTermination(1, TimeUnit.MINUTES);
    tripline = null;
    sync = null;
    System.gc();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    System.out.printf("%nrestart with %,d: match after %s%n", n, total.summary());
    clearinghouse.close();
  }
}
