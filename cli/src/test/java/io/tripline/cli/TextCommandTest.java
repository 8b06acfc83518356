package io.tripline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String PHONE = "two1two five5five 0one4seven";
  private static final String EMAIL = "jen (at) example (dot) com";
  private static final String WALLET = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4";
  // Greek upsilon and Cyrillic a: reads "Just arrived" to a person, not to a naive matcher.
  private static final String LOOK_ALIKE = "J\u03c5st \u0430rrived";
  private static final String AD =
      LOOK_ALIKE + " in town! call " + PHONE + " or write " + EMAIL + ", tips to " + WALLET + "\n";

  @TempDir Path dir;

  /** Runs {@code tripline text ARGS} as {@code main} does, with {@code stdin} as standard input. */
  private static CliRun text(byte[] stdin, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "text";
    System.arraycopy(args, 0, all, 1, args.length);
    InputStream saved = System.in;
    try {
      System.setIn(new ByteArrayInputStream(stdin));
      return CliRun.of(Main.commandLine(), all);
    } finally {
      System.setIn(saved);
    }
  }

  private static CliRun text(String stdin, String... args) {
    return text(stdin.getBytes(StandardCharsets.UTF_8), args);
  }

  /** The one JSON object the command prints, checking that it is one line. */
  private static JsonNode result(CliRun run) throws Exception {
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines()).hasSize(1);
    return JSON.readTree(run.out());
  }

  private static String sha256(String value) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
  }

  private static void assertSpan(JsonNode node, String text, String part) {
    int start = text.indexOf(part);
    assertThat(node.path("span").path("start").asInt()).isEqualTo(start);
    assertThat(node.path("span").path("end").asInt()).isEqualTo(start + part.length());
    assertThat(node.path("text").asText()).isEqualTo(part);
  }

  private Path feed(String... lines) throws Exception {
    return Files.writeString(dir.resolve("ads.ndjson"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  @Test
  void findsTheObfuscatedEntitiesAndTheLookAlikeFeedTerm() throws Exception {
    Path feed = feed(
        "{\"op\":\"upsert\",\"id\":\"t-1\",\"signal\":{\"type\":\"term\",\"value\":\"just arrived\"},\"labels\":[\"trafficking\"]}",
        "{\"op\":\"upsert\",\"id\":\"t-2\",\"signal\":{\"type\":\"term\",\"value\":\"no such phrase\"}}",
        "{\"op\":\"upsert\",\"id\":\"p-1\",\"signal\":{\"type\":\"phone\",\"value\":\"+12125550147\"},\"labels\":[\"trafficking\"]}",
        "{\"op\":\"upsert\",\"id\":\"e-1\",\"signal\":{\"type\":\"email.sha256\",\"value\":\""
            + sha256("jen@example.com") + "\"},\"labels\":[\"scam\"]}");

    JsonNode result = result(text(AD, "--feed", feed.toString()));

    assertThat(result.path("normalisation").asText()).isEqualTo("2");
    assertThat(result.path("views").path("canonical").asText()).startsWith("j\u03c5st \u0430rrived in town!");
    assertThat(result.path("views").path("confusables").asText()).startsWith("just arr");
    assertThat(result.path("views").path("digits").asText()).contains("call 212 555 0147 or");
    assertThat(result.path("views").path("squeezed").isTextual()).isTrue();

    JsonNode entities = result.path("entities");
    assertThat(entities).extracting(e -> e.path("type").asText()).containsExactly("phone", "email", "wallet");
    assertThat(entities).extracting(e -> e.path("value").asText())
        .containsExactly("+12125550147", "jen@example.com", "btc:" + WALLET);
    assertSpan(entities.get(0), AD, PHONE);
    assertSpan(entities.get(1), AD, EMAIL);
    assertSpan(entities.get(2), AD, WALLET);
    assertThat(entities.get(0).path("sha256").path("type").asText()).isEqualTo("phone.sha256");
    assertThat(entities.get(0).path("sha256").path("value").asText()).isEqualTo(sha256("+12125550147"));
    assertThat(entities.get(1).path("sha256").path("type").asText()).isEqualTo("email.sha256");
    assertThat(entities.get(2).path("sha256").path("value").asText()).isEqualTo(sha256("btc:" + WALLET));

    JsonNode terms = result.path("terms");
    assertThat(terms).hasSize(1);
    assertThat(terms.get(0).path("indicator").asText()).isEqualTo("t-1");
    assertThat(terms.get(0).path("feed").asText()).isEqualTo("ads");
    assertThat(terms.get(0).path("labels")).extracting(JsonNode::asText).containsExactly("trafficking");
    assertSpan(terms.get(0), AD, LOOK_ALIKE);

    JsonNode matches = result.path("entityMatches");
    assertThat(matches).extracting(m -> m.path("indicator").asText()).containsExactly("p-1", "e-1");
    assertThat(matches).extracting(m -> m.path("signalType").asText()).containsExactly("phone", "email.sha256");
    assertThat(matches).extracting(m -> m.path("entity").asInt()).containsExactly(0, 1);
    assertSpan(matches.get(0), AD, PHONE);
    assertSpan(matches.get(1), AD, EMAIL);
    assertThat(matches.get(1).path("labels")).extracting(JsonNode::asText).containsExactly("scam");

    assertThat(result.path("template").asText()).matches("mh1:[0-9a-f]{1024}");
  }

  @Test
  void outputIsAsciiSoNoCharsetCanMangleIt() {
    CliRun run = text(AD);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().chars().allMatch(c -> c < 0x80)).isTrue();
    assertThat(run.out()).contains("\"canonical\":\"j\\u03C5st \\u0430rrived in town!");
  }

  @Test
  void ordinaryTextYieldsNoEntitiesAndNoMatches() throws Exception {
    JsonNode result = result(text("Lovely sunny day at the beach with the kids, back home on 3 June at 5.\n"));

    assertThat(result.path("entities")).isEmpty();
    assertThat(result.path("terms")).isEmpty();
    assertThat(result.path("entityMatches")).isEmpty();
    assertThat(result.path("template").asText()).startsWith("mh1:");
  }

  @Test
  void aShortTextHasNoTemplate() throws Exception {
    JsonNode result = result(text("new in town"));

    assertThat(result.has("template")).isTrue();
    assertThat(result.path("template").isNull()).isTrue();
  }

  @Test
  void theRegionReadsNationalNumbers() throws Exception {
    String gb = "ring 020 7946 0018 today";

    JsonNode asGb = result(text(gb, "--region", "gb"));

    assertThat(asGb.path("entities")).singleElement()
        .satisfies(e -> assertThat(e.path("value").asText()).isEqualTo("+442079460018"));
  }

  @Test
  void invalidUtf8IsRefusedNamingTheByteOffset() {
    byte[] bad = {'a', 'b', 'c', (byte) 0xC3, '(', 'd'};

    CliRun run = text(bad);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo(
        "text: standard input, line 1, column 4: not valid UTF-8 (malformed byte sequence at byte offset 3)" + System.lineSeparator());
  }

  @Test
  void aSequenceCutOffAtTheEndIsInvalidToo() {
    byte[] truncated = {'o', 'k', ' ', (byte) 0xE2, (byte) 0x82};

    CliRun run = text(truncated);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("not valid UTF-8").contains("byte offset 3");
  }

  @Test
  void textOverTheSdksDefaultLimitIsRefused() throws Exception {
    String limit = "a".repeat(TextCommand.DEFAULT_MAX_CHARS);

    CliRun over = text(limit + "a");

    assertThat(over.exitCode()).isEqualTo(1);
    assertThat(over.out()).isEmpty();
    assertThat(over.err()).isEqualTo(
        "text: standard input has more than 1000000 characters (--max-chars)" + System.lineSeparator());
    assertThat(result(text(limit)).path("entities")).isEmpty();
  }

  @Test
  void theLimitCountsUtf16CharsNotBytes() throws Exception {
    // 3 chars in 6 bytes, then a 4-byte emoji that is 2 UTF-16 chars.
    assertThat(result(text("\u00e9\u00e9\u00e9", "--max-chars", "3")).path("views").path("canonical").asText())
        .isEqualTo("\u00e9\u00e9\u00e9".replace('\u00e9', 'e'));
    assertThat(text("\u00e9\u00e9\u00e9\u00e9", "--max-chars", "3").exitCode()).isEqualTo(1);
    assertThat(text("a\uD83D\uDE00", "--max-chars", "2").exitCode()).isEqualTo(1);
    assertThat(text("a\uD83D\uDE00", "--max-chars", "3").exitCode()).isZero();
    assertThat(text("a", "--max-chars", "0").exitCode()).isEqualTo(2);
  }

  @Test
  void anUnknownRegionIsAUsageError() {
    CliRun run = text("call 212 555 0147", "--region", "QQ");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("--region: unknown region 'QQ'").contains("Usage: tripline text");
  }

  @Test
  void aMalformedFeedFileIsRefusedNamingTheLine() throws Exception {
    Path feed = feed(
        "{\"op\":\"upsert\",\"id\":\"t-1\",\"signal\":{\"type\":\"term\",\"value\":\"just arrived\"}}",
        "{\"op\":\"upsert\",\"id\":\"t-2\",\"signal\":{\"type\":\"term\"}");

    CliRun run = text(AD, "--feed", feed.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("text: feed " + feed + ", line 2: ").doesNotContain("\tat ");
  }

  @Test
  void aMissingFeedFileIsAUsageError() {
    CliRun run = text(AD, "--feed", dir.resolve("missing.ndjson").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("no such file: " + dir.resolve("missing.ndjson"));
  }

  @Test
  void helpListsTheTextCommand() {
    CliRun help = CliRun.tripline("--help");
    CliRun usage = CliRun.tripline("text", "--help");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out().lines()).anySatisfy(line -> assertThat(line).matches("\\s+text\\s+Analyses UTF-8 text.*"));
    assertThat(usage.exitCode()).isZero();
    assertThat(usage.out()).contains("Usage: tripline text").contains("--region=XX").contains("--feed=FILE");
  }
}
