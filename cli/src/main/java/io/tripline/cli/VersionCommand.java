package io.tripline.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tripline version}: the same lines as {@code tripline --version}. */
@Command(
    name = "version",
    description = "Prints the Tripline version and the Java runtime it runs on.")
final class VersionCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    for (String line : new TriplineVersion().getVersion()) {
      out.println(line);
    }
    out.flush();
    return CommandLine.ExitCode.OK;
  }
}
