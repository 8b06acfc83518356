package io.tripline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tripline.testkit.TestImages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  // From the PDQ conformance vectors (computed-expected.csv): wee.jpg, 34x42.
  private static final String WEE_PDQ = "6227401f601ff4ccafcc9fad4b0d95d371a2eb7265a3285234d228ca94deeb2d";
  private static final String WEE_PDQ_ROTATE_90 = "1d430d1e38bdea750e55e2d58e41701e1daee6a184e19ea57c0701fce1fe18de";
  private static final String WEE_PDQ_FLIP_MINUS_1 = "48165e4bede8bf205b00b780db14a54b48fbb3f4d1b4cbf02b5254a9b4ab4dab";

  @TempDir Path dir;

  private Path vector() throws IOException {
    Path file = dir.resolve("wee.jpg");
    try (InputStream in = getClass().getResourceAsStream("/pdq/wee.jpg")) {
      Files.copy(in, file);
    }
    return file;
  }

  private static List<JsonNode> lines(String out) throws IOException {
    List<JsonNode> nodes = new java.util.ArrayList<>();
    for (String line : out.strip().split("\n")) {
      nodes.add(JSON.readTree(line));
    }
    return nodes;
  }

  private static String hex(String algorithm, byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
  }

  @Test
  void hashesAnImageLikeTheReference() throws Exception {
    Path file = vector();
    CliRun run = CliRun.tripline("hash", file.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<JsonNode> lines = lines(run.out());
    assertThat(lines).hasSize(1);
    JsonNode line = lines.get(0);
    byte[] bytes = Files.readAllBytes(file);
    assertThat(line.path("file").asText()).isEqualTo(file.toString());
    assertThat(line.path("md5").asText()).isEqualTo(hex("MD5", bytes));
    assertThat(line.path("sha256").asText()).isEqualTo(hex("SHA-256", bytes));
    assertThat(line.path("pdq").asText()).isEqualTo(WEE_PDQ);
    assertThat(line.path("quality").asInt()).isEqualTo(100);
    assertThat(line.path("phash64").asText()).matches("[0-9a-f]{16}");
    assertThat(line.path("width").asInt()).isEqualTo(34);
    assertThat(line.path("height").asInt()).isEqualTo(42);
    assertThat(line.has("error")).isFalse();
    assertThat(line.has("dihedral")).isFalse();
  }

  @Test
  void dihedralAddsTheEightVariants() throws Exception {
    CliRun run = CliRun.tripline("hash", "--dihedral", vector().toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode pdq = lines(run.out()).get(0).path("dihedral").path("pdq");
    assertThat(pdq.size()).isEqualTo(8);
    assertThat(pdq.path("original").asText()).isEqualTo(WEE_PDQ);
    assertThat(pdq.path("rotate90").asText()).isEqualTo(WEE_PDQ_ROTATE_90);
    assertThat(pdq.path("flipMinus1").asText()).isEqualTo(WEE_PDQ_FLIP_MINUS_1);
  }

  @Test
  void aFileThatCannotBeHashedGetsAnErrorAndExitOne() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.txt"), "not an image", StandardCharsets.UTF_8);
    Path image = dir.resolve("scene.png");
    Files.write(image, TestImages.png(TestImages.scene(4, 200, 150)));

    CliRun run = CliRun.tripline("hash", image.toString(), text.toString(), dir.resolve("missing.jpg").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    List<JsonNode> lines = lines(run.out());
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0).has("error")).isFalse();
    assertThat(lines.get(0).path("pdq").asText()).hasSize(64);
    assertThat(lines.get(1).path("error").asText()).isNotBlank();
    assertThat(lines.get(1).path("sha256").asText()).isEqualTo(hex("SHA-256", Files.readAllBytes(text)));
    assertThat(lines.get(2).path("error").asText()).isEqualTo("no such file");
  }

  @Test
  void aFileOverTheByteLimitIsRefused() throws Exception {
    Path image = dir.resolve("scene.png");
    Files.write(image, TestImages.png(TestImages.scene(5, 200, 150)));

    CliRun run = CliRun.tripline("hash", "--max-bytes", "100", image.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(lines(run.out()).get(0).path("error").asText()).contains("--max-bytes");
  }

  @Test
  void withoutFilesItIsAUsageError() {
    CliRun run = CliRun.tripline("hash");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("FILE");
  }
}
