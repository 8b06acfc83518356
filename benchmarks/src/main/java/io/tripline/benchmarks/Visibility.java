package io.tripline.benchmarks;

import io.tripline.Tripline;
import io.tripline.feed.FeedSync;
import io.tripline.index.IndicatorIndex;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Waits until the engine's answers show a feed change, the way the harness times "until inspect
 * sees it". The engine swaps whole snapshots, so the wait checks every {@code poll} whether
 * {@link Tripline#index()} is another snapshot than last time (one volatile read) and only then
 * asks the costly question, by inspecting uploads. So the answer is late by at most one poll
 * period plus one round of inspections, and an unchanged snapshot costs the other threads
 * nothing.
 */
final class Visibility {

  private static final long STATUS_EVERY = TimeUnit.MILLISECONDS.toNanos(100);

  private Visibility() {}

  /**
   * What a wait saw.
   *
   * @param asked how many times the condition was asked (once per new snapshot at most)
   * @param seenAt {@link System#nanoTime()} when the snapshot that satisfied it was first seen
   * @param confirmedAt {@link System#nanoTime()} when the condition held, after its inspections
   */
  record Seen(int asked, long seenAt, long confirmedAt) {}

  /**
   * Returns once {@code visible} holds for {@code tripline}.
   *
   * @throws IllegalStateException if {@code sync} records a failed run, or {@code timeout} passes
   */
  static Seen await(Tripline tripline, FeedSync sync, Predicate<Tripline> visible, Duration poll,
      Duration timeout) {
    long start = System.nanoTime();
    long lastStatus = start;
    IndicatorIndex seen = null;
    int asked = 0;
    while (true) {
      IndicatorIndex current = tripline.index();
      if (current != seen) {
        long seenAt = System.nanoTime();
        seen = current;
        asked++;
        if (visible.test(tripline)) {
          return new Seen(asked, seenAt, System.nanoTime());
        }
      }
      long now = System.nanoTime();
      if (now - lastStatus > STATUS_EVERY) {
        lastStatus = now;
        FeedSync.Status status = sync.status().get(0);
        if (status.consecutiveFailures() > 0) {
          throw new IllegalStateException("the sync failed: " + status.lastError());
        }
        if (now - start > timeout.toNanos()) {
          throw new IllegalStateException("the change was not visible after " + timeout);
        }
      }
      LockSupport.parkNanos(poll.toNanos());
    }
  }
}
