package io.tripline.report.evidence;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link EvidenceStore#purgeExpired} on a schedule: once when started (to catch up after
 * downtime), then every period (daily by default). A failing run is logged and the next one runs
 * as planned. {@link #close()} cancels the schedule; the executor is the caller's and is not
 * shut down. Thread-safe.
 */
public final class EvidencePurger implements AutoCloseable {
  /** The default period: a day. */
  public static final Duration DAILY = Duration.ofDays(1);
  private static final Logger log = LoggerFactory.getLogger(EvidencePurger.class);

  private final EvidenceStore store;
  private final InstantSource clock;
  private final ScheduledFuture<?> schedule;

  private EvidencePurger(EvidenceStore store, ScheduledExecutorService scheduler, InstantSource clock, Duration period) {
    this.store = store;
    this.clock = clock;
    this.schedule = scheduler.scheduleAtFixedRate(this::runSafely, 0, period.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Purges {@code store} daily on {@code scheduler}, by {@code clock}. */
  public static EvidencePurger daily(EvidenceStore store, ScheduledExecutorService scheduler, InstantSource clock) {
    return start(store, scheduler, clock, DAILY);
  }

  /**
   * Purges {@code store} every {@code period} on {@code scheduler}, by {@code clock}.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the period is shorter than a second
   */
  public static EvidencePurger start(EvidenceStore store, ScheduledExecutorService scheduler, InstantSource clock,
      Duration period) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(period, "period");
    if (period.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("period must be at least a second, was " + period);
    }
    return new EvidencePurger(store, scheduler, clock, period);
  }

  /** One purge now, by the clock. */
  public List<String> runOnce() {
    return store.purgeExpired(clock.instant());
  }

  private void runSafely() {
    try {
      runOnce();
    } catch (RuntimeException e) {
      // A scheduled task that throws is never run again; log and wait for the next period.
      log.error("evidence purge failed; next attempt at the next period", e);
    }
  }

  /** Cancels the schedule; a run in progress completes. */
  @Override
  public void close() {
    schedule.cancel(false);
  }
}
