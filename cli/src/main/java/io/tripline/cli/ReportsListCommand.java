package io.tripline.cli;

import io.tripline.report.outbox.Outbox;
import io.tripline.report.outbox.OutboxRecord;
import io.tripline.report.outbox.OutboxState;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code tripline reports --store FILE.db list [--state STATE] [--limit N]}: the health view. */
@Command(
    name = "list",
    description = {
      "Lists outbox entries, oldest first, and counts the entries in every state.",
      "Prints one line per entry, then a summary:",
      "  KEY  DESTINATION  STATE  N attempts  created TIME  WHEN[  last error: ERROR]",
      "  shown S of M  pending P, delivered D, dead X",
      "WHEN is 'next TIME' for a pending entry, 'delivered TIME' for a delivered one, '-' for a "
          + "dead letter. ERROR is the last failure's reason, cut at " + ReportsListCommand.ERROR_CHARS
          + " characters. M is the number of entries in STATE (all entries without --state)."
    })
final class ReportsListCommand implements Callable<Integer> {

  static final int ERROR_CHARS = 80;

  @Spec
  private CommandSpec spec;

  @ParentCommand
  private ReportsCommand reports;

  @Option(names = "--state", paramLabel = "STATE",
      description = "Only entries in this state: pending, delivered or dead (default: all).")
  private @Nullable String state;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
      description = "At most N entries, 1..10000 (default ${DEFAULT-VALUE}).")
  private int limit;

  @Override
  public Integer call() {
    CommandLine cmd = spec.commandLine();
    OutboxState only = state == null ? null : parseState(cmd, state);
    if (limit < 1 || limit > 10_000) {
      throw new ParameterException(cmd, "--limit must be 1..10000, was " + limit);
    }
    try (Outbox outbox = reports.open(cmd)) {
      List<OutboxRecord> shown;
      if (only != null) {
        shown = outbox.list(only, 0, limit);
      } else {
        // Oldest first across the states: the oldest `limit` of each, merged by store sequence.
        List<OutboxRecord> all = new ArrayList<>();
        for (OutboxState s : OutboxState.values()) {
          all.addAll(outbox.list(s, 0, limit));
        }
        all.sort(Comparator.comparingLong(OutboxRecord::sequence));
        shown = all.subList(0, Math.min(limit, all.size()));
      }
      Map<OutboxState, Long> counts = outbox.counts();
      long matching = only != null
          ? counts.getOrDefault(only, 0L)
          : counts.values().stream().mapToLong(Long::longValue).sum();

      PrintWriter out = cmd.getOut();
      for (OutboxRecord r : shown) {
        out.println(line(r));
      }
      out.println("shown " + shown.size() + " of " + matching + "  " + Arrays.stream(OutboxState.values())
          .map(s -> name(s) + " " + counts.getOrDefault(s, 0L))
          .collect(Collectors.joining(", ")));
      out.flush();
    }
    return CommandLine.ExitCode.OK;
  }

  static String line(OutboxRecord r) {
    String when = switch (r.state()) {
      case PENDING -> "next " + ReportsCommand.time(r.nextAttemptAt());
      case DELIVERED -> "delivered " + ReportsCommand.time(r.deliveredAt());
      case DEAD -> "-";
    };
    String line = r.key() + "  " + r.entry().destination() + "  " + name(r.state()) + "  "
        + RulesCheckCommand.plural(r.attempts(), "attempt") + "  created " + ReportsCommand.time(r.entry().createdAt())
        + "  " + when;
    return r.lastError() == null ? line : line + "  last error: " + ReportsCommand.oneLine(r.lastError(), ERROR_CHARS);
  }

  static String name(OutboxState state) {
    return state.name().toLowerCase(Locale.ROOT);
  }

  private static OutboxState parseState(CommandLine cmd, String value) {
    for (OutboxState s : OutboxState.values()) {
      if (s.name().equalsIgnoreCase(value.strip())) {
        return s;
      }
    }
    throw new ParameterException(cmd, "unknown --state '" + value + "' (expected one of "
        + Arrays.stream(OutboxState.values()).map(ReportsListCommand::name).toList() + ")");
  }
}
