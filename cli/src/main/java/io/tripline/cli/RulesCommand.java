package io.tripline.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tripline rules check|explain}: rule packs for the people who write and answer for them.
 * Both subcommands name packs the same way (see {@link PackSources}).
 */
@Command(
    name = "rules",
    description = {
      "Checks rule packs and explains the decisions they make.",
      "A PACK is a YAML file, a directory (its *.yaml and *.yml files, sorted by name), or a pack "
          + "Tripline ships: classpath:NAME, or just NAME when no file or directory of that name "
          + "exists (default, us, eu, uk, ca, au). A NAME that is both is refused: write ./NAME or "
          + "classpath:NAME."
    },
    synopsisSubcommandLabel = "COMMAND",
    commandListHeading = "%nCommands:%n",
    subcommands = {
      RulesCheckCommand.class,
      RulesExplainCommand.class,
    })
final class RulesCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  /** No subcommand given: a usage error, as for {@code tripline} alone. */
  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing required command (check or explain)");
  }
}
