package io.tripline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripline.Submission;
import io.tripline.Tripline;
import io.tripline.Verdict;
import io.tripline.feed.NdjsonFeed;
import io.tripline.rules.RulePack;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code tripline rules explain}. The golden cases live in {@code src/test/resources/explain/CASE/}:
 * the inputs, and {@code expected.txt}, what the command must print. After a deliberate change
 * of the rendering or the shipped packs, regenerate them and review the diff:
 *
 * <pre>{@code
 * mvn -o -q -pl cli verify -Dtest=RulesExplainCommandTest -Dtripline.regenerateGoldens=true
 * }</pre>
 */
class RulesExplainCommandTest {
  private static final String NL = System.lineSeparator();
  private static final String AT = "2026-12-01T00:00:00Z";
  private static final boolean REGENERATE = Boolean.getBoolean("tripline.regenerateGoldens");

  @TempDir Path dir;

  /** A golden case: its folder under explain/ and the arguments after {@code rules explain}. */
  static Stream<Arguments> goldenCases() {
    return Stream.of(
        Arguments.of("flagged-term", List.of("--rules", "default", "--feed", "@ads.ndjson",
            "--submission", "@submission.json")),
        Arguments.of("blocked-md5", List.of("--rules", "default", "us", "--feed", "@hashes.ndjson",
            "--submission", "@submission.json")),
        Arguments.of("allowed-clean", List.of("--rules", "default", "--feed", "@ads.ndjson",
            "--submission", "@submission.json")),
        Arguments.of("direct-matches", List.of("--rules", "default", "@ours.yaml",
            "--submission", "@submission.json")));
  }

  private static Path caseDir(String name) throws Exception {
    URL url = RulesExplainCommandTest.class.getResource("/explain/" + name);
    assertThat(url).as("test resource explain/" + name).isNotNull();
    return Path.of(url.toURI());
  }

  private static CliRun explain(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "rules";
    all[1] = "explain";
    System.arraycopy(args, 0, all, 2, args.length);
    return CliRun.of(Main.commandLine(), all);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenCases")
  void printsTheGoldenExplanation(String name, List<String> args) throws Exception {
    Path caseDir = caseDir(name);
    List<String> resolved = new ArrayList<>();
    for (String arg : args) {
      resolved.add(arg.startsWith("@") ? caseDir.resolve(arg.substring(1)).toString() : arg);
    }
    resolved.add("--at");
    resolved.add(AT);

    CliRun run = explain(resolved.toArray(String[]::new));

    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
    if (REGENERATE) {
      Path source = Path.of(System.getProperty("basedir", ".")).resolve("src/test/resources/explain").resolve(name);
      assertThat(source).isDirectory();
      Files.writeString(source.resolve("expected.txt"), run.out().replace(NL, "\n"), StandardCharsets.UTF_8);
    }
    if (!REGENERATE) {
      String expected = Files.readString(caseDir.resolve("expected.txt"), StandardCharsets.UTF_8);
      assertThat(run.out().replace(NL, "\n")).isEqualTo(expected);
    }
  }

  @Test
  void theGoldenCasesSayWhatTheyAreFor() throws Exception {
    // The goldens are only as good as what they hold: check the decisions, not just "same as before".
    assertThat(Files.readString(caseDir("flagged-term").resolve("expected.txt")))
        .startsWith("verdict: flag, priority high\ndecided by: default@")
        .contains("#1 term, indicator ads/t-1, distance 0, labels [trafficking], severity medium, in 'title' at 12..23")
        .contains("account age: 2 days");
    assertThat(Files.readString(caseDir("blocked-md5").resolve("expected.txt")))
        .startsWith("verdict: block, status 422\n")
        .contains("  - CSAM automatic, asked by default@")
        .contains("#1 md5, indicator hashes/h-1, distance 0")
        .contains("files: [image/png]");
    assertThat(Files.readString(caseDir("allowed-clean").resolve("expected.txt")))
        .startsWith("verdict: allow\n")
        .contains("#default-allow (no rule fired)")
        .contains("matches: none");
    assertThat(Files.readString(caseDir("direct-matches").resolve("expected.txt")))
        .startsWith("verdict: flag, priority urgent\n")
        .contains("quality 40 (under the hasher's floor)")
        .contains("  pack ours@1.0\n    1. flag-new-account-trafficking: flag urgent\n");
  }

  @Test
  void theVerdictIsWhatInspectDecides() throws Exception {
    Path caseDir = caseDir("blocked-md5");
    Tripline tripline = Tripline.builder()
        .rulePacks(RulePack.fromClasspath("default"), RulePack.fromClasspath("us"))
        .indicators(NdjsonFeed.read(caseDir.resolve("hashes.ndjson")))
        .clock(Clock.fixed(Instant.parse(AT), ZoneOffset.UTC))
        .build();
    Verdict verdict = tripline.inspect(Submission.builder()
        .file("image", "known.png", "image/jpeg", Files.readAllBytes(caseDir.resolve("known.png"))).build());

    CliRun run = explain("--rules", "default", "us", "--feed", caseDir.resolve("hashes.ndjson").toString(),
        "--submission", caseDir.resolve("submission.json").toString());

    assertThat(verdict).isInstanceOf(Verdict.Block.class);
    assertThat(run.out()).startsWith("verdict: block, status 422\ndecided by: " + verdict.rule() + "\n");
  }

  // --- the submission file

  private Path submission(String json) throws Exception {
    return Files.writeString(dir.resolve("submission.json"), json, StandardCharsets.UTF_8);
  }

  /** Explains {@code json} with the default pack, expecting one line on standard error and exit 1. */
  private String failure(String json, String... more) throws Exception {
    Path file = submission(json);
    List<String> args = new ArrayList<>(List.of("--rules", "default", "--submission", file.toString()));
    args.addAll(Arrays.asList(more));
    CliRun run = explain(args.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).endsWith(NL).hasLineCount(1);
    return run.err().strip();
  }

  private String where(int line, int column) {
    return "rules explain: submission " + dir.resolve("submission.json") + ", line " + line + ", column " + column + ": ";
  }

  @Test
  void anUnknownKeyIsNamedWithItsLocationAndTheKeyMeant() throws Exception {
    assertThat(failure("{\n  \"txt\": {}\n}\n")).isEqualTo(where(2, 3)
        + "unknown key 'txt' (did you mean 'text'?) (expected one of [text, files, uploader, context, matches])");
    assertThat(failure("{\"files\": [\n {\"feild\": \"image\"}]}"))
        .isEqualTo(where(2, 3) + "files[0]: unknown key 'feild' (did you mean 'field'?) (expected one of [field, path,"
            + " contentType])");
    assertThat(failure("{\"uploader\": {\"id\": \"u-1\"}}"))
        .isEqualTo(where(1, 15) + "uploader: unknown key 'id' (did you mean 'ip'?) (expected one of [platformUserId, ip,"
            + " accountCreatedAt])");
    assertThat(failure("{\"context\": {\"platform\": \"demo\"}}"))
        .startsWith(where(1, 14) + "context: unknown key 'platform' (did you mean 'platformId'?)");
    assertThat(failure("{\"matches\": [{\"feed\": \"f\", \"indicator\": \"i\", \"signalType\": \"md5\", \"weight\": 2}]}"))
        .startsWith(where(1, 67) + "matches[0]: unknown key 'weight' (expected one of [feed, indicator,");
  }

  @Test
  void aKeyGivenTwiceIsAnError() throws Exception {
    assertThat(failure("{\"text\": {\"body\": \"a\",\n \"body\": \"b\"}}"))
        .isEqualTo(where(2, 2) + "text: key 'body' is given twice (first at line 1, column 11)");
    assertThat(failure("{\"context\": {}, \"context\": {}}"))
        .isEqualTo(where(1, 17) + "key 'context' is given twice (first at line 1, column 2)");
    assertThat(failure("{\"matches\": [{\"feed\": \"f\", \"feed\": \"g\"}]}"))
        .isEqualTo(where(1, 28) + "matches[0]: key 'feed' is given twice (first at line 1, column 15)");
  }

  @Test
  void valuesOfTheWrongKindAreNamedByTheirPath() throws Exception {
    assertThat(failure("{\"text\": {\"body\": 5}}")).isEqualTo(where(1, 19) + "text.body: must be a string");
    assertThat(failure("{\"text\": [\"body\"]}")).startsWith(where(1, 10) + "text: must be an object");
    assertThat(failure("{\"files\": {}}")).isEqualTo(where(1, 11) + "files: must be a JSON array");
    assertThat(failure("{\"files\": [\"a.png\"]}")).isEqualTo(where(1, 12) + "files[0]: must be a JSON object");
    assertThat(failure("{\"matches\": [{\"feed\": \"f\", \"indicator\": \"i\", \"signalType\": \"pdq\", \"distance\": \"5\"}]}"))
        .isEqualTo(where(1, 79) + "matches[0].distance: must be a whole number from 0 to 2147483647");
    assertThat(failure("{\"matches\": [{\"feed\": \"f\", \"indicator\": \"i\", \"signalType\": \"pdq\", \"quality\": 101}]}"))
        .endsWith("matches[0].quality: must be a whole number from 0 to 100");
    assertThat(failure("{\"matches\": [{\"feed\": \"f\", \"indicator\": \"i\", \"signalType\": \"pdq\", \"distance\": 1.5}]}"))
        .endsWith("matches[0].distance: must be a whole number from 0 to 2147483647");
    assertThat(failure("{\"matches\": [{\"feed\": \"f\", \"indicator\": \"i\", \"signalType\": \"pdq\", \"labels\": \"csam\"}]}"))
        .endsWith("matches[0].labels: must be a JSON array");
    assertThat(failure("{\"matches\": [{\"feed\": \"f\", \"indicator\": \"i\", \"signalType\": \"pdq\", \"severity\": \"severe\"}]}"))
        .endsWith("matches[0].severity: unknown severity 'severe' (expected low, medium or high)");
    assertThat(failure("{\"matches\": [{\"feed\": \"f\", \"indicator\": \" \", \"signalType\": \"pdq\"}]}"))
        .endsWith("matches[0].indicator: must not be blank");
    assertThat(failure("{\"uploader\": {\"accountCreatedAt\": \"last week\"}}"))
        .isEqualTo(where(1, 35) + "uploader.accountCreatedAt: not an ISO-8601 instant such as 2026-01-31T12:00:00Z:"
            + " 'last week'");
    assertThat(failure("{\"context\": {\"country\": \"USA\"}}"))
        .isEqualTo(where(1, 25) + "context.country: country must be an ISO 3166-1 alpha-2 code, was 'USA'");
  }

  @Test
  void aMissingRequiredKeyIsNamedAtItsObject() throws Exception {
    assertThat(failure("{\"files\": [\n  {\"path\": \"a.png\"}]}")).isEqualTo(where(2, 3) + "files[0]: missing required key 'field'");
    assertThat(failure("{\"matches\": [{\"feed\": \"f\", \"signalType\": \"md5\"}]}"))
        .isEqualTo(where(1, 14) + "matches[0]: missing required key 'indicator'");
  }

  @Test
  void malformedJsonIsNamedWithItsLocation() throws Exception {
    assertThat(failure("{\"text\": {\"body\": \"a\",}}")).isEqualTo(where(1, 23)
        + "Unexpected character ('}' (code 125)): was expecting double-quote to start field name");
    assertThat(failure("{} {}")).isEqualTo(where(1, 4) + "unexpected content after the submission object");
    assertThat(failure("[]")).isEqualTo(where(1, 1) + "must be a JSON object");
    assertThat(failure("")).endsWith("must be a JSON object");
  }

  @Test
  void invalidUtf8IsRefusedWithLineColumnAndByteOffset() throws Exception {
    byte[] json = "{\"text\": {\n  \"body\": \"caf\u00e9\"}}".getBytes(StandardCharsets.ISO_8859_1);
    Path file = Files.write(dir.resolve("submission.json"), json);

    CliRun run = explain("--rules", "default", "--submission", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo(where(2, 15) + "not valid UTF-8 (malformed byte sequence at byte offset 25)" + NL);
  }

  @Test
  void aByteOrderMarkIsIgnored() throws Exception {
    submission("\uFEFF{\"text\": {\"body\": \"hello\"}}");

    CliRun run = explain("--rules", "default", "--submission", dir.resolve("submission.json").toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("verdict: allow\n").contains("  text: yes\n");
  }

  @Test
  void filesAreReadRelativeToTheJsonFilesFolderAndBounded() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("case"));
    Files.write(folder.resolve("blob.bin"), new byte[100]);
    Path json = Files.writeString(folder.resolve("s.json"),
        "{\"files\": [{\"field\": \"doc\", \"path\": \"blob.bin\", \"contentType\": \"application/pdf\"}]}");

    CliRun ok = explain("--rules", "default", "--submission", json.toString());
    CliRun tooLarge = explain("--rules", "default", "--submission", json.toString(), "--max-file-bytes", "99");
    CliRun exact = explain("--rules", "default", "--submission", json.toString(), "--max-file-bytes", "100");

    assertThat(ok.exitCode()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("  files: [application/pdf]\n");
    assertThat(exact.exitCode()).isZero();
    assertThat(tooLarge.exitCode()).isEqualTo(1);
    assertThat(tooLarge.err()).isEqualTo("rules explain: submission " + json + ", line 1, column 37: files[0].path: 'blob.bin'"
        + " is larger than 99 bytes (--max-file-bytes)" + NL);
  }

  @Test
  void aFileThatIsNotThereIsNamedWhereTheJsonNamesIt() throws Exception {
    assertThat(failure("{\"files\": [{\"field\": \"image\",\n \"path\": \"gone.png\"}]}"))
        .isEqualTo(where(2, 10) + "files[0].path: no such file: 'gone.png' (" + dir.resolve("gone.png") + ")");
  }

  @Test
  void aTextOverTheSdksLimitIsRefused() throws Exception {
    String limit = "a".repeat(SubmissionFile.MAX_TEXT_CHARS);
    assertThat(failure("{\"text\": {\"body\": \"" + limit + "a\"}}"))
        .isEqualTo(where(1, 19) + "text.body: longer than 1000000 characters, the SDK's limit");
    CliRun atLimit = explain("--rules", "default", "--submission",
        submission("{\"text\": {\"body\": \"" + limit + "\"}}").toString());
    assertThat(atLimit.exitCode()).as(atLimit.err()).isZero();
  }

  @Test
  void aSubmissionFileOverTheLimitIsRefusedUnread() throws Exception {
    byte[] huge = new byte[SubmissionFile.MAX_JSON_BYTES + 1];
    Arrays.fill(huge, (byte) ' ');
    huge[0] = '{';
    huge[huge.length - 1] = '}';
    Path file = Files.write(dir.resolve("submission.json"), huge);

    CliRun run = explain("--rules", "default", "--submission", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("rules explain: submission " + file + " is larger than 16777216 bytes" + NL);
  }

  // --- matches given directly

  @Test
  void directMatchesStillTakeTheFactsFromTheFiles() throws Exception {
    byte[] png = Files.readAllBytes(caseDir("blocked-md5").resolve("known.png"));
    Files.write(dir.resolve("cut.png"), Arrays.copyOf(png, 60));
    submission("{\"files\": [{\"field\": \"image\", \"path\": \"cut.png\", \"contentType\": \"image/png\"}],"
        + " \"matches\": []}");

    CliRun run = explain("--rules", "default", "--submission", dir.resolve("submission.json").toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("verdict: block, status 415\ndecided by: default@")
        .contains("#refuse-unhashable-image\n").contains("matches: none\n").contains("  images not decoded: 1\n");
  }

  @Test
  void directMatchesDefaultToAnExactMediumMatchInTheSubmission() throws Exception {
    submission("{\"matches\": [{\"feed\": \"f\", \"indicator\": \"i-1\", \"signalType\": \"md5\"}]}");

    CliRun run = explain("--rules", "default", "--submission", dir.resolve("submission.json").toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("verdict: flag, priority normal\n")
        .contains("  #1 md5, indicator f/i-1, distance 0, labels [], severity medium, in 'submission'\n");
  }

  @Test
  void feedsAndDirectMatchesCannotBeMixed() throws Exception {
    Path feed = Files.writeString(dir.resolve("ads.ndjson"),
        "{\"op\":\"upsert\",\"id\":\"t-1\",\"signal\":{\"type\":\"term\",\"value\":\"hello\"}}\n");
    submission("{\"text\": {\"body\": \"hello\"}, \"matches\": []}");

    CliRun run = explain("--rules", "default", "--feed", feed.toString(),
        "--submission", dir.resolve("submission.json").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("--feed cannot be used with a submission file that gives \"matches\"")
        .contains("Usage: tripline rules explain");
  }

  // --- packs, feeds and options

  @Test
  void anInvalidPackFailsWithItsLocation() throws Exception {
    Path pack = Files.writeString(dir.resolve("ours.yaml"), "pack: ours\nversion: 1.0\nrules: []\n");
    submission("{}");

    CliRun run = explain("--rules", "default", pack.toString(), "--submission", dir.resolve("submission.json").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("rules explain: rule pack " + pack + ", line 2, column ").hasLineCount(1);
  }

  @Test
  void packsThatDoNotCombineFail() throws Exception {
    submission("{}");

    CliRun run = explain("--rules", "default", "classpath:default", "--submission",
        dir.resolve("submission.json").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("rules explain: rule pack 'default' is given twice" + NL);
  }

  @Test
  void aMalformedFeedFailsNamingItsLine() throws Exception {
    Path feed = Files.writeString(dir.resolve("ads.ndjson"), "{\"op\":\"upsert\",\"id\":\"t-1\"}\n");
    submission("{}");

    CliRun run = explain("--rules", "default", "--feed", feed.toString(), "--submission",
        dir.resolve("submission.json").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("rules explain: feed " + feed + ", line 1: ").hasLineCount(1);
  }

  @Test
  void missingFilesAndBadOptionsAreUsageErrors() throws Exception {
    Path json = submission("{}");
    String missing = dir.resolve("missing").toString();

    CliRun noSubmission = explain("--rules", "default", "--submission", missing);
    CliRun noFeed = explain("--rules", "default", "--feed", missing, "--submission", json.toString());
    CliRun noPack = explain("--rules", missing, "--submission", json.toString());
    CliRun badAt = explain("--rules", "default", "--submission", json.toString(), "--at", "yesterday");
    CliRun badMax = explain("--rules", "default", "--submission", json.toString(), "--max-file-bytes", "0");
    CliRun noRules = explain("--submission", json.toString());

    assertThat(List.of(noSubmission, noFeed, noPack, badAt, badMax, noRules))
        .allSatisfy(run -> {
          assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
          assertThat(run.out()).isEmpty();
          assertThat(run.err()).contains("Usage: tripline rules explain");
        });
    assertThat(noSubmission.err()).startsWith("no such file: " + missing + NL);
    assertThat(noFeed.err()).startsWith("no such file: " + missing + NL);
    assertThat(noPack.err()).startsWith("no such file: " + missing + NL);
    assertThat(badAt.err()).startsWith("--at: not an ISO-8601 instant");
    assertThat(noRules.err()).contains("Missing required option: '--rules=PACK'");
  }

  @Test
  void theAccountAgeIsTakenAtTheGivenTime() throws Exception {
    Path json = submission("{\"uploader\": {\"accountCreatedAt\": \"2026-11-01T00:00:00Z\"}}");

    CliRun run = explain("--rules", "default", "--submission", json.toString(), "--at", "2026-11-08T23:00:00Z");

    assertThat(run.out()).contains("  account age: 7 days\n");
  }

  @Test
  void helpDocumentsTheSubmissionFile() {
    CliRun help = explain("--help");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("Usage: tripline rules explain").contains("Submission file:")
        .contains("\"accountCreatedAt\"").contains("--feed is refused");
  }
}
