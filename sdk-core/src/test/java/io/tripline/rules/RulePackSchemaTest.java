package io.tripline.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON Schema of the format ({@value RulePack#SCHEMA_RESOURCE}) against the parser: every
 * shipped pack is valid under both, and the schema refuses the bad packs of
 * {@link RulePackErrorsTest} that a schema can describe.
 */
class RulePackSchemaTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static Schema schema;

  @BeforeAll
  static void loadSchema() throws IOException {
    try (InputStream in = RulePack.class.getClassLoader().getResourceAsStream(RulePack.SCHEMA_RESOURCE)) {
      Objects.requireNonNull(in, RulePack.SCHEMA_RESOURCE + " is not on the class path");
      schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
          .getSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static List<Error> validate(String yaml) {
    try {
      JsonNode tree = YAML.readTree(yaml);
      return schema.validate(tree == null || tree.isMissingNode() ? YAML.nullNode() : tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The packs the {@code rules} jar ships, found by listing its folder (a directory or a jar). */
  static Stream<String> shippedPacks() throws IOException, URISyntaxException {
    URL folder = RulePack.class.getClassLoader().getResource(RulePack.CLASSPATH_FOLDER);
    Objects.requireNonNull(folder, RulePack.CLASSPATH_FOLDER + " is not on the class path");
    URI uri = folder.toURI();
    List<String> names;
    if (uri.getScheme().equals("jar")) {
      try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of());
          Stream<Path> files = Files.list(jar.getPath(RulePack.CLASSPATH_FOLDER))) {
        names = packNames(files);
      }
    } else {
      try (Stream<Path> files = Files.list(Path.of(uri))) {
        names = packNames(files);
      }
    }
    return names.stream();
  }

  private static List<String> packNames(Stream<Path> files) {
    return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".yaml"))
        .map(name -> name.substring(0, name.length() - ".yaml".length())).sorted().toList();
  }

  @Test
  void theShippedPacksAreFound() throws Exception {
    assertThat(shippedPacks()).contains("default");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shippedPacks")
  void everyShippedPackIsValidUnderTheSchemaAndTheParser(String name) throws IOException {
    String resource = RulePack.CLASSPATH_FOLDER + name + ".yaml";
    String yaml;
    try (InputStream in = RulePack.class.getClassLoader().getResourceAsStream(resource)) {
      yaml = new String(Objects.requireNonNull(in, resource).readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(validate(yaml)).as(resource).isEmpty();
    assertThat(RulePack.fromClasspath(name).name()).isEqualTo(name);
  }

  @Test
  void theSchemaAcceptsEveryKeyTheParserDoes() {
    String yaml = """
        pack: every-key
        version: "1"
        description: Every key of the format.
        rules:
          - id: block-it
            description: Blocks.
            when:
              signals: { pdq: { maxDistance: 31, minQuality: 50 }, md5: {} }
              labels: [csam]
              severity: [high, medium]
              maxDistance: 40
              minQuality: 20
              minMatches: 2
              minDistinct: 2
              score: { min: 5, weights: { term: 1, phone.sha256: 3, default: 0 } }
              contentTypes: [image/*, text, application/pdf]
              uploaderCountries: [US, CA]
              accountAge: { minDays: 1, maxDays: 7 }
            action: block
            status: 451
            report: { category: CSAM, mode: automatic }
          - id: flag-it
            when: { signalTypes: [term] }
            action: flag
            priority: urgent
            report: { category: ONLINE_ENTICEMENT, mode: after-review }
          - id: refuse
            when: { unhashableImage: true }
            action: block
            status: 415
          - id: allow-it
            action: allow
        jurisdiction:
          code: US
          name: United States
          routes:
            - id: us-ncmec
              destination: NCMEC_CYBERTIPLINE
              appliesWhen: { providerCountries: [US], subjectCountries: [ANY], contentCountries: [EU] }
              categories: [CSAM, CHILD_SEX_TRAFFICKING]
              obligation: mandatory
              deadline: { within: PT24H, text: "as soon as reasonably possible" }
              preservation: { period: P1Y, from: report, basis: US_18USC2258A_h, text: "1 year" }
              legalBasis: "18 USC 2258A"
              coveredBy: []
              noTippingOff: true
            - id: us-voluntary
              destination: NCMEC_CYBERTIPLINE
              appliesWhen: { providerCountries: [US] }
              categories: [MISLEADING_DOMAIN]
              obligation: voluntary
              preservation: { period: null, basis: INTERNAL_POLICY, text: "per policy" }
              noTippingOff: true
        """;
    assertThat(validate(yaml)).isEmpty();
    assertThat(RulePack.parse(new java.io.ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "t")
        .rules()).hasSize(4);
  }

  @Test
  void theSchemaAcceptsTheMinimalPacksTheBadExamplesVary() {
    // So that a bad example is refused for what it varies, not for what it shares with the others.
    assertThat(validate(RulePackErrorsTest.HEADER + "  - id: a\n    action: block\n")).isEmpty();
    assertThat(validate(RulePackErrorsTest.HEADER + "  - id: a\n    when: { labels: [x] }\n    action: block\n"))
        .isEmpty();
    assertThat(validate(RulePackErrorsTest.HEADER + "  - id: a\n    action: flag\n"
        + "    report: { category: CSAM, mode: automatic }\n")).isEmpty();
    assertThat(validate("pack: p\nversion: '1'\nrules: []\n")).isEmpty();
  }

  static Stream<RulePackErrorsTest.Bad> schemaCases() {
    return RulePackErrorsTest.table().stream().filter(RulePackErrorsTest.Bad::schemaToo);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemaCases")
  void theSchemaRefusesWhatTheParserRefuses(RulePackErrorsTest.Bad bad) {
    assertThat(validate(bad.yaml())).as("schema errors for: %s", bad.name()).isNotEmpty();
  }
}
