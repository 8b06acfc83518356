package io.tripline.index;

import io.tripline.Indicator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A batch of changes from a feed (upserts and deletes, in order) that turns one
 * {@link IndicatorIndex} snapshot into the next through {@link IndicatorIndex#withChanges}.
 * Indicators are keyed by feed and id: an upsert replaces the indicator of its key wherever it is,
 * a delete removes it; the last change of a key wins. Immutable once built.
 */
public final class IndicatorChanges {
  private final List<Change> changes;

  private IndicatorChanges(List<Change> changes) {
    this.changes = List.copyOf(changes);
  }

  /** A builder for a batch of changes. */
  public static Builder builder() {
    return new Builder();
  }

  /** The number of changes, in the order given. */
  public int size() {
    return changes.size();
  }

  List<Change> changes() {
    return changes;
  }

  /** One change: an upsert carries the indicator, a delete only its key. */
  record Change(String feed, String id, @Nullable Indicator upsert) {}

  /** Collects changes in order. Not thread-safe; {@link #build()} copies. */
  public static final class Builder {
    private final List<Change> changes = new ArrayList<>();

    Builder() {}

    /**
     * Adds or replaces the indicator with {@code indicator}'s feed and id.
     *
     * @throws NullPointerException if {@code indicator} is null
     */
    public Builder upsert(Indicator indicator) {
      Objects.requireNonNull(indicator, "indicator");
      changes.add(new Change(indicator.feed(), indicator.id(), indicator));
      return this;
    }

    /** Upserts each of {@code indicators}, in order. */
    public Builder upsertAll(Collection<Indicator> indicators) {
      indicators.forEach(this::upsert);
      return this;
    }

    /**
     * Removes the indicator {@code id} of feed {@code feed}, if there is one.
     *
     * @throws NullPointerException if an argument is null
     */
    public Builder delete(String feed, String id) {
      changes.add(new Change(Objects.requireNonNull(feed, "feed"), Objects.requireNonNull(id, "id"), null));
      return this;
    }

    public IndicatorChanges build() {
      return new IndicatorChanges(changes);
    }
  }
}
