package io.tripline.report.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The durable notebook of one entry's delivery, for receivers that take several calls (the NCMEC
 * CyberTipline: open, upload each file, describe it, finish). A sink appends each id or step the
 * moment the receiver hands it over; after a crash, the next attempt reads the records of the
 * earlier ones and resumes where they stopped instead of starting again.
 *
 * <p>Kept in the outbox store beside the entry. An append is committed before it returns and is
 * fenced: it succeeds only while the attempt that makes it is the entry's current one, so a
 * dispatcher that lost its turn (paused past the heartbeat limit while another instance took the
 * destination over) cannot write into the attempt that replaced it.
 */
public interface DeliveryJournal {

  /** Every record of this entry, from all its attempts, in the order they were appended. */
  List<JournalRecord> records();

  /**
   * Appends a record durably.
   *
   * @throws NullPointerException if record is null
   * @throws IllegalArgumentException if the record is longer than {@value #MAX_RECORD_CHARS} chars
   * @throws JournalFencedException if this attempt is no longer the entry's current one: stop
   *     delivering, another dispatcher has the entry
   * @throws OutboxException if the store failed; the record may not be stored
   */
  void append(String record);

  /** The longest record accepted. */
  int MAX_RECORD_CHARS = 64 * 1024;

  /**
   * A journal kept in memory only, for a sink used outside an outbox (a test, a one-off send): a
   * crash loses it, so nothing can resume.
   */
  static DeliveryJournal inMemory() {
    return new DeliveryJournal() {
      private final List<JournalRecord> records = new ArrayList<>();

      @Override
      public synchronized List<JournalRecord> records() {
        return List.copyOf(records);
      }

      @Override
      public synchronized void append(String record) {
        Objects.requireNonNull(record, "record");
        if (record.length() > MAX_RECORD_CHARS) {
          throw new IllegalArgumentException("journal record of " + record.length() + " chars, more than "
              + MAX_RECORD_CHARS);
        }
        records.add(new JournalRecord(0, java.time.Instant.now(), record));
      }
    };
  }
}
