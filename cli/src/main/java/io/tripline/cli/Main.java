package io.tripline.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code tripline} command: parses the arguments and runs one subcommand. Run it with
 * {@code java -jar tripline.jar <command> [options]}; {@code tripline --help} lists the commands.
 *
 * <p>Exit codes: {@value picocli.CommandLine.ExitCode#OK} when the command succeeded,
 * {@value picocli.CommandLine.ExitCode#SOFTWARE} when it failed, and
 * {@value picocli.CommandLine.ExitCode#USAGE} for a usage error (unknown option or command,
 * missing argument), with the usage on standard error.
 */
@Command(
    name = "tripline",
    // Subcommands inherit --help, --version and the exit-code list, so each need not repeat them.
    scope = CommandLine.ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = TriplineVersion.class,
    description = "Checks files and text against Tripline indicator feeds and rule packs, and reads the report outbox.",
    synopsisSubcommandLabel = "COMMAND",
    commandListHeading = "%nCommands:%n",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:failed; the message says why",
      "2:usage error: unknown option or command, or a missing argument"
    },
    subcommands = {
      VersionCommand.class,
      HashCommand.class,
      MatchCommand.class,
      TextCommand.class,
      RulesCommand.class,
      ReportsCommand.class,
      CommandLine.HelpCommand.class,
    })
public final class Main implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  /** Creates the top-level command; picocli fills its fields when it parses the arguments. */
  public Main() {}

  /**
   * Runs the command line and exits the JVM with its exit code.
   *
   * @param args the command-line arguments
   */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The {@code tripline} command line, configured as {@link #main(String[])} runs it: a failing
   * command prints one line, not a stack trace, since its readers are analysts, not developers.
   */
  static CommandLine commandLine() {
    return new CommandLine(new Main()).setExecutionExceptionHandler(Main::reportFailure);
  }

  private static int reportFailure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    // Named as typed after "tripline", so "rules explain: ..." for a nested command.
    String root = cmd.getCommandSpec().root().name();
    String name = cmd.getCommandSpec().qualifiedName(" ").substring(root.length()).strip();
    err.println(cmd.getColorScheme().errorText(name + ": " + message));
    err.flush();
    return cmd.getCommandSpec().exitCodeOnExecutionException();
  }

  /** No command given: that is a usage error, answered with the usage on standard error. */
  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing required command");
  }
}
