package io.tripline.review;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What {@link ReviewQueue#list} returns: items in the given states (all if empty), with a match
 * of the label and of the signal type if given, only overdue ones if asked, from {@code offset},
 * at most {@code limit}. Order: priority (highest first), then age (oldest first).
 *
 * @param limit 1..{@value #MAX_LIMIT}
 */
public record ReviewFilter(Set<ReviewState> states, @Nullable String label, @Nullable String signalType,
    boolean overdueOnly, @Nullable Boolean escalated, int offset, int limit) {
  /** The largest page. */
  public static final int MAX_LIMIT = 500;

  /**
   * @throws IllegalArgumentException if {@code offset} is negative or {@code limit} out of range
   */
  public ReviewFilter {
    states = states.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(states));
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, was " + offset);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", was " + limit);
    }
  }

  /** The open items (pending and claimed), first page of 50. */
  public static ReviewFilter open() {
    return new ReviewFilter(EnumSet.of(ReviewState.PENDING, ReviewState.CLAIMED), null, null, false, null, 0, 50);
  }

  /** Every item, first page of 50. */
  public static ReviewFilter all() {
    return new ReviewFilter(Set.of(), null, null, false, null, 0, 50);
  }

  public ReviewFilter withStates(ReviewState first, ReviewState... more) {
    return new ReviewFilter(EnumSet.of(first, more), label, signalType, overdueOnly, escalated, offset, limit);
  }

  public ReviewFilter withLabel(@Nullable String label) {
    return new ReviewFilter(states, label, signalType, overdueOnly, escalated, offset, limit);
  }

  public ReviewFilter withSignalType(@Nullable String signalType) {
    return new ReviewFilter(states, label, signalType, overdueOnly, escalated, offset, limit);
  }

  public ReviewFilter withOverdueOnly(boolean overdueOnly) {
    return new ReviewFilter(states, label, signalType, overdueOnly, escalated, offset, limit);
  }

  /** Only escalated items ({@code true}), only others ({@code false}), or both ({@code null}). */
  public ReviewFilter withEscalated(@Nullable Boolean escalated) {
    return new ReviewFilter(states, label, signalType, overdueOnly, escalated, offset, limit);
  }

  public ReviewFilter page(int offset, int limit) {
    return new ReviewFilter(states, label, signalType, overdueOnly, escalated, offset, limit);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReviewFilter f && states.equals(f.states) && Objects.equals(label, f.label)
        && Objects.equals(signalType, f.signalType) && overdueOnly == f.overdueOnly
        && Objects.equals(escalated, f.escalated) && offset == f.offset && limit == f.limit;
  }

  @Override
  public int hashCode() {
    return Objects.hash(states, label, signalType, overdueOnly, escalated, offset, limit);
  }
}
