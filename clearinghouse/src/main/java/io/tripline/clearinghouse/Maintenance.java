package io.tripline.clearinghouse;

import io.tripline.clearinghouse.feed.FeedStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's housekeeping, run on one daemon thread a minute after start and then every
 * {@code period}: the shared feeds' change logs are pruned of what no client needs for a full sync
 * and is older than the feed retention (cursors behind it are answered 410 and their clients sync
 * in full), and opinion requests' idempotency keys older than their retention are forgotten.
 * Reports keep their idempotency key as long as the report is kept. A failed run is logged and the
 * next one tries again.
 */
final class Maintenance implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);
  /** The protocol keeps idempotency keys at least this long. */
  static final Duration MIN_KEY_RETENTION = Duration.ofDays(7);

  private final FeedStore feeds;
  private final Clock clock;
  private final Duration feedRetention;
  private final Duration keyRetention;
  private final ScheduledExecutorService executor;

  Maintenance(FeedStore feeds, Clock clock, Duration feedRetention, Duration keyRetention) {
    this.feeds = Objects.requireNonNull(feeds, "feeds");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.feedRetention = feedRetention;
    this.keyRetention = keyRetention;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "clearinghouse-maintenance");
      t.setDaemon(true);
      return t;
    });
  }

  void start(Duration initialDelay, Duration period) {
    executor.scheduleWithFixedDelay(this::runQuietly, initialDelay.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One run, now, on the caller's thread. */
  Result run() {
    Instant now = clock.instant();
    int changes = feeds.prune(now.minus(feedRetention));
    int keys = feeds.forgetOpinionKeys(now.minus(keyRetention));
    return new Result(changes, keys);
  }

  record Result(int feedChangesPruned, int opinionKeysForgotten) {}

  private void runQuietly() {
    try {
      Result r = run();
      if (r.feedChangesPruned() > 0 || r.opinionKeysForgotten() > 0) {
        LOG.info("maintenance: {} feed changes pruned, {} opinion idempotency keys forgotten",
            r.feedChangesPruned(), r.opinionKeysForgotten());
      }
    } catch (RuntimeException e) {
      LOG.error("maintenance run failed; the next run tries again: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
