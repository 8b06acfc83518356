package io.tripline.health;

import io.tripline.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.tripline.Tripline;
import io.tripline.feed.FeedSync;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The feeds' health, with a clock moved by hand and pulls run on the test's thread. */
class FeedHealthTest {
  private final MutableClock clock =
      new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  private final ScheduledExecutorService scheduler = HealthFixtures.parkedScheduler();
  private final Tripline tripline = Tripline.builder().build();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private FeedSync.Builder sync() {
    return FeedSync.builder(tripline).scheduler(scheduler).clock(clock);
  }

  @Test
  void currentFeedsAreUp() {
    try (FeedSync sync =
        sync().feed(HealthFixtures.quietFeed("hashes", 0), Duration.ofMinutes(5), Duration.ofHours(1),
                FeedSync.StalePolicy.FAIL_CLOSED)
            .build()) {
      sync.start();
      sync.syncNow();
      clock.advance(Duration.ofMinutes(3));

      HealthReport report = Health.builder().feeds(sync).build().report();

      assertThat(report.status()).isEqualTo(HealthStatus.UP);
      CheckResult feeds = report.checks().get("feeds");
      assertThat(feeds.summary()).isEqualTo("1 feed current");
      assertThat(feeds.details()).containsEntry("failClosed", false).containsEntry("stale", List.of());
      assertThat(feeds.details().get("feeds"))
          .isEqualTo(List.of(Map.of("feed", "hashes", "ageSeconds", 180L, "stale", false,
              "consecutiveFailures", 0, "lastApplied", 0, "skipped", 0L)));
    }
  }

  @Test
  void aStaleFeedThatKeepsServingIsDegradedAndNamed() {
    try (FeedSync sync =
        sync().feed(HealthFixtures.quietFeed("terms", 0), Duration.ofMinutes(5), Duration.ofHours(1),
                FeedSync.StalePolicy.KEEP_SERVING)
            .feed(HealthFixtures.quietFeed("hashes", 0), Duration.ofMinutes(5))
            .build()) {
      sync.start();
      sync.syncNow();
      clock.advance(Duration.ofMinutes(61));

      HealthReport report = Health.builder().feeds(sync).build().report();

      assertThat(report.status()).isEqualTo(HealthStatus.DEGRADED);
      assertThat(report.checks().get("feeds").summary())
          .isEqualTo("stale feeds, their indicators still served: terms");
      assertThat(report.checks().get("feeds").details()).containsEntry("stale", List.of("terms"));
    }
  }

  @Test
  void aStaleFeedThatFailsClosedIsDown() {
    try (FeedSync sync =
        sync().feed(HealthFixtures.quietFeed("hashes", 0), Duration.ofMinutes(5), Duration.ofHours(1),
                FeedSync.StalePolicy.FAIL_CLOSED)
            .build()) {
      sync.start();
      sync.syncNow();
      Health health = Health.builder().feeds(sync).build();
      assertThat(health.report().status()).isEqualTo(HealthStatus.UP);

      clock.advance(Duration.ofMinutes(61));
      HealthReport report = health.report();

      assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
      assertThat(report.checks().get("feeds").summary())
          .isEqualTo("indicators too old: inspections fail closed (stale: hashes)");
      assertThat(report.checks().get("feeds").details()).containsEntry("failClosed", true);
    }
  }

  @Test
  void aFeedThatKeepsFailingIsDegradedWithoutAMaxAge() {
    try (FeedSync sync =
        sync().feed(HealthFixtures.failingFeed("hashes", "HTTP 500"), Duration.ofMinutes(5)).build()) {
      sync.start();
      while (sync.status().get(0).consecutiveFailures() < FeedHealth.FAILURES_BEFORE_DEGRADED) {
        sync.syncNow();
      }

      HealthReport report = Health.builder().feeds(sync).build().report();

      assertThat(sync.status().get(0).stale()).isFalse();
      assertThat(report.status()).isEqualTo(HealthStatus.DEGRADED);
      assertThat(report.checks().get("feeds").summary())
          .isEqualTo("feeds failing 3 or more runs in a row, their indicators still served: hashes");
    }
  }

  @Test
  void aFailingFeedIsNamedButItsErrorMessageIsNotReported() {
    try (FeedSync sync =
        sync().feed(HealthFixtures.failingFeed("hashes", "HTTP 500 from https://feeds.example/?token=hunter2"),
                Duration.ofMinutes(5))
            .build()) {
      sync.start();
      sync.syncNow();
      sync.syncNow();

      HealthReport report = Health.builder().feeds(sync).build().report();

      assertThat(sync.status().get(0).lastError()).contains("hunter2");
      assertThat(report.status()).isEqualTo(HealthStatus.UP);
      assertThat(report.checks().get("feeds").summary()).isEqualTo("1 feed current; last run failed: hashes");
      assertThat(report.checks().get("feeds").details()).containsEntry("failing", List.of("hashes"));
      assertThat(report.toJson()).contains("\"consecutiveFailures\":2").doesNotContain("hunter2")
          .doesNotContain("feeds.example");
    }
  }
}
