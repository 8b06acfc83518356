package io.tripline.report.outbox;

import java.time.Duration;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Exponential backoff with "equal jitter": the n-th retry waits a random time in
 * [d/2, d] where d = min(max, initial * 2^(n-1)). Half is fixed so that the waits grow from one
 * attempt to the next (visible in the attempt log); half is random so that instances and
 * destinations that failed together do not retry together. A receiver's Retry-After is a floor.
 */
record Backoff(Duration initial, Duration max) {

  Duration delay(int failedAttempts, @Nullable Duration retryAfter, RandomGenerator random) {
    int doublings = Math.max(0, Math.min(failedAttempts - 1, 40));
    long initialMillis = Math.max(1, initial.toMillis());
    long cap = max.toMillis();
    long d = initialMillis > (cap >> doublings) ? cap : Math.min(cap, initialMillis << doublings);
    long half = d / 2;
    long wait = half + (d - half == 0 ? 0 : random.nextLong(d - half + 1));
    if (retryAfter != null) {
      wait = Math.max(wait, retryAfter.toMillis());
    }
    return Duration.ofMillis(wait);
  }
}
