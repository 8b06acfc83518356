package io.tripline.review;

import io.tripline.Priority;
import io.tripline.RuleRef;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A row of the queue, as {@link ReviewQueue#list} returns it: enough to order, filter and pick,
 * without the evidence.
 *
 * @param labels the distinct labels of its matches
 * @param signalTypes the distinct signal types of its matches
 * @param overdue whether its review was past due when listed
 */
public record ReviewSummary(String id, ReviewState state, long version, Priority priority, boolean escalated,
    Instant submittedAt, Instant dueAt, boolean overdue, RuleRef rule, List<String> labels, List<String> signalTypes,
    @Nullable String claimedBy, @Nullable Instant claimExpiresAt, @Nullable DecisionKind decision) {
  public ReviewSummary {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(priority, "priority");
    labels = List.copyOf(labels);
    signalTypes = List.copyOf(signalTypes);
  }
}
