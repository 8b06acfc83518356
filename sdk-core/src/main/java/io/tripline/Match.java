package io.tripline;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One indicator found in a submission: the evidence behind a verdict. Matches are for the
 * platform and its reviewers; nothing of them is ever shown to the uploader.
 *
 * @param indicatorId the matched indicator's id
 * @param feed the feed the indicator came from
 * @param signalType the signal type compared, e.g. {@code phash64}
 * @param distance Hamming distance for perceptual hashes, 0 for exact matches
 * @param source where in the submission: the text field's name or the file's field name
 * @param span the matched characters of the text field, or {@code null} for files
 * @param labels the indicator's labels
 * @param severity the indicator's severity
 * @param quality for a perceptual hash, the uploaded image's hash quality (0..100); 100 for
 *     exact and text matches
 * @param belowQualityFloor whether {@code quality} is under the hasher's floor (PDQ: 50): such
 *     a match is recorded but counts only for a rule that sets its own {@code minQuality}
 */
public record Match(
    String indicatorId,
    String feed,
    String signalType,
    int distance,
    String source,
    @Nullable Span span,
    List<String> labels,
    Severity severity,
    int quality,
    boolean belowQualityFloor) {

  public Match {
    Objects.requireNonNull(indicatorId, "indicatorId");
    Objects.requireNonNull(feed, "feed");
    Objects.requireNonNull(signalType, "signalType");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(severity, "severity");
    if (distance < 0) {
      throw new IllegalArgumentException("distance must be >= 0, was " + distance);
    }
    labels = List.copyOf(labels);
    if (quality < 0 || quality > 100) {
      throw new IllegalArgumentException("quality must be 0..100, was " + quality);
    }
  }

  /** An exact or text match: full quality. */
  public Match(String indicatorId, String feed, String signalType, int distance, String source, @Nullable Span span,
      List<String> labels, Severity severity) {
    this(indicatorId, feed, signalType, distance, source, span, labels, severity, 100, false);
  }

  /** An exact or text match of {@code indicator} found in {@code source}. */
  public static Match of(Indicator indicator, int distance, String source, @Nullable Span span) {
    return new Match(indicator.id(), indicator.feed(), indicator.signalType(), distance, source, span,
        indicator.labels(), indicator.severity());
  }

  /** A perceptual-hash match of {@code indicator} in the file of field {@code source}. */
  public static Match ofImage(Indicator indicator, int distance, String source, int quality, boolean belowQualityFloor) {
    return new Match(indicator.id(), indicator.feed(), indicator.signalType(), distance, source, null,
        indicator.labels(), indicator.severity(), quality, belowQualityFloor);
  }
}
