package io.tripline.cli;

import io.tripline.report.outbox.Outbox;
import io.tripline.report.outbox.OutboxRecord;
import io.tripline.report.outbox.OutboxState;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code tripline reports --store FILE.db retry KEY}: revives a dead letter. */
@Command(
    name = "retry",
    description = {
      "Makes a dead letter pending again, due now, with a fresh attempt budget (Outbox.retry).",
      "The application dispatching from the store delivers it; this command does not. Prints",
      "  retried  KEY  DESTINATION  now pending",
      "Exit 1 for an unknown KEY or an entry that is not a dead letter."
    })
final class ReportsRetryCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @ParentCommand
  private ReportsCommand reports;

  @Parameters(paramLabel = "KEY", description = "The dead letter's idempotency key (the report id).")
  private String key;

  @Override
  public Integer call() {
    CommandLine cmd = spec.commandLine();
    String shownKey = ReportsCommand.oneLine(key, 200);
    try (Outbox outbox = reports.open(cmd)) {
      OutboxRecord r = outbox.find(key)
          .orElseThrow(() -> new IllegalArgumentException("no entry with key " + shownKey));
      if (r.state() != OutboxState.DEAD) {
        throw new IllegalStateException(shownKey + " is " + ReportsListCommand.name(r.state())
            + ", not a dead letter: only dead letters are retried");
      }
      if (!outbox.retry(key)) {
        // A dispatcher or another operator changed it since it was read.
        String now = outbox.find(key).map(x -> ReportsListCommand.name(x.state())).orElse("gone");
        throw new IllegalStateException(shownKey + " is no longer a dead letter (now " + now + "); nothing done");
      }
      PrintWriter out = cmd.getOut();
      out.println("retried  " + r.key() + "  " + r.entry().destination() + "  now pending");
      out.flush();
    }
    return CommandLine.ExitCode.OK;
  }
}
