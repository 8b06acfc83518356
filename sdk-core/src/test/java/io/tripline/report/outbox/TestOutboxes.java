package io.tripline.report.outbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Outboxes for tests: fast polling and backoff on a SQLite file, closed after each test. Register
 * with {@code @RegisterExtension final TestOutboxes outboxes = new TestOutboxes();}.
 */
public final class TestOutboxes implements AfterEachCallback {
  private final List<Outbox> opened = new ArrayList<>();

  /** A builder on {@code db} polling every 50 ms, backing off 20 to 200 ms, stopping within 2 s. */
  public static Outbox.Builder fast(Path db) {
    return Outbox.builder()
        .sqlite(db)
        .idlePoll(Duration.ofMillis(50))
        .pollingInterval(Duration.ofMillis(50))
        .backoff(Duration.ofMillis(20), Duration.ofMillis(200))
        .shutdownWait(Duration.ofSeconds(2));
  }

  /** Builds the outbox and closes it after the test. */
  public Outbox open(Outbox.Builder builder) {
    return track(builder.build());
  }

  /** Closes {@code outbox} after the test. */
  public synchronized Outbox track(Outbox outbox) {
    opened.add(outbox);
    return outbox;
  }

  @Override
  public synchronized void afterEach(ExtensionContext context) {
    opened.forEach(Outbox::close);
    opened.clear();
  }
}
