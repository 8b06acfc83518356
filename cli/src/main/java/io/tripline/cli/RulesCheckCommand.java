package io.tripline.cli;

import io.tripline.InvalidConfigurationException;
import io.tripline.rules.Jurisdiction;
import io.tripline.rules.RulePack;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tripline rules check PACK...}: validates rule packs, and that they combine into one
 * policy in the order given, before they are deployed; meant for a reviewer and for CI.
 */
@Command(
    name = "check",
    description = {
      "Validates rule packs, and that they combine in the order given.",
      "Combining checks that no pack name is given twice, route ids are unique among the packs "
          + "and no coveredBy makes a cycle. Prints one line per pack, in order:",
      "  ok  NAME@VERSION  N rules, M routes  PACK",
      "  error  MESSAGE",
      "MESSAGE is the parser's, with the file, line and column, or says which packs before it the "
          + "pack does not combine with. Exit 0 when every pack is valid and they combine, 1 "
          + "otherwise, 2 when a PACK names no file, directory or shipped pack."
    })
final class RulesCheckCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Parameters(paramLabel = "PACK", arity = "1..*",
      description = "Rule pack files, directories of them, or shipped packs (classpath:NAME or NAME).")
  private List<String> packs;

  @Override
  public Integer call() {
    List<PackSources.Source> sources = PackSources.resolve(spec.commandLine(), packs);
    PrintWriter out = spec.commandLine().getOut();
    // The valid packs so far that combine: each pack is checked against them, so one bad pack
    // does not hide the mistakes of the packs after it.
    List<RulePack> combined = new ArrayList<>();
    boolean allOk = true;
    for (PackSources.Source source : sources) {
      RulePack pack;
      try {
        pack = PackSources.load(source);
      } catch (InvalidConfigurationException e) {
        out.println("error  " + e.getMessage());
        allOk = false;
        continue;
      }
      List<RulePack> with = new ArrayList<>(combined);
      with.add(pack);
      try {
        PackSources.combine(with);
      } catch (IllegalArgumentException | InvalidConfigurationException e) {
        // A pack can fail alone too: routes of its own that cover each other in a cycle.
        out.println("error  rule pack " + source.shown() + " (" + pack.name() + "@" + pack.version() + ")"
            + (combined.isEmpty() ? "" : " does not combine with the packs before it " + refs(combined)) + ": "
            + e.getMessage());
        allOk = false;
        continue;
      }
      combined = with;
      int routes = pack.jurisdiction().map(Jurisdiction::routes).map(List::size).orElse(0);
      out.println("ok  " + pack.name() + "@" + pack.version() + "  " + plural(pack.rules().size(), "rule") + ", "
          + plural(routes, "route") + "  " + source.shown());
    }
    out.flush();
    return allOk ? CommandLine.ExitCode.OK : CommandLine.ExitCode.SOFTWARE;
  }

  private static List<String> refs(List<RulePack> packs) {
    return packs.stream().map(p -> p.name() + "@" + p.version()).toList();
  }

  static String plural(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
