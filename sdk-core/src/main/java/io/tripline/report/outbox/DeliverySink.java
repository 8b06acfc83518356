package io.tripline.report.outbox;

/**
 * Where the dispatcher hands entries: the clearinghouse client, the NCMEC adapter, a test
 * receiver. Called from the dispatcher's threads, never on the upload path; at most one call
 * per destination at a time, across all instances sharing a store.
 *
 * <p>Delivery is at least once: a crash after the receiver accepted an entry but before the
 * outcome was stored repeats the call with the same entry. Implementations send
 * {@link OutboxEntry#key()} as the receiver's idempotency key so that it can drop the repeat.
 * A thrown {@link RuntimeException} counts as a {@link DeliveryResult.RetryableFailure}.
 */
@FunctionalInterface
public interface DeliverySink {
  /** Tries once to deliver {@code entry}; blocks until the receiver answered or gave up. */
  DeliveryResult deliver(OutboxEntry entry);
}
