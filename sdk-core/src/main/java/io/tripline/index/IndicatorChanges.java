package io.tripline.index;

import io.tripline.Indicator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A batch of changes from a feed (upserts and deletes, in order) that turns one
 * {@link IndicatorIndex} snapshot into the next through {@link IndicatorIndex#withChanges}.
 * Indicators are keyed by feed and id: an upsert replaces the indicator of its key wherever it is,
 * a delete removes it; the last change of a key wins. A batch may also be a feed's whole content
 * ({@link Builder#replaceFeed}). Immutable once built.
 */
public final class IndicatorChanges {
  private final List<Change> changes;
  private final Set<String> replacedFeeds;

  private IndicatorChanges(List<Change> changes, Set<String> replacedFeeds) {
    this.changes = List.copyOf(changes);
    this.replacedFeeds = Set.copyOf(replacedFeeds);
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

  /**
   * These changes marked as the whole content of {@code feed} as well (see
   * {@link Builder#replaceFeed}): what a feed page flagged {@code replacesAll} is applied as.
   *
   * @throws NullPointerException if {@code feed} is null
   */
  public IndicatorChanges replacingFeed(String feed) {
    Set<String> feeds = new LinkedHashSet<>(replacedFeeds);
    feeds.add(Objects.requireNonNull(feed, "feed"));
    return new IndicatorChanges(changes, feeds);
  }

  /**
   * These changes followed by {@code later}, as one batch (see {@link #concat}).
   *
   * @throws NullPointerException if {@code later} is null
   */
  public IndicatorChanges then(IndicatorChanges later) {
    return concat(List.of(this, Objects.requireNonNull(later, "later")));
  }

  /**
   * {@code batches} as one batch, in linear time: applying it gives what applying them one after
   * the other gives. Where a batch replaces a feed's whole content, the earlier batches' changes
   * of that feed are dropped, since that batch says what the feed holds.
   *
   * @throws NullPointerException if {@code batches} or one of them is null
   */
  public static IndicatorChanges concat(List<IndicatorChanges> batches) {
    if (batches.size() == 1) {
      return Objects.requireNonNull(batches.get(0), "batch");
    }
    // Walk back from the last batch, leaving out what a later batch replaces whole.
    Set<String> replacedLater = new LinkedHashSet<>();
    List<List<Change>> kept = new ArrayList<>(batches.size());
    int total = 0;
    for (int i = batches.size() - 1; i >= 0; i--) {
      IndicatorChanges batch = Objects.requireNonNull(batches.get(i), "batch");
      List<Change> changes = batch.changes;
      if (!replacedLater.isEmpty()) {
        changes = changes.stream().filter(c -> !replacedLater.contains(c.feed())).toList();
      }
      kept.add(changes);
      total += changes.size();
      replacedLater.addAll(batch.replacedFeeds);
    }
    List<Change> merged = new ArrayList<>(total);
    for (int i = kept.size() - 1; i >= 0; i--) {
      merged.addAll(kept.get(i));
    }
    return new IndicatorChanges(merged, replacedLater);
  }

  /** The feeds whose whole content these changes are (see {@link Builder#replaceFeed}). */
  public Set<String> replacedFeeds() {
    return replacedFeeds;
  }

  /** One change: an upsert carries the indicator, a delete only its key. */
  record Change(String feed, String id, @Nullable Indicator upsert) {}

  /** Collects changes in order. Not thread-safe; {@link #build()} copies. */
  public static final class Builder {
    private final List<Change> changes = new ArrayList<>();
    private final Set<String> replacedFeeds = new LinkedHashSet<>();

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

    /**
     * Marks these changes as the whole content of {@code feed} (a full resync, a local file read
     * again): every indicator of that feed that this batch does not upsert is deleted.
     *
     * @throws NullPointerException if {@code feed} is null
     */
    public Builder replaceFeed(String feed) {
      replacedFeeds.add(Objects.requireNonNull(feed, "feed"));
      return this;
    }

    public IndicatorChanges build() {
      return new IndicatorChanges(changes, replacedFeeds);
    }
  }
}
