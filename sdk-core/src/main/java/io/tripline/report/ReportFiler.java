package io.tripline.report;

import io.tripline.PlatformContext;
import io.tripline.Verdict;
import io.tripline.report.outbox.IdempotencyConflictException;
import io.tripline.report.outbox.Outbox;
import io.tripline.report.outbox.OutboxEntry;
import io.tripline.rules.ReportInstruction;
import io.tripline.rules.ReportMode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files the reports a verdict asks for at once: for each {@linkplain ReportMode#AUTOMATIC
 * automatic} report instruction, the report is made ({@link Reports#fromVerdict}) and committed
 * to the durable outbox, addressed to the clearinghouse, before {@link #fileAutomatic} returns,
 * so an upload's response is sent only once its reports cannot be lost. Reports that wait for a
 * reviewer ({@link ReportMode#AFTER_REVIEW}) are not filed here. The report id is the outbox key:
 * the same upload filed twice (a retry, a restart) is one entry, the first version of the
 * report (a later one differs only in its time of knowledge).
 *
 * <p>Thread-safe if the outbox is.
 */
public final class ReportFiler {

  private static final Logger LOG = LoggerFactory.getLogger(ReportFiler.class);

  private final Reports reports;
  private final Outbox outbox;
  private final Clock clock;

  /** A filer making reports with {@code reports} and committing them to {@code outbox}. */
  public ReportFiler(Reports reports, Outbox outbox, Clock clock) {
    this.reports = Objects.requireNonNull(reports, "reports");
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Makes and commits the verdict's automatic reports.
   *
   * @return the ids of the reports committed (also those already in the outbox), in the order of
   *     the verdict's instructions
   * @throws InvalidReportException if a report cannot be made from the verdict: nothing of that
   *     report is written
   * @throws io.tripline.report.outbox.OutboxException if the outbox cannot commit: the caller
   *     must not answer as if the report were filed
   */
  public List<String> fileAutomatic(Verdict verdict, Reports.Upload upload, PlatformContext context) {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(upload, "upload");
    Objects.requireNonNull(context, "context");
    List<String> ids = new ArrayList<>();
    for (ReportInstruction instruction : verdict.reports()) {
      if (instruction.mode() != ReportMode.AUTOMATIC) {
        continue;
      }
      Report report = reports.fromVerdict(verdict, upload, context, instruction);
      try {
        outbox.enqueue(new OutboxEntry(report.id(), ClearinghouseSink.DESTINATION, ReportJson.write(report),
            clock.instant()));
      } catch (IdempotencyConflictException e) {
        // The same incident filed again (a client retrying the upload): its report id is the
        // same, only the time of knowledge differs. The first report stands.
        LOG.debug("report {} was already filed; the first version stands", report.id());
      }
      ids.add(report.id());
    }
    return ids;
  }
}
