package io.tripline.review;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A reviewer's decision about an item.
 *
 * @param kind what was decided
 * @param reasonCode why; one of {@code kind}'s reasons
 * @param note the reviewer's free text, at most {@value #MAX_NOTE} characters; kept in the audit
 *     log, never logged (its length is)
 * @param contentViewed whether the reviewer viewed the clear content (besides a {@link
 *     ReviewQueue#reveal reveal}, which records it too); a report then says the files were viewed
 */
public record Decision(DecisionKind kind, ReasonCode reasonCode, @Nullable String note, boolean contentViewed) {
  /** The longest note. */
  public static final int MAX_NOTE = 2000;

  /**
   * @throws NullPointerException if {@code kind} or {@code reasonCode} is null
   * @throws IllegalArgumentException if the reason belongs to another decision, or the note is too long
   */
  public Decision {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reasonCode, "reasonCode");
    if (reasonCode.kind() != kind) {
      throw new IllegalArgumentException("reason " + reasonCode.name() + " is a reason to " + reasonCode.kind()
          + ", not to " + kind);
    }
    if (note != null && note.length() > MAX_NOTE) {
      throw new IllegalArgumentException("note has " + note.length() + " characters, more than " + MAX_NOTE);
    }
  }

  /** A decision of the reason's kind, with no note, the content not viewed. */
  public static Decision of(ReasonCode reasonCode) {
    return new Decision(Objects.requireNonNull(reasonCode, "reasonCode").kind(), reasonCode, null, false);
  }

  @Override
  public String toString() {
    // Never the note: toString ends up in logs.
    return "Decision[" + kind + " " + reasonCode.name() + ", note " + (note == null ? 0 : note.length())
        + " chars, contentViewed=" + contentViewed + "]";
  }
}
