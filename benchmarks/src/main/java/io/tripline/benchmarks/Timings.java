package io.tripline.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Durations of repeated runs, summarised as the README reports them. Not thread-safe. */
final class Timings {

  private final List<Long> nanos = new ArrayList<>();

  void add(long durationNanos) {
    nanos.add(durationNanos);
  }

  int count() {
    return nanos.size();
  }

  /**
   * Median, p99 and max in milliseconds. With fewer than 100 values, p99 is the nearest-rank
   * percentile, i.e. the largest or second largest value.
   */
  String summary() {
    if (nanos.isEmpty()) {
      return "no runs";
    }
    List<Long> sorted = new ArrayList<>(nanos);
    sorted.sort(null);
    int n = sorted.size();
    double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    long p99 = sorted.get(Math.max(0, (int) Math.ceil(0.99 * n) - 1));
    return String.format(Locale.ROOT, "n=%d median %.1f ms, p99 %.1f ms, min %.1f ms, max %.1f ms", n,
        median / 1e6, p99 / 1e6, sorted.get(0) / 1e6, sorted.get(n - 1) / 1e6);
  }
}
