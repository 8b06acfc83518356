package io.tripline.review;

import io.tripline.report.outbox.DeliveryResult;
import io.tripline.report.outbox.DeliverySink;
import io.tripline.report.outbox.OutboxEntry;
import java.util.Objects;

/**
 * Delivers outbox entries of opinions (destination {@value #DESTINATION}) to the clearinghouse:
 * the payload is the protocol body, sent as stored, with the entry's key as the
 * {@code Idempotency-Key}. Network failures, 5xx, 408 and 429 are retried by the outbox; other
 * refusals go to its dead letters.
 */
public final class OpinionSink implements DeliverySink {
  /** The outbox destination of opinions. */
  public static final String DESTINATION = "opinions";

  private final ClearinghouseOpinionClient client;

  public OpinionSink(ClearinghouseOpinionClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public DeliveryResult deliver(OutboxEntry entry) {
    try {
      client.send(entry.key(), entry.payload());
      return new DeliveryResult.Delivered(new byte[0], null);
    } catch (OpinionException e) {
      if (e.retryable()) {
        return new DeliveryResult.RetryableFailure(e.getMessage(), e.retryAfter().orElse(null));
      }
      return new DeliveryResult.PermanentFailure(e.getMessage());
    }
  }
}
