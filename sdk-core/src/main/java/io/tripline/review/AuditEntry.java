package io.tripline.review;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One record of the append-only audit log: who did what to which item, when, and the state
 * before and after. The database refuses to change or delete one.
 *
 * @param seq the log's sequence number, increasing
 * @param itemId the item
 * @param at when, by the queue's clock
 * @param actor the reviewer's id, or {@code tripline} for the queue itself
 * @param action what was done
 * @param stateBefore the item's state before
 * @param stateAfter the item's state after
 * @param decision the decision, for {@link AuditAction#DECIDE}
 * @param reasonCode the decision's reason, for {@link AuditAction#DECIDE}
 * @param note the reviewer's note, if any
 * @param detail what the queue adds (e.g. report ids, the lease's end), if anything
 */
public record AuditEntry(long seq, String itemId, Instant at, String actor, AuditAction action,
    @Nullable ReviewState stateBefore, ReviewState stateAfter, @Nullable DecisionKind decision,
    @Nullable String reasonCode, @Nullable String note, @Nullable String detail) {
  public AuditEntry {
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(stateAfter, "stateAfter");
  }

  @Override
  public String toString() {
    return "AuditEntry[" + seq + " " + itemId + " " + at + " " + action + " " + stateBefore + "->" + stateAfter
        + (decision == null ? "" : " " + decision + " " + reasonCode) + ", note "
        + (note == null ? 0 : note.length()) + " chars]";
  }
}
