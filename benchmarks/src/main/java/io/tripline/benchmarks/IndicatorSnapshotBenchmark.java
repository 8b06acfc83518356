package io.tripline.benchmarks;

import io.tripline.Indicator;
import io.tripline.Severity;
import io.tripline.index.IndicatorChanges;
import io.tripline.index.IndicatorIndex;
import io.tripline.index.SnapshotFile;
import io.tripline.spi.ImageHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
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

/**
 * A whole {@link IndicatorIndex} of {@code n} PDQ indicators, as a feed delivers them (ids like
 * {@code pdq-0001234567}, two feeds, labels, an {@code addedAt} on every one): build from
 * scratch, apply a delta of 10,000 changes, write and load the snapshot file. The setup prints
 * the heap bytes per indicator, split into the search structure and the per-entry columns.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms16g", "-Xmx16g", "-XX:+AlwaysPreTouch",
    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class IndicatorSnapshotBenchmark {

  @Param({"10000000"})
  int n;

  private List<Indicator> indicators;
  private IndicatorIndex index;
  private IndicatorChanges delta;
  private Path dir;
  private Path file;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Random random = new Random(41);
    indicators = new ArrayList<>(n);
    Instant added = Instant.parse("2026-11-01T00:00:00Z");
    for (int i = 0; i < n; i++) {
      indicators.add(pdq(random, i, added.plusSeconds(i)));
    }
    long t0 = System.nanoTime();
    index = build();
    long buildMs = (System.nanoTime() - t0) / 1_000_000;
    IndicatorChanges.Builder changes = IndicatorChanges.builder();
    for (int i = 0; i < 5_000; i++) {
      Indicator gone = indicators.get(random.nextInt(n));
      changes.delete(gone.feed(), gone.id());
      changes.upsert(pdq(random, n + i, added));
    }
    delta = changes.build();
    dir = Files.createTempDirectory("tripline-snapshot-bench");
    file = dir.resolve("index.snapshot");
    SnapshotFile.write(index, Map.of("cursor", "c-1"), file);
    long total = index.bytesUsed("pdq");
    System.out.printf("%n%,d PDQ indicators: build %,d ms, %.1f bytes per indicator in the heap"
            + " (tables, columns and id map), snapshot file %.1f bytes per indicator%n",
        n, buildMs, (double) total / n, (double) Files.size(file) / n);
  }

  private static Indicator pdq(Random random, int i, Instant addedAt) {
    long[] h = {random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()};
    return new Indicator(String.format("pdq-%010d", i), i % 2 == 0 ? "confirmed-hashes" : "partner-hashes", "pdq",
        ImageHash.toHex(h, 256), List.of("csam"), Severity.HIGH, addedAt, null);
  }

  private IndicatorIndex build() {
    return IndicatorIndex.builder().hammingType("pdq", 256).addAll(indicators).build();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    Files.deleteIfExists(file);
    Files.deleteIfExists(SnapshotFile.previousOf(file));
    Files.deleteIfExists(dir);
  }

  /** Build the whole snapshot from {@code n} indicators. */
  @Benchmark
  public IndicatorIndex buildFromScratch() {
    return build();
  }

  /** 5,000 deletes and 5,000 upserts on the full snapshot; timed over many calls. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @Warmup(iterations = 3, time = 5)
  @Measurement(iterations = 3, time = 10)
  public IndicatorIndex applyDelta10k() {
    return index.withChanges(delta);
  }

  /** Read the snapshot file back, search structures rebuilt. */
  @Benchmark
  public IndicatorIndex loadSnapshot() {
    return SnapshotFile.read(file).index();
  }

  /** Write the snapshot file, atomically, forced to disk. */
  @Benchmark
  public void writeSnapshot() {
    SnapshotFile.write(index, Map.of("cursor", "c-1"), file);
  }
}
