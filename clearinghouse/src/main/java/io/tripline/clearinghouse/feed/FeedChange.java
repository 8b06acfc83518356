package io.tripline.clearinghouse.feed;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** One entry of a feed's change log: an indicator published or withdrawn. */
public sealed interface FeedChange permits FeedChange.Upsert, FeedChange.Delete {

  /** The change's place in its feed's log; strictly increasing. */
  long seq();

  /** The indicator's id. */
  String indicatorId();

  /**
   * An indicator published.
   *
   * @param severity {@code low}, {@code medium} or {@code high}
   */
  record Upsert(long seq, String indicatorId, String signalType, String value, List<String> labels,
      String severity, Instant addedAt) implements FeedChange {
    public Upsert {
      Objects.requireNonNull(indicatorId, "indicatorId");
      Objects.requireNonNull(signalType, "signalType");
      Objects.requireNonNull(value, "value");
      labels = List.copyOf(labels);
      Objects.requireNonNull(severity, "severity");
      Objects.requireNonNull(addedAt, "addedAt");
    }
  }

  /**
   * An indicator withdrawn.
   *
   * @param reason why, e.g. {@code withdrawn} (its reports were retracted) or {@code false-positive}
   */
  record Delete(long seq, String indicatorId, String reason) implements FeedChange {
    public Delete {
      Objects.requireNonNull(indicatorId, "indicatorId");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
