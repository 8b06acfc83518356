package io.tripline.report.outbox;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The process that {@link OutboxCrashTest} kills: opens the outbox on a SQLite file, enqueues
 * {@code count} reports (idempotently, so a restart goes over the same keys again), printing
 * {@code ACK key} once each enqueue has returned, while dispatching to the test's receiver; exits
 * when nothing is pending. With {@code final}, first prints {@code PRESENT key} for every stored
 * entry, so the test can check that every acknowledged entry survived the kills.
 */
public final class OutboxCrashChild {
  private OutboxCrashChild() {}

  static String key(int i) {
    return String.format("crash-%04d", i);
  }

  static String destination(int i) {
    return switch (i % 3) {
      case 0 -> "clearinghouse";
      case 1 -> "ncmec";
      default -> "archive";
    };
  }

  static String payload(int i) {
    return "{\"report\":" + i + ",\"pdq\":\"" + Integer.toHexString(i * 0x9E3779B1) + "\"}";
  }

  public static void main(String[] args) throws Exception {
    Path db = Path.of(args[0]);
    URI receiver = URI.create(args[1]);
    int count = Integer.parseInt(args[2]);
    boolean last = args.length > 3 && args[3].equals("final");
    Outbox outbox =
        Outbox.builder()
            .sqlite(db)
            .sink(new HttpSink(receiver))
            .dispatcherName("child-" + ProcessHandle.current().pid())
            .backoff(Duration.ofMillis(20), Duration.ofMillis(200))
            .idlePoll(Duration.ofMillis(20))
            .pollingInterval(Duration.ofMillis(20))
            .maxAttempts(1000)
            .build();
    System.out.println("STARTED");
    if (last) {
      long after = 0;
      for (OutboxState state : OutboxState.values()) {
        after = 0;
        while (true) {
          var page = outbox.list(state, after, 1000);
          if (page.isEmpty()) {
            break;
          }
          for (OutboxRecord r : page) {
            System.out.println("PRESENT " + r.key());
          }
          after = page.get(page.size() - 1).sequence();
        }
      }
    }
    Instant created = Instant.parse("2026-11-28T10:00:00Z");
    for (int i = 0; i < count; i++) {
      outbox.enqueue(OutboxEntry.ofText(key(i), destination(i), payload(i), created.plusMillis(i)));
      System.out.println("ACK " + key(i));
    }
    System.out.flush();
    while (outbox.counts().get(OutboxState.PENDING) > 0) {
      Thread.sleep(20);
    }
    System.out.println("DRAINED " + outbox.counts());
    outbox.close();
    System.exit(0);
  }
}
