package io.tripline.report.outbox;

import java.time.Instant;
import java.util.Objects;

/**
 * One step a sink recorded while delivering an entry; see {@link DeliveryJournal}.
 *
 * @param attempt the number of the attempt that recorded it
 * @param recordedAt when it was committed
 * @param record what the sink wrote
 */
public record JournalRecord(int attempt, Instant recordedAt, String record) {
  public JournalRecord {
    Objects.requireNonNull(recordedAt, "recordedAt");
    Objects.requireNonNull(record, "record");
  }
}
