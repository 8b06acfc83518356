package io.tripline.benchmarks;

import io.tripline.Indicator;
import io.tripline.Severity;
import io.tripline.index.IndicatorIndex;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Exact digest lookups ({@link IndicatorIndex#exact(String, String)}) in a snapshot of
 * {@code size} SHA-256 indicators: a hit and a miss, each from the hex a feed or an upload gives.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class DigestLookupBenchmark {

  @Param({"1000000"})
  int size;

  private IndicatorIndex index;
  private String[] hits;
  private String[] misses;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    Random random = new Random(7);
    HexFormat hex = HexFormat.of();
    byte[] bytes = new byte[32];
    List<Indicator> indicators = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      random.nextBytes(bytes);
      indicators.add(Indicator.of("sha-" + i, "bench", "sha256", hex.formatHex(bytes), Severity.HIGH, "csam"));
    }
    index = IndicatorIndex.builder().addAll(indicators).build();
    hits = new String[1024];
    misses = new String[1024];
    for (int i = 0; i < hits.length; i++) {
      hits[i] = indicators.get(random.nextInt(size)).value();
      random.nextBytes(bytes);
      misses[i] = hex.formatHex(bytes);
    }
    if (index.exact("sha256", hits[0]).isEmpty() || !index.exact("sha256", misses[0]).isEmpty()) {
      throw new IllegalStateException("the setup does not measure what it claims");
    }
  }

  @Benchmark
  public Object hit() {
    return index.exact("sha256", hits[next++ & 1023]);
  }

  @Benchmark
  public Object miss() {
    return index.exact("sha256", misses[next++ & 1023]);
  }
}
