package io.tripline.review;

import io.tripline.Severity;
import io.tripline.Span;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One match behind a flag, as a reviewer sees it.
 *
 * @param indicatorId the matched indicator
 * @param feed the feed it came from
 * @param signalType e.g. {@code pdq}, {@code md5}, {@code term}, {@code phone.sha256}
 * @param distance Hamming distance for perceptual hashes, 0 for exact and text matches
 * @param threshold the largest distance that counted: the deciding rule's bound for the signal
 *     type, else the engine's radius for it; 0 for exact signal types; null if not known
 * @param source the text field or file field the match is in
 * @param span the matched characters in the original text field, or null for a file
 * @param labels the indicator's labels
 * @param severity the indicator's severity
 * @param quality the image hash quality (0..100); 100 for exact and text matches
 */
public record MatchEvidence(
    String indicatorId,
    String feed,
    String signalType,
    int distance,
    @Nullable Integer threshold,
    String source,
    @Nullable Span span,
    List<String> labels,
    Severity severity,
    int quality) {

  public MatchEvidence {
    Objects.requireNonNull(indicatorId, "indicatorId");
    Objects.requireNonNull(feed, "feed");
    Objects.requireNonNull(signalType, "signalType");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(severity, "severity");
    labels = List.copyOf(labels);
  }
}
