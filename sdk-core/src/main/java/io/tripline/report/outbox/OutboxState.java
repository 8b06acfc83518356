package io.tripline.report.outbox;

/** Where an entry stands. */
public enum OutboxState {
  /** Waiting for its first or next attempt. */
  PENDING,
  /** Accepted by the receiver; the receipt is stored. */
  DELIVERED,
  /** Dead letter: failed permanently or ran out of attempts; {@link Outbox#retry} revives it. */
  DEAD
}
