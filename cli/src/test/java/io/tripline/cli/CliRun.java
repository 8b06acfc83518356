package io.tripline.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process run of a command line: its exit code and what it printed on each stream. */
record CliRun(int exitCode, String out, String err) {

  /** Runs {@code args} on {@code commandLine}, capturing its output. */
  static CliRun of(CommandLine commandLine, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    // Colours would put escape codes into the text the tests compare.
    commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
    int exitCode = commandLine.execute(args);
    return new CliRun(exitCode, out.toString(), err.toString());
  }

  /** Runs {@code args} on a fresh, unconfigured {@code tripline} command. */
  static CliRun tripline(String... args) {
    return of(new CommandLine(new Main()), args);
  }
}
