/**
 * The {@code tripline} command line for trust-and-safety teams. {@link io.tripline.cli.Main} is
 * the top-level picocli command; every subcommand is one package-private class here, annotated
 * {@code @Command(name = ..., description = ...)}, implementing {@code Callable<Integer>} and
 * listed in {@code Main}'s {@code subcommands} (or, for {@code rules check} and
 * {@code rules explain}, in {@link io.tripline.cli.RulesCommand}'s, and for {@code reports list},
 * {@code show} and {@code retry}, in {@link io.tripline.cli.ReportsCommand}'s); it inherits {@code --help}, {@code --version} and
 * the exit-code list from {@code Main}. A subcommand
 * prints through its {@code @Spec}'s {@code commandLine().getOut()} and {@code getErr()}, never
 * {@code System.out}, so tests can run it in process and read what it printed.
 *
 * <p>Exit codes: 0 done, 1 failed (the message says why), 2 usage error (the usage follows).
 * A subcommand reports bad input by throwing {@link picocli.CommandLine.ParameterException},
 * which picocli turns into exit code 2 with the usage on standard error.
 */
@NullMarked
package io.tripline.cli;

import org.jspecify.annotations.NullMarked;
