package io.tripline.health;

import io.tripline.feed.FeedSync;
import io.tripline.report.outbox.Outbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health of a Tripline instance: runs its checks and reports the worst status among them,
 * with each check's result, so that dead letters, reports stuck in the outbox and stale feeds are
 * seen by a person rather than found later.
 *
 * <pre>{@code
 * Health health = Health.builder()
 *     .feeds(feedSync)                       // DEGRADED if stale, DOWN if inspections fail closed
 *     .outbox(outbox)                        // DEGRADED on dead letters or a report pending 15 min
 *     .check("reviewers", () -> queueDepth() < 1000 ? CheckResult.up("ok") : CheckResult.degraded("queue long"))
 *     .build();
 * HealthReport report = health.report();     // report.status(), report.toJson()
 * }</pre>
 *
 * <p>A check that throws is reported as {@link HealthStatus#DOWN} with the exception's class as
 * its summary: its message may carry data, so it is neither reported nor logged.
 *
 * <p>A check that has not answered within the timeout ({@link Builder#timeout}, default 5 s) is
 * reported as {@link HealthStatus#DOWN}: a locked store must not hold the health endpoint.
 *
 * <p>Thread-safe and immutable; each {@link #report()} runs every check again, side by side on
 * daemon threads of its own.
 */
public final class Health {
  private static final Logger log = LoggerFactory.getLogger(Health.class);

  /** The pending age after which {@link Builder#outbox(Outbox)} reports a report as stuck. */
  public static final Duration DEFAULT_MAX_PENDING_AGE = Duration.ofMinutes(15);

  /** How long {@link #report()} waits for a check by default. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private final Map<String, HealthCheck> checks;
  private final Clock clock;
  private final Duration timeout;
  private final ExecutorService runner = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "tripline-health-check");
    t.setDaemon(true);
    return t;
  });

  private Health(Builder b) {
    this.clock = b.clock;
    this.timeout = b.timeout;
    Map<String, HealthCheck> built = new LinkedHashMap<>();
    b.checks.forEach((name, make) -> built.put(name, make.apply(b.clock)));
    this.checks = built;
  }

  /** A builder with no checks; a health without checks is always up. */
  public static Builder builder() {
    return new Builder();
  }

  /** Runs every check now. Never throws for a check's sake. */
  public HealthReport report() {
    Instant at = clock.instant();
    Map<String, Future<CheckResult>> running = new LinkedHashMap<>();
    checks.forEach((name, check) -> running.put(name, runner.submit(() -> run(name, check))));
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, CheckResult> results = new LinkedHashMap<>();
    HealthStatus overall = HealthStatus.UP;
    for (Map.Entry<String, Future<CheckResult>> e : running.entrySet()) {
      CheckResult result = await(e.getKey(), e.getValue(), deadline);
      results.put(e.getKey(), result);
      overall = overall.worst(result.status());
    }
    return new HealthReport(overall, at, results);
  }

  private CheckResult await(String name, Future<CheckResult> running, long deadline) {
    try {
      return running.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      running.cancel(true);
      log.warn("Health check {} gave no answer within {} ms", name, timeout.toMillis());
      return CheckResult.down("no answer within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running.cancel(true);
      return CheckResult.down("interrupted");
    } catch (ExecutionException e) {
      // run() catches what a check throws; only an Error gets here.
      return CheckResult.down(e.getCause().getClass().getName());
    }
  }

  private static CheckResult run(String name, HealthCheck check) {
    try {
      CheckResult result = check.check();
      if (result == null) {
        log.warn("Health check {} returned no result", name);
        return CheckResult.down("the check returned no result");
      }
      return result;
    } catch (Exception e) {
      log.warn("Health check {} failed: {}", name, e.getClass().getName());
      return CheckResult.down(e.getClass().getName());
    }
  }

  @Override
  public String toString() {
    return "Health" + checks.keySet();
  }

  /** Configures a {@link Health}. Not thread-safe; {@link #build()} copies the configuration. */
  public static final class Builder {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    /** Each check made from the clock, so that {@link #clock} may be set in any order. */
    private final Map<String, Function<Clock, HealthCheck>> checks = new LinkedHashMap<>();
    private Clock clock = Clock.systemUTC();
    private Duration timeout = DEFAULT_TIMEOUT;

    Builder() {}

    /**
     * How long a report waits for each check (they run side by side); a check without an answer
     * by then is {@link HealthStatus#DOWN}. Default {@link #DEFAULT_TIMEOUT}.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Adds {@code check} under {@code name}, reported in the order added.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the name is not 1 to 64 characters of
     *     {@code [a-z0-9._-]} starting with a letter or digit, or a check of that name was added
     */
    public Builder check(String name, HealthCheck check) {
      Objects.requireNonNull(check, "check");
      return add(name, clock -> check);
    }

    private Builder add(String name, Function<Clock, HealthCheck> check) {
      Objects.requireNonNull(name, "name");
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "check name must be 1 to 64 characters of [a-z0-9._-], starting with a letter or digit, was \""
                + name + "\"");
      }
      if (checks.containsKey(name)) {
        throw new IllegalArgumentException("a check named \"" + name + "\" was already added");
      }
      checks.put(name, check);
      return this;
    }

    /**
     * Adds the check {@code feeds}: {@link HealthStatus#DOWN} while {@code sync} says inspections
     * {@linkplain FeedSync#mustFailClosed() must fail closed}, {@link HealthStatus#DEGRADED}
     * while a feed is stale but still served; details per feed: age, failures, stale.
     *
     * @throws NullPointerException if sync is null
     * @throws IllegalArgumentException if a check named {@code feeds} was added
     */
    public Builder feeds(FeedSync sync) {
      Objects.requireNonNull(sync, "sync");
      return add("feeds", clock -> new FeedHealth(sync));
    }

    /**
     * Adds the check {@code outbox} with a report stuck after {@link #DEFAULT_MAX_PENDING_AGE}.
     *
     * @throws NullPointerException if outbox is null
     * @throws IllegalArgumentException if a check named {@code outbox} was added
     * @see #outbox(Outbox, Duration)
     */
    public Builder outbox(Outbox outbox) {
      return outbox(outbox, DEFAULT_MAX_PENDING_AGE);
    }

    /**
     * Adds the check {@code outbox}: {@link HealthStatus#DOWN} if its store cannot be read,
     * {@link HealthStatus#DEGRADED} while it holds dead letters or a pending report made more
     * than {@code maxPendingAge} ago; details: the numbers per state and per destination.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if maxPendingAge is not positive, or a check named
     *     {@code outbox} was added
     */
    public Builder outbox(Outbox outbox, Duration maxPendingAge) {
      Objects.requireNonNull(outbox, "outbox");
      Objects.requireNonNull(maxPendingAge, "maxPendingAge");
      if (maxPendingAge.isNegative() || maxPendingAge.isZero()) {
        throw new IllegalArgumentException("maxPendingAge must be positive, was " + maxPendingAge);
      }
      return add("outbox", clock -> new OutboxHealth(outbox, maxPendingAge, clock));
    }

    /** The time of reports and of pending ages (default UTC system clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** A health with the checks added so far. */
    public Health build() {
      return new Health(this);
    }
  }
}
