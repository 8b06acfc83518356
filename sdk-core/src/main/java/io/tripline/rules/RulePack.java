package io.tripline.rules;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tripline.InvalidConfigurationException;
import io.tripline.Match;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A named, versioned list of {@link Rule rules}, and for a jurisdiction pack its
 * {@link Jurisdiction routes}, loaded from YAML (the format is {@code docs/rule-packs.md}; its
 * JSON Schema is {@value #SCHEMA_RESOURCE} on the class path):
 *
 * <pre>{@code
 * pack: default
 * version: "2026.12.0"
 * rules:
 *   - id: block-known-abuse-image
 *     description: Known child sexual abuse imagery, exact or near-duplicate.
 *     when: { labels: [csam] }
 *     action: block          # allow | flag | block
 *     status: 422            # block only: 403, 422 or 451 (415 for unhashableImage rules)
 *     report: { category: CSAM, mode: automatic }
 *   - id: flag-trafficking-lead
 *     when: { labels: [trafficking] }
 *     action: flag
 *     priority: high         # flag only: low | normal | high | urgent
 * }</pre>
 *
 * Unknown and repeated keys are errors, and every error names the source, line and column. To
 * combine packs, see {@link Policy}. Immutable and thread-safe.
 */
public final class RulePack {

  /** Where the {@code rules} artifact keeps the packs Tripline ships. */
  public static final String CLASSPATH_FOLDER = "io/tripline/rules/packs/";

  /** Where the {@code rules} artifact keeps the JSON Schema of the format (draft 2020-12). */
  public static final String SCHEMA_RESOURCE = "io/tripline/rules/rule-pack.schema.json";

  /** The id of the rule that decides when no rule fires. */
  public static final String DEFAULT_ALLOW = "default-allow";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final String name;
  private final String version;
  private final String description;
  private final List<Rule> rules;
  private final @Nullable Jurisdiction jurisdiction;
  /** This pack alone, for {@link #evaluate}. */
  private final Policy alone;

  private RulePack(String name, String version, String description, List<Rule> rules,
      @Nullable Jurisdiction jurisdiction) {
    this.name = name;
    this.version = version;
    this.description = description;
    this.rules = List.copyOf(rules);
    this.jurisdiction = jurisdiction;
    this.alone = Policy.of(this);
  }

  /**
   * A pack shipped on the class path, e.g. {@code default}.
   *
   * @throws InvalidConfigurationException if there is no such pack or it is invalid
   */
  public static RulePack fromClasspath(String packName) {
    Objects.requireNonNull(packName, "packName");
    String resource = CLASSPATH_FOLDER + packName + ".yaml";
    ClassLoader loader = RulePack.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new InvalidConfigurationException("no rule pack '" + packName + "' on the class path (" + resource + ")");
      }
      return parse(in, "classpath:" + resource);
    } catch (IOException e) {
      throw new InvalidConfigurationException("cannot read rule pack " + resource + ": " + e.getMessage(), e);
    }
  }

  /**
   * A pack from a YAML file.
   *
   * @throws InvalidConfigurationException if the file cannot be read or is invalid
   */
  public static RulePack load(Path path) {
    try (InputStream in = Files.newInputStream(path)) {
      return parse(in, path.toString());
    } catch (IOException e) {
      throw new InvalidConfigurationException("cannot read rule pack " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * A pack read from {@code in} (not closed); {@code source} names it in errors.
   *
   * @throws InvalidConfigurationException if the YAML is malformed or breaks a rule of the format;
   *     the message names {@code source}, the line and column, and what was expected
   */
  public static RulePack parse(InputStream in, String source) {
    byte[] yaml;
    try {
      yaml = in.readAllBytes();
    } catch (IOException e) {
      throw new InvalidConfigurationException("cannot read rule pack " + source + ": " + e.getMessage(), e);
    }
    PackLayout layout = null;
    PackFile file;
    try {
      layout = PackLayout.scan(YAML.getFactory(), yaml, source, PackFile.class);
      if (layout == null) {
        throw new InvalidConfigurationException("rule pack " + source + " is empty");
      }
      file = YAML.readValue(yaml, PackFile.class);
    } catch (JsonProcessingException e) {
      throw new InvalidConfigurationException(describe(source, e, layout), e);
    } catch (IOException e) {
      throw new InvalidConfigurationException("cannot read rule pack " + source + ": " + e.getMessage(), e);
    }
    List<PackFile.RuleEntry> entries = file.rules() == null ? List.of() : file.rules();
    Map<String, Integer> ids = new HashMap<>();
    List<Rule> rules = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      Rule rule = entries.get(i).toRule();
      Integer first = ids.putIfAbsent(rule.id(), i);
      if (first != null) {
        JsonLocation firstAt = layout.locate("/rules/" + first + "/id");
        throw PackLayout.error(source, layout.locate("/rules/" + i + "/id"), "rule id '" + rule.id()
            + "' is used twice (first at line " + firstAt.getLineNr() + ")");
      }
      rules.add(rule);
    }
    Jurisdiction jurisdiction = null;
    if (file.jurisdiction() != null) {
      try {
        jurisdiction = file.jurisdiction().toJurisdiction();
      } catch (IllegalArgumentException e) {
        throw located(source, layout, "/jurisdiction", e);
      }
    }
    try {
      return new RulePack(Objects.requireNonNull(file.pack()), Objects.requireNonNull(file.version()),
          file.description() == null ? "" : file.description().strip(), rules, jurisdiction);
    } catch (InvalidConfigurationException e) {
      // The pack's own routes do not make a router (e.g. destinations covering each other).
      throw PackLayout.error(source, layout.locate("/jurisdiction/routes"), e.getMessage());
    }
  }

  /** The pack's name: lower-case letters, digits and dashes. */
  public String name() {
    return name;
  }

  /** The pack's version, recorded with every verdict it decides. */
  public String version() {
    return version;
  }

  /** What the pack is for; empty if it does not say. */
  public String description() {
    return description;
  }

  /** The rules, in the order listed; empty for a pack of routes only. */
  public List<Rule> rules() {
    return rules;
  }

  /** The routes of the pack's jurisdiction, for a jurisdiction pack. */
  public Optional<Jurisdiction> jurisdiction() {
    return Optional.ofNullable(jurisdiction);
  }

  /**
   * Judges a submission's matches and facts with this pack alone; see {@link Policy#evaluate}.
   *
   * @throws NullPointerException if an argument is null
   */
  public Outcome evaluate(List<Match> matches, SubmissionFacts facts) {
    return alone.evaluate(matches, facts);
  }

  /**
   * Judges matches with this pack alone, knowing of the submission only how many of its images
   * could not be decoded.
   */
  public Outcome evaluate(List<Match> matches, int unhashableImages) {
    return alone.evaluate(matches, SubmissionFacts.ofUnhashableImages(unhashableImages));
  }

  @Override
  public String toString() {
    return "RulePack[" + name + "@" + version + ", " + rules.size() + " rules"
        + (jurisdiction == null ? "" : ", jurisdiction " + jurisdiction.code()) + "]";
  }

  private static String describe(String source, JsonProcessingException e, @Nullable PackLayout layout) {
    if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
      // Malformed YAML: SnakeYAML knows where the problem is; the parser's location is only how
      // far it had read (for a tab, the end of the line before).
      Mark problem = yaml.getProblemMark();
      Mark context = yaml.getContextMark();
      String started = yaml.getContext() == null ? ""
          : " (" + yaml.getContext() + (context == null ? "" : " started at line " + (context.getLine() + 1)
              + ", column " + (context.getColumn() + 1)) + ")";
      return "rule pack " + source + ", line " + (problem.getLine() + 1) + ", column " + (problem.getColumn() + 1)
          + ": " + yaml.getProblem() + started;
    }
    if (e instanceof ValueInstantiationException invalid && invalid.getCause() instanceof IllegalArgumentException
        && layout != null) {
      // A record's checks failed: point at the key they name, in the mapping being built.
      return located(source, layout, pointer(invalid), (IllegalArgumentException) invalid.getCause()).getMessage();
    }
    JsonLocation at = e.getLocation();
    if (e instanceof JsonMappingException mapping && layout != null && !mapping.getPath().isEmpty()) {
      at = layout.locate(pointer(mapping));
    }
    String what = e instanceof JsonMappingException mapping ? mapping.getOriginalMessage() : e.getOriginalMessage();
    return "rule pack " + source + PackLayout.where(at) + ": " + what;
  }

  /** An error raised by the checks of the mapping at {@code pointer}, at the key it names. */
  private static InvalidConfigurationException located(String source, PackLayout layout, String pointer,
      IllegalArgumentException e) {
    String key = e instanceof FormatError format ? format.key() : null;
    JsonLocation at = layout.locate(key == null ? pointer : PackLayout.child(pointer, key));
    return PackLayout.error(source, at, e.getMessage());
  }

  /** The JSON Pointer of the part an exception is about, from Jackson's path to it. */
  private static String pointer(JsonMappingException e) {
    StringBuilder pointer = new StringBuilder();
    for (JsonMappingException.Reference reference : e.getPath()) {
      pointer.replace(0, pointer.length(), PackLayout.child(pointer.toString(),
          reference.getFieldName() != null ? reference.getFieldName() : Integer.toString(reference.getIndex())));
    }
    return pointer.toString();
  }
}
