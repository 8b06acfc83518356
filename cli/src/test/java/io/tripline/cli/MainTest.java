package io.tripline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class MainTest {

  /** The version Maven builds this module as, passed in by surefire (see cli/pom.xml). */
  private static final String PROJECT_VERSION = System.getProperty("tripline.expectedVersion");

  @Test
  void versionCommandPrintsTheProjectAndJavaVersions() {
    CliRun run = CliRun.tripline("version");

    assertThat(PROJECT_VERSION).as("surefire passes the project version").isNotBlank();
    assertThat(run.exitCode()).isZero();
    assertThat(run.out().lines()).containsExactly(
        "tripline " + PROJECT_VERSION,
        "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
            + System.getProperty("java.vm.name") + ")");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void versionOptionPrintsTheSameAsTheVersionCommand() {
    CliRun option = CliRun.tripline("--version");

    assertThat(option.exitCode()).isZero();
    assertThat(option.out()).isEqualTo(CliRun.tripline("version").out());
    assertThat(option.out()).startsWith("tripline " + PROJECT_VERSION + System.lineSeparator());
  }

  @Test
  void versionResourceIsFilteredWithTheProjectVersion() {
    assertThat(TriplineVersion.tripline()).isEqualTo(PROJECT_VERSION);
  }

  @Test
  void helpListsTheCommandsAndExitCodes() {
    CliRun run = CliRun.tripline("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("Usage: tripline [-hV] COMMAND")
        .contains("version", "help")
        .contains("Exit codes:")
        .contains("2   usage error");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void helpCommandShowsASubcommandsUsage() {
    CliRun run = CliRun.tripline("help", "version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: tripline version");
  }

  @Test
  void subcommandsInheritTheHelpAndVersionOptions() {
    CliRun help = CliRun.tripline("version", "--help");
    CliRun version = CliRun.tripline("version", "-V");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("Usage: tripline version [-hV]").contains("Exit codes:");
    assertThat(version.exitCode()).isZero();
    assertThat(version.out()).startsWith("tripline " + PROJECT_VERSION);
  }

  @Test
  void unknownOptionIsAUsageErrorWithTheUsageOnStandardError() {
    CliRun run = CliRun.tripline("--no-such-option");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("Unknown option: '--no-such-option'")
        .contains("Usage: tripline");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void unknownOptionOfASubcommandShowsThatSubcommandsUsage() {
    CliRun run = CliRun.tripline("version", "--bogus");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Unknown option: '--bogus'").contains("Usage: tripline version");
  }

  @Test
  void unknownCommandIsAUsageError() {
    CliRun run = CliRun.tripline("frobnicate");

    assertThat(run.exitCode()).isEqualTo(2);
    // picocli prints the usage, or instead the nearest command names when some look close.
    assertThat(run.err()).contains("frobnicate").containsAnyOf("Usage: tripline", "Did you mean: tripline");
  }

  @Test
  void noCommandIsAUsageError() {
    CliRun run = CliRun.tripline();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required command").contains("Usage: tripline");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void configuredCommandLineReportsAFailureInOneLineWithExitCodeOne() {
    CommandLine commandLine = Main.commandLine().addSubcommand("fail", new Failing());

    CliRun run = CliRun.of(commandLine, "fail");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("fail: feed file is unreadable" + System.lineSeparator());
  }

  /** Stands in for a later subcommand whose work fails. */
  @Command(name = "fail")
  static final class Failing implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new IllegalStateException("feed file is unreadable");
    }
  }
}
