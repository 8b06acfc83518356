package io.tripline.rules;

import io.tripline.Severity;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The {@code when} of a {@link Rule}: every condition that is set must hold. Lists keep the order
 * they were written in, so an explanation reads like the pack.
 *
 * <p>Match conditions ({@code signalTypes}, {@code signals}, {@code labels}, {@code severity},
 * {@code maxDistance}, {@code minQuality}) select the qualifying matches; a match qualifies when
 * every one of them holds for it. Count conditions ({@code minMatches}, {@code minDistinct},
 * {@code score}) are judged over the qualifying matches; with none of them set, one qualifying
 * match is enough. Submission conditions ({@code contentTypes}, {@code uploaderCountries},
 * {@code accountAge}, {@code unhashableImage}) are judged against {@link SubmissionFacts}. A rule
 * needs a qualifying match unless it sets {@code unhashableImage} and no match or count
 * condition.
 *
 * @param signalTypes a qualifying match has one of these signal types; empty: any
 * @param signals a qualifying match has one of these signal types and is within its bounds;
 *     empty: any. Not together with {@code signalTypes}
 * @param labels a qualifying match's indicator carries one of these labels; empty: any
 * @param severities a qualifying match's indicator has one of these severities; empty: any
 * @param maxDistance a qualifying match is at most this far, whatever its type; null: any
 * @param minQuality a qualifying match comes from an image hash of at least this quality; null:
 *     the hasher's own floor (PDQ: 50), unless the match's entry in {@code signals} sets one
 * @param minMatches at least this many qualifying matches; null: not set
 * @param minDistinct at least this many distinct indicators (feed and id) among them; null: not
 *     set
 * @param score a weighted count of the distinct qualifying indicators; null: not set
 * @param contentTypes the submission has a file of one of these media types ({@code type/*} for
 *     any subtype) or, for {@code text}, a text field; empty: any
 * @param uploaderCountries the uploader's country is one of these; empty: any
 * @param accountAge bounds on the uploader's account age; null: any
 * @param unhashableImage whether the rule needs an image that could not be decoded
 */
public record Condition(
    List<String> signalTypes,
    Map<String, SignalBounds> signals,
    List<String> labels,
    List<Severity> severities,
    @Nullable Integer maxDistance,
    @Nullable Integer minQuality,
    @Nullable Integer minMatches,
    @Nullable Integer minDistinct,
    @Nullable Score score,
    List<String> contentTypes,
    List<String> uploaderCountries,
    @Nullable AccountAge accountAge,
    boolean unhashableImage) {

  /** No condition: fires on any match. */
  public static final Condition ANY = new Condition(List.of(), Map.of(), List.of(), List.of(), null, null, null,
      null, null, List.of(), List.of(), null, false);

  /**
   * @throws IllegalArgumentException if a bound is out of range, a pattern or country code is
   *     malformed, or {@code signalTypes} and {@code signals} are both set
   */
  public Condition {
    signalTypes = List.copyOf(signalTypes);
    signals = orderedCopy(signals);
    labels = List.copyOf(labels);
    severities = List.copyOf(severities);
    contentTypes = List.copyOf(contentTypes);
    uploaderCountries = List.copyOf(uploaderCountries);
    if (!signalTypes.isEmpty() && !signals.isEmpty()) {
      throw new FormatError("signals", "'signals' and 'signalTypes' cannot be used together (list the types under"
          + " 'signals' only)");
    }
    atLeast(maxDistance, 0, "maxDistance");
    quality(minQuality, "minQuality");
    atLeast(minMatches, 1, "minMatches");
    atLeast(minDistinct, 1, "minDistinct");
    for (String pattern : contentTypes) {
      if (!pattern.equals("text") && !pattern.matches("[a-z0-9][a-z0-9.+-]*/([a-z0-9][a-z0-9.+-]*|\\*)")) {
        throw new FormatError("contentTypes", "content type '" + pattern + "' must be 'text', 'type/subtype' or"
            + " 'type/*' in lower case");
      }
    }
    try {
      Countries.check(uploaderCountries, "uploaderCountries", false);
    } catch (IllegalArgumentException e) {
      throw new FormatError("uploaderCountries", e.getMessage());
    }
  }

  /** Whether any match condition is set. */
  public boolean hasMatchConditions() {
    return !signalTypes.isEmpty() || !signals.isEmpty() || !labels.isEmpty() || !severities.isEmpty()
        || maxDistance != null || minQuality != null;
  }

  /** Whether any count condition is set. */
  public boolean hasCountConditions() {
    return minMatches != null || minDistinct != null || score != null;
  }

  /** Whether the rule needs a qualifying match to fire (see the class doc). */
  public boolean needsMatch() {
    return !unhashableImage || hasMatchConditions() || hasCountConditions();
  }

  /**
   * The bounds a match of one signal type must keep to qualify.
   *
   * @param maxDistance at most this far; null: any distance the index returned
   * @param minQuality from an image hash of at least this quality; null: the hasher's floor,
   *     unless the condition's own {@code minQuality} is set
   */
  public record SignalBounds(@Nullable Integer maxDistance, @Nullable Integer minQuality) {
    /** No bounds: any match of the type. */
    public static final SignalBounds ANY = new SignalBounds(null, null);

    /** @throws IllegalArgumentException if a bound is out of range */
    public SignalBounds {
      atLeast(maxDistance, 0, "maxDistance");
      quality(minQuality, "minQuality");
    }
  }

  /**
   * The sum over the distinct qualifying indicators of the weight of their signal type must reach
   * {@code min}. A type not in {@code weights} weighs the weight of {@value #DEFAULT}, 1 unless
   * given.
   *
   * @param min the least sum, at least 1
   * @param weights weight (0 or more) by signal type, in the order written
   */
  public record Score(int min, Map<String, Integer> weights) {
    /** The key of {@code weights} that sets the weight of every type not listed. */
    public static final String DEFAULT = "default";

    /** @throws IllegalArgumentException if {@code min} is under 1 or a weight is negative */
    public Score {
      weights = orderedCopy(weights);
      if (min < 1) {
        throw new FormatError("min", "'min' must be at least 1, was " + min);
      }
      weights.forEach((type, weight) -> {
        if (weight < 0) {
          throw new FormatError("weights", "the weight of '" + type + "' must be 0 or more, was " + weight);
        }
      });
    }

    /** The weight of a signal type. */
    public int weight(String signalType) {
      Integer weight = weights.get(signalType);
      if (weight != null) {
        return weight;
      }
      return weights.getOrDefault(DEFAULT, 1);
    }
  }

  /**
   * Bounds on the uploader's account age, in whole days (rounded down), both inclusive.
   *
   * @param minDays at least this old; null: no lower bound
   * @param maxDays at most this old; null: no upper bound
   */
  public record AccountAge(@Nullable Integer minDays, @Nullable Integer maxDays) {
    /** @throws IllegalArgumentException if neither is set, one is negative, or min exceeds max */
    public AccountAge {
      if (minDays == null && maxDays == null) {
        throw new FormatError(null, "'accountAge' needs 'minDays', 'maxDays' or both");
      }
      atLeast(minDays, 0, "minDays");
      atLeast(maxDays, 0, "maxDays");
      if (minDays != null && maxDays != null && minDays > maxDays) {
        throw new FormatError("maxDays", "'maxDays' (" + maxDays + ") must not be less than 'minDays' (" + minDays
            + ")");
      }
    }

    /** Whether an account {@code days} old (whole days) is within the bounds. */
    public boolean holds(long days) {
      return (minDays == null || days >= minDays) && (maxDays == null || days <= maxDays);
    }
  }

  private static void atLeast(@Nullable Integer value, int least, String key) {
    if (value != null && value < least) {
      throw new FormatError(key, "'" + key + "' must be at least " + least + ", was " + value);
    }
  }

  private static void quality(@Nullable Integer value, String key) {
    if (value != null && (value < 0 || value > 100)) {
      throw new FormatError(key, "'" + key + "' must be 0..100, was " + value);
    }
  }

  private static <V> Map<String, V> orderedCopy(Map<String, V> map) {
    Map<String, V> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, "value of " + k)));
    return Collections.unmodifiableMap(copy);
  }
}
