package io.tripline.report;

import io.tripline.report.outbox.DeliveryResult;
import io.tripline.report.outbox.DeliverySink;
import io.tripline.report.outbox.OutboxEntry;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Delivers outbox entries of reports to the clearinghouse: the entry's payload is the protocol
 * body as {@link ReportFiler} stored it, sent as it is, with the entry's key (the report id) as
 * the {@code Idempotency-Key}, so a repeated delivery after a crash is answered with the same
 * receipt. A verified receipt is stored with the entry as {@link #receiptRecord}: the
 * {@code Tripline-Signature} header, a line break, and the signed body, so the signature can be
 * checked again later. Failures the clearinghouse says are worth retrying (5xx, 429 with its
 * {@code Retry-After}, network) are retried by the outbox; the rest (validation, credentials, a
 * receipt that does not verify) go to its dead letters.
 */
public final class ClearinghouseSink implements DeliverySink {

  /** The outbox destination of reports to the clearinghouse. */
  public static final String DESTINATION = "clearinghouse";

  private final ClearinghouseReportClient client;

  public ClearinghouseSink(ClearinghouseReportClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public DeliveryResult deliver(OutboxEntry entry) {
    try {
      Receipt receipt = client.submit(entry.key(), entry.payload());
      return new DeliveryResult.Delivered(receiptRecord(receipt), receipt.reportId());
    } catch (ClearinghouseReportException e) {
      if (e.retryable()) {
        return new DeliveryResult.RetryableFailure(e.getMessage(), e.retryAfter().orElse(null));
      }
      return new DeliveryResult.PermanentFailure(e.getMessage());
    }
  }

  /** How a receipt is kept: its signature header, a line break, its signed body (UTF-8). */
  public static byte[] receiptRecord(Receipt receipt) {
    return (receipt.signature() + "\n" + receipt.body()).getBytes(StandardCharsets.UTF_8);
  }
}
