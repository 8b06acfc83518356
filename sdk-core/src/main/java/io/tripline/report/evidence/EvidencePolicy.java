package io.tripline.report.evidence;

import io.tripline.report.Report;
import io.tripline.report.RoutePlan;
import io.tripline.rules.RoutingDecision;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Whether a report's files are kept: hash-only by default; content preserved only when a route
 * the report is filed on fixes a preservation period, and then until the end of the longest one
 * ({@link RoutingDecision#preservation()}, which the router computes from the filed routes only).
 * A route whose law fixes no period (or a report not filed anywhere) keeps hashes only.
 */
public final class EvidencePolicy {
  private EvidencePolicy() {}

  /** The decision for a report routed by the rule packs. */
  public static Decision decide(RoutingDecision decision) {
    Objects.requireNonNull(decision, "decision");
    RoutingDecision.Preservation p = decision.preservation();
    return p == null ? Decision.HASH_ONLY : Decision.preserveUntil(p.until(), p.basis());
  }

  /** The decision for a report's route plan; hash-only when there is none. */
  public static Decision decide(@Nullable RoutePlan plan) {
    RoutePlan.Preservation p = plan == null ? null : plan.preservation();
    return p == null ? Decision.HASH_ONLY : Decision.preserveUntil(p.until(), p.basis());
  }

  /** The decision for a report, by its {@link Report#routes()}. */
  public static Decision decide(Report report) {
    return decide(Objects.requireNonNull(report, "report").routes());
  }

  /**
   * What to do with a report's files.
   *
   * @param mode {@link Report.EvidenceMode#HASH_ONLY} or {@link Report.EvidenceMode#CONTENT_PRESERVED}
   * @param until for preserved content, when it may be deleted; null for hash-only
   * @param basis for preserved content, the provision that requires it; null for hash-only
   */
  public record Decision(Report.EvidenceMode mode, @Nullable Instant until, @Nullable String basis) {
    /** Keep the digests only. */
    public static final Decision HASH_ONLY = new Decision(Report.EvidenceMode.HASH_ONLY, null, null);

    /** @throws IllegalArgumentException if until and basis are not given exactly for preserved content */
    public Decision {
      Objects.requireNonNull(mode, "mode");
      boolean preserved = mode == Report.EvidenceMode.CONTENT_PRESERVED;
      if (preserved != (until != null) || preserved != (basis != null)) {
        throw new IllegalArgumentException("until and basis are given exactly when the content is preserved");
      }
    }

    /** Preserve the content until {@code until}, as {@code basis} requires. */
    public static Decision preserveUntil(Instant until, String basis) {
      return new Decision(Report.EvidenceMode.CONTENT_PRESERVED, Objects.requireNonNull(until, "until"),
          Objects.requireNonNull(basis, "basis"));
    }

    /** Whether the content must be preserved. */
    public boolean preserve() {
      return mode == Report.EvidenceMode.CONTENT_PRESERVED;
    }

    /** {@code evidence} with this decision's mode. */
    public Report.Evidence apply(Report.Evidence evidence) {
      return new Report.Evidence(evidence.evidenceId(), evidence.digests(), evidence.humanViewed(), mode);
    }
  }
}
