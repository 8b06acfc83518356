package io.tripline.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tripline.report.outbox.Attempt;
import io.tripline.report.outbox.Backlog;
import io.tripline.report.outbox.Outbox;
import io.tripline.report.outbox.OutboxState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The report outbox's meters:
 * <ul>
 *   <li>{@code tripline.outbox.entries} (gauge), tag {@code state}: {@code pending},
 *       {@code delivered}, {@code dead};
 *   <li>{@code tripline.outbox.oldest.pending.age} (time gauge, seconds): how long ago the oldest
 *       pending entry was made, 0 if none is pending;
 *   <li>{@code tripline.outbox.attempts} (function counter), tag {@code outcome}:
 *       {@code delivered}, {@code retryable_failure}, {@code permanent_failure},
 *       {@code interrupted}: attempts finished so far, counted in the store (so across
 *       instances and restarts).
 * </ul>
 *
 * <p>The numbers are read from the store at most once per {@code cacheFor} (default 5 s), however
 * many meters are read, however often the registry is scraped. While the store cannot be read
 * the meters read NaN.
 *
 * <p>Thread-safe. The registry holds this binder, and it holds the outbox, for as long as the
 * meters are registered.
 */
public final class OutboxMetrics implements MeterBinder {
  private static final Logger log = LoggerFactory.getLogger(OutboxMetrics.class);

  /** How long numbers read from the store are reused by default. */
  public static final Duration DEFAULT_CACHE_FOR = Duration.ofSeconds(5);

  /** Outcomes counted: those an attempt keeps, not {@code IN_FLIGHT}, which passes. */
  private static final List<Attempt.Outcome> COUNTED =
      List.of(
          Attempt.Outcome.DELIVERED,
          Attempt.Outcome.RETRYABLE_FAILURE,
          Attempt.Outcome.PERMANENT_FAILURE,
          Attempt.Outcome.INTERRUPTED);

  private final Outbox outbox;
  private final Duration cacheFor;
  private final Clock clock;
  private @Nullable Numbers numbers;

  /**
   * Meters of {@code outbox}, read at most every {@link #DEFAULT_CACHE_FOR}.
   *
   * @throws NullPointerException if outbox is null
   */
  public OutboxMetrics(Outbox outbox) {
    this(outbox, DEFAULT_CACHE_FOR, Clock.systemUTC());
  }

  /**
   * Meters of {@code outbox}, read at most every {@code cacheFor} as {@code clock} tells.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if cacheFor is negative (zero reads the store every time)
   */
  public OutboxMetrics(Outbox outbox, Duration cacheFor, Clock clock) {
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.cacheFor = Objects.requireNonNull(cacheFor, "cacheFor");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (cacheFor.isNegative()) {
      throw new IllegalArgumentException("cacheFor must not be negative, was " + cacheFor);
    }
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (OutboxState state : OutboxState.values()) {
      // Strong: the registry keeps this binder (and so the counters' target) alive.
      Gauge.builder("tripline.outbox.entries", this, m -> m.numbers().entries(state))
          .tag("state", state.name().toLowerCase(Locale.ROOT))
          .description("Report outbox entries in each state; dead letters need a person")
          .baseUnit("entries")
          .strongReference(true)
          .register(registry);
    }
    TimeGauge.builder(
            "tripline.outbox.oldest.pending.age",
            this,
            TimeUnit.SECONDS,
            m -> m.numbers().oldestPendingAgeSeconds(m.clock.instant()))
        .description("How long ago the oldest pending report was made; 0 if none is pending")
        .strongReference(true)
        .register(registry);
    for (Attempt.Outcome outcome : COUNTED) {
      FunctionCounter.builder("tripline.outbox.attempts", this, m -> m.numbers().attempts(outcome))
          .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
          .description("Delivery attempts finished, by outcome")
          .baseUnit("attempts")
          .register(registry);
    }
  }

  /** The numbers, read again if older than {@code cacheFor}. */
  private synchronized Numbers numbers() {
    Instant now = clock.instant();
    if (numbers != null && now.isBefore(numbers.readAt().plus(cacheFor))) {
      return numbers;
    }
    try {
      Map<OutboxState, Long> counts = outbox.counts();
      Instant oldest = null;
      for (Backlog b : outbox.backlog()) {
        Instant created = b.oldestPendingCreatedAt();
        if (created != null && (oldest == null || created.isBefore(oldest))) {
          oldest = created;
        }
      }
      numbers = new Numbers(now, counts, oldest, outbox.attemptCounts());
    } catch (RuntimeException e) {
      // Its message may name entries; the class says enough, and NaN shows the gap.
      log.warn("Outbox metrics not read: {}", e.getClass().getName());
      numbers = Numbers.unreadable(now);
    }
    return numbers;
  }

  /** What was read from the store at {@code readAt}; null maps when it could not be read. */
  private record Numbers(
      Instant readAt,
      @Nullable Map<OutboxState, Long> counts,
      @Nullable Instant oldestPendingCreatedAt,
      @Nullable Map<Attempt.Outcome, Long> attempts) {

    static Numbers unreadable(Instant at) {
      return new Numbers(at, null, null, null);
    }

    double entries(OutboxState state) {
      return counts == null ? Double.NaN : counts.getOrDefault(state, 0L);
    }

    double oldestPendingAgeSeconds(Instant now) {
      if (counts == null) {
        return Double.NaN;
      }
      if (oldestPendingCreatedAt == null) {
        return 0;
      }
      return Math.max(0, Duration.between(oldestPendingCreatedAt, now).toMillis() / 1000.0);
    }

    double attempts(Attempt.Outcome outcome) {
      return attempts == null ? Double.NaN : attempts.getOrDefault(outcome, 0L);
    }
  }

  @Override
  public String toString() {
    return "OutboxMetrics[cacheFor=" + cacheFor + "]";
  }
}
