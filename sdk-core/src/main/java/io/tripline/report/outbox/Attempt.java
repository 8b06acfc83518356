package io.tripline.report.outbox;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One delivery attempt, recorded before the sink is called and completed after it answers.
 *
 * @param key idempotency key of the entry
 * @param number 1 for the first attempt
 * @param dispatcher name of the instance that made it
 * @param startedAt when the sink was called
 * @param finishedAt when the outcome was stored; null while in flight or if interrupted
 * @param outcome what came of it
 * @param detail failure reason or external id, or null
 * @param retryAt when the next attempt was due after a retryable failure, else null; the
 *     distance from {@code finishedAt} is the backoff
 */
public record Attempt(
    String key,
    int number,
    String dispatcher,
    Instant startedAt,
    @Nullable Instant finishedAt,
    Outcome outcome,
    @Nullable String detail,
    @Nullable Instant retryAt) {
  public Attempt {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(dispatcher, "dispatcher");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(outcome, "outcome");
  }

  /** What came of an attempt. */
  public enum Outcome {
    /** The sink has been called and has not answered yet. */
    IN_FLIGHT,
    /** The process stopped (crash, kill) before the outcome was stored; the receiver may have it. */
    INTERRUPTED,
    DELIVERED,
    RETRYABLE_FAILURE,
    PERMANENT_FAILURE
  }
}
