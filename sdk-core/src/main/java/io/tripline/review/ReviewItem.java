package io.tripline.review;

import io.tripline.Priority;
import io.tripline.RuleRef;
import io.tripline.rules.ReportInstruction;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A flagged submission in the review queue, with its evidence and, from {@link ReviewQueue#get},
 * its audit trail.
 *
 * @param id the item's id
 * @param state where it stands (a claim whose lease ran out reads {@link ReviewState#PENDING})
 * @param version increases with every change of state; {@link ReviewQueue#decide} expects it
 * @param priority the priority now (raised by an escalation)
 * @param escalated whether a reviewer escalated it
 * @param submittedAt when it entered the queue
 * @param dueAt when its review is due (its SLA)
 * @param rule the rule that flagged it, with its pack and version
 * @param flaggedAt when the engine flagged it
 * @param matches every match, with its threshold
 * @param excerpts the matched text fields, excerpted around the matches
 * @param files the submission's files
 * @param uploader what is known of the uploader
 * @param platformId the platform the upload was made on, if known
 * @param reports the reports the rules asked for, filed by a {@link DecisionKind#REPORT} decision
 * @param claimedBy the reviewer holding it, while the lease runs
 * @param claimExpiresAt when that lease runs out
 * @param contentViewed whether a reviewer has revealed the clear content
 * @param decision the final decision, or the last escalation, if any
 * @param decidedBy who made it
 * @param decidedAt when
 * @param reportIds the ids of the reports filed by the decision
 * @param audit the item's audit trail, oldest first; empty in lists
 */
public record ReviewItem(
    String id,
    ReviewState state,
    long version,
    Priority priority,
    boolean escalated,
    Instant submittedAt,
    Instant dueAt,
    RuleRef rule,
    Instant flaggedAt,
    List<MatchEvidence> matches,
    List<TextExcerpt> excerpts,
    List<FlaggedFile> files,
    UploaderContext uploader,
    @Nullable String platformId,
    List<ReportInstruction> reports,
    @Nullable String claimedBy,
    @Nullable Instant claimExpiresAt,
    boolean contentViewed,
    @Nullable Decision decision,
    @Nullable String decidedBy,
    @Nullable Instant decidedAt,
    List<String> reportIds,
    List<AuditEntry> audit) {

  public ReviewItem {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(submittedAt, "submittedAt");
    Objects.requireNonNull(dueAt, "dueAt");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(flaggedAt, "flaggedAt");
    Objects.requireNonNull(uploader, "uploader");
    matches = List.copyOf(matches);
    excerpts = List.copyOf(excerpts);
    files = List.copyOf(files);
    reports = List.copyOf(reports);
    reportIds = List.copyOf(reportIds);
    audit = List.copyOf(audit);
  }

  /** Whether its review is past due at {@code now} (never for a decided item). */
  public boolean overdue(Instant now) {
    return state != ReviewState.DECIDED && now.isAfter(dueAt);
  }
}
