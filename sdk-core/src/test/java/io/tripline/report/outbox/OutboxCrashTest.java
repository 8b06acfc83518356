package io.tripline.report.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a dispatching JVM with SIGKILL at random points, many times, then lets it finish: every
 * acknowledged report survives, every report reaches the receiver, and the only repeats are
 * re-deliveries of a key whose earlier attempt the kill interrupted.
 */
class OutboxCrashTest {
  private static final int REPORTS = 300;
  private static final int KILLS = 15;

  @TempDir Path dir;

  private record Run(Process process, List<String> lines) {}

  private Run start(Path db, TestReceiver receiver, boolean last) throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new ArrayList<>(
            List.of(javaBin, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"),
                OutboxCrashChild.class.getName(), db.toString(), receiver.uri().toString(),
                Integer.toString(REPORTS)));
    if (last) {
      command.add("final");
    }
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  lines.add(line);
                }
              } catch (java.io.IOException ignored) {
                // the process was killed
              }
            });
    reader.setDaemon(true);
    reader.start();
    return new Run(p, lines);
  }

  @Test
  void everyReportArrivesDespiteRepeatedSigkill() throws Exception {
    Path db = dir.resolve("outbox.db");
    Random random = new Random(Long.getLong("outbox.crash.seed", System.nanoTime()));
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    int killedWhileEnqueuing = 0;
    long t0 = System.nanoTime();
    try (TestReceiver receiver = new TestReceiver()) {
      for (int cycle = 0; cycle < KILLS; cycle++) {
        Run run = start(db, receiver, false);
        long delay = 800 + random.nextInt(2400); // the child JVM needs ~1.5 s to open the outbox
        boolean exited = run.process().waitFor(delay, TimeUnit.MILLISECONDS);
        if (!exited) {
          run.process().destroyForcibly(); // SIGKILL on Unix
          run.process().waitFor(10, TimeUnit.SECONDS);
        }
        Thread.sleep(50); // let the reader drain what was printed before the kill
        int acks = 0;
        synchronized (run.lines()) {
          for (String line : run.lines()) {
            if (line.startsWith("ACK ")) {
              acknowledged.add(line.substring(4));
              acks++;
            }
          }
        }
        if (acks > 0 && acks < REPORTS) {
          killedWhileEnqueuing++;
        }
      }
      int rawBeforeFinal = receiver.rawRequests();

      Run last = start(db, receiver, true);
      assertThat(last.process().waitFor(90, TimeUnit.SECONDS)).as("final run finishes").isTrue();
      assertThat(last.process().exitValue()).isZero();
      Thread.sleep(50);
      Set<String> present = new TreeSet<>();
      synchronized (last.lines()) {
        for (String line : last.lines()) {
          if (line.startsWith("PRESENT ")) {
            present.add(line.substring(8));
          }
        }
      }

      // Durable: whatever enqueue acknowledged before a kill was there after it.
      assertThat(present).containsAll(acknowledged);

      // Complete: every report was received, each with the payload it was enqueued with.
      Set<String> all = new TreeSet<>();
      IntStream.range(0, REPORTS).forEach(i -> all.add(OutboxCrashChild.key(i)));
      Map<String, Integer> perKey = receiver.requestsPerKey();
      assertThat(perKey.keySet()).containsExactlyInAnyOrderElementsOf(all);
      assertThat(receiver.payloadMismatches()).isEmpty();
      for (int i = 0; i < REPORTS; i++) {
        assertThat(new String(receiver.payload(OutboxCrashChild.key(i)), StandardCharsets.UTF_8))
            .isEqualTo(OutboxCrashChild.payload(i));
      }

      // In order per destination, counting each key at its first arrival.
      List<String> accepted = receiver.acceptedOrder();
      for (String destination : List.of("clearinghouse", "ncmec", "archive")) {
        List<String> expected =
            IntStream.range(0, REPORTS)
                .filter(i -> OutboxCrashChild.destination(i).equals(destination))
                .mapToObj(OutboxCrashChild::key)
                .toList();
        assertThat(accepted.stream().filter(expected::contains)).containsExactlyElementsOf(expected);
      }

      // Repeats only where a kill interrupted the earlier attempt of that same key.
      int repeats = 0;
      int interrupted = 0;
      try (Outbox outbox = Outbox.builder().sqlite(db).build()) {
        assertThat(outbox.counts())
            .containsEntry(OutboxState.DELIVERED, (long) REPORTS)
            .containsEntry(OutboxState.PENDING, 0L)
            .containsEntry(OutboxState.DEAD, 0L);
        for (String key : all) {
          OutboxRecord r = outbox.find(key).orElseThrow();
          assertThat(new String(r.receipt(), StandardCharsets.UTF_8)).isEqualTo("receipt:" + key);
          List<Attempt> attempts = outbox.attempts(key);
          long cut = attempts.stream().filter(a -> a.outcome() == Attempt.Outcome.INTERRUPTED).count();
          interrupted += (int) cut;
          int extra = perKey.get(key) - 1;
          repeats += extra;
          assertThat(cut).as("interrupted attempts of %s explain its %d repeat(s)", key, extra)
              .isGreaterThanOrEqualTo(extra);
          assertThat(attempts.get(attempts.size() - 1).outcome()).isEqualTo(Attempt.Outcome.DELIVERED);
          assertThat(attempts).extracting(Attempt::outcome).doesNotContain(Attempt.Outcome.IN_FLIGHT);
        }
      }
      System.out.printf(
          "[crash] %d SIGKILLs (%d mid-enqueue), %d acknowledged before kills, %d reports;"
              + " receiver: %d raw requests (%d before the final run), %d unique, %d repeats;"
              + " %d interrupted attempts recorded; %.1f s%n",
          KILLS, killedWhileEnqueuing, acknowledged.size(), REPORTS, receiver.rawRequests(),
          rawBeforeFinal, perKey.size(), repeats, interrupted, (System.nanoTime() - t0) / 1e9);
      assertThat(acknowledged).isNotEmpty();
      assertThat(rawBeforeFinal).as("the killed runs delivered some").isPositive();
    }
  }
}
