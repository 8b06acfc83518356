package io.tripline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatchCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static String randomPdq(Random random) {
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      hex.append(String.format("%016x", random.nextLong()));
    }
    return hex.toString();
  }

  /** {@code hex} with its lowest {@code bits} bits flipped. */
  private static String flip(String hex, int bits) {
    char[] digits = hex.toCharArray();
    for (int b = 0; b < bits; b++) {
      int at = digits.length - 1 - b / 4;
      int value = Character.digit(digits[at], 16) ^ (1 << (b % 4));
      digits[at] = Character.forDigit(value, 16);
    }
    return new String(digits);
  }

  private static List<JsonNode> lines(String out) throws Exception {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : out.strip().split("\n")) {
      if (!line.isBlank()) {
        nodes.add(JSON.readTree(line));
      }
    }
    return nodes;
  }

  @Test
  void printsEveryHashWithinTheRadiusClosestFirst() throws Exception {
    Random random = new Random(1);
    String known = randomPdq(random);
    String near = flip(known, 12);
    String far = flip(known, 40);
    Path list = Files.writeString(dir.resolve("list.csv"), "# shared list\n" + far + ",far\n" + near + ",near\n\n" + known + ",csam\n");
    Path queries = Files.writeString(dir.resolve("queries.txt"), known.toUpperCase() + "\n" + randomPdq(random) + "\n");

    CliRun run = CliRun.tripline("match", "--against", list.toString(), queries.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<JsonNode> matches = lines(run.out());
    assertThat(matches).hasSize(2);
    assertThat(matches.get(0).path("query").asText()).isEqualTo(known);
    assertThat(matches.get(0).path("match").asText()).isEqualTo(known);
    assertThat(matches.get(0).path("distance").asInt()).isZero();
    assertThat(matches.get(0).path("label").asText()).isEqualTo("csam");
    assertThat(matches.get(1).path("match").asText()).isEqualTo(near);
    assertThat(matches.get(1).path("distance").asInt()).isEqualTo(12);
    assertThat(matches.get(1).path("label").asText()).isEqualTo("near");
  }

  @Test
  void theRadiusCanBeNarrowedOrWidened() throws Exception {
    String known = randomPdq(new Random(2));
    Path list = Files.writeString(dir.resolve("list.txt"), flip(known, 12) + "\n" + flip(known, 40) + "\n");
    Path queries = Files.writeString(dir.resolve("q.txt"), known + "\n");

    CliRun narrow = CliRun.tripline("match", "--against", list.toString(), "--radius", "11", queries.toString());
    CliRun wide = CliRun.tripline("match", "--against", list.toString(), "--radius", "40", queries.toString());

    assertThat(lines(narrow.out())).isEmpty();
    assertThat(lines(wide.out())).extracting(n -> n.path("distance").asInt()).containsExactly(12, 40);
    assertThat(lines(wide.out())).allSatisfy(n -> assertThat(n.path("label").isNull()).isTrue());
  }

  @Test
  void queriesComeFromStandardInputWhenNoFileIsGiven() throws Exception {
    String known = randomPdq(new Random(3));
    Path list = Files.writeString(dir.resolve("list.txt"), known + ",x\n");
    InputStream stdin = System.in;
    try {
      System.setIn(new ByteArrayInputStream((known + "\n").getBytes(StandardCharsets.UTF_8)));
      CliRun run = CliRun.tripline("match", "--against", list.toString());
      assertThat(run.exitCode()).isZero();
      assertThat(lines(run.out())).singleElement().satisfies(n -> assertThat(n.path("label").asText()).isEqualTo("x"));
    } finally {
      System.setIn(stdin);
    }
  }

  @Test
  void otherTypesMatchByTheirOwnLengthAndDigestsExactly() throws Exception {
    Path list = Files.writeString(dir.resolve("md5.txt"), "9e107d9d372bb6826bd81d3542a419d6,known\n");
    Path queries = Files.writeString(dir.resolve("q.txt"),
        "9E107D9D372BB6826BD81D3542A419D6\n9e107d9d372bb6826bd81d3542a419d7\n");

    CliRun md5 = CliRun.tripline("match", "--type", "md5", "--against", list.toString(), queries.toString());

    assertThat(lines(md5.out())).singleElement().satisfies(n -> {
      assertThat(n.path("match").asText()).isEqualTo("9e107d9d372bb6826bd81d3542a419d6");
      assertThat(n.path("distance").asInt()).isZero();
    });

    Path phashes = Files.writeString(dir.resolve("p.txt"), "00000000000000ff\n");
    Path phashQueries = Files.writeString(dir.resolve("pq.txt"), "0000000000000000\n");
    CliRun phash = CliRun.tripline("match", "--type", "phash64", "--against", phashes.toString(), phashQueries.toString());
    assertThat(lines(phash.out())).singleElement().satisfies(n -> assertThat(n.path("distance").asInt()).isEqualTo(8));
  }

  @Test
  void aMalformedLineIsNamedAndNothingIsMatched() throws Exception {
    String known = randomPdq(new Random(4));
    Path list = Files.writeString(dir.resolve("list.txt"), known + "\n" + known.substring(2) + "\n");
    Path queries = Files.writeString(dir.resolve("q.txt"), known + "\n");

    CliRun run = CliRun.tripline("match", "--against", list.toString(), queries.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("list.txt, line 2").contains("256-bit");
  }

  @Test
  void usageErrorsExitTwo() throws Exception {
    Path list = Files.writeString(dir.resolve("list.txt"), "");
    assertThat(CliRun.tripline("match").exitCode()).isEqualTo(2);
    CliRun badType = CliRun.tripline("match", "--type", "photodna", "--against", list.toString());
    assertThat(badType.exitCode()).isEqualTo(2);
    assertThat(badType.err()).contains("unknown --type 'photodna'");
    assertThat(CliRun.tripline("match", "--radius", "300", "--against", list.toString()).exitCode()).isEqualTo(2);
    assertThat(CliRun.tripline("match", "--against", dir.resolve("missing").toString()).exitCode()).isEqualTo(2);
  }
}
