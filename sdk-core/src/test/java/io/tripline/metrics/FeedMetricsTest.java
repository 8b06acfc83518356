package io.tripline.metrics;

import io.tripline.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tripline.Tripline;
import io.tripline.feed.FeedSync;
import io.tripline.health.HealthFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The feeds' meters read from a {@link SimpleMeterRegistry}. */
class FeedMetricsTest {
  private final MutableClock clock =
      new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  private final ScheduledExecutorService scheduler = HealthFixtures.parkedScheduler();
  private final MeterRegistry registry = new SimpleMeterRegistry();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private double gauge(String name, String feed) {
    return registry.get(name).tag("feed", feed).gauge().value();
  }

  private double age(String feed) {
    return registry.get("tripline.feed.age").tag("feed", feed).timeGauge().value(TimeUnit.SECONDS);
  }

  @Test
  void eachFeedHasItsAgeFailuresStalenessAndSkippedEntries() {
    try (FeedSync sync = FeedSync.builder(Tripline.builder().build()).scheduler(scheduler).clock(clock)
        .feed(HealthFixtures.quietFeed("hashes", 2), Duration.ofMinutes(5), Duration.ofHours(1),
            FeedSync.StalePolicy.KEEP_SERVING)
        .feed(HealthFixtures.failingFeed("terms", "HTTP 500"), Duration.ofMinutes(5), Duration.ofHours(1),
            FeedSync.StalePolicy.KEEP_SERVING)
        .build()) {
      new FeedMetrics(sync).bindTo(registry);
      sync.start();
      sync.syncNow();
      sync.syncNow();
      clock.advance(Duration.ofMinutes(2));

      assertThat(age("hashes")).isEqualTo(120.0);
      assertThat(age("terms")).as("never synced").isNaN();
      assertThat(gauge("tripline.feed.consecutive.failures", "hashes")).isZero();
      assertThat(gauge("tripline.feed.consecutive.failures", "terms")).isEqualTo(2.0);
      assertThat(gauge("tripline.feed.stale", "hashes")).isZero();
      assertThat(gauge("tripline.feed.stale", "terms")).isEqualTo(1.0);
      assertThat(registry.get("tripline.feed.skipped").tag("feed", "hashes").functionCounter().count())
          .isEqualTo(4.0)
          .isEqualTo(sync.status().get(0).totalSkipped());

      clock.advance(Duration.ofMinutes(59));
      assertThat(gauge("tripline.feed.stale", "hashes")).isEqualTo(1.0);
      assertThat(age("hashes")).isEqualTo(61 * 60.0);
    }
  }
}
