package io.tripline.report.outbox;

/**
 * Where the dispatcher hands entries: the clearinghouse client, the NCMEC adapter, a test
 * receiver. Called from the dispatcher's threads, never on the upload path; at most one call
 * per destination at a time, across all instances sharing a store.
 *
 * <p>Delivery is at least once: a crash after the receiver accepted an entry but before the
 * outcome was stored repeats the call with the same entry. Implementations send
 * {@link OutboxEntry#key()} as the receiver's idempotency key so that it can drop the repeat.
 * A thrown {@link RuntimeException} counts as a {@link DeliveryResult.RetryableFailure}; a
 * {@link JournalFencedException} ends the attempt without recording an outcome (the attempt that
 * replaced it records its own).
 */
@FunctionalInterface
public interface DeliverySink {
  /** Tries once to deliver {@code entry}; blocks until the receiver answered or gave up. */
  DeliveryResult deliver(OutboxEntry entry);

  /**
   * Tries once to deliver {@code entry}, with its durable {@link DeliveryJournal}; the outbox
   * calls this one. Sinks whose receiver takes several calls override it to record each step and
   * resume from the journal; the default ignores the journal.
   */
  default DeliveryResult deliver(OutboxEntry entry, DeliveryJournal journal) {
    return deliver(entry);
  }
}
