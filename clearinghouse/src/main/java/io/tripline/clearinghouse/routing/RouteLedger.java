package io.tripline.clearinghouse.routing;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where the clearinghouse keeps its routes: what {@link RouteDelivery} reads and writes. Every
 * method commits before it returns; every change of a route's state is also recorded as an
 * append-only event (who, when, from, to, note). Implementations are thread-safe.
 */
public interface RouteLedger {

  /**
   * Routes to {@code destinations} still to be filed ({@code PENDING}, or {@code FAILED_RETRYABLE}
   * after a crash between the outbox entry and its record) and not recorded as handed over,
   * oldest report first.
   *
   * @param limit at most this many
   */
  List<PendingRoute> awaitingHandOver(Set<String> destinations, int limit);

  /**
   * Records that the route is in the adapter's outbox under {@code outboxKey}; a second call for
   * the same route changes nothing.
   */
  void handedOver(RouteKey route, String outboxKey, Instant at);

  /**
   * Handed-over routes still {@code PENDING} or {@code FAILED_RETRYABLE}, with their outbox keys,
   * oldest hand-over first.
   */
  List<HandedOver> inDelivery(Set<String> destinations, int limit);

  /** A route in the adapter's outbox. */
  record HandedOver(RouteKey route, String outboxKey) {}

  /** The route's state, or empty if there is no such route. */
  Optional<RouteStatus> status(RouteKey route);

  /**
   * An adapter attempt failed and will be retried: counts the attempt, keeps the reason and turns
   * a {@code PENDING} route {@code FAILED_RETRYABLE}. A route in any other state is left as it is.
   *
   * @param reason free of report content and secrets
   * @param actor the adapter, e.g. {@code adapter:ncmec}
   */
  void attemptFailed(RouteKey route, String reason, String actor, Instant at);

  /**
   * The destination accepted the report: the route becomes {@code DELIVERED} with
   * {@code externalId}, from any state but {@code DELIVERED}, {@code COVERED_BY} and
   * {@code ALREADY_FILED}. A route retracted meanwhile becomes {@code DELIVERED} too (it was
   * filed) and its retraction lists the destination as needing a correction.
   *
   * @param attempt whether an adapter attempt did it (counted), else an operator
   * @return what changed
   */
  Settlement delivered(RouteKey route, String externalId, String actor, @Nullable String note, boolean attempt,
      Instant at);

  /**
   * The route will not be filed by its adapter: it becomes {@code FAILED_PERMANENT} with
   * {@code reason}, if it was {@code PENDING} or {@code FAILED_RETRYABLE}.
   *
   * @param attempt whether an adapter attempt did it (counted), else an operator
   * @return what changed
   */
  Settlement failed(RouteKey route, String reason, String actor, boolean attempt, Instant at);

  /**
   * What a state change found and did.
   *
   * @param before the state before, or null if there is no such route
   * @param after the state after (equal to {@code before} if nothing changed)
   */
  record Settlement(@Nullable RouteStatus before, @Nullable RouteStatus after) {
    /** Whether the route changed state. */
    public boolean changed() {
      return before != null && before != after;
    }
  }
}
