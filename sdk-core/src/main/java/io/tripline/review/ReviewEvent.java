package io.tripline.review;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A decision, as the platform's {@link ReviewListener} hears of it.
 *
 * @param item the item after the decision (no audit trail)
 * @param reviewer who decided
 * @param decision what was decided
 * @param decidedAt when
 * @param reportIds the reports filed by a {@link DecisionKind#REPORT} decision, else empty
 */
public record ReviewEvent(ReviewItem item, String reviewer, Decision decision, Instant decidedAt,
    List<String> reportIds) {
  public ReviewEvent {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(reviewer, "reviewer");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(decidedAt, "decidedAt");
    reportIds = List.copyOf(reportIds);
  }
}
