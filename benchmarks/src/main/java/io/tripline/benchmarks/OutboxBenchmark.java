package io.tripline.benchmarks;

import io.tripline.report.outbox.DeliveryResult;
import io.tripline.report.outbox.Outbox;
import io.tripline.report.outbox.OutboxEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * The report outbox on its default store, an SQLite file with WAL and {@code synchronous=FULL}:
 * {@link #enqueue} is one durable, committed enqueue of a report-sized payload (what an upload
 * that files a report waits for); {@link #deliver} is the time to hand {@code batch} enqueued
 * entries to a local sink that accepts each at once (the dispatcher's own cost: claim, attempt
 * record, receipt, state), polling every 20 ms.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class OutboxBenchmark {

  /** About the size of a protocol report with one piece of evidence and a few matches. */
  private static final String PAYLOAD = "{\"schemaVersion\":\"1\",\"incident\":{\"category\":\"CSAM\"},\"pad\":\""
      + "x".repeat(1500) + "\"}";

  @Param({"1000"})
  int batch;

  private Path dir;
  private Outbox outbox;
  private long next;
  final Instant created = Instant.parse("2026-11-28T10:00:00Z");

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("tripline-outbox-bench");
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    if (outbox != null) {
      outbox.close();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  /** An outbox with no sink: enqueue only, as the upload path sees it. */
  @State(Scope.Benchmark)
  public static class EnqueueOnly {
    Outbox outbox;

    @Setup(Level.Trial)
    public void open(OutboxBenchmark b) {
      outbox = Outbox.builder().sqlite(b.dir.resolve("enqueue.db")).build();
      b.outbox = outbox;
    }
  }

  @Benchmark
  @BenchmarkMode({Mode.Throughput, Mode.SampleTime})
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Warmup(iterations = 2, time = 3)
  @Measurement(iterations = 5, time = 3)
  public Object enqueue(EnqueueOnly state) {
    return state.outbox.enqueue(OutboxEntry.ofText("r_" + (next++), "clearinghouse", PAYLOAD, created));
  }

  /**
   * A dispatching outbox with the default polling (idle poll and polling interval 1 s each) and a
   * sink that opens the latch of the entry it is handed.
   */
  @State(Scope.Benchmark)
  public static class Dispatching {
    /**
     * Who enqueues: the dispatching instance itself (its enqueue wakes the destination), or
     * another, enqueue-only instance on the same file (the dispatcher finds the entry at its next
     * poll): the baseline.
     */
    @Param({"dispatcher", "other-instance"})
    String enqueuer;

    Outbox dispatcher;
    Outbox outbox;
    volatile CountDownLatch delivered = new CountDownLatch(1);

    @Setup(Level.Trial)
    public void open(OutboxBenchmark b) {
      Path db = b.dir.resolve("dispatching-" + enqueuer + ".db");
      dispatcher = Outbox.builder().sqlite(db)
          .sink(entry -> {
            delivered.countDown();
            return new DeliveryResult.Delivered(new byte[] {1}, null);
          })
          .build();
      outbox = enqueuer.equals("dispatcher") ? dispatcher : Outbox.builder().sqlite(db).build();
      b.outbox = dispatcher;
    }

    @TearDown(Level.Trial)
    public void close() {
      if (outbox != dispatcher) {
        outbox.close();
      }
    }
  }

  /**
   * From the enqueue of one entry to its hand-over to the sink, on an instance that dispatches:
   * how long a report waits in the outbox when nothing else is queued.
   */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 1, time = 3)
  @Measurement(iterations = 3, time = 5)
  public void enqueueToSink(Dispatching state) throws InterruptedException {
    CountDownLatch latch = new CountDownLatch(1);
    state.delivered = latch;
    state.outbox.enqueue(OutboxEntry.ofText("s_" + (next++), "clearinghouse", PAYLOAD, created));
    if (!latch.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("not handed to the sink within 30 s");
    }
  }

  /** A database of {@code batch} enqueued entries, made before each shot (not timed). */
  @State(Scope.Benchmark)
  public static class Filled {
    Path db;
    int shot;

    @Setup(Level.Invocation)
    public void fill(OutboxBenchmark b) throws IOException {
      db = b.dir.resolve("deliver-" + (shot++) + ".db");
      try (Outbox filler = Outbox.builder().sqlite(db).build()) {
        for (int i = 0; i < b.batch; i++) {
          filler.enqueue(OutboxEntry.ofText("d_" + i, "clearinghouse", PAYLOAD, b.created));
        }
      }
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 1)
  @Measurement(iterations = 5)
  public void deliver(Filled filled) throws Exception {
    CountDownLatch all = new CountDownLatch(batch);
    try (Outbox dispatcher = Outbox.builder().sqlite(filled.db)
        .idlePoll(Duration.ofMillis(20)).pollingInterval(Duration.ofMillis(20))
        .sink(entry -> {
          all.countDown();
          return new DeliveryResult.Delivered(new byte[] {1}, null);
        })
        .build()) {
      if (!all.await(120, TimeUnit.SECONDS)) {
        throw new IllegalStateException("not delivered within 120 s: " + all.getCount() + " left");
      }
    }
  }
}
