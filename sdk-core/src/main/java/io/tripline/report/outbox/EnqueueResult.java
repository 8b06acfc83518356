package io.tripline.report.outbox;

/** What {@link Outbox#enqueue} did. Either way the entry is durably stored when it returns. */
public enum EnqueueResult {
  /** A new entry was stored. */
  CREATED,
  /** An entry with the same key, destination and payload was already stored; nothing changed. */
  ALREADY_PRESENT
}
