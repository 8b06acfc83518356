package io.tripline.report.outbox;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An entry as stored, with its delivery state.
 *
 * @param entry the entry as enqueued
 * @param sequence store-wide creation order; delivery follows it per destination
 * @param state where it stands
 * @param attempts attempts started so far (an attempt cut short by a crash counts)
 * @param nextAttemptAt earliest time of the next attempt while pending, else null
 * @param lastError reason of the last failed attempt, or null
 * @param receipt the receiver's receipt once delivered, else null
 * @param externalId the receiver's id for the report once delivered, or null
 * @param deliveredAt when the receiver accepted it, else null
 */
public record OutboxRecord(
    OutboxEntry entry,
    long sequence,
    OutboxState state,
    int attempts,
    @Nullable Instant nextAttemptAt,
    @Nullable String lastError,
    byte @Nullable [] receipt,
    @Nullable String externalId,
    @Nullable Instant deliveredAt) {
  public OutboxRecord {
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(state, "state");
    receipt = receipt == null ? null : receipt.clone();
  }

  /** The idempotency key. */
  public String key() {
    return entry.key();
  }

  @Override
  public byte @Nullable [] receipt() {
    return receipt == null ? null : receipt.clone();
  }
}
