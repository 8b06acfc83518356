package io.tripline.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tripline.feed.FeedSync;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The feeds' meters, one of each per feed, tag {@code feed} (the feed's id):
 * <ul>
 *   <li>{@code tripline.feed.age} (time gauge, seconds): time since the feed was last pulled to
 *       its end; NaN if never;
 *   <li>{@code tripline.feed.consecutive.failures} (gauge): failed runs since the last good one;
 *   <li>{@code tripline.feed.stale} (gauge): 1 while the feed is older than its max age, else 0;
 *   <li>{@code tripline.feed.skipped} (function counter): malformed entries left out of otherwise
 *       valid pages since the sync started.
 * </ul>
 *
 * <p>Read from {@link FeedSync#status()}, in memory, whenever a meter is read. Thread-safe. The
 * registry holds this binder, and it holds the sync, for as long as the meters are registered.
 */
public final class FeedMetrics implements MeterBinder {
  private final FeedSync sync;

  /**
   * Meters of every feed of {@code sync}.
   *
   * @throws NullPointerException if sync is null
   */
  public FeedMetrics(FeedSync sync) {
    this.sync = Objects.requireNonNull(sync, "sync");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (FeedSync.Status feed : sync.status()) {
      String id = feed.feedId();
      TimeGauge.builder("tripline.feed.age", this, TimeUnit.SECONDS, read(id, FeedMetrics::ageSeconds))
          .tag("feed", id)
          .description("Time since the feed was last pulled to its end")
          .strongReference(true)
          .register(registry);
      Gauge.builder("tripline.feed.consecutive.failures", this, read(id, s -> s.consecutiveFailures()))
          .tag("feed", id)
          .description("Failed runs of the feed since its last good one")
          .strongReference(true)
          .register(registry);
      Gauge.builder("tripline.feed.stale", this, read(id, s -> s.stale() ? 1 : 0))
          .tag("feed", id)
          .description("1 while the feed is older than its max age")
          .strongReference(true)
          .register(registry);
      FunctionCounter.builder("tripline.feed.skipped", this, read(id, s -> s.totalSkipped()))
          .tag("feed", id)
          .description("Malformed entries left out of otherwise valid pages of the feed")
          .baseUnit("entries")
          .register(registry);
    }
  }

  private static ToDoubleFunction<FeedMetrics> read(String feedId, ToDoubleFunction<FeedSync.Status> value) {
    return m -> {
      for (FeedSync.Status s : m.sync.status()) {
        if (s.feedId().equals(feedId)) {
          return value.applyAsDouble(s);
        }
      }
      return Double.NaN;
    };
  }

  private static double ageSeconds(FeedSync.Status s) {
    Duration age = s.age();
    return age == null ? Double.NaN : Math.max(0, age.toMillis() / 1000.0);
  }

  @Override
  public String toString() {
    return "FeedMetrics[" + sync + "]";
  }
}
