package io.tripline.metrics;

import io.tripline.testkit.MutableClock;
import static io.tripline.health.HealthFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tripline.health.HealthFixtures;
import io.tripline.report.outbox.Attempt;
import io.tripline.report.outbox.DeliveryResult;
import io.tripline.report.outbox.Outbox;
import io.tripline.report.outbox.TestOutboxes;
import io.tripline.report.outbox.OutboxEntry;
import io.tripline.report.outbox.OutboxState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The outbox's meters read from a {@link SimpleMeterRegistry}, against a real SQLite outbox. */
class OutboxMetricsTest {
  private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

  @TempDir Path dir;
  @RegisterExtension final TestOutboxes outboxes = new TestOutboxes();
  private final MeterRegistry registry = new SimpleMeterRegistry();

  private Outbox open(Outbox.Builder b) {
    return outboxes.open(b);
  }

  private double entries(String state) {
    return registry.get("tripline.outbox.entries").tag("state", state).gauge().value();
  }

  private double attempts(String outcome) {
    return registry.get("tripline.outbox.attempts").tag("outcome", outcome).functionCounter().count();
  }

  @Test
  void entriesAndAttemptsByOutcomeMatchTheStore() throws Exception {
    Outbox outbox =
        open(
            Outbox.builder()
                .sqlite(dir.resolve("outbox.db"))
                .idlePoll(Duration.ofMillis(50))
                .pollingInterval(Duration.ofMillis(50))
                .backoff(Duration.ofMillis(20), Duration.ofMillis(100))
                .shutdownWait(Duration.ofSeconds(2))
                .maxAttempts(3)
                .sink(
                    e ->
                        switch (e.key()) {
                          case "ok-1", "ok-2" -> new DeliveryResult.Delivered(
                              "ok".getBytes(StandardCharsets.UTF_8), null);
                          case "refused-1" -> new DeliveryResult.PermanentFailure("400");
                          default -> new DeliveryResult.RetryableFailure("503");
                        }));
    new OutboxMetrics(outbox, Duration.ZERO, Clock.systemUTC()).bindTo(registry);
    for (String key : List.of("ok-1", "flaky-1", "refused-1")) {
      outbox.enqueue(OutboxEntry.ofText(key, "clearinghouse", "{}", T0));
    }
    outbox.enqueue(OutboxEntry.ofText("ok-2", "ncmec", "{}", T0));
    await("two delivered, two dead",
        () -> outbox.counts().get(OutboxState.DEAD) == 2L && outbox.counts().get(OutboxState.DELIVERED) == 2L,
        Duration.ofSeconds(10));

    assertThat(entries("dead")).isEqualTo(2.0).isEqualTo(outbox.counts().get(OutboxState.DEAD).doubleValue());
    assertThat(entries("delivered")).isEqualTo(2.0);
    assertThat(entries("pending")).isZero();
    assertThat(attempts("delivered")).isEqualTo(2.0);
    assertThat(attempts("retryable_failure")).isEqualTo(3.0);
    assertThat(attempts("permanent_failure")).isEqualTo(1.0);
    assertThat(attempts("interrupted")).isZero();
    for (Attempt.Outcome outcome : List.of(Attempt.Outcome.DELIVERED, Attempt.Outcome.RETRYABLE_FAILURE,
        Attempt.Outcome.PERMANENT_FAILURE, Attempt.Outcome.INTERRUPTED)) {
      assertThat(attempts(outcome.name().toLowerCase(java.util.Locale.ROOT)))
          .as(outcome.name())
          .isEqualTo(outbox.attemptCounts().get(outcome).doubleValue());
    }
    assertThat(registry.find("tripline.outbox.attempts").tag("outcome", "in_flight").meter()).isNull();
    assertThat(registry.get("tripline.outbox.oldest.pending.age").timeGauge().value(TimeUnit.SECONDS)).isZero();
  }

  @Test
  void theOldestPendingAgeIsCountedFromTheReportsCreation() {
    MutableClock clock = new MutableClock(T0);
    Outbox outbox = open(Outbox.builder().sqlite(dir.resolve("outbox.db")));
    outbox.enqueue(OutboxEntry.ofText("r-1", "clearinghouse", "{}", T0.minusSeconds(30)));
    outbox.enqueue(OutboxEntry.ofText("r-2", "ncmec", "{}", T0.minusSeconds(90)));
    new OutboxMetrics(outbox, Duration.ZERO, clock).bindTo(registry);

    assertThat(registry.get("tripline.outbox.oldest.pending.age").timeGauge().value(TimeUnit.SECONDS))
        .isEqualTo(90.0);
    clock.advance(Duration.ofSeconds(10));
    assertThat(registry.get("tripline.outbox.oldest.pending.age").timeGauge().value(TimeUnit.SECONDS))
        .isEqualTo(100.0);
    assertThat(entries("pending")).isEqualTo(2.0);
  }

  @Test
  void theStoreIsReadAtMostOncePerCacheInterval() {
    MutableClock clock = new MutableClock(T0);
    Outbox outbox = open(Outbox.builder().sqlite(dir.resolve("outbox.db")));
    new OutboxMetrics(outbox, Duration.ofSeconds(5), clock).bindTo(registry);
    outbox.enqueue(OutboxEntry.ofText("r-1", "clearinghouse", "{}", T0));
    assertThat(entries("pending")).isEqualTo(1.0);

    outbox.enqueue(OutboxEntry.ofText("r-2", "clearinghouse", "{}", T0));
    clock.advance(Duration.ofMillis(4999));
    assertThat(entries("pending")).as("within the interval: as read before").isEqualTo(1.0);

    clock.advance(Duration.ofMillis(1));
    assertThat(entries("pending")).isEqualTo(2.0);
  }

  @Test
  void whileTheStoreCannotBeReadTheMetersReadNaN() {
    AtomicBoolean down = new AtomicBoolean();
    Outbox outbox =
        open(Outbox.builder().dataSource(HealthFixtures.switchableStore(dir.resolve("outbox.db"), down)));
    new OutboxMetrics(outbox, Duration.ZERO, Clock.systemUTC()).bindTo(registry);
    assertThat(entries("dead")).isZero();

    down.set(true);

    assertThat(entries("dead")).isNaN();
    assertThat(attempts("delivered")).isNaN();
    assertThat(registry.get("tripline.outbox.oldest.pending.age").timeGauge().value(TimeUnit.SECONDS)).isNaN();
    down.set(false);
    assertThat(entries("dead")).isZero();
  }

  @Test
  void theRegistryKeepsTheMetersAliveWithoutAReferenceToTheBinder() {
    Outbox outbox = open(Outbox.builder().sqlite(dir.resolve("outbox.db")));
    new OutboxMetrics(outbox, Duration.ZERO, Clock.systemUTC()).bindTo(registry);
    outbox.enqueue(OutboxEntry.ofText("r-1", "clearinghouse", "{}", T0));
    System.gc();

    assertThat(entries("pending")).isEqualTo(1.0);
    FunctionCounter delivered = registry.get("tripline.outbox.attempts").tag("outcome", "delivered").functionCounter();
    assertThat(delivered.count()).isZero();
  }
}
