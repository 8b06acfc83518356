package io.tripline.cli;

import io.tripline.Indicator;
import io.tripline.Match;
import io.tripline.Submission;
import io.tripline.Tripline;
import io.tripline.feed.NdjsonFeed;
import io.tripline.rules.Explanation;
import io.tripline.rules.Policy;
import io.tripline.rules.RulePack;
import io.tripline.spi.ImageHasher;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tripline rules explain --rules PACK... --submission FILE [--feed FILE]...}: what the
 * packs decide for one submission, and why, as {@link Explanation#render()} says it. For the
 * platform's staff: it names indicators, labels and rules.
 */
@Command(
    name = "explain",
    description = {
      "Explains what rule packs decide for one submission, rule by rule.",
      "Builds the engine with the packs (in the order given) and the indicators of the feeds, "
          + "inspects the submission the JSON file describes, and prints the verdict, the reports "
          + "asked for, the matches, the facts of the submission, and every rule of every pack in "
          + "order with each condition: what it expected, what was found and whether it held, and "
          + "how precedence settled it. Exit 0 when explained, 1 when a pack, a feed or the "
          + "submission file is invalid (the message names the file, line and column), 2 for a "
          + "usage error."
    },
    footerHeading = "%nSubmission file:%n",
    footer = {
      "A JSON object, UTF-8, at most 16 MiB. Every key is optional; unknown keys, keys given "
          + "twice and values of the wrong kind are errors, named with their line and column.",
      "",
      "  {\"text\": {\"title\": \"...\", \"body\": \"...\"},",
      "   \"files\": [{\"field\": \"image\", \"path\": \"photo.png\",",
      "              \"contentType\": \"image/png\"}],",
      "   \"uploader\": {\"platformUserId\": \"u-1\", \"ip\": \"203.0.113.7\",",
      "                \"accountCreatedAt\": \"2026-01-31T12:00:00Z\"},",
      "   \"context\": {\"platformId\": \"demo\", \"country\": \"US\"},",
      "   \"matches\": [{\"feed\": \"hashes\", \"indicator\": \"ind-1\",",
      "                \"signalType\": \"pdq\", \"distance\": 12,",
      "                \"labels\": [\"csam\"], \"severity\": \"high\",",
      "                \"quality\": 88, \"source\": \"image\"}]}",
      "",
      "text: field name to text, at most 1,000,000 chars each. files: field and path are "
          + "required; a path is relative to the JSON file's folder; contentType is the declared "
          + "type (the engine goes by what the bytes decode as). uploader.accountCreatedAt: an "
          + "ISO-8601 instant; the account's age is taken at --at. context.country: ISO 3166-1 "
          + "alpha-2.",
      "",
      "Without \"matches\", the feeds find the matches, as the SDK would. With \"matches\" "
          + "(even []), those are the matches and --feed is refused: the packs are explained "
          + "without feeds, while the text, files, uploader and context still give the facts "
          + "(content types, undecodable images, country, account age). In a match, feed, "
          + "indicator and signalType are required; distance defaults to 0, labels to [], "
          + "severity to medium (low, medium or high), quality to 100 (0..100; under its "
          + "hasher's floor, such as PDQ's 50, the match is marked so), source (the field it was "
          + "found in) to \"submission\"."
    })
final class RulesExplainCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Option(names = "--rules", paramLabel = "PACK", arity = "1..*", required = true,
      description = "Rule packs, combined in this order: files, directories, classpath:NAME or NAME (see 'tripline rules --help').")
  private List<String> rules;

  @Option(names = "--submission", paramLabel = "FILE", required = true,
      description = "The submission, as a JSON file (see below).")
  private Path submission;

  @Option(names = "--feed", paramLabel = "FILE",
      description = "NDJSON feed file whose indicators are matched; repeat for several. The feed id is the file name without extension.")
  private List<Path> feeds = new ArrayList<>();

  @Option(names = "--at", paramLabel = "INSTANT",
      description = "Inspect as at this ISO-8601 instant, e.g. 2026-12-01T00:00:00Z (default: now): account ages and indicator expiry are judged at it.")
  private @Nullable String at;

  @Option(names = "--max-file-bytes", paramLabel = "N", defaultValue = "" + Submission.DEFAULT_MAX_FILE_BYTES,
      description = "Largest file of the submission read, in bytes (default: ${DEFAULT-VALUE}, the SDK's).")
  private long maxFileBytes;

  @Override
  public Integer call() throws IOException {
    CommandLine cmd = spec.commandLine();
    if (maxFileBytes <= 0) {
      throw new ParameterException(cmd, "--max-file-bytes must be positive");
    }
    Clock clock = Clock.systemUTC();
    if (at != null) {
      try {
        clock = Clock.fixed(Instant.parse(at), ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        throw new ParameterException(cmd, "--at: not an ISO-8601 instant such as 2026-12-01T00:00:00Z: '" + at + "'");
      }
    }
    List<PackSources.Source> sources = PackSources.resolve(cmd, rules);
    requireFile(cmd, submission);
    feeds.forEach(feed -> requireFile(cmd, feed));

    // Each step fails with a message naming the file (and line, where there is one): exit 1.
    List<RulePack> packs = new ArrayList<>(sources.size());
    for (PackSources.Source source : sources) {
      packs.add(PackSources.load(source));
    }
    Policy policy = PackSources.combine(packs);
    SubmissionFile.Contents contents = SubmissionFile.read(submission, maxFileBytes);
    if (contents.matches() != null && !feeds.isEmpty()) {
      throw new ParameterException(cmd, "--feed cannot be used with a submission file that gives \"matches\": "
          + "the matches come either from the feeds or from the file");
    }
    List<Indicator> indicators = new ArrayList<>();
    for (Path feed : feeds) {
      if (Files.size(feed) > NdjsonFeed.DEFAULT_MAX_FILE_BYTES) {
        throw new IllegalArgumentException("feed " + feed + " is larger than " + NdjsonFeed.DEFAULT_MAX_FILE_BYTES
            + " bytes");
      }
      indicators.addAll(NdjsonFeed.read(feed));
    }

    Tripline tripline = Tripline.builder().policy(policy).indicators(indicators).clock(clock).build();
    Explanation explanation = tripline.explain(contents.submission());
    if (contents.matches() != null) {
      // The engine, without indicators, still derives the facts: decoded file types, undecodable
      // images, country, account age at the clock.
      Map<String, Integer> floors = new HashMap<>();
      for (ImageHasher hasher : tripline.imageHashers()) {
        floors.put(hasher.signalType(), hasher.minQuality());
      }
      List<Match> matches = contents.matches().stream().map(m -> m.toMatch(floors)).toList();
      explanation = policy.explain(matches, explanation.facts());
    }

    PrintWriter out = cmd.getOut();
    out.print(explanation.render());
    out.flush();
    return CommandLine.ExitCode.OK;
  }

  private static void requireFile(CommandLine cmd, Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ParameterException(cmd, "no such file: " + file);
    }
  }
}
