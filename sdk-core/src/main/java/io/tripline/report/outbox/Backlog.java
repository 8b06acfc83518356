package io.tripline.report.outbox;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What waits in the outbox for one destination: the numbers health checks and metrics watch.
 *
 * @param destination the destination's name
 * @param pending entries waiting for their first or next attempt
 * @param dead dead letters
 * @param oldestPendingCreatedAt creation time of the oldest pending entry, or null if none is
 *     pending
 */
public record Backlog(String destination, long pending, long dead, @Nullable Instant oldestPendingCreatedAt) {
  public Backlog {
    Objects.requireNonNull(destination, "destination");
    if (pending < 0 || dead < 0) {
      throw new IllegalArgumentException("negative count: pending " + pending + ", dead " + dead);
    }
  }
}
