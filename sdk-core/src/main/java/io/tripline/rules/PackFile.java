package io.tripline.rules;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tripline.Priority;
import io.tripline.Severity;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The YAML shape of a rule pack, bound by Jackson. The keys are the {@link JsonProperty} names,
 * which {@link PackLayout} checks on the token stream first; the constructors check the values
 * and throw {@link FormatError} naming the key that is wrong, so the parser can point at it.
 * Every {@code toX()} turns a checked entry into the model.
 */
record PackFile(
    @JsonProperty("pack") @Nullable String pack,
    @JsonProperty("version") @Nullable String version,
    @JsonProperty("description") @Nullable String description,
    @JsonProperty("rules") @Nullable List<RuleEntry> rules,
    @JsonProperty("jurisdiction") @Nullable JurisdictionEntry jurisdiction) {

  PackFile {
    String name = required(pack, "pack");
    if (!name.matches("[a-z0-9][a-z0-9-]*")) {
      throw new FormatError("pack", "pack name '" + name + "' must be lower-case letters, digits and dashes");
    }
    if (required(version, "version").isBlank()) {
      throw new FormatError("version", "'version' must not be blank");
    }
    if (rules == null && jurisdiction == null) {
      throw new FormatError(null, "missing required key 'rules' (only a pack with a 'jurisdiction' may leave it out)");
    }
  }

  record RuleEntry(
      @JsonProperty("id") @Nullable String id,
      @JsonProperty("description") @Nullable String description,
      @JsonProperty("when") @Nullable WhenEntry when,
      @JsonProperty("action") @Nullable String action,
      @JsonProperty("status") @Nullable Integer status,
      @JsonProperty("priority") @Nullable String priority,
      @JsonProperty("report") @Nullable ReportEntry report) {

    RuleEntry {
      required(id, "id");
      Action act = parse(Action.class, required(action, "action"), "action", PackFile::lowerCase);
      if (priority != null) {
        if (act != Action.FLAG) {
          throw new FormatError("priority", "rule '" + id + "': 'priority' applies only to action flag");
        }
        parse(Priority.class, priority, "priority", PackFile::lowerCase);
      }
      toRule(id, description, when, act, status, priority, report); // checks the rule as a whole
    }

    Rule toRule() {
      return toRule(id, description, when, parse(Action.class, action, "action", PackFile::lowerCase), status, priority,
          report);
    }

    private static Rule toRule(@Nullable String id, @Nullable String description, @Nullable WhenEntry when,
        Action action, @Nullable Integer status, @Nullable String priority, @Nullable ReportEntry report) {
      return new Rule(
          required(id, "id"),
          description == null ? "" : description,
          when == null ? Condition.ANY : when.toCondition(),
          action,
          status != null ? status : action == Action.BLOCK ? Rule.DEFAULT_BLOCK_STATUS : 0,
          priority == null ? Priority.NORMAL : parse(Priority.class, priority, "priority", PackFile::lowerCase),
          report == null ? null : report.toReport());
    }
  }

  record WhenEntry(
      @JsonProperty("signalTypes") @Nullable List<String> signalTypes,
      @JsonProperty("signals") @Nullable Map<String, SignalEntry> signals,
      @JsonProperty("labels") @Nullable List<String> labels,
      @JsonProperty("severity") @Nullable List<String> severity,
      @JsonProperty("maxDistance") @Nullable Integer maxDistance,
      @JsonProperty("minQuality") @Nullable Integer minQuality,
      @JsonProperty("minMatches") @Nullable Integer minMatches,
      @JsonProperty("minDistinct") @Nullable Integer minDistinct,
      @JsonProperty("score") @Nullable ScoreEntry score,
      @JsonProperty("contentTypes") @Nullable List<String> contentTypes,
      @JsonProperty("uploaderCountries") @Nullable List<String> uploaderCountries,
      @JsonProperty("accountAge") @Nullable AccountAgeEntry accountAge,
      @JsonProperty("unhashableImage") @Nullable Boolean unhashableImage) {

    WhenEntry {
      nonEmpty(signalTypes, "signalTypes");
      if (signals != null && signals.isEmpty()) {
        throw new FormatError("signals", "'signals' must name at least one signal type (leave it out for any)");
      }
      nonEmpty(labels, "labels");
      nonEmpty(severity, "severity");
      nonEmpty(contentTypes, "contentTypes");
      nonEmpty(uploaderCountries, "uploaderCountries");
      if (Boolean.FALSE.equals(unhashableImage)) {
        throw new FormatError("unhashableImage", "'unhashableImage' can only be true (leave it out otherwise)");
      }
      condition(signalTypes, signals, labels, severity, maxDistance, minQuality, minMatches, minDistinct, score,
          contentTypes, uploaderCountries, accountAge, unhashableImage);
    }

    Condition toCondition() {
      return condition(signalTypes, signals, labels, severity, maxDistance, minQuality, minMatches, minDistinct,
          score, contentTypes, uploaderCountries, accountAge, unhashableImage);
    }

    // The components are not assigned yet when the constructor checks, hence the parameters.
    private static Condition condition(@Nullable List<String> signalTypes, @Nullable Map<String, SignalEntry> signals,
        @Nullable List<String> labels, @Nullable List<String> severity, @Nullable Integer maxDistance,
        @Nullable Integer minQuality, @Nullable Integer minMatches, @Nullable Integer minDistinct,
        @Nullable ScoreEntry score, @Nullable List<String> contentTypes, @Nullable List<String> uploaderCountries,
        @Nullable AccountAgeEntry accountAge, @Nullable Boolean unhashableImage) {
      return new Condition(
          orEmpty(signalTypes),
          signals == null ? Map.of() : mapValues(signals),
          orEmpty(labels),
          orEmpty(severity).stream().map(s -> parse(Severity.class, s, "severity", PackFile::lowerCase)).toList(),
          maxDistance,
          minQuality,
          minMatches,
          minDistinct,
          score == null ? null : score.toScore(),
          orEmpty(contentTypes),
          orEmpty(uploaderCountries),
          accountAge == null ? null : accountAge.toAccountAge(),
          Boolean.TRUE.equals(unhashableImage));
    }

    private static Map<String, Condition.SignalBounds> mapValues(Map<String, SignalEntry> signals) {
      Map<String, Condition.SignalBounds> bounds = new LinkedHashMap<>();
      signals.forEach((type, entry) -> bounds.put(type, entry.toBounds()));
      return bounds;
    }
  }

  record SignalEntry(
      @JsonProperty("maxDistance") @Nullable Integer maxDistance,
      @JsonProperty("minQuality") @Nullable Integer minQuality) {
    SignalEntry {
      new Condition.SignalBounds(maxDistance, minQuality);
    }

    Condition.SignalBounds toBounds() {
      return new Condition.SignalBounds(maxDistance, minQuality);
    }
  }

  record ScoreEntry(
      @JsonProperty("min") @Nullable Integer min,
      @JsonProperty("weights") @Nullable Map<String, Integer> weights) {
    ScoreEntry {
      new Condition.Score(required(min, "min"), weights == null ? Map.of() : weights);
    }

    Condition.Score toScore() {
      return new Condition.Score(required(min, "min"), weights == null ? Map.of() : weights);
    }
  }

  record AccountAgeEntry(
      @JsonProperty("minDays") @Nullable Integer minDays,
      @JsonProperty("maxDays") @Nullable Integer maxDays) {
    AccountAgeEntry {
      new Condition.AccountAge(minDays, maxDays);
    }

    Condition.AccountAge toAccountAge() {
      return new Condition.AccountAge(minDays, maxDays);
    }
  }

  record ReportEntry(
      @JsonProperty("category") @Nullable String category,
      @JsonProperty("mode") @Nullable String mode) {
    ReportEntry {
      toReport(category, mode);
    }

    Rule.Report toReport() {
      return toReport(category, mode);
    }

    private static Rule.Report toReport(@Nullable String category, @Nullable String mode) {
      return new Rule.Report(
          parse(ReportCategory.class, required(category, "category"), "category", ReportCategory::name),
          parse(ReportMode.class, required(mode, "mode"), "mode", ReportMode::yamlName));
    }
  }

  static <T> T required(@Nullable T value, String key) {
    if (value == null) {
      throw new FormatError(null, "missing required key '" + key + "'");
    }
    return value;
  }

  /** A list of a condition: at least one value, none twice (likely a typo for another). */
  private static void nonEmpty(@Nullable List<String> values, String key) {
    if (values != null && values.isEmpty()) {
      throw new FormatError(key, "'" + key + "' must list at least one value (leave it out for any)");
    }
    if (values != null && new HashSet<>(values).size() < values.size()) {
      String twice = values.stream().filter(v -> values.indexOf(v) != values.lastIndexOf(v)).findFirst().orElseThrow();
      throw new FormatError(key, "'" + key + "' lists '" + twice + "' twice");
    }
  }

  private static List<String> orEmpty(@Nullable List<String> values) {
    return values == null ? List.of() : values;
  }

  /** The constant whose name in a pack is {@code value}; names are exact, as in the schema. */
  private static <E extends Enum<E>> E parse(Class<E> type, @Nullable String value, String key,
      Function<E, String> yamlName) {
    for (E constant : type.getEnumConstants()) {
      if (yamlName.apply(constant).equals(value)) {
        return constant;
      }
    }
    List<String> allowed = Arrays.stream(type.getEnumConstants()).map(yamlName).toList();
    throw new FormatError(key, "'" + key + "' must be one of " + allowed + ", was '" + value + "'");
  }

  private static String lowerCase(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }
}
