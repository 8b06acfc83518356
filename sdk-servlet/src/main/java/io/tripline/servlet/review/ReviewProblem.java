package io.tripline.servlet.review;

import io.tripline.review.ClaimedByAnotherException;
import io.tripline.review.ReviewItem;
import io.tripline.review.ReviewState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Why the review servlet did not do what was asked, said once for both audiences: the item page
 * shows {@link #title} and {@link #detail} as an error notice, the API sends them as
 * problem+json with the {@link #extensions}. The texts name items, states and reviewers, never
 * uploaded content.
 *
 * @param status the HTTP status
 * @param slug the last part of the problem type URI
 * @param extensions further members of the problem object (e.g. the item's current state)
 */
record ReviewProblem(int status, String slug, String title, String detail, Map<String, Object> extensions) {

  ReviewProblem {
    Objects.requireNonNull(slug, "slug");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(detail, "detail");
    extensions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
  }

  /** The problem type URI. */
  String type() {
    return ReviewGuard.PROBLEM_TYPE_BASE + slug;
  }

  static ReviewProblem badRequest(String detail) {
    return new ReviewProblem(400, "review-bad-request", "Not understood", detail, Map.of());
  }

  static ReviewProblem notFound(String id) {
    return new ReviewProblem(404, "review-item-not-found", "No such item",
        "There is no review item " + id + ".", Map.of());
  }

  static ReviewProblem noSuchPage() {
    return new ReviewProblem(404, "review-not-found", "Not found", "There is no such review page.", Map.of());
  }

  static ReviewProblem noPreview(String detail) {
    return new ReviewProblem(404, "review-no-preview", "No preview", detail, Map.of());
  }

  static ReviewProblem methodNotAllowed(String allowed) {
    return new ReviewProblem(405, "review-method-not-allowed", "Method not allowed",
        "This resource answers " + allowed + " only.", Map.of());
  }

  static ReviewProblem unsupportedMediaType() {
    return new ReviewProblem(415, "review-unsupported-media-type", "Unsupported media type",
        "Send the body as application/json.", Map.of());
  }

  static ReviewProblem tooLarge(int max) {
    return new ReviewProblem(413, "review-body-too-large", "Body too large",
        "The request body is larger than " + max + " bytes.", Map.of());
  }

  static ReviewProblem seniorOnly(ReviewItem item) {
    String by = item.decidedBy() == null ? "" : " by " + item.decidedBy();
    return new ReviewProblem(403, "review-senior-only", "Senior reviewers only",
        "This item was escalated" + by + " for a senior reviewer: only a senior reviewer may claim or decide it.",
        Map.of("escalated", true));
  }

  static ReviewProblem claimed(ClaimedByAnotherException e) {
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("claimedBy", e.holder());
    extra.put("claimExpiresAt", e.until().toString());
    return new ReviewProblem(409, "review-claimed", "Claimed by another reviewer",
        e.holder() + " holds this item until " + ReviewFormat.time(e.until())
            + ". Nothing was changed; wait for the claim to end or pick another item.", extra);
  }

  /**
   * The decision or change lost to another reviewer's; {@code current} is the item as it is now,
   * or null if it could not be read again.
   */
  static ReviewProblem conflict(String id, @Nullable ReviewItem current) {
    Map<String, Object> extra = new LinkedHashMap<>();
    String detail;
    if (current == null) {
      detail = "Another reviewer changed this item first. Nothing of yours was recorded.";
    } else {
      extra.put("state", current.state().name());
      extra.put("version", current.version());
      if (current.state() == ReviewState.DECIDED && current.decision() != null) {
        extra.put("decision", current.decision().kind().name());
        extra.put("decidedBy", current.decidedBy());
        detail = "Another reviewer decided this item first: " + current.decision().kind() + " ("
            + current.decision().reasonCode().name() + ") by " + current.decidedBy() + ", now "
            + current.state() + ". Nothing of yours was recorded.";
      } else {
        String holder = current.state() == ReviewState.CLAIMED ? " by " + current.claimedBy() : "";
        detail = "Another reviewer changed this item first: it is now " + current.state() + holder
            + (current.escalated() ? ", escalated" : "") + ". Nothing of yours was recorded; look at it again"
            + " before you decide.";
      }
    }
    return new ReviewProblem(409, "review-version-conflict", "Changed by another reviewer", detail, extra);
  }

  /** A change the queue refused in the item's present state (decided already, not claimed by you). */
  static ReviewProblem refused(String detail) {
    return new ReviewProblem(409, "review-refused", "Not possible now", detail, Map.of());
  }

  static ReviewProblem failed() {
    return new ReviewProblem(500, "review-error", "Review store failed",
        "The review store could not complete the request; try again in a moment.", Map.of());
  }
}
