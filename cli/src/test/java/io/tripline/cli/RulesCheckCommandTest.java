package io.tripline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.tripline.rules.RulePack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesCheckCommandTest {
  private static final String NL = System.lineSeparator();

  private static final String VALID = """
      pack: %s
      version: "1.0"
      rules:
        - id: flag-leads
          when: { labels: [trafficking] }
          action: flag
          priority: high
        - id: block-abuse
          when: { labels: [csam] }
          action: block
      """;

  /** A route pack of jurisdiction US whose route is named {@code routeId}. */
  private static final String ROUTES = """
      pack: %s
      version: "2"
      jurisdiction:
        code: US
        name: United States
        routes:
          - id: %s
            destination: PARTNER_HOTLINE
            appliesWhen: { providerCountries: [US] }
            categories: [CSAM]
            obligation: voluntary
            noTippingOff: true
      """;

  @TempDir Path dir;

  private Path write(String name, String yaml) throws Exception {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, yaml, StandardCharsets.UTF_8);
  }

  private static String ok(RulePack pack, String shown) {
    int routes = pack.jurisdiction().map(j -> j.routes().size()).orElse(0);
    return "ok  " + pack.name() + "@" + pack.version() + "  " + RulesCheckCommand.plural(pack.rules().size(), "rule")
        + ", " + RulesCheckCommand.plural(routes, "route") + "  " + shown;
  }

  @Test
  void shippedPacksLoadByBareNameOrClasspathPrefix() {
    CliRun run = CliRun.tripline("rules", "check", "default", "classpath:us", "uk");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out().lines()).containsExactly(
        ok(RulePack.fromClasspath("default"), "classpath:default"),
        ok(RulePack.fromClasspath("us"), "classpath:us"),
        ok(RulePack.fromClasspath("uk"), "classpath:uk"));
    // What the line says, not only that it agrees with the API.
    assertThat(run.out().lines().findFirst().orElseThrow()).matches("ok  default@\\S+  6 rules, 1 route  classpath:default");
  }

  @Test
  void aFileIsCheckedAndCounted() throws Exception {
    Path mine = write("mine.yaml", VALID.formatted("mine"));
    Path routes = write("routes.yaml", ROUTES.formatted("partner", "partner-hotline"));

    CliRun run = CliRun.tripline("rules", "check", mine.toString(), routes.toString());

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).isEqualTo("ok  mine@1.0  2 rules, 0 routes  " + mine + NL
        + "ok  partner@2  0 rules, 1 route  " + routes + NL);
  }

  @Test
  void aDirectoryMeansItsYamlFilesSortedByName() throws Exception {
    Path packs = dir.resolve("packs");
    write("packs/b.yml", VALID.formatted("b"));
    write("packs/a.yaml", VALID.formatted("a"));
    write("packs/c.YAML.txt", "not a pack");
    write("packs/notes.txt", "not a pack");
    write("packs/nested/d.yaml", VALID.formatted("d"));

    CliRun run = CliRun.tripline("rules", "check", packs.toString());

    assertThat(run.exitCode()).as(run.out()).isZero();
    assertThat(run.out().lines()).containsExactly(
        "ok  a@1.0  2 rules, 0 routes  " + packs.resolve("a.yaml"),
        "ok  b@1.0  2 rules, 0 routes  " + packs.resolve("b.yml"));
  }

  @Test
  void malformedYamlIsNamedWithLineAndColumn() throws Exception {
    Path bad = write("bad.yaml", "pack: bad\nversion: \"1\"\nrules:\n  - id: a\n   action: block\n");

    CliRun run = CliRun.tripline("rules", "check", bad.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).startsWith("error  rule pack " + bad + ", line 5, column 4: expected <block end>")
        .endsWith(NL).hasLineCount(1);
  }

  @Test
  void anUnknownKeyIsNamedWithLineColumnAndTheKeyMeant() throws Exception {
    Path bad = write("typo.yaml", "pack: typo\nversion: \"1\"\nrules:\n  - id: a\n    action: block\n    stauts: 422\n");

    CliRun run = CliRun.tripline("rules", "check", bad.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEqualTo("error  rule pack " + bad + ", line 6, column 5: unknown key 'stauts' (did you mean"
        + " 'status'?) (expected one of [id, description, when, action, status, priority, report])" + NL);
  }

  @Test
  void invalidUtf8IsNamedWithLineColumnAndByteOffset() throws Exception {
    byte[] latin1 = "pack: x\nversion: \"1\"\ndescription: \"caf\u00e9\"\nrules:\n  - id: a\n    action: block\n"
        .getBytes(StandardCharsets.ISO_8859_1);
    Path bad = Files.write(dir.resolve("latin1.yaml"), latin1);

    CliRun run = CliRun.tripline("rules", "check", bad.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEqualTo("error  rule pack " + bad
        + ", line 3, column 18: not valid UTF-8 (malformed byte sequence at byte offset 38)" + NL);
  }

  @Test
  void aPackOverTheSizeLimitIsRefusedUnread() throws Exception {
    Path huge = write("huge.yaml", VALID.formatted("huge") + "#".repeat((int) PackSources.MAX_PACK_BYTES));

    CliRun run = CliRun.tripline("rules", "check", huge.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEqualTo("error  rule pack " + huge + " is larger than 1048576 bytes" + NL);
  }

  @Test
  void oneBadPackDoesNotHideTheOthers() throws Exception {
    Path first = write("1.yaml", VALID.formatted("first"));
    Path bad = write("2.yaml", "pack: Bad\nversion: \"1\"\nrules: []\n");
    Path third = write("3.yaml", VALID.formatted("third"));

    CliRun run = CliRun.tripline("rules", "check", first.toString(), bad.toString(), third.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out().lines()).hasSize(3);
    assertThat(run.out().lines().toList().get(0)).startsWith("ok  first@1.0");
    assertThat(run.out().lines().toList().get(1)).startsWith("error  rule pack " + bad + ", line 1, column ")
        .contains("pack name 'Bad' must be lower-case letters, digits and dashes");
    assertThat(run.out().lines().toList().get(2)).startsWith("ok  third@1.0");
  }

  @Test
  void routeIdsMustBeUniqueAmongThePacks() throws Exception {
    Path partner = write("partner.yaml", ROUTES.formatted("partner", "us-ncmec"));

    CliRun run = CliRun.tripline("rules", "check", "default", "us", partner.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    RulePack us = RulePack.fromClasspath("us");
    RulePack def = RulePack.fromClasspath("default");
    assertThat(run.out().lines()).hasSize(3);
    assertThat(run.out().lines().toList().get(2)).isEqualTo("error  rule pack " + partner + " (partner@2) does not"
        + " combine with the packs before it [default@" + def.version() + ", us@" + us.version() + "]: route id"
        + " 'us-ncmec' is used in jurisdiction US and again in jurisdiction US: route ids must be unique among the"
        + " packs in use");
  }

  @Test
  void theOrderGivenDecidesWhichPackConflicts() throws Exception {
    Path partner = write("partner.yaml", ROUTES.formatted("partner", "us-ncmec"));

    CliRun run = CliRun.tripline("rules", "check", partner.toString(), "us");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out().lines().toList().get(0)).startsWith("ok  partner@2");
    assertThat(run.out().lines().toList().get(1)).startsWith("error  rule pack classpath:us (us@")
        .contains("does not combine with the packs before it [partner@2]: route id 'us-ncmec'");
  }

  @Test
  void aPackGivenTwiceDoesNotCombine() throws Exception {
    Path copy = write("copy.yaml", VALID.formatted("default"));

    CliRun run = CliRun.tripline("rules", "check", "default", copy.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out().lines().toList().get(1)).isEqualTo("error  rule pack " + copy + " (default@1.0) does not"
        + " combine with the packs before it [default@" + RulePack.fromClasspath("default").version()
        + "]: rule pack 'default' is given twice");
  }

  @Test
  void routesCoveringEachOtherInACycleFailEvenInOnePack() throws Exception {
    Path loop = write("loop.yaml", """
        pack: loop
        version: "1"
        jurisdiction:
          code: US
          name: United States
          routes:
            - id: to-a
              destination: HOTLINE_A
              appliesWhen: { providerCountries: [US] }
              categories: [CSAM]
              obligation: voluntary
              coveredBy: [HOTLINE_B]
              noTippingOff: true
            - id: to-b
              destination: HOTLINE_B
              appliesWhen: { providerCountries: [US] }
              categories: [CSAM]
              obligation: voluntary
              coveredBy: [HOTLINE_A]
              noTippingOff: true
        """);

    CliRun run = CliRun.tripline("rules", "check", loop.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    // The pack cannot be loaded at all: its routes are located where they start.
    assertThat(run.out()).startsWith("error  rule pack " + loop + ", line 6, column 3: routes' coveredBy make a cycle: ")
        .hasLineCount(1);
  }

  @Test
  void aMissingFileIsAUsageError() {
    Path missing = dir.resolve("missing.yaml");

    CliRun run = CliRun.tripline("rules", "check", "default", missing.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("no such file: " + missing + NL).contains("Usage: tripline rules check");
  }

  @Test
  void aNameThatIsNeitherAFileNorAShippedPackIsAUsageError() {
    CliRun bare = CliRun.tripline("rules", "check", "nope");
    CliRun prefixed = CliRun.tripline("rules", "check", "classpath:nope");
    CliRun notAName = CliRun.tripline("rules", "check", "classpath:../packs/default");

    assertThat(bare.exitCode()).isEqualTo(2);
    assertThat(bare.err()).startsWith("no such file or shipped rule pack: nope" + NL);
    assertThat(prefixed.exitCode()).isEqualTo(2);
    assertThat(prefixed.err()).startsWith("no shipped rule pack 'nope' (classpath:nope)" + NL);
    assertThat(notAName.exitCode()).isEqualTo(2);
  }

  @Test
  void aBareNameThatIsBothAPathAndAShippedPackIsRefused() throws Exception {
    // A bare name is looked up in the working directory, so the clash must be made there.
    Path clash = Path.of("au");
    assumeFalse(Files.exists(clash), "the working directory already has an 'au'");
    Files.writeString(clash, VALID.formatted("au"));
    try {
      CliRun bare = CliRun.tripline("rules", "check", "au");
      CliRun file = CliRun.tripline("rules", "check", "./au");
      CliRun shipped = CliRun.tripline("rules", "check", "classpath:au");

      assertThat(bare.exitCode()).isEqualTo(2);
      assertThat(bare.err()).startsWith("'au' is both a path and a shipped rule pack: write ./au for the path or"
          + " classpath:au for the shipped pack" + NL);
      assertThat(file.out()).isEqualTo("ok  au@1.0  2 rules, 0 routes  ./au" + NL);
      assertThat(shipped.out()).startsWith("ok  au@" + RulePack.fromClasspath("au").version() + "  0 rules, ");
    } finally {
      Files.delete(clash);
    }
  }

  @Test
  void aDirectoryWithoutPacksIsAUsageError() throws Exception {
    Path empty = Files.createDirectory(dir.resolve("empty"));
    write("empty/readme.txt", "no packs here");

    CliRun run = CliRun.tripline("rules", "check", empty.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("no *.yaml or *.yml file in directory " + empty + NL);
  }

  @Test
  void noPackIsAUsageError() {
    CliRun run = CliRun.tripline("rules", "check");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required parameter: 'PACK'").contains("Usage: tripline rules check");
  }

  @Test
  void rulesWithoutASubcommandIsAUsageError() {
    CliRun run = CliRun.tripline("rules");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required command (check or explain)").contains("Usage: tripline rules");
  }

  @Test
  void helpListsTheRulesCommandsAndHowPacksAreNamed() {
    CliRun top = CliRun.tripline("--help");
    CliRun rules = CliRun.tripline("rules", "--help");
    CliRun check = CliRun.tripline("rules", "check", "--help");

    assertThat(top.out().lines()).anySatisfy(line -> assertThat(line).matches("\\s+rules\\s+Checks rule packs.*"));
    assertThat(rules.exitCode()).isZero();
    assertThat(rules.out()).contains("Usage: tripline rules").contains("classpath:NAME")
        .containsPattern("\\s+check\\s+Validates").containsPattern("\\s+explain\\s+Explains");
    assertThat(check.out()).contains("Usage: tripline rules check").contains("ok  NAME@VERSION  N rules, M routes  PACK");
  }
}
