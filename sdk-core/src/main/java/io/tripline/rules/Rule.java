package io.tripline.rules;

import io.tripline.Match;
import io.tripline.Priority;
import io.tripline.Severity;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One rule of a pack: conditions on a submission's matches, and the action taken when they hold.
 *
 * @param id unique within the pack
 * @param description what the rule is for, for people reading the pack
 * @param when the conditions
 * @param action what happens when it fires
 * @param status for {@link Action#BLOCK}: the HTTP status (403, 415, 422 or 451)
 * @param priority for {@link Action#FLAG}: how urgently to review
 */
public record Rule(String id, String description, Condition when, Action action, int status, Priority priority) {

  /** Statuses a block may answer with. */
  public static final Set<Integer> BLOCK_STATUSES = Set.of(403, 415, 422, 451);

  public Rule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(when, "when");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(priority, "priority");
  }

  /**
   * Conditions; every one that is set must hold. Match conditions (signal types, labels,
   * severities, distance) select the qualifying matches, and the rule needs at least
   * {@code minMatches} of them, unless it is a pure {@code unhashableImage} rule.
   *
   * @param signalTypes a qualifying match has one of these types; empty: any
   * @param labels a qualifying match carries one of these labels; empty: any
   * @param severities a qualifying match has one of these severities; empty: any
   * @param maxDistance a qualifying match is at most this far; null: any distance the index
   *     returned
   * @param minMatches how many qualifying matches fire the rule, at least 1
   * @param unhashableImage when true, the rule fires for a submission with an image that could
   *     not be decoded
   * @param minQuality a qualifying perceptual-hash match comes from an image hash of at least
   *     this quality; null: the hasher's own floor (PDQ: 50), so low-quality hashes never
   *     count unless a rule asks for them
   */
  public record Condition(
      Set<String> signalTypes,
      Set<String> labels,
      Set<Severity> severities,
      @Nullable Integer maxDistance,
      int minMatches,
      boolean unhashableImage,
      @Nullable Integer minQuality) {

    public Condition {
      signalTypes = Set.copyOf(signalTypes);
      labels = Set.copyOf(labels);
      severities = Set.copyOf(severities);
      if (minMatches < 1) {
        throw new IllegalArgumentException("minMatches must be at least 1, was " + minMatches);
      }
      if (maxDistance != null && maxDistance < 0) {
        throw new IllegalArgumentException("maxDistance must be >= 0, was " + maxDistance);
      }
      if (minQuality != null && (minQuality < 0 || minQuality > 100)) {
        throw new IllegalArgumentException("minQuality must be 0..100, was " + minQuality);
      }
    }

    /** Conditions with the hashers' own quality floors. */
    public Condition(Set<String> signalTypes, Set<String> labels, Set<Severity> severities,
        @Nullable Integer maxDistance, int minMatches, boolean unhashableImage) {
      this(signalTypes, labels, severities, maxDistance, minMatches, unhashableImage, null);
    }

    boolean qualifies(Match match) {
      return (signalTypes.isEmpty() || signalTypes.contains(match.signalType()))
          && (labels.isEmpty() || match.labels().stream().anyMatch(labels::contains))
          && (severities.isEmpty() || severities.contains(match.severity()))
          && (maxDistance == null || match.distance() <= maxDistance)
          && (minQuality == null ? !match.belowQualityFloor() : match.quality() >= minQuality);
    }

    boolean hasMatchConditions() {
      return !signalTypes.isEmpty() || !labels.isEmpty() || !severities.isEmpty() || maxDistance != null
          || minQuality != null;
    }

    /** The matches that qualify, or null when the rule does not fire. */
    @Nullable List<Match> fire(List<Match> matches, int unhashableImages) {
      if (unhashableImage) {
        if (unhashableImages == 0) {
          return null;
        }
        if (!hasMatchConditions()) {
          return List.of();
        }
      }
      List<Match> qualifying = matches.stream().filter(this::qualifies).toList();
      return qualifying.size() >= minMatches ? qualifying : null;
    }
  }
}
