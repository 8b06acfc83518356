package io.tripline.health;

import io.tripline.report.outbox.Backlog;
import io.tripline.report.outbox.Outbox;
import io.tripline.report.outbox.OutboxException;
import io.tripline.report.outbox.OutboxState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The outbox's check: numbers per state and per destination. Never the entries themselves: keys,
 * payloads and failure reasons (a receiver's answer may quote the report) stay out.
 */
final class OutboxHealth implements HealthCheck {
  private final Outbox outbox;
  private final Duration maxPendingAge;
  private final Clock clock;

  OutboxHealth(Outbox outbox, Duration maxPendingAge, Clock clock) {
    this.outbox = outbox;
    this.maxPendingAge = maxPendingAge;
    this.clock = clock;
  }

  @Override
  public CheckResult check() {
    Map<OutboxState, Long> counts;
    List<Backlog> backlog;
    try {
      counts = outbox.counts();
      backlog = outbox.backlog();
    } catch (OutboxException e) {
      return CheckResult.down(
          "the outbox store cannot be read: reports cannot be filed",
          Map.of("error", e.getClass().getName()));
    }
    Instant now = clock.instant();
    long pending = counts.getOrDefault(OutboxState.PENDING, 0L);
    long dead = counts.getOrDefault(OutboxState.DEAD, 0L);
    List<String> deadTo = new ArrayList<>();
    List<String> overdue = new ArrayList<>();
    List<Map<String, Object>> destinations = new ArrayList<>();
    @Nullable Duration oldest = null;
    for (Backlog b : backlog) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("destination", b.destination());
      d.put("pending", b.pending());
      d.put("dead", b.dead());
      if (b.dead() > 0) {
        deadTo.add(b.destination());
      }
      Instant created = b.oldestPendingCreatedAt();
      if (created != null) {
        Duration age = nonNegative(Duration.between(created, now));
        d.put("oldestPendingAgeSeconds", age.toSeconds());
        if (age.compareTo(maxPendingAge) > 0) {
          overdue.add(b.destination());
        }
        oldest = oldest == null || age.compareTo(oldest) > 0 ? age : oldest;
      }
      destinations.add(d);
    }

    Map<String, Object> details = new LinkedHashMap<>();
    details.put("pending", pending);
    details.put("delivered", counts.getOrDefault(OutboxState.DELIVERED, 0L));
    details.put("dead", dead);
    if (oldest != null) {
      details.put("oldestPendingAgeSeconds", oldest.toSeconds());
    }
    details.put("maxPendingAgeSeconds", maxPendingAge.toSeconds());
    details.put("destinations", destinations);

    List<String> problems = new ArrayList<>();
    if (dead > 0) {
      problems.add(
          dead + (dead == 1 ? " dead letter" : " dead letters") + describeWhere(deadTo));
    }
    if (!overdue.isEmpty()) {
      problems.add("reports pending longer than " + human(maxPendingAge) + describeWhere(overdue));
    }
    if (!problems.isEmpty()) {
      return CheckResult.degraded(String.join("; ", problems), details);
    }
    return CheckResult.up(
        pending + " pending, " + details.get("delivered") + " delivered, no dead letters", details);
  }

  private static String describeWhere(List<String> destinations) {
    return destinations.isEmpty() ? "" : " (" + String.join(", ", destinations) + ")";
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }

  /** A duration as a person reads it, rounded down. */
  static String human(Duration d) {
    long s = d.toSeconds();
    if (s < 120) {
      return s + " s";
    }
    if (s < 2 * 3600) {
      return d.toMinutes() + " min";
    }
    if (s < 2 * 86_400) {
      return d.toHours() + " h";
    }
    return d.toDays() + " d";
  }
}
