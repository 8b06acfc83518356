package io.tripline.rules;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tripline.InvalidConfigurationException;
import io.tripline.Match;
import io.tripline.Priority;
import io.tripline.RuleRef;
import io.tripline.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A named, versioned list of {@link Rule rules}, loaded from YAML:
 *
 * <pre>{@code
 * pack: default
 * version: "2026.11.0"
 * rules:
 *   - id: block-known-abuse-image
 *     description: Known child sexual abuse imagery, exact or near-duplicate.
 *     when: { labels: [csam] }
 *     action: block          # allow | flag | block
 *     status: 422            # block only: 403, 415, 422 or 451
 *   - id: flag-trafficking-lead
 *     when: { labels: [trafficking] }
 *     action: flag
 *     priority: high         # flag only: low | normal | high | urgent
 * }</pre>
 *
 * Unknown keys are errors, and every error names the source, line and column. Immutable and
 * thread-safe.
 */
public final class RulePack {

  /** Where the {@code rules} artifact keeps the packs Tripline ships. */
  public static final String CLASSPATH_FOLDER = "io/tripline/rules/packs/";

  /** The id of the rule that decides when no rule fires. */
  public static final String DEFAULT_ALLOW = "default-allow";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final String name;
  private final String version;
  private final List<Rule> rules;

  private RulePack(String name, String version, List<Rule> rules) {
    this.name = name;
    this.version = version;
    this.rules = List.copyOf(rules);
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
   * @throws InvalidConfigurationException if the YAML is malformed or breaks a rule of the format
   */
  public static RulePack parse(InputStream in, String source) {
    PackFile file;
    try {
      file = YAML.readValue(in, PackFile.class);
    } catch (JsonProcessingException e) {
      throw new InvalidConfigurationException(describe(source, e), e);
    } catch (IOException e) {
      throw new InvalidConfigurationException("cannot read rule pack " + source + ": " + e.getMessage(), e);
    }
    if (file == null) {
      throw new InvalidConfigurationException("rule pack " + source + " is empty");
    }
    Set<String> ids = new HashSet<>();
    List<Rule> rules = Objects.requireNonNull(file.rules()).stream().map(RuleEntry::toRule).toList();
    for (Rule rule : rules) {
      if (!ids.add(rule.id())) {
        throw new InvalidConfigurationException("rule pack " + source + ": rule id '" + rule.id() + "' is used twice");
      }
    }
    return new RulePack(Objects.requireNonNull(file.pack()), Objects.requireNonNull(file.version()), rules);
  }

  public String name() {
    return name;
  }

  public String version() {
    return version;
  }

  public List<Rule> rules() {
    return rules;
  }

  /**
   * What a pack decided.
   *
   * @param action the winning action
   * @param rule the rule that decided
   * @param status the block status (meaningful for {@link Action#BLOCK})
   * @param priority the review priority (meaningful for {@link Action#FLAG})
   * @param decidingMatches the matches that qualified for the deciding rule
   */
  public record Outcome(Action action, RuleRef rule, int status, Priority priority, List<Match> decidingMatches) {
    public Outcome {
      decidingMatches = List.copyOf(decidingMatches);
    }
  }

  /**
   * Judges a submission's matches. The strongest action among the rules that fire wins; within
   * an action, the rule listed first. With no rule firing the outcome is {@link Action#ALLOW} by
   * {@value #DEFAULT_ALLOW}.
   *
   * @param matches every match found in the submission
   * @param unhashableImages how many of its images could not be decoded
   */
  public Outcome evaluate(List<Match> matches, int unhashableImages) {
    Rule winner = null;
    List<Match> winning = List.of();
    for (Rule rule : rules) {
      if (winner != null && rule.action().compareTo(winner.action()) <= 0) {
        continue;
      }
      List<Match> fired = rule.when().fire(matches, unhashableImages);
      if (fired != null) {
        winner = rule;
        winning = fired;
      }
    }
    if (winner == null) {
      return new Outcome(Action.ALLOW, new RuleRef(name, version, DEFAULT_ALLOW), 0, Priority.NORMAL, List.of());
    }
    return new Outcome(winner.action(), new RuleRef(name, version, winner.id()), winner.status(),
        winner.priority(), winning);
  }

  @Override
  public String toString() {
    return "RulePack[" + name + "@" + version + ", " + rules.size() + " rules]";
  }

  private static String describe(String source, JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where = at == null ? "" : ", line " + at.getLineNr() + ", column " + at.getColumnNr();
    String what;
    if (e instanceof UnrecognizedPropertyException unknown) {
      what = "unknown key '" + unknown.getPropertyName() + "' (expected one of " + unknown.getKnownPropertyIds() + ")";
    } else if (e instanceof ValueInstantiationException invalid && invalid.getCause() != null) {
      what = invalid.getCause().getMessage();
    } else if (e instanceof JsonMappingException mapping) {
      what = mapping.getOriginalMessage();
    } else {
      what = e.getOriginalMessage();
    }
    return "rule pack " + source + where + ": " + what;
  }

  // The YAML shape. Validation happens in the constructors, so Jackson reports the location.

  private record PackFile(
      @JsonProperty("pack") @Nullable String pack,
      @JsonProperty("version") @Nullable String version,
      @JsonProperty("description") @Nullable String description,
      @JsonProperty("rules") @Nullable List<RuleEntry> rules) {
    PackFile {
      required(pack, "pack");
      required(version, "version");
      required(rules, "rules");
    }
  }

  private record RuleEntry(
      @JsonProperty("id") @Nullable String id,
      @JsonProperty("description") @Nullable String description,
      @JsonProperty("when") @Nullable When when,
      @JsonProperty("action") @Nullable String action,
      @JsonProperty("status") @Nullable Integer status,
      @JsonProperty("priority") @Nullable String priority) {

    RuleEntry {
      String ruleId = required(id, "id");
      if (!ruleId.matches("[a-z0-9][a-z0-9-]*")) {
        throw new IllegalArgumentException("rule id '" + ruleId + "' must be lower-case letters, digits and dashes");
      }
      Action act = parseEnum(Action.class, required(action, "action"), "action");
      if (status != null && act != Action.BLOCK) {
        throw new IllegalArgumentException("rule '" + ruleId + "': 'status' applies only to action block");
      }
      if (status != null && !Rule.BLOCK_STATUSES.contains(status)) {
        throw new IllegalArgumentException("rule '" + ruleId + "': status " + status + " is not one of 403, 415, 422, 451");
      }
      if (priority != null && act != Action.FLAG) {
        throw new IllegalArgumentException("rule '" + ruleId + "': 'priority' applies only to action flag");
      }
      if (priority != null) {
        parseEnum(Priority.class, priority, "priority");
      }
    }

    Rule toRule() {
      Action act = parseEnum(Action.class, Objects.requireNonNull(action), "action");
      return new Rule(
          Objects.requireNonNull(id),
          description == null ? "" : description,
          when == null ? When.ANY.toCondition() : when.toCondition(),
          act,
          status == null ? (act == Action.BLOCK ? 422 : 0) : status,
          priority == null ? Priority.NORMAL : parseEnum(Priority.class, priority, "priority"));
    }
  }

  private record When(
      @JsonProperty("signalTypes") @Nullable List<String> signalTypes,
      @JsonProperty("labels") @Nullable List<String> labels,
      @JsonProperty("severity") @Nullable List<String> severity,
      @JsonProperty("maxDistance") @Nullable Integer maxDistance,
      @JsonProperty("minMatches") @Nullable Integer minMatches,
      @JsonProperty("unhashableImage") @Nullable Boolean unhashableImage) {

    static final When ANY = new When(null, null, null, null, null, null);

    When {
      toCondition();
    }

    Rule.Condition toCondition() {
      return new Rule.Condition(
          signalTypes == null ? Set.of() : Set.copyOf(signalTypes),
          labels == null ? Set.of() : Set.copyOf(labels),
          severity == null ? Set.of() : severity.stream().map(Severity::parse).collect(java.util.stream.Collectors.toSet()),
          maxDistance,
          minMatches == null ? 1 : minMatches,
          Boolean.TRUE.equals(unhashableImage));
    }
  }

  private static <T> T required(@Nullable T value, String key) {
    if (value == null) {
      throw new IllegalArgumentException("missing required key '" + key + "'");
    }
    return value;
  }

  private static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String key) {
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      List<String> allowed = java.util.Arrays.stream(type.getEnumConstants())
          .map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
      throw new IllegalArgumentException("'" + key + "' must be one of " + allowed + ", was '" + value + "'");
    }
  }
}
