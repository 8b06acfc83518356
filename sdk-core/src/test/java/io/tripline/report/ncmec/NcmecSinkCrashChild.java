package io.tripline.report.ncmec;

import io.tripline.report.outbox.DeliveryJournal;
import io.tripline.report.outbox.DeliveryResult;
import io.tripline.report.outbox.DeliverySink;
import io.tripline.report.outbox.JournalRecord;
import io.tripline.report.outbox.Outbox;
import io.tripline.report.outbox.OutboxEntry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The process that {@link NcmecSinkCrashTest} kills: dispatches the outbox on a SQLite file to an
 * {@link NcmecSink} filing with the test's fake NCMEC, and freezes right after the journal record
 * of the event named by the last argument (e.g. {@code fileUploaded:1}) was committed, printing
 * {@code HALTED}, so that the SIGKILL lands at a known step.
 *
 * <p>Arguments: the outbox file, the evidence directory, the NCMEC base URL, the event.
 */
public final class NcmecSinkCrashChild {
  private NcmecSinkCrashChild() {}

  public static void main(String[] args) throws Exception {
    Path db = Path.of(args[0]);
    Path evidence = Path.of(args[1]);
    String baseUrl = args[2];
    String[] event = args[3].split(":");
    NcmecSink sink = NcmecSink.builder()
        .client(NcmecSinkTest.client(baseUrl, Clock.systemUTC()).build())
        .reporter(NcmecFixtures.reporter())
        .evidenceStore(NcmecSinkTest.evidenceStore(evidence, Clock.systemUTC()))
        .build();
    DeliverySink halting = new DeliverySink() {
      @Override
      public DeliveryResult deliver(OutboxEntry entry) {
        throw new AssertionError("the outbox passes the journal");
      }

      @Override
      public DeliveryResult deliver(OutboxEntry entry, DeliveryJournal journal) {
        return sink.deliver(entry, new DeliveryJournal() {
          @Override
          public List<JournalRecord> records() {
            return journal.records();
          }

          @Override
          public void append(String record) {
            journal.append(record);
            if (record.startsWith("{\"event\":\"" + event[0] + "\"")
                && (event.length == 1 || record.contains("\"fileIndex\":" + event[1] + ","))) {
              System.out.println("HALTED");
              System.out.flush();
              try {
                Thread.sleep(Long.MAX_VALUE);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }
        });
      }
    };
    Outbox.builder()
        .sqlite(db)
        .sink(NcmecSink.DESTINATION, halting)
        .dispatcherName("child-" + ProcessHandle.current().pid())
        .idlePoll(Duration.ofMillis(20))
        .pollingInterval(Duration.ofMillis(20))
        .build();
    System.out.println("STARTED");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
