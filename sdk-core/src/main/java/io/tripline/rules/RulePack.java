package io.tripline.rules;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

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
 * Unknown and repeated keys are errors, and every error names the source, line and column.
 * Immutable and thread-safe.
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
    byte[] yaml;
    try {
      yaml = in.readAllBytes();
    } catch (IOException e) {
      throw new InvalidConfigurationException("cannot read rule pack " + source + ": " + e.getMessage(), e);
    }
    Layout layout = null;
    PackFile file;
    try {
      layout = Layout.scan(yaml, source);
      file = YAML.readValue(yaml, PackFile.class);
    } catch (JsonProcessingException e) {
      throw new InvalidConfigurationException(describe(source, e, layout), e);
    } catch (IOException e) {
      throw new InvalidConfigurationException("cannot read rule pack " + source + ": " + e.getMessage(), e);
    }
    if (file == null) {
      throw new InvalidConfigurationException("rule pack " + source + " is empty");
    }
    Set<String> ids = new HashSet<>();
    List<RuleEntry> entries = Objects.requireNonNull(file.rules());
    List<Rule> rules = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      Rule rule = entries.get(i).toRule();
      if (!ids.add(rule.id())) {
        throw new InvalidConfigurationException(
            "rule pack " + source + where(layout.ruleStart(i)) + ": rule id '" + rule.id() + "' is used twice");
      }
      rules.add(rule);
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

  private static String describe(String source, JsonProcessingException e, @Nullable Layout layout) {
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
    JsonLocation at = e.getLocation();
    if (e instanceof ValueInstantiationException && layout != null) {
      // A record's checks run when its mapping has been read and the parser is past it, maybe
      // several lines on: point at the start of the rule (or of the pack) instead.
      at = layout.startOf((JsonMappingException) e);
    }
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
    return "rule pack " + source + where(at) + ": " + what;
  }

  private static String where(@Nullable JsonLocation at) {
    return at == null ? "" : ", line " + at.getLineNr() + ", column " + at.getColumnNr();
  }

  /**
   * Where the pack and each rule start, and the key checks that need exact locations. Jackson
   * reports an unknown key late (after the whole rule, when it came before the record's
   * required keys) and takes the last of duplicate keys silently, so both are checked on the
   * token stream first, where every key's line and column are known.
   */
  private record Layout(@Nullable JsonLocation packStart, List<JsonLocation> ruleStarts) {

    static Layout scan(byte[] yaml, String source) throws IOException {
      List<JsonLocation> ruleStarts = new ArrayList<>();
      try (JsonParser p = YAML.getFactory().createParser(yaml)) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          return new Layout(null, ruleStarts); // binding reports what it is instead
        }
        JsonLocation packStart = p.currentTokenLocation();
        Layout layout = new Layout(packStart, ruleStarts);
        scanMapping(p, source, PackFile.class, key -> {
          if (key.equals("rules") && p.currentToken() == JsonToken.START_ARRAY) {
            JsonToken token;
            while ((token = p.nextToken()) != JsonToken.END_ARRAY && token != null) {
              ruleStarts.add(p.currentTokenLocation());
              if (token != JsonToken.START_OBJECT) {
                throw new InvalidConfigurationException("rule pack " + source + where(p.currentTokenLocation())
                    + ": a rule must be a mapping with at least 'id' and 'action'");
              }
              scanMapping(p, source, RuleEntry.class, ruleKey -> {
                if (ruleKey.equals("when") && p.currentToken() == JsonToken.START_OBJECT) {
                  scanMapping(p, source, When.class, whenKey -> p.skipChildren());
                } else {
                  p.skipChildren();
                }
              });
            }
            return;
          }
          p.skipChildren();
        });
        return layout;
      }
    }

    /** Checks the keys of the mapping the parser is at; {@code value} reads each key's value. */
    private static void scanMapping(JsonParser p, String source, Class<? extends Record> shape, KeyReader value)
        throws IOException {
      List<String> known = Arrays.stream(shape.getRecordComponents()).map(RecordComponent::getName).toList();
      Set<String> seen = new HashSet<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonLocation at = p.currentTokenLocation();
        if (!known.contains(key)) {
          throw new InvalidConfigurationException(
              "rule pack " + source + where(at) + ": unknown key '" + key + "' (expected one of " + known + ")");
        }
        if (!seen.add(key)) {
          throw new InvalidConfigurationException(
              "rule pack " + source + where(at) + ": key '" + key + "' is given twice");
        }
        p.nextToken();
        value.read(key);
      }
    }

    @Nullable JsonLocation ruleStart(int index) {
      return index < ruleStarts.size() ? ruleStarts.get(index) : null;
    }

    /** Where the object an exception is about starts: its rule, else the pack. */
    @Nullable JsonLocation startOf(JsonMappingException e) {
      List<JsonMappingException.Reference> path = e.getPath();
      for (int i = 0; i + 1 < path.size(); i++) {
        if ("rules".equals(path.get(i).getFieldName()) && path.get(i + 1).getIndex() >= 0) {
          JsonLocation start = ruleStart(path.get(i + 1).getIndex());
          return start != null ? start : e.getLocation();
        }
      }
      return packStart != null ? packStart : e.getLocation();
    }
  }

  @FunctionalInterface
  private interface KeyReader {
    void read(String key) throws IOException;
  }

  // The YAML shape. Keys are the record component names (Layout.scan checks keys against them).
  // Validation happens in the constructors; describe() points an error at the rule it is about.

  private record PackFile(
      @JsonProperty("pack") @Nullable String pack,
      @JsonProperty("version") @Nullable String version,
      @JsonProperty("description") @Nullable String description,
      @JsonProperty("rules") @Nullable List<RuleEntry> rules) {
    PackFile {
      required(pack, "pack");
      required(version, "version");
      if (required(rules, "rules").contains(null)) {
        throw new IllegalArgumentException("a rule must be a mapping with at least 'id' and 'action'");
      }
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
      @JsonProperty("unhashableImage") @Nullable Boolean unhashableImage,
      @JsonProperty("minQuality") @Nullable Integer minQuality) {

    static final When ANY = new When(null, null, null, null, null, null, null);

    When {
      // Validates now, so Jackson reports where; the fields are not assigned yet, hence the
      // parameters are passed rather than calling toCondition().
      condition(signalTypes, labels, severity, maxDistance, minMatches, unhashableImage, minQuality);
    }

    Rule.Condition toCondition() {
      return condition(signalTypes, labels, severity, maxDistance, minMatches, unhashableImage, minQuality);
    }

    private static Rule.Condition condition(
        @Nullable List<String> signalTypes,
        @Nullable List<String> labels,
        @Nullable List<String> severity,
        @Nullable Integer maxDistance,
        @Nullable Integer minMatches,
        @Nullable Boolean unhashableImage,
        @Nullable Integer minQuality) {
      return new Rule.Condition(
          signalTypes == null ? Set.of() : Set.copyOf(signalTypes),
          labels == null ? Set.of() : Set.copyOf(labels),
          severity == null ? Set.of() : severity.stream().map(Severity::parse).collect(Collectors.toSet()),
          maxDistance,
          minMatches == null ? 1 : minMatches,
          Boolean.TRUE.equals(unhashableImage),
          minQuality);
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
      List<String> allowed = Arrays.stream(type.getEnumConstants())
          .map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
      throw new IllegalArgumentException("'" + key + "' must be one of " + allowed + ", was '" + value + "'");
    }
  }
}
